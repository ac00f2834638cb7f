"""The window's start in two parts: the library painted first, the rest built after it.

``run_gui`` builds :class:`Application` with ``defer=True``: the first frame (sidebar and first
page of episodes) is painted before playback, refresh, downloads and the controllers are even
imported, and the ready hook (``PODCAST_PLAYER_READY_FD``, what ``bench/bench_startup.py``
reads) fires at that paint, once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from player.domain.playlists import PlaylistRules
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.startup import READY_FD_ENV
from player.services.playlists import PlaylistService
from player.storage import Store

ROOT = Path(__file__).resolve().parents[2]

DEFERRED_MODULES = (
    "httpx",
    "feedparser",
    "vlc",
    "player.services.sync",
    "player.services.downloads.manager",
    "player.qt.controllers.library",
    "player.qt.mpris",
)
"""Imported only for the rest: none of them is needed to paint the library."""


@pytest.fixture
def ready_pipe(monkeypatch: pytest.MonkeyPatch):
    """A pipe whose write end the window is told about, as the benchmark does."""
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    monkeypatch.setenv(READY_FD_ENV, str(write_fd))
    yield read_fd
    os.close(read_fd)
    os.close(write_fd)


def _read(fd: int) -> str:
    try:
        return os.read(fd, 1024).decode()
    except BlockingIOError:
        return ""


def test_the_ready_line_comes_once_the_library_is_painted(
    qtbot, data_dir: Path, ready_pipe: int
) -> None:
    app = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(app.window)
    seen: list[tuple[int, int, bool]] = []
    app.start()
    shown = app.library_shown
    shown.shown.connect(
        lambda: seen.append(
            (app.library_model.rowCount(), app.episode_model.rowCount(), app.rest_built)
        )
    )
    assert _read(ready_pipe) == ""  # nothing is painted before the event loop runs
    qtbot.waitUntil(lambda: shown.at is not None, timeout=20_000)
    line = _read(ready_pipe)
    word, at = line.split()
    assert word == "ready" and float(at) == pytest.approx(shown.at, abs=1e-5)
    # The demo show is in the sidebar and its four episodes are listed: the rest is not built.
    assert seen == [(4, 4, False)]
    qtbot.waitUntil(lambda: app.rest_built, timeout=20_000)
    app.window.library_pane.table.viewport().repaint()  # more paints: no second line
    qtbot.wait(50)
    assert _read(ready_pipe) == ""
    assert len(seen) == 1
    app.close()


def test_a_later_start_lists_new_with_one_page_loaded_beside_the_sidebar(
    qtbot, data_dir: Path
) -> None:
    """ "New" is a fixed entry: selected before the shows arrive, its one page loads while the
    sidebar does, and the sidebar's arrival does not load it again."""
    first = Application(DataPaths(data_dir), aout="dummy")  # seeds the demo podcast
    qtbot.addWidget(first.window)
    first.start()
    qtbot.waitUntil(lambda: first.episode_model.rowCount() == 4, timeout=20_000)
    first.close()
    app = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(app.window)
    pages: list[int] = []
    app.episode_model.loaded.connect(lambda: pages.append(app.episode_model.rowCount()))
    app.start()
    built_when_shown: list[bool] = []
    app.library_shown.shown.connect(lambda: built_when_shown.append(app.rest_built))
    assert app.window.library_pane.current_entry is not None  # selected at once
    qtbot.waitUntil(lambda: app.library_shown.at is not None, timeout=20_000)
    # Shown by the paint after the sidebar came (the page may have come and been painted
    # first), not later by whatever repaints once the rest is built.
    assert built_when_shown == [False]
    assert pages == [4]
    assert app.library_model.rowCount() == 4  # three fixed entries and the demo show
    qtbot.waitUntil(lambda: app.rest_built, timeout=20_000)
    qtbot.wait(200)
    assert pages == [4]
    app.close()


def test_what_follows_the_shows_catches_up_once_the_rest_is_built(qtbot, data_dir: Path) -> None:
    """The sidebar came before the playlists controller existed: its playlists still show,
    and a first start shows the welcome with the first frame."""
    app = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.library_shown.at is not None, timeout=20_000)
    assert app.welcome.isVisible()  # only the demo: the welcome offers add and import
    qtbot.waitUntil(lambda: app.rest_built, timeout=20_000)
    app.close()
    PlaylistService(Store(data_dir / "library.sqlite3")).save(
        "Short", PlaylistRules(max_duration=120)
    )
    again = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(again.window)
    again.start()
    qtbot.waitUntil(lambda: again.rest_built, timeout=20_000)
    # At once (the automatic refresh 8 s later would reload the sidebar anyway).
    qtbot.waitUntil(
        lambda: [p.name for p in again.library_model.playlists()] == ["Short"], timeout=5_000
    )
    again.close()


def test_the_rest_is_built_after_the_first_frame_and_then_works(qtbot, data_dir: Path) -> None:
    app = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(app.window)
    built: list[bool] = []
    app.when_built(lambda: built.append(app.library_shown.done))
    assert not hasattr(app, "player") and not hasattr(app, "library_controller")
    app.start()
    qtbot.waitUntil(lambda: app.rest_built, timeout=20_000)
    assert built == [True]  # after the first frame with the library, once
    # The parts the first frame did not need are there; libVLC waits for the first play.
    assert app.commands is not None and app.player.episode is None
    assert getattr(app.player.service.engine, "real", "eager") is None
    # A command from the menus reaches its controller now.
    app.window.registry["downloads"].trigger()
    qtbot.waitUntil(lambda: app.downloads_controller.view is not None, timeout=10_000)
    app.downloads_controller.view.close()
    app.close()


def test_a_window_closed_before_the_rest_is_built_closes_cleanly(qtbot, data_dir: Path) -> None:
    app = Application(DataPaths(data_dir), aout="dummy", defer=True)
    qtbot.addWidget(app.window)
    app.start()
    app.close()  # before the first frame: nothing of the rest to stop
    qtbot.wait(100)
    assert not app.rest_built


def test_the_first_frame_imports_none_of_the_rest() -> None:
    """A property, checked in a fresh interpreter: the composition root's own imports (what
    runs before the first paint) leave playback, network, refresh and the controllers out."""
    code = (
        "import sys\n"
        "import player.qt.gui_main\n"
        f"print([m for m in {DEFERRED_MODULES!r} if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], (None, False, [])),
        (["--data-dir", "D"], ("D", False, [])),
        (["--data-dir=D", "-v", "feed://example.org/f", "x.opml"],
         ("D", True, ["feed://example.org/f", "x.opml"])),
        (["--verbose", "https://example.org/feed.xml"], (None, True, ["https://example.org/feed.xml"])),
        (["podcasts"], None),
        (["--data-dir", "D", "podcsts"], None),  # a mistyped command: the CLI says so
        (["--help"], None),
        (["--version"], None),
        (["--data-dir"], None),
        (["-platform", "xcb"], None),
    ],
)  # fmt: skip
def test_the_launcher_opens_the_window_itself_only_for_window_arguments(
    argv: list[str], window: tuple[str | None, bool, list[str]] | None
) -> None:
    from player.launcher import window_arguments

    assert window_arguments(argv) == window


def test_a_real_launch_says_ready_and_quits_on_sigterm(data_dir: Path) -> None:
    """``python -m player --data-dir D`` as the benchmark runs it: the ready line, then a
    clean exit on SIGTERM (the window's own quit)."""
    import select
    import signal

    read_fd, write_fd = os.pipe()
    env = {k: v for k, v in os.environ.items() if k != "PODCAST_PLAYER_DATA_DIR"}
    env.update(
        QT_QPA_PLATFORM="offscreen", PODCAST_PLAYER_AOUT="dummy", PYTHONPATH=str(ROOT),
        **{READY_FD_ENV: str(write_fd)},
    )  # fmt: skip
    window = subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir)],
        env=env, cwd=ROOT, pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(write_fd)
    try:
        readable, _, _ = select.select([read_fd], [], [], 60)
        assert readable, "no ready line within 60 s"
        assert os.read(read_fd, 256).decode().startswith("ready ")
        window.send_signal(signal.SIGTERM)
        assert window.wait(timeout=30) == 0
    finally:
        os.close(read_fd)
        if window.poll() is None:
            window.kill()
            window.wait()
