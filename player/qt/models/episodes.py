"""The episode list: a table model that loads pages in the background as the view scrolls.

A library can hold 50,000 episodes; the view asks for rows as they come into sight
(``canFetchMore``/``fetchMore``) and each page is queried on a worker thread, so neither a
big library nor a slow disk can stall the GUI thread. What a row shows is in
:mod:`.episode_cells`; how a refresh is planned off the GUI thread, in :mod:`.episode_refresh`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
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

from player.domain.models import Episode, EpisodeState
from player.domain.queries import EpisodeQuery
from player.i18n import _
from player.qt.models.episode_cells import (
    DISPLAY,
    FONT,
    HEADERS,
    ROLES,
    SORT_FOR_COLUMN,
    TOOLTIP,
    Column,
    EpisodeRole,
    ProgressRole,
    ShortStateRole,
    bold_font,
    display_texts,
    is_bold,
    progress,
    state_text,
)
from player.qt.models.episode_refresh import (
    PAGE_SIZE,
    PageLoader,
    RowFetcher,
    plan_refresh,
    release,
)
from player.qt.models.row_merge import MergePlan, apply_merge
from player.qt.workers import TaskRunner

log = logging.getLogger(__name__)

EPISODE_MIME = "application/x-podcast-player-episode-ids"
Index = QModelIndex | QPersistentModelIndex


_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
    | Qt.ItemFlag.ItemIsDragEnabled
)
"""What every cell is: Qt's defaults for a table cell, plus dragging (into the queue)."""


class EpisodeTableModel(QAbstractTableModel):
    """Episodes matching an :class:`EpisodeQuery`, fetched a page at a time off the GUI thread."""

    loaded = Signal()
    """Emitted after each page arrives (tests and the status line use it)."""
    aboutToMerge = Signal()
    """A refresh is about to change rows in place (views remember what they show)."""
    merged = Signal()
    """A refresh changed rows in place (views put back what they showed)."""

    def __init__(
        self,
        runner: TaskRunner,
        loader: PageLoader,
        parent: Any = None,
        fetch: RowFetcher | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.loader = loader
        self.fetch = fetch
        self._version = 0  # bumped on every change of ``rows``: a late refresh plan is dropped
        self._pending_refresh: bool | None = None
        self._kept = 0  # listed rows the query no longer returns (they stay after a refresh)
        self._playing_id: int | None = None
        self._found: tuple[int, int, int] = (
            -1,
            -1,
            -1,
        )  # (version, episode id, row) last looked up
        self.query = EpisodeQuery()
        self._shown_generation = [0]
        """:attr:`generation` in a plain list the workers read: a page of an older one gives up."""
        self.rows: list[Episode] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self.total: int | None = None
        self.loading = False
        self.generation = 0

    # -- loading -------------------------------------------------------------------------

    def set_query(self, query: EpisodeQuery) -> None:
        """Show another selection/filter/search; drops what was loaded and starts over."""
        self.generation += 1
        self._shown_generation[0] = self.generation
        self._version += 1
        self._pending_refresh = None
        self._kept = 0
        self.beginResetModel()
        self.query = query
        # Freeing 50,000 rows takes tens of ms: let a worker drop the last references.
        dropped = (self.rows, self._texts)
        self.runner.run(lambda: release(dropped))
        self.rows = []
        self._texts = {}
        self.total = None
        self.loading = False
        self.endResetModel()
        self._request()

    def reload(self) -> None:
        """Load the same query again from scratch (a model reset: back to the top)."""
        self.set_query(self.query)

    def refresh(self, keep_unmatched: bool = True) -> None:
        """Load the same query again and update the shown rows in place.

        Changed rows change where they are and new episodes appear; the selection and the
        scroll position stay. With ``keep_unmatched`` rows that no longer match stay too (an
        episode heard to the end does not vanish from "New" under the listener); without it
        (the listener marked them) they are removed.
        """
        if self.fetch is None or self.total is None:
            self.reload()
            return
        if self.loading:  # a page is on its way: refresh once it is in
            self._pending_refresh = keep_unmatched and self._pending_refresh is not False
            return
        generation, version, query = self.generation, self._version, self.query
        old_ids = [e.id for e in self.rows]
        loader, fetch = self.loader, self.fetch
        self.runner.run(
            lambda: plan_refresh(loader, fetch, query, old_ids, keep_unmatched),
            lambda result: self._merge(generation, version, keep_unmatched, result),
            lambda exc: log.warning("refreshing the episode list failed: %s", exc),
        )

    def _merge(
        self, generation: int, version: int, keep: bool, result: tuple[MergePlan[Episode], int, int]
    ) -> None:
        if generation != self.generation:
            return  # another query is shown now
        if version != self._version or self.loading:
            self.refresh(keep)  # rows changed (or a page is coming) while it was planned
            return
        plan, matching, kept = result
        self.aboutToMerge.emit()
        apply_merge(self, self.rows, plan)
        dropped = (self.rows, self._texts)
        self.runner.run(lambda: release(dropped))
        self.rows, self._texts = plan.rows, {}
        self._version += 1
        self._kept = kept
        self.total = max(matching + kept, len(self.rows))
        if self.rows:
            last = self.index(len(self.rows) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.merged.emit()
        self.loaded.emit()

    # -- following playback ----------------------------------------------------------------

    def follow_episode(self, episode: Episode | None) -> None:
        """The player loaded (or finished) ``episode``: its row shows what the player knows."""
        self._playing_id = episode.id if episode is not None else None
        if episode is not None:
            row = self._row_of(episode.id)
            if row >= 0:
                self._replace(row, replace(episode, podcast_title=self.rows[row].podcast_title))

    def follow_position(self, position: float, duration: float) -> None:
        """Playback moved: the playing row's state text and progress bar follow, in place."""
        row = self._row_of(self._playing_id) if self._playing_id is not None else -1
        if row < 0:
            return
        e = self.rows[row]
        if e.state is EpisodeState.PLAYED and position <= 0:
            return  # the end of an episode resets the position; it stays "Played"
        self._replace(row, replace(e, position=position, duration=duration or e.duration))

    def _row_of(self, episode_id: int) -> int:
        """The row of an episode, or -1. Asked on every playback tick: the answer is kept
        until the rows change, so a list without the playing episode is not searched again."""
        version, found_id, row = self._found
        if version == self._version and found_id == episode_id:
            return row
        row = next((i for i, e in enumerate(self.rows) if e.id == episode_id), -1)
        self._found = (self._version, episode_id, row)
        return row

    def _replace(self, row: int, episode: Episode) -> None:
        """Show new data for one row; repaint it only when what it shows changed."""
        before = self.rows[row]
        self.rows[row] = episode
        shown = (display_texts(before), progress(before), is_bold(before))
        if shown == (display_texts(episode), progress(episode), is_bold(episode)):
            return
        self._texts.pop(episode.id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _request(self) -> None:
        if self.loading:
            return
        self.loading = True
        generation, query, listed = self.generation, self.query, len(self.rows)
        offset = listed - self._kept  # kept rows are not in the query's result
        after = self.rows[-1] if self.rows else None
        shown = self._shown_generation

        def stale() -> bool:  # worker thread: another query was asked for since
            return shown[0] != generation

        self.runner.run(
            lambda: self.loader(query, offset, PAGE_SIZE, after, stale),
            lambda result: self._page_arrived(generation, listed, result),
            lambda exc: self._page_failed(generation, exc),
        )

    def _page_arrived(
        self, generation: int, listed: int, result: tuple[list[Episode], int | None]
    ) -> None:
        if generation != self.generation or listed != len(self.rows):
            return  # a newer query replaced this one while it loaded
        page, total = result
        last_page = len(page) < PAGE_SIZE
        self.loading = False
        if total is not None:
            self.total = total
        if page and self._kept:  # after a refresh kept rows, offsets may overlap them
            listed_ids = {e.id for e in self.rows}
            page = [e for e in page if e.id not in listed_ids]
        if page:
            self._version += 1
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        if last_page:
            self.total = len(self.rows)
        self.loaded.emit()
        self._run_pending_refresh()

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.loading = False
            self.total = len(self.rows)
            self.loaded.emit()
            self._run_pending_refresh()

    def _run_pending_refresh(self) -> None:
        keep, self._pending_refresh = self._pending_refresh, None
        if keep is not None:
            self.refresh(keep)

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
            return _(HEADERS[Column(section)])
        return None

    def episode(self, row: int) -> Episode:
        """The episode shown on ``row``."""
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each repaint: ignore unhandled roles first,
        # and format a row's texts once (the cache is dropped with the rows).
        if role not in ROLES:
            return None
        row = index.row()
        if row < 0 or row >= len(self.rows):
            return None
        e = self.rows[row]
        if role == DISPLAY:
            texts = self._texts.get(e.id)
            if texts is None:
                texts = self._texts[e.id] = display_texts(e)
            return texts[index.column()]
        if role == FONT:
            # Only the title is bold: the other columns keep their measured, narrow widths.
            return bold_font() if index.column() == Column.TITLE and is_bold(e) else None
        if role == EpisodeRole:
            return e
        if role == ProgressRole:
            return progress(e)
        if role == ShortStateRole:
            return state_text(e, short=True)
        if role == TOOLTIP:
            return e.title if index.column() == Column.TITLE else None
        return f"{e.title}, {e.podcast_title}, {state_text(e)}"  # AccessibleTextRole

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database, so it works on rows not yet loaded too.

        ``column`` -1 (no sort arrow: a search in best-match order) changes nothing.
        """
        if column < 0:
            return
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

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self.rows[i.row()].id for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(EPISODE_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
