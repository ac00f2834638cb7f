"""The Transcript tab and the library's transcript hits in the real window, on the demo podcast
(whose episodes ship VTT transcripts next to their audio)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest

from player.qt.app import Application
from player.qt.models.transcript import TranscriptRole
from player.qt.panes.now_playing_sections import TRANSCRIPT
from tests.qt.conftest import click_row, play_demo

FIRST = "Up Next, Without Uploading"
SECOND = "Chapters, Transcripts and the Shape of Sound"


def _open_transcript(gui: Application, qtbot):
    """Choose the Transcript tab as a listener would, and wait for its lines."""
    sections = gui.window.now_playing_pane.sections
    tabs = sections.reading_tabs
    QTest.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(TRANSCRIPT).center())
    view = gui.window.now_playing_pane.transcript
    qtbot.waitUntil(lambda: view.isVisible() and view.model.rowCount() > 10, timeout=10_000)
    return view


def test_the_transcript_follows_playback_and_a_click_plays_from_a_line(
    gui: Application, qtbot
) -> None:
    play_demo(gui, qtbot)
    view = _open_transcript(gui, qtbot)
    assert not gui.window.now_playing_pane.chapter_list.isVisible()  # the lines get the height
    line = view.list.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: view.list.height() > 8 * line)  # the queue below gives way
    first = view.model.index(0).data()
    assert first.startswith("0:01   Host\nHello, and welcome to Signal & Noise")  # entity read

    sixth = view.model.segments[5]
    gui.player.seek(sixth.start + 0.3)
    qtbot.waitUntil(lambda: view.model.current == 5, timeout=5_000)
    assert view.model.index(5).data(TranscriptRole.CURRENT) is True
    assert view.model.index(4).data(TranscriptRole.CURRENT) is False

    target = 12
    index = view.model.index(target)
    view.list.scrollTo(index)
    QTest.mouseClick(
        view.list.viewport(), Qt.MouseButton.LeftButton, pos=view.list.visualRect(index).center()
    )
    start = view.model.segments[target].start
    qtbot.waitUntil(lambda: start <= gui.player.position < start + 3, timeout=5_000)
    qtbot.waitUntil(lambda: view.model.current == target, timeout=5_000)
    assert view.following and not view.back_to_now.isVisible()


def test_a_library_search_lists_what_was_said_and_plays_from_that_moment(
    gui: Application, qtbot
) -> None:
    play_demo(gui, qtbot, SECOND)  # playing an episode reads (and indexes) its transcript
    view = _open_transcript(gui, qtbot)
    play_demo(gui, qtbot, FIRST)
    qtbot.waitUntil(
        lambda: (view.model.index(0).data() or "").endswith("Signal & Noise, the open podcast lab.")
    )

    pane = gui.window.library_pane
    size = gui.window.size()
    pane.search.setFocus()
    QTest.keyClicks(pane.search, "microphone")
    _tab, hits = gui.transcripts
    panel = hits.panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.model.rowCount() >= 1, timeout=10_000)
    shown = panel.model.index(0).data()
    assert shown.startswith(f"{SECOND} at 1:32: ")
    assert "microphone and your headphones" in shown
    assert "[microphone]" in panel.model.hits[0].hit.snippet  # drawn bold in the list
    assert pane.isAncestorOf(panel)
    assert panel.list.height() < 8 * panel.fontMetrics().lineSpacing()  # a few two-line rows
    assert gui.window.size() == size  # the hits take room from the episodes, not the screen

    click_row(panel.list, 0)
    qtbot.waitUntil(lambda: gui.player.episode is not None and gui.player.episode.title == SECOND)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=10_000)
    qtbot.waitUntil(lambda: 91.0 <= gui.player.position < 96.0, timeout=10_000)
    # The view reloads for the new episode first (no current row for a moment): wait through it.
    qtbot.waitUntil(
        lambda: (view.model.index(view.model.current).data() or "").endswith("small tools.")
    )

    pane.search.clear()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)


def test_following_a_long_session_grows_no_widgets(gui: Application, qtbot) -> None:
    """Hours of position reports (five a second) move two rows, and create nothing."""
    play_demo(gui, qtbot)
    view = _open_transcript(gui, qtbot)
    gui.player.pause()
    qtbot.waitUntil(lambda: gui.player.state == "paused")
    duration = view.model.segments[-1].start + 5
    # Counted under the now-playing pane: other panes load late on a busy machine (a
    # suggestion row arriving mid-test), which is not what this test is about.
    pane = gui.window.now_playing_pane
    before = len(pane.findChildren(QObject))
    for step in range(3_000):
        gui.player.positionChanged.emit((step * 0.2) % duration, duration)
        if step % 100 == 0:
            qtbot.wait(1)
    qtbot.wait(50)
    assert view.model.current == view.model.row_at((2_999 * 0.2) % duration)
    assert len(pane.findChildren(QObject)) <= before
