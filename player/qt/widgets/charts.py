"""The Statistics view's charts, drawn with pyqtgraph.

Why pyqtgraph: it is a well-kept, pure-Python library (about 2 MB) drawing on Qt's own
graphics view, so it runs with the PySide6-Essentials we already ship; its one dependency,
numpy, the audio analysis already needs. Qt Charts and Qt Graphs come only in PySide6-Addons
(a wheel of some 150 MB, for a few charts), and Qt Charts is deprecated in Qt 6.10 for Qt
Graphs, which wants Qt Quick. pyqtgraph is imported only when the Statistics view is first
opened (about a third of a second), never at start-up.

The charts take every colour from the widget's palette (base, text, highlight, mid), and
draw again when the palette changes, so they read in the light and the dark theme alike. The
mouse does not pan or zoom them: they are pictures of numbers, with a tooltip per bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from player.domain.format import long_duration
from player.i18n import N_, _

pg.setConfigOptions(antialias=True)

Role = QPalette.ColorRole
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MAX_TICKS = 12
"""At most this many category labels under a bar chart (a month of days shows every third)."""


def time_unit(largest: float) -> tuple[float, str]:
    """(seconds per unit, unit name) for an axis whose largest value is ``largest`` seconds."""
    if largest >= 2 * 3600:
        return 3600.0, "hours"
    return 60.0, "minutes"


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


class Chart(QWidget):
    """A titled pyqtgraph plot coloured from the palette; subclasses draw their data."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = QLabel(title)
        self.title.setObjectName(f"{name}Title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(title)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(170)
        self.caption = QLabel("")
        self.caption.setObjectName(f"{name}Caption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.header = QHBoxLayout()
        """The title, then room for a control of the chart's own (a period choice)."""
        self.header.addWidget(self.title)
        self.header.addStretch(1)
        layout.addLayout(self.header)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)
        self.labels: list[str] = []
        """The categories drawn (for tests and tooltips)."""
        self.values: list[float] = []
        """The values drawn, in the data's own unit (seconds, counts)."""
        self._colour_axes()

    # -- colours -----------------------------------------------------------------------------

    def colour(self, role: QPalette.ColorRole) -> QColor:
        """A colour of the widget's palette."""
        return self.palette().color(role)

    def _colour_axes(self) -> None:
        self.plot.setBackground(self.colour(Role.Base))
        text = self.colour(Role.Text)
        item = self.plot.getPlotItem()
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen(self.colour(Role.Mid)))
            axis.setTextPen(pg.mkPen(text))

    def changeEvent(self, event: QEvent) -> None:
        """Palette changes (a theme switch): colour the chart again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour_axes()
            self.redraw()

    def redraw(self) -> None:
        """Draw the current data again (the palette changed)."""


class BarChart(Chart):
    """Vertical bars over categories; times (seconds) are drawn in minutes or hours."""

    def __init__(
        self, title: str, name: str, is_time: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, name, parent)
        self.is_time = is_time
        self.shades: list[float] | None = None
        """Per bar, how far from the base colour toward the highlight (None: all the way)."""
        self.plot.getPlotItem().showGrid(x=False, y=True, alpha=0.25)

    def set_bars(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        shades: list[float] | None = None,
    ) -> None:
        """Show ``values`` over ``labels`` (``shades``: per bar, 0-1 of the highlight)."""
        self.labels, self.values, self.shades = list(labels), list(values), shades
        self.redraw()

    def redraw(self) -> None:
        """Bars in the palette's highlight colour (or the roles chosen), ticks thinned out."""
        item = self.plot.getPlotItem()
        item.clear()
        if not self.values:
            return
        largest = max(max(self.values), 0.0)
        scale, unit = time_unit(largest) if self.is_time else (1.0, "")
        heights = np.array(self.values, dtype=float) / scale
        xs = np.arange(len(heights), dtype=float)
        base, high = self.colour(Role.Base), self.colour(Role.Highlight)
        shades = self.shades or [1.0] * len(heights)
        brushes = [pg.mkBrush(blend(base, high, f)) for f in shades]
        bars = pg.BarGraphItem(x=xs, height=heights, width=0.75, brushes=brushes, pen=None)
        item.addItem(bars)
        step = max(1, -(-len(self.labels) // MAX_TICKS))
        ticks = [(i, self.labels[i]) for i in range(0, len(self.labels), step)]
        item.getAxis("bottom").setTicks([ticks, []])
        item.getAxis("left").setLabel(unit)
        low = min(0.0, float(heights.min()))
        item.setXRange(-0.6, len(heights) - 0.4, padding=0)
        item.setYRange(low, max(float(heights.max()), 1e-9) * 1.08, padding=0)
        pairs = zip(self.labels, self.values, strict=True)
        if self.is_time:
            tip = [f"{label}: {long_duration(v)}" for label, v in pairs]
        else:
            tip = [f"{label}: {v:g}" for label, v in pairs]
        self.plot.setToolTip("\n".join(tip[-MAX_TICKS * 2 :]))


class ShowChart(Chart):
    """Horizontal bars, one per show, most listened at the top."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, name, parent)
        self.plot.getPlotItem().showGrid(x=True, y=False, alpha=0.25)

    def set_shows(self, labels: Sequence[str], seconds: Sequence[float]) -> None:
        """Show the listening per show (already sorted, most first)."""
        self.labels, self.values = list(labels), list(seconds)
        self.redraw()

    def redraw(self) -> None:
        """Bars from the top down, names on the left (shortened to fit)."""
        item = self.plot.getPlotItem()
        item.clear()
        if not self.values:
            return
        scale, unit = time_unit(max(self.values))
        n = len(self.values)
        widths = np.array(self.values, dtype=float) / scale
        ys = np.arange(n, dtype=float)[::-1]
        bars = pg.BarGraphItem(
            x0=np.zeros(n), y=ys, height=0.7, width=widths,
            brush=pg.mkBrush(self.colour(Role.Highlight)), pen=None,
        )  # fmt: skip
        item.addItem(bars)
        names = [(ys[i], _shorten(self.labels[i], 22)) for i in range(n)]
        item.getAxis("left").setTicks([names, []])
        item.getAxis("bottom").setLabel(unit)
        item.setYRange(-0.6, n - 0.4, padding=0)
        item.setXRange(0, max(float(widths.max()), 1e-9) * 1.05, padding=0)
        pairs = zip(self.labels, self.values, strict=True)
        self.plot.setToolTip("\n".join(f"{t}: {long_duration(v)}" for t, v in pairs))


class HeatmapChart(Chart):
    """Weekday rows by hour columns, shaded from the base colour to the highlight."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, name, parent)
        self.grid: list[list[float]] = [[0.0] * 24 for _ in range(7)]

    def set_grid(self, grid: Sequence[Sequence[float]]) -> None:
        """Seconds by weekday (Monday first) and hour."""
        self.grid = [list(row) for row in grid]
        self.values = [v for row in self.grid for v in row]
        self.labels = [f"{_(d)} {h:02d}" for d in WEEKDAYS for h in range(24)]
        self.redraw()

    def redraw(self) -> None:
        """One image: 24 columns, 7 rows, Monday at the top."""
        item = self.plot.getPlotItem()
        item.clear()
        data = np.array(self.grid, dtype=float)  # [weekday][hour]
        top = float(data.max()) or 1.0
        base, high = self.colour(Role.Base), self.colour(Role.Highlight)
        stops = [blend(blend(base, self.colour(Role.Mid), 0.25), high, t) for t in (0, 0.5, 1)]
        cmap = pg.ColorMap([0.0, 0.5, 1.0], [(c.red(), c.green(), c.blue()) for c in stops])
        image = pg.ImageItem(data.T[:, ::-1])  # x = hour, y = weekday (Monday on top)
        image.setLookupTable(cmap.getLookupTable(0.0, 1.0, 256))
        image.setLevels((0.0, top))
        item.addItem(image)
        item.getAxis("left").setTicks([[(6 - i + 0.5, _(d)) for i, d in enumerate(WEEKDAYS)], []])
        item.getAxis("bottom").setTicks([[(h + 0.5, f"{h:02d}") for h in range(0, 24, 3)], []])
        item.setXRange(0, 24, padding=0)
        item.setYRange(0, 7, padding=0)
        busiest = int(np.argmax(data)) if data.any() else -1
        if busiest >= 0:
            day, hour = divmod(busiest, 24)
            self.caption.setText(
                _(
                    "Most listening on {WEEKDAYS} {hour:02d}:00–{value:02d}:00 "
                    "({long_duration} in all)."
                ).format(
                    WEEKDAYS=_(WEEKDAYS[day]),
                    hour=hour,
                    value=hour + 1,
                    long_duration=long_duration(float(data.max())),
                )
            )
        else:
            self.caption.setText(_("No listening in this range."))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
