"""Bookmarks in the running window: B while playing (real libVLC, dummy audio), the notice's
"Add a note" and Undo, the marks on the slider, the Bookmarks tab, the Bookmarks window, and
``AddBookmark`` over D-Bus from another process (a headset or desktop-shortcut mapping)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from player.domain.bookmark import Bookmark
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.mpris import BUS_NAME, OBJECT_PATH
from player.qt.mpris_adaptors import BOOKMARKS_INTERFACE
from player.qt.widgets.bookmarks import BookmarkEditor
from player.qt.widgets.seek_slider import BOOKMARK_COLOUR
from player.services.bookmarks import BookmarkService
from tests.conftest import ROOT
from tests.qt.conftest import click_row, play_demo
from tests.support.dbus_session import bus_env, private_session_bus

SECOND = "Chapters, Transcripts and the Shape of Sound"


def _marks(gui: Application) -> list[Bookmark]:
    return BookmarkService(gui.store).list()


def _press_b(gui: Application, qtbot) -> float:
    """Press B in the window; returns where the player was at that moment."""
    at = gui.player.position
    QTest.keyClick(gui.window, Qt.Key.Key_B)
    return at


def _amber_in_column(gui: Application, x: int) -> bool:
    image = gui.window.now_playing_pane.slider.grab().toImage()
    for dx in (-1, 0, 1):
        for y in range(image.height()):
            c = QColor(image.pixel(x + dx, y))
            if (
                abs(c.red() - BOOKMARK_COLOUR.red()) < 40
                and abs(c.green() - BOOKMARK_COLOUR.green()) < 40
                and c.blue() < 90
            ):
                return True
    return False


def test_b_bookmarks_the_playing_moment_with_no_dialog(gui: Application, qtbot) -> None:
    play_demo(gui, qtbot)
    qtbot.waitUntil(lambda: gui.player.position > 2.0, timeout=10_000)
    pane = gui.window.now_playing_pane
    at = _press_b(gui, qtbot)
    qtbot.waitUntil(lambda: len(_marks(gui)) == 1, timeout=5000)
    (b,) = _marks(gui)
    assert b.episode_id == gui.player.episode.id
    assert at - 0.1 <= b.start <= at + 1.0  # the position when B went down (it moves on)
    assert QApplication.activeModalWidget() is None
    assert not [w for w in gui.window.findChildren(BookmarkEditor) if w.isVisible()]
    bar = gui.undo_bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.message.text().startswith("Bookmarked ")
    assert bar.extra.isVisible() and bar.extra.text() == "Add a note"
    assert bar.button.isVisible()  # Undo
    # The slider's marks and the Bookmarks tab follow, and a mark is drawn in its own colour.
    qtbot.waitUntil(lambda: len(pane.slider.bookmarks) == 1, timeout=5000)
    assert pane.slider.bookmarks[0].start == b.start
    assert pane.bookmarks.list.count() == 1
    assert pane.sections.reading_tabs.tabText(2) == "Bookmarks (1)"
    assert _amber_in_column(gui, pane.slider.x_for_seconds(b.start))
    chapter_x = pane.slider.x_for_seconds(pane.slider.chapters[1].start)
    assert not _amber_in_column(gui, chapter_x)

    # "Add a note": a non-modal editor; saving writes the note.
    QTest.mouseClick(bar.extra, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(gui.window.findChildren(BookmarkEditor)), timeout=5000)
    (editor,) = gui.window.findChildren(BookmarkEditor)
    assert editor.isVisible() and not editor.isModal()
    QTest.keyClicks(editor.note, "the owl part")
    editor.accept()
    qtbot.waitUntil(lambda: _marks(gui)[0].note == "the owl part", timeout=5000)
    assert gui.player.state == "playing"  # listening never stopped
    # Undo takes back the note, then (Ctrl+Z) the bookmark itself.
    qtbot.waitUntil(lambda: bar.button.isVisible(), timeout=5000)
    QTest.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _marks(gui)[0].note == "", timeout=5000)
    gui.window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: _marks(gui) == [], timeout=5000)
    qtbot.waitUntil(lambda: pane.slider.bookmarks == [], timeout=5000)
    assert pane.bookmarks.list.count() == 0


def test_the_key_can_be_remapped_and_nothing_playing_says_so(gui: Application, qtbot) -> None:
    gui.window.registry.apply({"bookmark": "Ctrl+K"})
    QTest.keyClick(gui.window, Qt.Key.Key_B)
    QTest.keyClick(gui.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Nothing is playing" in gui.window.statusBar().currentMessage()
                    or "Nothing is playing" in gui.window._message, timeout=3000)  # fmt: skip
    play_demo(gui, qtbot)
    QTest.keyClick(gui.window, Qt.Key.Key_B)  # no longer bound
    QTest.keyClick(gui.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_marks(gui)) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(_marks(gui)) == 1


def test_tab_plays_from_a_bookmark_and_deletes_with_undo(gui: Application, qtbot) -> None:
    play_demo(gui, qtbot)
    episode_id = gui.player.episode.id
    service = BookmarkService(gui.store)
    late = service.add(episode_id, 40.0, title="Later on")
    service.add(episode_id, 20.0, note="earlier")
    gui.bookmarks.reload()
    pane = gui.window.now_playing_pane
    pane.sections.reading_tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: pane.bookmarks.list.count() == 2, timeout=5000)
    assert pane.bookmarks.list.item(0).text().startswith("0:20  earlier")
    click_row(pane.bookmarks.list, 1)
    qtbot.waitUntil(lambda: abs(gui.player.position - 40.0) < 1.5, timeout=5000)
    pane.bookmarks.list.item(1).setSelected(True)
    QTest.mouseClick(pane.bookmarks.actions_row.delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.bookmarks.list.count() == 1, timeout=5000)
    assert [b.note for b in service.list()] == ["earlier"]
    gui.window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: pane.bookmarks.list.count() == 2, timeout=5000)
    assert service.get(late.id) == late


def test_bookmarks_window_searches_filters_sorts_and_plays(gui: Application, qtbot) -> None:
    episodes = {e.title: e for e in gui.library.episodes()}
    first, second = episodes["Up Next, Without Uploading"], episodes[SECOND]
    service = BookmarkService(gui.store)
    a = service.add(first.id, 30.0, note="about queues")
    b = service.add(second.id, 12.5, title="Chapters explained")
    c = service.add(second.id, 5.0, note="intro on queues")
    gui.window.registry["bookmarks"].trigger()
    window = gui.bookmarks.window
    assert window is not None and window.isVisible() and not window.isModal()
    table = window.table
    qtbot.waitUntil(lambda: table.topLevelItemCount() == 3, timeout=5000)
    ids = lambda: [int(table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole))  # noqa: E731
                   for i in range(table.topLevelItemCount())]  # fmt: skip
    assert ids() == [c.id, b.id, a.id]  # newest first
    window.sort.setCurrentIndex(1)  # by episode and time
    qtbot.waitUntil(lambda: ids() == [c.id, b.id, a.id] or ids()[0] == a.id, timeout=5000)
    expected = sorted([a, b, c], key=lambda x: (x.episode_title.lower(), x.start))
    qtbot.waitUntil(lambda: ids() == [x.id for x in expected], timeout=5000)
    QTest.keyClicks(window.search, "queues")
    qtbot.waitUntil(lambda: sorted(ids()) == sorted([a.id, c.id]), timeout=5000)
    window.search.clear()
    qtbot.waitUntil(lambda: window.podcast.count() >= 2, timeout=5000)
    window.podcast.setCurrentIndex(1)  # the demo podcast: all three
    qtbot.waitUntil(lambda: len(ids()) == 3, timeout=5000)

    # Play from here: the other episode loads and plays from the bookmark.
    row = ids().index(b.id)
    table.setCurrentItem(table.topLevelItem(row))
    QTest.mouseClick(window.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: gui.player.episode is not None and gui.player.episode.id == second.id,
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=10_000)
    qtbot.waitUntil(lambda: abs(gui.player.position - 12.5) < 1.5, timeout=5000)
    # The slider marks are the playing episode's two.
    pane = gui.window.now_playing_pane
    qtbot.waitUntil(lambda: len(pane.slider.bookmarks) == 2, timeout=5000)

    # Delete from the window, then Undo.
    table.setCurrentItem(table.topLevelItem(ids().index(a.id)))
    QTest.mouseClick(window.actions_row.delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: a.id not in ids(), timeout=5000)
    gui.window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: a.id in ids(), timeout=5000)


@pytest.fixture
def bus_app(qtbot, data_dir: Path) -> Iterator[tuple[Application, str]]:
    with private_session_bus() as address:
        name = f"bookmarks-{data_dir.parent.name}"
        connection = QDBusConnection.connectToBus(address, name)
        assert connection.isConnected()
        app = Application(DataPaths(data_dir), aout="dummy", bus=connection)
        qtbot.addWidget(app.window)
        app.start()
        qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
        assert app.mpris.bus_name == BUS_NAME
        yield app, address
        app.close()
        QDBusConnection.disconnectFromBus(name)


def test_add_bookmark_over_dbus_while_playing(bus_app: tuple[Application, str], qtbot) -> None:
    app, address = bus_app
    app.player.play_episode(next(e.id for e in app.library.episodes() if e.title == SECOND))
    qtbot.waitUntil(lambda: app.player.state == "playing", timeout=15_000)
    qtbot.waitUntil(lambda: app.player.position > 1.0, timeout=10_000)
    at = app.player.position
    call = ["dbus-send", "--session", "--print-reply", f"--dest={BUS_NAME}", OBJECT_PATH,
            f"{BOOKMARKS_INTERFACE}.AddBookmark"]  # fmt: skip
    _client(qtbot, address, call)
    qtbot.waitUntil(lambda: len(BookmarkService(app.store).list()) == 1, timeout=5000)
    (b,) = BookmarkService(app.store).list()
    assert b.episode_title == SECOND
    assert abs(b.start - at) < 2.0
    qtbot.waitUntil(app.undo_bar.extra.isVisible, timeout=5000)
    # The interface is listed where MPRIS clients look, beside MPRIS's own two.
    intro = _client(qtbot, address, ["gdbus", "introspect", "--session", "--dest", BUS_NAME,
                                     "--object-path", OBJECT_PATH])  # fmt: skip
    assert f"interface {BOOKMARKS_INTERFACE}" in intro
    assert "AddBookmark" in intro and "interface org.mpris.MediaPlayer2.Player" in intro


def _client(qtbot, address: str, argv: list[str]) -> str:
    """Run a D-Bus client process while the event loop keeps serving the bus."""
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=bus_env(address),
        cwd=ROOT,
    )  # fmt: skip
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=10_000)
    out, err = process.communicate()
    assert process.returncode == 0, (argv, out, err)
    return out


def test_window_exports_and_imports_on_the_pool(gui: Application, qtbot, tmp_path: Path) -> None:
    import json

    episode = next(e for e in gui.library.episodes() if e.title == SECOND)
    service = BookmarkService(gui.store)
    made = [service.add(episode.id, 3.0, note="one"), service.add(episode.id, 9.0, end=12.0)]
    window = gui.bookmarks.show_window()
    qtbot.waitUntil(lambda: window.table.topLevelItemCount() == 2, timeout=5000)
    path, md = tmp_path / "marks.json", tmp_path / "marks.md"
    gui.bookmarks.export_to(str(path))
    gui.bookmarks.export_to(str(md), "md")
    qtbot.waitUntil(lambda: path.exists() and md.exists(), timeout=5000)
    assert [r["id"] for r in json.loads(path.read_text())["bookmarks"]] == [b.uid for b in made]
    assert "#t=9,12)" in md.read_text()
    service.delete([b.id for b in made])
    gui.bookmarks.reload()
    qtbot.waitUntil(lambda: window.table.topLevelItemCount() == 0, timeout=5000)
    gui.bookmarks.import_from(str(path))
    qtbot.waitUntil(lambda: window.table.topLevelItemCount() == 2, timeout=5000)
    assert "2 new" in gui.window._message
    assert sorted(b.uid for b in service.list()) == sorted(b.uid for b in made)


def test_window_saves_a_bookmarks_range_as_a_clip(gui: Application, qtbot, tmp_path: Path) -> None:
    episode = next(e for e in gui.library.episodes() if e.title == SECOND)
    b = BookmarkService(gui.store).add(episode.id, 9.0, end=12.5)
    out = tmp_path / "moment.mp3"
    gui.bookmarks.clip_to(b.id, str(out))
    qtbot.waitUntil(lambda: "Saved the clip" in gui.window._message, timeout=20_000)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", out],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert abs(float(probe.stdout) - 3.5) < 0.1
