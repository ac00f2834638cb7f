"""Hours of playback in seconds: what a long session repeats thousands of times must not drift.

PySide6 6.12.0 dropped a reference to ``None`` on every void call into Qt; on Python 3.11 the
count reached zero about four minutes into playback and the interpreter aborted. Short tests
never repaint enough to see it, so these repaint the busiest widgets as often as an hour of
playback does and watch ``sys.getrefcount(None)``.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from player.qt.app import Application
from player.qt.binding_check import PROBE_CALLS, broken_binding_message, none_references_dropped
from player.qt.models.episode_cells import Column
from tests.qt.conftest import play_demo

REPAINTS = 3000
# Other code holds and drops a few references to None while we paint (dict values, defaults):
# a sound binding stays within this; the broken one lost one per call, thousands here.
DRIFT = 60


def test_the_installed_binding_keeps_its_references_to_none() -> None:
    assert none_references_dropped() < PROBE_CALLS // 8
    assert broken_binding_message() is None


def test_repainting_slider_and_delegates_for_an_hour_keeps_none_alive(
    gui: Application, qtbot
) -> None:
    play_demo(gui, qtbot)
    pane = gui.window.now_playing_pane
    slider = pane.slider
    qtbot.waitUntil(lambda: slider.duration > 0 and len(slider.chapters) >= 4, timeout=10_000)
    gui.player.pause()
    sidebar = gui.window.library_pane.sidebar
    table = gui.window.library_pane.table
    sidebar_delegate = sidebar.itemDelegate()
    state_delegate = table.itemDelegateForColumn(Column.STATE)
    image = QImage(400, 60, QImage.Format.Format_ARGB32)
    rows = [sidebar.model().index(r, 0) for r in range(sidebar.model().rowCount())]
    state_index = table.model().index(0, Column.STATE)
    assert rows and state_index.isValid()

    before = sys.getrefcount(None)
    for _ in range(REPAINTS):
        slider.repaint()  # 1 + 3 x chapter marks style queries per paint, before the fix
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(sidebar)
    option.rect = QRect(0, 0, 300, 48)
    for _ in range(REPAINTS // len(rows) + 1):
        for index in rows:
            sidebar_delegate.paint(painter, option, index)
        state_delegate.paint(painter, option, state_index)
    painter.end()
    for _ in range(REPAINTS // 10):
        sidebar.viewport().repaint()
        table.viewport().repaint()
    drift = before - sys.getrefcount(None)
    assert abs(drift) < DRIFT, f"None lost {drift} references over {REPAINTS} repaints"


def test_chapter_marks_follow_a_resize(gui: Application, qtbot) -> None:
    """The slider caches its groove geometry; a resize must drop the cache."""
    play_demo(gui, qtbot)
    gui.player.pause()
    slider = gui.window.now_playing_pane.slider
    qtbot.waitUntil(lambda: slider.duration > 0, timeout=5000)
    slider.resize(300, slider.height())
    middle_small = slider.x_for_seconds(slider.duration / 2)
    slider.resize(900, slider.height())
    middle_large = slider.x_for_seconds(slider.duration / 2)
    assert abs(middle_small - 150) <= 10
    assert abs(middle_large - 450) <= 10
    assert slider.seconds_at(middle_large) == pytest.approx(slider.duration / 2, rel=0.02)


def test_the_window_trims_its_heap_after_an_episode_change(gui: Application, qtbot) -> None:
    """The soak's RSS growth was freed-but-kept C heap: each episode change asks for a trim."""
    gui.heap._timer.setInterval(50)
    before = gui.heap.trims
    play_demo(gui, qtbot)
    qtbot.waitUntil(lambda: gui.heap.trims > before, timeout=5000)
