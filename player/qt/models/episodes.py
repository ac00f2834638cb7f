"""The episode list: a table model that loads pages in the background as the view scrolls.

A library can hold 50,000 episodes; the view asks for rows as they come into sight
(``canFetchMore``/``fetchMore``) and each page is queried on a worker thread, so neither a
big library nor a slow disk can stall the GUI thread.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from player.domain.models import Episode, EpisodeState
from player.qt.workers import TaskRunner
from player.storage import EpisodeQuery, EpisodeSort

PAGE_SIZE = 200
EPISODE_MIME = "application/x-podcast-player-episode-ids"
EpisodeRole = Qt.ItemDataRole.UserRole + 1
ProgressRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
PageLoader = Callable[[EpisodeQuery, int, int, Episode | None], tuple[list[Episode], int | None]]
"""``(query, offset, limit, after) -> (page, total)``: ``after`` is the last loaded episode
(keyset paging), total only for the first page (else None)."""


class Column(enum.IntEnum):
    """Columns of the episode table, in display order."""

    TITLE = 0
    PODCAST = 1
    DATE = 2
    DURATION = 3
    STATE = 4
    DOWNLOADED = 5


HEADERS = {
    Column.TITLE: "Title",
    Column.PODCAST: "Podcast",
    Column.DATE: "Date",
    Column.DURATION: "Duration",
    Column.STATE: "State",
    Column.DOWNLOADED: "Saved",
}
SORT_FOR_COLUMN = {
    Column.TITLE: EpisodeSort.TITLE,
    Column.PODCAST: EpisodeSort.PODCAST,
    Column.DATE: EpisodeSort.NEWEST,
    Column.DURATION: EpisodeSort.DURATION,
}


def format_clock(seconds: float | None) -> str:
    """1:02:03 or 2:03; empty when unknown."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def state_text(e: Episode) -> str:
    """New, Played, or how far in."""
    if e.in_progress:
        if e.duration:
            return f"{int(100 * e.position / e.duration)}% heard"
        return f"at {format_clock(e.position)}"
    return "Played" if e.state is EpisodeState.PLAYED else "New"


_BOLD: list[QFont] = []


def _bold_font() -> QFont:
    """One shared bold font for unplayed titles (data() is called for every visible cell)."""
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


DISPLAY = Qt.ItemDataRole.DisplayRole
FONT = Qt.ItemDataRole.FontRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset({DISPLAY, FONT, TOOLTIP, Qt.ItemDataRole.AccessibleTextRole, EpisodeRole,
                    ProgressRole})  # fmt: skip


_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
    | Qt.ItemFlag.ItemIsDragEnabled
)
"""What every cell is: Qt's defaults for a table cell, plus dragging (into the queue)."""


def _display_texts(e: Episode) -> tuple[str, ...]:
    """The six column texts of an episode row, in :class:`Column` order."""
    date = datetime.fromtimestamp(e.published).strftime("%Y-%m-%d") if e.published else ""
    return (
        e.title or "(untitled)",
        e.podcast_title,
        date,
        format_clock(e.duration),
        state_text(e),
        "✓" if e.download_path else "",
    )


_RELEASE_CHUNK = 500


def _release(dropped: tuple[list[Episode], dict[int, tuple[str, ...]]]) -> None:
    """Worker thread: empty the containers so their items are freed here, a few at a time.

    Freeing is C code that holds the GIL until it is done: ``rows.clear()`` on 50,000 episodes
    kept the GUI thread out of Python for ~100 ms. Small slices give it a turn in between.
    """
    rows, texts = dropped
    while rows:
        del rows[-_RELEASE_CHUNK:]
    for key in list(texts):  # one deletion per bytecode step: the GUI thread can cut in
        del texts[key]


class EpisodeTableModel(QAbstractTableModel):
    """Episodes matching an :class:`EpisodeQuery`, fetched a page at a time off the GUI thread."""

    loaded = Signal()
    """Emitted after each page arrives (tests and the status line use it)."""

    def __init__(self, runner: TaskRunner, loader: PageLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.loader = loader
        self.query = EpisodeQuery()
        self.rows: list[Episode] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self.total: int | None = None
        self.loading = False
        self.generation = 0

    # -- loading -------------------------------------------------------------------------

    def set_query(self, query: EpisodeQuery) -> None:
        """Show another selection/filter/search; drops what was loaded and starts over."""
        self.generation += 1
        self.beginResetModel()
        self.query = query
        # Freeing 50,000 rows takes tens of ms: let a worker drop the last references.
        dropped = (self.rows, self._texts)
        self.runner.run(lambda: _release(dropped))
        self.rows = []
        self._texts = {}
        self.total = None
        self.loading = False
        self.endResetModel()
        self._request()

    def reload(self) -> None:
        """Load the same query again (after a refresh or a state change)."""
        self.set_query(self.query)

    def _request(self) -> None:
        if self.loading:
            return
        self.loading = True
        generation, query, offset = self.generation, self.query, len(self.rows)
        after = self.rows[-1] if self.rows else None
        self.runner.run(
            lambda: self.loader(query, offset, PAGE_SIZE, after),
            lambda result: self._page_arrived(generation, offset, result),
            lambda exc: self._page_failed(generation, exc),
        )

    def _page_arrived(
        self, generation: int, offset: int, result: tuple[list[Episode], int | None]
    ) -> None:
        if generation != self.generation or offset != len(self.rows):
            return  # a newer query replaced this one while it loaded
        page, total = result
        self.loading = False
        if total is not None:
            self.total = total
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        if len(page) < PAGE_SIZE:
            self.total = len(self.rows)
        self.loaded.emit()

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.loading = False
            self.total = len(self.rows)
            self.loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        return not self.loading and self.total is not None and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not parent.isValid():
            self._request()

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def episode(self, row: int) -> Episode:
        """The episode shown on ``row``."""
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each repaint: ignore unhandled roles first,
        # and format a row's texts once (the cache is dropped with the rows).
        if role not in _ROLES:
            return None
        row = index.row()
        if row < 0 or row >= len(self.rows):
            return None
        e = self.rows[row]
        if role == DISPLAY:
            texts = self._texts.get(e.id)
            if texts is None:
                texts = self._texts[e.id] = _display_texts(e)
            return texts[index.column()]
        if role == FONT:
            # Only the title is bold: the other columns keep their measured, narrow widths.
            if index.column() != Column.TITLE or e.state is not EpisodeState.NEW:
                return None
            return None if e.in_progress else _bold_font()
        if role == EpisodeRole:
            return e
        if role == ProgressRole:
            if e.in_progress and e.duration:
                return min(1.0, e.position / e.duration)
            return 1.0 if e.state is EpisodeState.PLAYED else 0.0
        if role == TOOLTIP:
            return e.title if index.column() == Column.TITLE else None
        return f"{e.title}, {e.podcast_title}, {state_text(e)}"  # AccessibleTextRole

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database, so it works on rows not yet loaded too."""
        sort = SORT_FOR_COLUMN.get(Column(column))
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort == sort and self.query.descending == descending:
            return
        self.set_query(replace(self.query, sort=sort, descending=descending))

    # -- drag and drop ---------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every visible cell on each repaint: a constant, not an enum computation.
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [EPISODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self.rows[i.row()].id for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(EPISODE_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
