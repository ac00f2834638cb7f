"""The Transcript tab on hand-made segments: following, finding, copying, clicking, loading."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from player.domain.errors import PlayerError
from player.domain.transcript import Segment, TranscriptHit
from player.qt.models.transcript import TranscriptModel, TranscriptRole, copy_line
from player.qt.widgets.transcript_hits import ShownHit, TranscriptHitsPanel, snippet_html
from player.qt.widgets.transcript_view import TranscriptView
from player.qt.workers import run_posted


def segments(count: int, gap: float = 4.0) -> list[Segment]:
    """``count`` lines ``gap`` seconds apart; the speaker changes every third line."""
    return [
        Segment(i * gap, i * gap + gap - 0.5, "Alice" if (i // 3) % 2 == 0 else "Bob",
                f"line {i} about {'whales' if i % 50 == 7 else 'rivers'}")
        for i in range(count)
    ]  # fmt: skip


@pytest.fixture
def view(qtbot) -> TranscriptView:
    widget = TranscriptView()
    qtbot.addWidget(widget)
    widget.resize(420, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_playing_line_is_found_by_bisect_and_before_the_first_is_none(qtbot) -> None:
    model = TranscriptModel()
    model.set_segments([Segment(10.0, None, None, "b"), Segment(0.0, 5.0, None, "a")])
    assert [s.text for s in model.segments] == ["a", "b"]  # sorted by start
    assert model.row_at(-1.0) == -1
    assert model.row_at(0.0) == 0
    assert model.row_at(7.0) == 0  # a gap keeps the line just said
    assert model.row_at(10.0) == 1
    assert model.row_at(9_999.0) == 1


def test_speakers_show_where_they_change_and_copies_carry_time_and_speaker(qtbot) -> None:
    model = TranscriptModel()
    model.set_segments(
        [
            Segment(1, 2, "Alice", "Hi."),
            Segment(3, 4, "Alice", "Yes."),
            Segment(754, 760, "Bob", "No."),
        ]
    )
    shown = [model.index(r).data() for r in range(3)]
    assert shown[0] == "0:01   Alice\nHi."
    assert shown[1] == "0:03   Yes."  # same speaker: not repeated
    assert shown[2] == "12:34   Bob\nNo."
    assert model.copy_text([2, 0]) == "[0:01] Alice: Hi.\n[12:34] Bob: No."
    assert copy_line(Segment(5, None, None, "untimed")) == "[0:05] untimed"


def test_following_highlights_the_current_line_and_keeps_it_in_view(view, qtbot) -> None:
    view.show_segments(segments(600))
    view.follow(1000.0)  # line 250
    qtbot.wait(50)
    index = view.model.index(250)
    assert index.data(TranscriptRole.CURRENT) is True
    assert view.model.index(249).data(TranscriptRole.CURRENT) is False
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    qtbot.waitUntil(lambda: view.list.viewport().rect().intersects(view.list.visualRect(index)))
    assert not view.back_to_now.isVisible()


def test_scrolling_away_stops_following_until_back_to_now(view, qtbot) -> None:
    view.show_segments(segments(600))
    view.follow(400.0)  # line 100
    qtbot.wait(50)
    viewport = view.list.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -1200),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, wheel)
    assert not view.following
    assert view.back_to_now.isVisible()
    scrolled = view.list.verticalScrollBar().value()
    view.follow(800.0)  # playback moves on: the listener's place stays
    qtbot.wait(50)
    assert view.model.current == 200
    assert view.list.verticalScrollBar().value() == scrolled
    QTest.mouseClick(view.back_to_now, Qt.MouseButton.LeftButton)
    assert view.following and not view.back_to_now.isVisible()
    index = view.model.index(200)
    qtbot.waitUntil(lambda: viewport.rect().intersects(view.list.visualRect(index)))


def test_a_click_on_a_line_asks_to_seek_to_its_start(view, qtbot) -> None:
    view.show_segments(segments(20))
    index = view.model.index(3)
    with qtbot.waitSignal(view.seekRequested) as sought:
        QTest.mouseClick(
            view.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=view.list.visualRect(index).center(),
        )
    assert sought.args == [12.0]


def test_find_marks_matches_and_steps_through_them(view, qtbot) -> None:
    view.show_segments(segments(300))
    QTest.keyClicks(view.find_field, "WHALES")
    qtbot.waitUntil(lambda: view.match_count.text() == "1 of 6")
    assert view.model.matches == [7, 57, 107, 157, 207, 257]
    assert view.model.index(57).data(TranscriptRole.MATCH) is True
    assert view.model.index(58).data(TranscriptRole.MATCH) is False
    assert view.list.currentIndex().row() == 7
    QTest.keyClick(view.find_field, Qt.Key.Key_Return)
    assert view.match_count.text() == "2 of 6" and view.list.currentIndex().row() == 57
    view.find_step(-1)
    view.find_step(-1)  # wraps to the last
    assert view.match_count.text() == "6 of 6" and view.list.currentIndex().row() == 257
    assert view.back_to_now.isVisible()  # reading a match is not following
    view.find_field.setText("nowhere")
    qtbot.waitUntil(lambda: view.match_count.text() == "No matches")
    assert view.model.matches == []


def test_copy_puts_the_selection_with_times_on_the_clipboard(view, qtbot) -> None:
    view.show_segments([Segment(754, None, "Alice", "One."), Segment(760, None, "Bob", "Two.")])
    view.list.selectAll()
    view.list.setFocus()
    QTest.keyClick(view.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "[12:34] Alice: One.\n[12:40] Bob: Two."


def test_no_segments_shows_the_sentence_and_disables_find(view) -> None:
    view.show_message("This episode has no transcript.")
    assert view.pages.currentWidget() is view.message
    assert view.message.text() == "This episode has no transcript."
    assert not view.find_field.isEnabled()
    view.show_segments([])
    assert view.message.text() == "This transcript is empty."


def test_a_long_transcript_shows_and_follows_without_stalling(view, qtbot) -> None:
    """Three hours in 5,400 lines: set, then 2,000 position updates (a bisect each)."""
    long = segments(5_400, gap=2.0)
    started = time.perf_counter()
    view.show_segments(long)
    QApplication.processEvents()
    shown = time.perf_counter() - started
    children = len(view.findChildren(object))
    started = time.perf_counter()
    for step in range(2_000):
        view.follow(step * 5.4)
    QApplication.processEvents()
    followed = time.perf_counter() - started
    assert view.model.current == view.model.row_at(1999 * 5.4)
    assert len(view.findChildren(object)) == children  # no widget per line, none per update
    assert shown < 2.0 and followed / 2_000 < 0.01, (shown, followed)


def test_hit_snippets_bold_the_matched_words_and_escape_the_rest() -> None:
    assert snippet_html("a <b> [whale] & [sea]") == "a &lt;b&gt; <b>whale</b> &amp; <b>sea</b>"


def test_the_hits_panel_lists_hits_and_reports_the_chosen_moment(qtbot) -> None:
    panel = TranscriptHitsPanel()
    qtbot.addWidget(panel)
    panel.show_hits("whale", [ShownHit(TranscriptHit(4, 754.0, "…the [whale] sang…"), "Deep")])
    panel.show()
    assert panel.header.text() == "“whale” was said in 1 episode: choose a moment to play it"
    index = panel.model.index(0)
    assert index.data() == "Deep at 12:34: …the whale sang…"
    with qtbot.waitSignal(panel.hitChosen) as chosen:
        QTest.mouseClick(
            panel.list.viewport(), Qt.MouseButton.LeftButton,
            pos=panel.list.visualRect(index).center(),
        )  # fmt: skip
    assert chosen.args == [4, 754.0]
    panel.show_hits("whale", [])
    assert panel.isHidden()


def test_failure_text_is_our_sentence_or_a_plain_one() -> None:
    from player.qt.controllers.transcript import failure_text

    assert failure_text(PlayerError("The transcript is not VTT.")) == "The transcript is not VTT."
    assert failure_text(OSError("errno 5")) == "The transcript could not be loaded."
    run_posted()
