"""The window never writes to SQLite on its GUI thread, and never waits for the writer.

The real app, real libVLC (dummy audio), real SQLite: the app's writer is held busy with a long
job, as a big feed write holds it, while the listener pauses, seeks and changes settings.
"""

from __future__ import annotations

import threading
import time

from player.qt.app import Application
from player.storage import EpisodeRepo, SettingsRepo
from tests.qt.conftest import play_demo

BUDGET = 0.050
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "COMMIT")


def _hold_writer(gui: Application) -> threading.Event:
    """Keep the app's writer thread busy until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def long_job() -> None:
        started.set()
        release.wait(30)

    gui.writer.bulk.submit(long_job)
    assert started.wait(10)
    return release


def test_pause_seek_and_settings_return_at_once_while_the_writer_is_busy(
    gui: Application, qtbot
) -> None:
    play_demo(gui, qtbot)
    episode = gui.player.episode
    assert episode is not None
    statements: list[str] = []
    gui.store._connection().set_trace_callback(statements.append)  # the GUI thread's own
    release = _hold_writer(gui)
    slowest = 0.0
    for call in (
        gui.player.pause,
        lambda: gui.player.seek(42.0),
        lambda: gui.settings.set("playback.skip_forward_seconds", 45),
        lambda: gui.settings.get("mpris.chapter_aware_next"),
    ):
        started = time.perf_counter()
        call()
        slowest = max(slowest, time.perf_counter() - started)
    assert gui.settings.get("playback.skip_forward_seconds") == 45
    # A task started now reads what the GUI queued before it, once the writer gets to it.
    seen: list[float] = []
    gui.runner.run(lambda: EpisodeRepo(gui.store).get(episode.id).position, seen.append)
    qtbot.wait(300)
    assert seen == []  # still waiting for the held writer, on its worker thread
    release.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    gui.store._connection().set_trace_callback(None)

    assert slowest < BUDGET, f"a GUI-thread call took {slowest * 1000:.0f} ms"
    writes = [q for q in statements if q.lstrip().upper().startswith(WRITES)]
    assert writes == [], f"the GUI thread wrote: {writes[:3]}"
    assert seen == [42.0]
    assert SettingsRepo(gui.store).get("playback.skip_forward_seconds") == 45
