"""The Statistics view's controller: opens it, and computes what it asks for on the task pool.

The view is built the first time it is asked for (that is when pyqtgraph is imported) and then
kept. Every opening counts again, since listening went on meanwhile. A computation started for
an older range is dropped when it arrives after a newer one was asked for.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from player.domain.statistics import Statistics, YearReview
from player.i18n import _
from player.qt.workers import TaskRunner
from player.services.statistics import ListeningStatistics

if TYPE_CHECKING:
    from player.qt.dialogs.statistics import StatisticsDialog

log = logging.getLogger(__name__)


class StatisticsController(QObject):
    """View -> Listening statistics."""

    def __init__(self, runner: TaskRunner, service: ListeningStatistics, window: QWidget) -> None:
        super().__init__(window)
        self.runner = runner
        self.service = service
        self.window = window
        """The view's parent (it opens over the main window)."""
        self.view: StatisticsDialog | None = None
        self._range_asked = 0
        self._year_asked = 0

    def show(self) -> StatisticsDialog:
        """Bring the Statistics view up (built once, then reused) and count afresh."""
        if self.view is None:
            from player.qt.dialogs.statistics import StatisticsDialog  # imports pyqtgraph

            this_year = self.service.calendar.today().year
            view = StatisticsDialog(self.service.calendar.today(), [this_year], self.window)
            view.rangeChanged.connect(self.compute)
            view.yearChanged.connect(self.review)
            self.view = view
            self.runner.run(self.service.years, view.set_years, self._failed)
        if self.view.isVisible():
            self.view.raise_()
        self.view.show()
        self.view.activateWindow()
        self.view.request()
        self.view.request_year()
        return self.view

    def compute(self, since: date | None, until: date | None) -> None:
        """Count the range on a worker; show it unless a newer range was asked for since."""
        self._range_asked += 1
        asked = self._range_asked

        def done(stats: Statistics) -> None:
            if asked == self._range_asked and self.view is not None:
                self.view.show_statistics(stats)

        self.runner.run(lambda: self.service.compute(since, until), done, self._failed)

    def review(self, year: int) -> None:
        """Count a year's review on a worker."""
        self._year_asked += 1
        asked = self._year_asked

        def done(review: YearReview) -> None:
            if asked == self._year_asked and self.view is not None:
                self.view.show_review(review)

        self.runner.run(lambda: self.service.year_review(year), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        log.error("statistics failed: %s", exc)
        if self.view is not None:
            self.view.status.setText(_("Could not count: {exc}").format(exc=exc))
