"""The seek slider alone: chapter marks where their times are, the time under the pointer,
the hovered chapter, and seeks asked for by a click (FeelUOwn's progress-slider test)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QToolTip

from player.domain.models import Chapter
from player.qt.widgets.seek_slider import SeekSlider

CHAPTERS = [Chapter(0.0, "Intro"), Chapter(60.0, "Feeds"), Chapter(150.0, "Chapters")]


def _slider(qtbot, width: int = 400) -> SeekSlider:
    slider = SeekSlider()
    qtbot.addWidget(slider)
    slider.resize(width, 28)
    slider.set_duration(200.0)
    slider.set_chapters(CHAPTERS)
    slider.show()
    qtbot.waitExposed(slider)
    return slider


def _mark_color(slider: SeekSlider) -> QColor:
    return slider.palette().color(QPalette.ColorRole.Highlight).darker(130)


def _column_has(slider: SeekSlider, x: int, color: QColor) -> bool:
    """Whether a column of the rendered slider shows ``color`` just above the groove."""
    image = slider.grab().toImage()
    ratio = image.devicePixelRatio()
    groove = slider._geometry()[0]
    y = groove.top() - 2
    return any(
        image.pixelColor(round((x + dx) * ratio), round(y * ratio)).rgb() == color.rgb()
        for dx in (-1, 0, 1)
    )


def test_chapter_marks_are_drawn_at_their_start_times(qtbot) -> None:
    slider = _slider(qtbot)
    color = _mark_color(slider)
    left, right = slider.x_for_seconds(0.0), slider.x_for_seconds(200.0)
    assert left < right
    for chapter in CHAPTERS[1:]:
        x = slider.x_for_seconds(chapter.start)
        assert x == left + round(chapter.start / 200.0 * (right - left))
        assert _column_has(slider, x, color), f"no mark for {chapter.title} at x={x}"
    between = slider.x_for_seconds(105.0)  # halfway between two marks: no tick there
    assert not _column_has(slider, between, color)


def test_the_marks_move_with_the_width(qtbot) -> None:
    slider = _slider(qtbot, width=300)
    narrow = slider.x_for_seconds(150.0)
    slider.resize(600, 28)
    qtbot.waitUntil(lambda: slider.width() == 600)
    wide = slider.x_for_seconds(150.0)
    assert wide > narrow
    assert _column_has(slider, wide, _mark_color(slider))


def test_seconds_at_is_the_inverse_of_x_for_seconds(qtbot) -> None:
    slider = _slider(qtbot)
    span = slider.x_for_seconds(200.0) - slider.x_for_seconds(0.0)
    one_pixel = 200.0 / span
    for seconds in (0.0, 12.5, 60.0, 99.0, 150.0, 200.0):
        assert abs(slider.seconds_at(slider.x_for_seconds(seconds)) - seconds) <= one_pixel
    assert slider.seconds_at(-50) == 0.0 and slider.seconds_at(10_000) == 200.0


def test_the_chapter_at_a_time_is_the_last_one_started(qtbot) -> None:
    slider = _slider(qtbot)
    assert slider.chapter_at(0.0).title == "Intro"
    assert slider.chapter_at(59.9).title == "Intro"
    assert slider.chapter_at(60.0).title == "Feeds"
    assert slider.chapter_at(199.0).title == "Chapters"


def test_hovering_names_the_chapter_and_the_time_under_the_pointer(qtbot) -> None:
    slider = _slider(qtbot)
    x = slider.x_for_seconds(90.0)
    QTest.mouseMove(slider, QPoint(x, slider.height() // 2))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=2000)
    title, clock = QToolTip.text().split("\n")
    assert title == "Feeds"
    minutes, seconds = clock.split(":")
    assert abs(int(minutes) * 60 + int(seconds) - 90) <= 1
    QToolTip.hideText()


def test_a_click_asks_to_seek_to_the_time_under_it(qtbot) -> None:
    slider = _slider(qtbot)
    spy = QSignalSpy(slider.seekRequested)
    x = slider.x_for_seconds(150.0)
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, slider.height() // 2))  # fmt: skip
    assert spy.count() >= 1
    asked = spy.at(spy.count() - 1)[0]
    assert abs(asked - 150.0) <= 200.0 / (slider.x_for_seconds(200.0) - slider.x_for_seconds(0))


def test_a_click_asks_to_seek_once(qtbot) -> None:
    """The press moves the handle (SliderMove) and the release asks; not both (two seeks)."""
    slider = _slider(qtbot)
    spy = QSignalSpy(slider.seekRequested)
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(slider.x_for_seconds(60.0), slider.height() // 2))  # fmt: skip
    assert spy.count() == 1


def test_a_key_asks_to_seek_at_once(qtbot) -> None:
    slider = _slider(qtbot)
    slider.setValue(100_000)
    spy = QSignalSpy(slider.seekRequested)
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert spy.count() == 1 and spy.at(0)[0] == 105.0


def test_the_player_does_not_move_the_handle_while_it_is_dragged(qtbot) -> None:
    slider = _slider(qtbot)
    slider.set_position(30.0)
    assert slider.value() == 30_000
    slider.sliderPressed.emit()
    slider.setSliderPosition(120_000)
    slider.set_position(31.0)  # a tick from the player while the listener drags
    assert slider.sliderPosition() == 120_000
    spy = QSignalSpy(slider.seekRequested)
    slider.sliderReleased.emit()
    assert spy.count() == 1 and spy.at(0)[0] == 120.0


def test_without_a_duration_the_slider_is_disabled(qtbot) -> None:
    slider = _slider(qtbot)
    slider.set_duration(None)
    assert not slider.isEnabled() and slider.maximum() == 0
    assert slider.x_for_seconds(50.0) == slider.x_for_seconds(0.0)
