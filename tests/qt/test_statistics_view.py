"""The Statistics view on a real store with a made-up year of listening: its charts are there
and drawn, the date-range filter changes them, the yearly review fills in, and both themes
colour the charts from the palette. Work runs on an inline task pool (results still arrive
through the GUI thread's queue, as from a worker)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from player.qt.controllers.statistics import StatisticsController
from player.qt.theme import apply_theme
from player.qt.widgets.charts import BarChart, HeatmapChart, ShowChart
from player.qt.workers import InlinePool, TaskRunner, run_posted
from player.services.statistics import ListeningStatistics
from player.storage import Store
from tests.support.listening_log import seed_history

CHARTS = ("timeChart", "showChart", "heatmapChart", "savedChart", "completionChart", "releaseChart")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "library.sqlite3")
    seed_history(db, 1500, time.time(), days=400)
    yield db
    db.close()


@pytest.fixture
def controller(qtbot, store: Store) -> StatisticsController:
    window = QWidget()
    qtbot.addWidget(window)
    pool = InlinePool()
    return StatisticsController(TaskRunner(pool=pool), ListeningStatistics(store), window)


def _bars(chart: BarChart | ShowChart) -> list[pg.BarGraphItem]:
    return [i for i in chart.plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)]


def test_the_charts_are_there_and_drawn(qtbot, controller: StatisticsController) -> None:
    view = controller.show()
    run_posted()
    assert view.stats is not None
    for name in CHARTS:
        chart = view.findChild(QWidget, name)
        assert chart is not None and chart.isVisible(), name
    assert len(view.time_chart.values) == 30  # last 30 days, one bar each
    assert sum(view.time_chart.values) == pytest.approx(view.stats.listened)
    assert _bars(view.time_chart) and _bars(view.show_chart) and _bars(view.saved_chart)
    assert view.show_chart.labels[0] == view.stats.shows[0].label
    heat = view.findChild(HeatmapChart, "heatmapChart")
    assert sum(heat.values) == pytest.approx(view.stats.listened)
    assert "Most listening on" in heat.caption.text()
    assert view.saved_chart.labels == ["Speed", "Silence", "Skips"]
    assert view.saved_chart.values[0] == pytest.approx(view.stats.saved.speed)


def test_the_range_filter_changes_the_charts(qtbot, controller: StatisticsController) -> None:
    view = controller.show()
    run_posted()
    month = view.stats
    week_bars_before = list(view.time_chart.values)
    view.range_box.setCurrentIndex(0)  # last 7 days
    run_posted()
    week = view.stats
    assert week is not month
    assert len(view.time_chart.values) == 7
    assert view.time_chart.values == week_bars_before[-7:]
    assert week.listened < month.listened
    view.range_box.setCurrentText("All time")
    run_posted()
    assert view.stats.listened > month.listened
    assert view.heatmap.values != [v for row in week.heatmap for v in row]
    # Per week then folds the same time into fewer bars.
    view.period_box.setCurrentIndex(1)
    assert len(view.time_chart.values) < 70
    assert sum(view.time_chart.values) == pytest.approx(view.stats.listened)


def test_a_custom_range_and_a_backwards_one(qtbot, controller: StatisticsController) -> None:
    view = controller.show()
    run_posted()
    view.range_box.setCurrentText("Custom…")
    assert view.since_edit.isEnabled() and view.until_edit.isEnabled()
    run_posted()
    before = view.stats
    view.since_edit.setDate(view.since_edit.date().addDays(-60))
    run_posted()
    assert view.stats is not before and view.stats.listened > before.listened
    view.until_edit.setDate(view.since_edit.date().addDays(-1))
    run_posted()
    assert view.status.text() == "The start is after the end."


def test_the_yearly_review(qtbot, controller: StatisticsController) -> None:
    view = controller.show()
    run_posted()
    assert view.review is not None
    years = [view.year_box.itemData(i) for i in range(view.year_box.count())]
    assert len(years) == 2 and years[0] > years[1]  # 400 days reach into last year
    assert view.review_heading.text() == f"Your {years[0]} in listening"
    assert "Longest streak" in view.review_streak.text()
    assert len(view.review_months.values) == 12
    view.year_box.setCurrentIndex(1)
    run_posted()
    assert view.review.year == years[1]
    assert view.review_shows.labels


def test_charts_take_their_colours_from_the_theme(qtbot, controller: StatisticsController) -> None:
    app = QApplication.instance()
    try:
        apply_theme(app, "light")
        view = controller.show()
        run_posted()
        light = view.time_chart.plot.backgroundBrush().color()
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: view.time_chart.plot.backgroundBrush().color() != light)
        dark = view.time_chart.plot.backgroundBrush().color()
        assert dark == view.palette().color(QPalette.ColorRole.Base)
        assert dark.lightness() < light.lightness()
        bars = _bars(view.time_chart)
        assert bars and bars[0].opts["brushes"][0].color() == view.palette().color(
            QPalette.ColorRole.Highlight
        )
    finally:
        apply_theme(app, "light")


def test_the_main_window_opens_it_from_the_view_menu(qtbot, gui) -> None:
    window = gui.window
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.registry["statistics"] in view_menu.actions()
    window.registry["statistics"].trigger()
    view = gui.statistics.view
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.stats is not None and view.review is not None, timeout=10_000)
    assert len(view.time_chart.values) == 30
    view.close()
