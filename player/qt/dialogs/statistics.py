"""The Statistics view: listening over a date range as charts, and a yearly review page.

A window of its own (View -> Listening statistics), like the downloads view: looked at now and
then. It shows what it is given and says what the listener asked for (``rangeChanged``,
``yearChanged``); the controller computes on the task pool and hands the results back, so
nothing here reads the database.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from player.domain.format import age, long_duration
from player.domain.statistics import Bucket, BucketKind, Statistics, YearReview
from player.i18n import N_, _
from player.qt.widgets.charts import BarChart, HeatmapChart, ShowChart

Role = QPalette.ColorRole

RANGES: tuple[tuple[str, int | None], ...] = (
    (N_("Last 7 days"), 7),
    (N_("Last 30 days"), 30),
    (N_("Last 12 months"), 365),
    (N_("This year"), -1),
    (N_("All time"), None),
    ("Custom…", -2),
)
"""Range choices: label and days back (None: all time, -1: this year, -2: the date fields)."""
DEFAULT_RANGE = 1
PERIODS = (
    (N_("Per day"), BucketKind.DAY),
    (N_("Per week"), BucketKind.WEEK),
    (N_("Per month"), BucketKind.MONTH),
)
TOP_SHOWS = 8
CHART_HEIGHT = 190
"""Pixels of each plot: three rows of charts, the first two seen at 1024x700."""


def _card(name: str) -> QLabel:
    label = QLabel("")
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(8)
    label.setWordWrap(True)
    label.setMinimumWidth(150)
    return label


def _card_text(title: str, value: str, detail: str) -> str:
    return f"{title}<br><span style='font-size:large; font-weight:600'>{value}</span><br>{detail}"


class StatisticsDialog(QDialog):
    """Overview (range filter, cards, charts) and Year in review tabs."""

    rangeChanged = Signal(object, object)
    """(since, until) local dates, either None for unbounded: compute the overview."""
    yearChanged = Signal(int)
    """Compute the review of this year."""

    def __init__(self, today: date, years: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsDialog")
        self.setWindowTitle(_("Listening statistics"))
        self.today = today
        self.stats: Statistics | None = None
        self.review: YearReview | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statisticsTabs")
        self.tabs.addTab(self._overview(), _("Overview"))
        self.tabs.addTab(self._year_page(years), _("Year in review"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(980, 660)

    # -- building ----------------------------------------------------------------------------

    def _overview(self) -> QWidget:
        self.range_box = QComboBox()
        self.range_box.setObjectName("statisticsRange")
        self.range_box.setAccessibleName(_("Date range"))
        for label, _days in RANGES:
            self.range_box.addItem(_(label))
        self.since_edit, self.until_edit = QDateEdit(), QDateEdit()
        edits = ((self.since_edit, "statisticsSince"), (self.until_edit, "statisticsUntil"))
        for edit, name in edits:
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
            edit.setEnabled(False)
            edit.dateChanged.connect(self._dates_edited)
        self.since_edit.setAccessibleName(_("From"))
        self.until_edit.setAccessibleName(_("Until"))
        self.status = QLabel("")
        self.status.setObjectName("statisticsStatus")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show:")))
        bar.addWidget(self.range_box)
        bar.addWidget(QLabel(_("from")))
        bar.addWidget(self.since_edit)
        bar.addWidget(QLabel(_("to")))
        bar.addWidget(self.until_edit)
        bar.addStretch(1)
        bar.addWidget(self.status)

        self.listened_card = _card("statisticsListened")
        self.saved_card = _card("statisticsSaved")
        self.episodes_card = _card("statisticsEpisodes")
        self.release_card = _card("statisticsRelease")
        cards = QHBoxLayout()
        for card in (self.listened_card, self.saved_card, self.episodes_card, self.release_card):
            cards.addWidget(card, 1)

        self.period_box = QComboBox()
        self.period_box.setObjectName("statisticsPeriod")
        self.period_box.setAccessibleName(_("Time per"))
        for label, _kind in PERIODS:
            self.period_box.addItem(_(label))
        self.period_box.currentIndexChanged.connect(lambda _i: self._draw_time())
        self.time_chart = BarChart(_("Time listened"), "timeChart")
        self.time_chart.header.addWidget(self.period_box)
        self.show_chart = ShowChart(_("Per show"), "showChart")
        self.heatmap = HeatmapChart(_("When you listen (weekday by hour)"), "heatmapChart")
        self.saved_chart = BarChart(_("Time saved"), "savedChart")
        self.completion_chart = BarChart(_("Completion"), "completionChart", is_time=False)
        self.release_chart = BarChart(
            _("From release to first play (episodes)"), "releaseChart", is_time=False
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        grid.addWidget(self.time_chart, 0, 0, 1, 2)
        grid.addWidget(self.show_chart, 0, 2)
        grid.addWidget(self.heatmap, 1, 0, 1, 2)
        grid.addWidget(self.saved_chart, 1, 2)
        grid.addWidget(self.completion_chart, 2, 0)
        grid.addWidget(self.release_chart, 2, 1, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        for chart in (
            self.time_chart, self.show_chart, self.heatmap, self.saved_chart,
            self.completion_chart, self.release_chart,
        ):  # fmt: skip
            chart.plot.setMinimumHeight(CHART_HEIGHT)
            chart.plot.setMaximumHeight(CHART_HEIGHT + 60)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(cards)
        inner.addLayout(grid)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("statisticsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addLayout(bar)
        outer.addWidget(scroll, 1)
        self.range_box.setCurrentIndex(DEFAULT_RANGE)
        self._set_dates(*self.chosen_range())
        self.range_box.currentIndexChanged.connect(self._range_picked)
        return page

    def _year_page(self, years: list[int]) -> QWidget:
        self.year_box = QComboBox()
        self.year_box.setObjectName("statisticsYear")
        self.year_box.setAccessibleName(_("Year"))
        for year in years:
            self.year_box.addItem(str(year), year)
        self.year_box.currentIndexChanged.connect(
            lambda _i: self.yearChanged.emit(int(self.year_box.currentData()))
        )
        self.review_heading = QLabel("")
        self.review_heading.setObjectName("reviewHeading")
        font = self.review_heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.review_heading.setFont(font)
        self.review_total = _card("reviewTotal")
        self.review_streak = _card("reviewStreak")
        self.review_busiest = _card("reviewBusiest")
        self.review_saved = _card("reviewSaved")
        cards = QHBoxLayout()
        for card in (self.review_total, self.review_streak, self.review_busiest, self.review_saved):
            cards.addWidget(card, 1)
        self.review_shows = ShowChart(_("Top shows"), "reviewShowChart")
        self.review_months = BarChart(_("Month by month"), "reviewMonthChart")
        charts = QHBoxLayout()
        charts.addWidget(self.review_shows, 1)
        charts.addWidget(self.review_months, 1)
        top = QHBoxLayout()
        top.addWidget(self.review_heading)
        top.addStretch(1)
        top.addWidget(QLabel(_("Year:")))
        top.addWidget(self.year_box)
        page = QWidget()
        page.setObjectName("reviewPage")
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addLayout(charts, 1)
        return page

    def set_years(self, years: list[int]) -> None:
        """The years the review offers (newest first), keeping the one chosen."""
        chosen = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year), year)
        index = self.year_box.findData(chosen)
        self.year_box.setCurrentIndex(max(0, index))
        self.year_box.blockSignals(False)

    # -- the range ---------------------------------------------------------------------------

    def chosen_range(self) -> tuple[date | None, date | None]:
        """The (since, until) the range box stands for (custom: the date fields)."""
        _label, days = RANGES[self.range_box.currentIndex()]
        if days is None:
            return None, None
        if days == -1:
            return date(self.today.year, 1, 1), self.today
        if days == -2:
            return _py_date(self.since_edit.date()), _py_date(self.until_edit.date())
        return self.today - timedelta(days=days - 1), self.today

    def _set_dates(self, since: date | None, until: date | None) -> None:
        for edit, value in ((self.since_edit, since), (self.until_edit, until or self.today)):
            edit.blockSignals(True)
            shown = value or date(self.today.year, 1, 1)
            edit.setDate(QDate(shown.year, shown.month, shown.day))
            edit.blockSignals(False)

    def _range_picked(self, _index: int) -> None:
        custom = RANGES[self.range_box.currentIndex()][1] == -2
        self.since_edit.setEnabled(custom)
        self.until_edit.setEnabled(custom)
        since, until = self.chosen_range()
        if not custom:
            self._set_dates(since, until)
        self.request()

    def _dates_edited(self, _value: QDate) -> None:
        if RANGES[self.range_box.currentIndex()][1] == -2:
            self.request()

    def request(self) -> None:
        """Ask for the statistics of the chosen range."""
        since, until = self.chosen_range()
        if since is not None and until is not None and since > until:
            self.status.setText(_("The start is after the end."))
            return
        self.status.setText(_("Counting…"))
        self.rangeChanged.emit(since, until)

    def request_year(self) -> None:
        """Ask for the review of the chosen year."""
        if self.year_box.count():
            self.yearChanged.emit(int(self.year_box.currentData()))

    # -- showing results ---------------------------------------------------------------------

    def show_statistics(self, stats: Statistics) -> None:
        """Fill the cards and charts from a finished computation."""
        self.stats = stats
        self.status.setText(_("Local time: {timezone}").format(timezone=stats.timezone))
        saved = stats.saved
        self.listened_card.setText(
            _card_text(
                _("Listened"),
                long_duration(stats.listened),
                _("{long_duration} of audio").format(long_duration=long_duration(stats.media)),
            )
        )
        self.saved_card.setText(
            _card_text(
                _("Time saved"),
                long_duration(saved.total),
                _("speed {long_duration}, silence {long_duration2}, skips {long_duration3}").format(
                    long_duration=long_duration(saved.speed),
                    long_duration2=long_duration(saved.silence),
                    long_duration3=long_duration(saved.skips),
                ),
            )
        )
        rate = "" if stats.completion_rate is None else f"{stats.completion_rate:.0%}"
        done = f"; {rate} of those started are done" if rate else ""
        self.episodes_card.setText(
            _card_text(
                _("Episodes"),
                _("{episodes_started} started").format(episodes_started=stats.episodes_started),
                _("{episodes_finished} finished{done}").format(
                    episodes_finished=stats.episodes_finished, done=done
                ),
            )
        )
        median = stats.release_to_play_median
        self.release_card.setText(
            _card_text(
                _("Release to first play"),
                "—" if median is None else age(median),
                _("median, for the episodes started"),
            )
        )
        self._draw_time()
        shows = stats.shows[:TOP_SHOWS]
        self.show_chart.set_shows([s.label for s in shows], [s.listened for s in shows])
        self.heatmap.set_grid(stats.heatmap)
        self.saved_chart.set_bars(
            ["Speed", "Silence", "Skips"],
            [saved.speed, saved.silence, saved.skips],
            [1.0, 0.7, 0.45],
        )
        self.completion_chart.set_bars(
            [_("Started"), _("Finished")],
            [float(stats.episodes_started), float(stats.episodes_finished)],
            [0.45, 1.0],
        )
        self.completion_chart.caption.setText(
            _("Of the episodes first played in this range, {rate} are finished.").format(rate=rate)
            if rate
            else _("Of the episodes first played in this range, none were started.")
        )
        self.release_chart.set_bars(
            [_(b.label) for b in stats.release_bands], [float(b.count) for b in stats.release_bands]
        )

    def _draw_time(self) -> None:
        if self.stats is None:
            return
        label, kind = PERIODS[self.period_box.currentIndex()]
        rows: tuple[Bucket, ...] = self.stats.buckets(kind)
        self.time_chart.title.setText(_("Time listened, {lower}").format(lower=_(label).lower()))
        self.time_chart.set_bars([_short_label(b, kind) for b in rows], [b.listened for b in rows])

    def show_review(self, review: YearReview) -> None:
        """Fill the yearly review page."""
        self.review = review
        stats = review.stats
        self.review_heading.setText(_("Your {year} in listening").format(year=review.year))
        self.review_total.setText(
            _card_text(
                _("Listened"),
                long_duration(stats.listened),
                _("{episodes_finished} episodes finished, {active_days} days").format(
                    episodes_finished=stats.episodes_finished, active_days=review.active_days
                ),
            )
        )
        streak = review.longest_streak
        self.review_streak.setText(
            _card_text(
                _("Longest streak"),
                _("{days} days").format(days=streak.days),
                _("{first} to {last}").format(first=streak.first, last=streak.last)
                if streak.days
                else _("no listening yet"),
            )
        )
        busiest = review.busiest_day
        at = review.busiest_hour
        hour = "" if at is None else f"; most often at {at:02d}:00"
        self.review_busiest.setText(
            _card_text(
                _("Busiest day"),
                busiest.label if busiest else "—",
                (long_duration(busiest.listened) if busiest else "") + hour,
            )
        )
        self.review_saved.setText(
            _card_text(
                _("Time saved"), long_duration(stats.saved.total), _("by speed, silence, skips")
            )
        )
        self.review_shows.set_shows(
            [s.label for s in review.top_shows], [s.listened for s in review.top_shows]
        )
        months = stats.months
        self.review_months.set_bars([m.label[:3] for m in months], [m.listened for m in months])


def _py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _short_label(bucket: Bucket, kind: BucketKind) -> str:
    """Axis text: ``7 Dec`` for a day, ``W49`` for a week, ``Dec 26`` for a month."""
    if kind is BucketKind.DAY:
        return bucket.label.split(" ", 1)[1]
    if kind is BucketKind.WEEK:
        return bucket.key.split("-")[1]
    return bucket.label[:3] + " " + bucket.key[2:4]
