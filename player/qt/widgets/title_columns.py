"""Column widths of the episode table: the Title column wins the width, the others fit their text.

Qt offers either "Stretch" (the title takes what is left, but cannot be dragged and is left
with 40 px once the other columns took their share) or "Interactive" (draggable, but the
widths ignore the view and a horizontal scrollbar appears). This keeps every section
draggable and fits them to the viewport on each resize:

- every other column wants the width of its *typical* text (measured from font metrics,
  never from the rows: measuring 50,000 rows stalls the GUI thread);
- the title gets the rest, and never less than a share of the view: when the view is narrow
  the other columns give up width, down to their shortest useful text;
- a dragged edge is the listener's choice: the dragged column keeps its width and the title
  gives or takes the difference (down to a floor);
- the sections always add up to the viewport's width, so there is no horizontal scrollbar.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

TITLE_SHARE = 0.45
"""The smallest part of the view the title keeps while other columns can still shrink."""
TITLE_MIN_PX = 120


@dataclass(frozen=True, slots=True)
class ColumnText:
    """What a column usually shows, and the shortest text it must still show in full."""

    typical: str
    shortest: str
    share: float = 0.0
    """A part of a wide view the column may take beyond its typical text (long names)."""


class TitleFirstColumns(QObject):
    """Keeps a table's sections fitted to its viewport, the title column taking the rest."""

    def __init__(self, table: QTableView, title: int, texts: Mapping[int, ColumnText]) -> None:
        super().__init__(table)
        self.table = table
        self.title = title
        self.texts = dict(texts)
        self.header = table.horizontalHeader()
        self.header.setStretchLastSection(False)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header.setMinimumSectionSize(16)
        self.wanted: dict[int, int] = {}
        self.minimum: dict[int, int] = {}
        self.dragged: set[int] = set()
        """Columns the listener sized: fitting takes width from the others first."""
        self.title_wanted: int | None = None
        """The title's width once the listener dragged an edge (else a share of the view)."""
        self._fitting = False
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        self.measure()
        self.header.sectionResized.connect(self._section_resized)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        table.installEventFilter(self)

    # -- measuring ----------------------------------------------------------------------------

    def measure(self) -> None:
        """Wanted and minimum widths from the font (again after a font or style change)."""
        metrics = QFontMetrics(self.table.font())  # only the title is bold when unplayed
        style = self.table.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table)
        pad = 2 * (margin + 1) + 4  # the delegate's text margins, the grid line, some air
        labels = self.header.fontMetrics()
        label_pad = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self.header)
        model = self.table.model()
        for column, text in self.texts.items():
            # The header's own hint leaves room for a sort arrow; the label alone must fit.
            hint = max(0, self.header.sectionSizeHint(column))
            label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            shortest = max(
                metrics.horizontalAdvance(text.shortest) + pad,
                labels.horizontalAdvance(label) + label_pad,
            )
            self.minimum[column] = shortest
            self.wanted[column] = max(metrics.horizontalAdvance(text.typical) + pad, hint, shortest)
        self.fit()

    # -- fitting ------------------------------------------------------------------------------

    def fit(self) -> None:
        """Give the other columns what they want (or less, when the title would be cramped)
        and the title exactly the rest of the viewport."""
        available = self.table.viewport().width()
        others = [
            c
            for c in range(self.header.count())
            if c != self.title and not self.header.isSectionHidden(c)
        ]
        wanted = {c: self._wanted_at(c, available) for c in others}
        minimum = {c: self.minimum.get(c, 16) for c in others}
        # The title keeps its share while columns the listener did not size can give way;
        # a column the listener widened on purpose may take the title down to its floor.
        kept = {c: wanted[c] if c in self.dragged else minimum[c] for c in others}
        title = int(available * TITLE_SHARE) if self.title_wanted is None else self.title_wanted
        widths = _shrunk(wanted, kept, available - max(TITLE_MIN_PX, title))
        if sum(widths.values()) > available - TITLE_MIN_PX:
            widths = _shrunk(widths, minimum, available - TITLE_MIN_PX)
        self._fitting = True
        try:
            for column, width in widths.items():
                if self.header.sectionSize(column) != width:
                    self.header.resizeSection(column, width)
            title = max(TITLE_MIN_PX, available - sum(widths.values()))
            if self.header.sectionSize(self.title) != title:
                self.header.resizeSection(self.title, title)
        finally:
            self._fitting = False

    def _wanted_at(self, column: int, available: int) -> int:
        wanted = self.wanted.get(column, self.header.sectionSize(column))
        text = self.texts.get(column)
        if text is None or column in self.dragged:
            return wanted
        return max(wanted, int(available * text.share))

    def _section_resized(self, column: int, old: int, new: int) -> None:
        if self._fitting:
            return
        if old == 0 or new == 0:
            # A column is being hidden or shown (the header says so once this returns):
            # share its width out again right after.
            self._refit.start()
            return
        if column == self.title:
            self.title_wanted = new
            self._move_title_edge(new - old)
        else:  # the title gives (or takes) the width
            self.title_wanted = self.header.sectionSize(self.title) - (new - old)
            self.wanted[column] = new
            self.dragged.add(column)
        self.fit()

    def _move_title_edge(self, delta: int) -> None:
        """The listener dragged the title's right edge: the columns after it give (or take)
        that width, nearest first, each down to its minimum."""
        following = [
            c
            for c in (self.header.logicalIndex(v) for v in range(self.header.count()))
            if c != self.title
            and not self.header.isSectionHidden(c)
            and self.header.visualIndex(c) > self.header.visualIndex(self.title)
        ]
        if not following:
            return
        if delta < 0:
            self.wanted[following[0]] = self.header.sectionSize(following[0]) - delta
            self.dragged.add(following[0])
            return
        for column in following:
            current = self.header.sectionSize(column)
            give = min(delta, max(0, current - self.minimum.get(column, 16)))
            self.wanted[column] = current - give
            self.dragged.add(column)
            delta -= give
            if delta <= 0:
                break

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not shiboken6.isValid(self.table):
            return False  # the table is being destroyed; its viewport still gets events
        if kind == QEvent.Type.Resize and watched is self._viewport:
            self.fit()
        elif watched is self.table and kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.measure()
        return False


def _shrunk(wanted: dict[int, int], minimum: dict[int, int], room: int) -> dict[int, int]:
    """``wanted`` widths, each cut toward its minimum in proportion to what it can spare,
    so that together they fit in ``room`` (or all at their minimum when even that is too
    much)."""
    excess = sum(wanted.values()) - room
    spare = {c: max(0, w - minimum[c]) for c, w in wanted.items()}
    total_spare = sum(spare.values())
    if excess <= 0 or total_spare == 0:
        return dict(wanted) if excess <= 0 else {c: min(w, minimum[c]) for c, w in wanted.items()}
    ratio = min(1.0, excess / total_spare)
    return {c: w - math.ceil(spare[c] * ratio) for c, w in wanted.items()}
