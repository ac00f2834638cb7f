"""Library pane: the subscriptions sidebar and the episode list of the selection.

A view: it reports what the listener asks for through signals (play, queue, mark played,
download, unsubscribe...) and the window carries those out through the services.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Episode, Podcast
from player.domain.organise import QueueSummary
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.domain.view_filters import DEFAULT_PREFS, EpisodeFilters, ViewPrefs
from player.i18n import _, formats, ngettext
from player.qt.models.episode_cells import SORT_FOR_COLUMN, Column, EpisodeRole
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import EntryRole, LibraryEntry, LibraryListModel, PodcastRole
from player.qt.widgets import sidebar as sidebar_menus
from player.qt.widgets.covers import CoverProvider
from player.qt.widgets.delegates import PodcastDelegate, ProgressDelegate
from player.qt.widgets.episode_filters import EpisodeFilterButton, FilterChip
from player.qt.widgets.sidebar import SidebarView
from player.qt.widgets.title_columns import ColumnText, TitleFirstColumns
from player.qt.widgets.view_anchor import ScrollAnchor

if TYPE_CHECKING:
    from player.services.organise import SidebarData

SEARCH_DELAY_MS = 30
"""The typing pause before the list searches: short, because a search typed past gives up its
reads (:class:`~player.qt.models.episodes.EpisodeTableModel` tells its loader it is stale),
so searching as the listener types costs nothing; long enough to take a paste or a key's
auto-repeat as one change. 150 ms made every search wait longer than it took (issue 21's
target: results < 100 ms after the last key at 1,000,000 episodes)."""
SIDEBAR_WIDTH = 180
"""Compact rows elide long names: the episode titles need the width more."""


def column_texts() -> dict[int, ColumnText]:
    """What each column besides the title usually shows, and the least it must show in full,
    in the current language (a German date or state is not as wide as an English one)."""
    widest_day = formats.date(datetime(2026, 12, 31, 12).timestamp())
    heard = _("{percent}% heard").format(percent=100)
    return {
        Column.PODCAST: ColumnText(_("A podcast's name"), _("Podcast"), share=0.2),
        Column.DATE: ColumnText(widest_day, widest_day),
        Column.DURATION: ColumnText("10:00:00", "1:59:59"),
        Column.STATE: ColumnText(heard, _("Played")),
        Column.DOWNLOADED: ColumnText("✓", "✓"),
    }


def result_count_text(total: int | None, text: str) -> str:
    """ "12 episodes match “chapters”" (or that the search is still running, or found none)."""
    if total is None:
        return _("Searching for “{text}”…").format(text=text)
    if total == 0:
        return _("No episodes match “{text}”").format(text=text)
    return ngettext(
        "{count} episode matches “{text}”", "{count} episodes match “{text}”", total
    ).format(count=formats.number(total), text=text)


class LibraryPane(QWidget):
    """Browse subscriptions and their episodes; every action is one or two clicks away."""

    playRequested = Signal(Episode)
    playNextRequested = Signal(list)
    queueRequested = Signal(list)
    queueToRequested = Signal(list, int)
    """Queue these episode ids at the end of the queue with this id ("Add to queue ▸")."""
    markPlayedRequested = Signal(list, bool)
    downloadRequested = Signal(list)
    deleteDownloadRequested = Signal(list)
    showNotesRequested = Signal(Episode)
    refreshPodcastRequested = Signal(int)
    markAllPlayedRequested = Signal(int)
    podcastSettingsRequested = Signal(Podcast)
    unsubscribeRequested = Signal(Podcast)
    podcastPageRequested = Signal(Podcast)
    # Organising (the sidebar's menus and drops; see player/qt/widgets/sidebar.py):
    moveToFolderRequested = Signal(list, str)
    """Podcast ids and the folder path to put them in ("" = no folder)."""
    newFolderRequested = Signal(list, str)
    """Ask for a new folder's name (under the given parent path), then move these shows in."""
    renameFolderRequested = Signal(str)
    deleteFolderRequested = Signal(str)
    podcastTagsRequested = Signal(Podcast)
    episodeTagsRequested = Signal(list)
    """Episode ids whose tags the listener wants to edit."""
    sidebarSortRequested = Signal(str)
    playlistPlayRequested = Signal(int)
    playlistEditRequested = Signal(int)
    playlistDeleteRequested = Signal(int)
    newPlaylistRequested = Signal()
    viewPrefsChanged = Signal()
    """A view's filters or order changed (the controller saves :meth:`view_prefs`)."""

    def __init__(
        self,
        library_model: LibraryListModel,
        episode_model: EpisodeTableModel,
        covers: CoverProvider,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAccessibleName(_("Library"))
        self.library_model = library_model
        self.episode_model = episode_model
        self.current_entry: LibraryEntry | None = None
        self.queue_choices: Callable[[], list[QueueSummary]] = list
        """The queues "Add to a queue ▸" lists (the controller hands in the queue pane's)."""

        self.sidebar = SidebarView(library_model)
        self.sidebar.setObjectName("podcastList")
        self.sidebar.setAccessibleName(_("Subscriptions"))
        self.sort_button: QToolButton
        library_model.podcastsDropped.connect(self.moveToFolderRequested)
        self.sidebar.setItemDelegate(PodcastDelegate(covers, self.sidebar))
        self.sidebar.setUniformItemSizes(False)
        # Rows are as wide as the list: a scrollbar across would hide the badges at their end.
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.selectionModel().selectionChanged.connect(self._entry_selected)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(self._podcast_menu)
        self.sidebar.setMouseTracking(True)
        covers.coverReady.connect(lambda _url: self.sidebar.viewport().update())

        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setAccessibleName(_("Search episodes"))
        self.search.setPlaceholderText(_("Search episodes (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.filter = EpisodeFilterButton()
        self.filter.changed.connect(self._filters_picked)
        self.filter_chip = FilterChip()
        self.filter_chip.clearRequested.connect(self.clear_filters)
        self._prefs: dict[str, ViewPrefs] = {}
        """Each sidebar view's filters and order, by entry key (see :meth:`set_view_prefs`)."""
        self.clock = time.time
        """What "last 7 days" counts back from (tests set it)."""

        self.table = QTableView()
        self.table.setObjectName("episodeTable")
        self.table.setAccessibleName(_("Episodes"))
        self.table.setModel(episode_model)
        self.table.setItemDelegateForColumn(Column.STATE, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # The arrow first, and a model that has loaded nothing yet told its order: enabling
        # sorting then asks for the order it already has, so building the pane starts no
        # query (one would count every episode of the library only to be replaced by the
        # selected entry's, competing with the first frame's queries).
        self.table.horizontalHeader().setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        if episode_model.total is None and not episode_model.loading:
            episode_model.query = replace(episode_model.query, descending=True)
        self.table.setSortingEnabled(True)
        # After the view's own connection: the model has sorted by the time this runs.
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted_by_header)
        self._showing_sort = False
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._episode_menu)
        # Font-based widths, never "resize to contents": that measures every loaded row on each
        # page insert, which grows with the library and stalls the GUI thread at 50k rows.
        self.columns = TitleFirstColumns(self.table, Column.TITLE, column_texts())
        self.anchor = ScrollAnchor(self.table, episode_model)
        # What a search returns to.
        self._listing_sort: tuple[EpisodeSort, bool | None] = (EpisodeSort.NEWEST, True)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

        right = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.filter)
        column = self.episode_column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.filter_chip)
        column.addWidget(self.table, 1)
        self.result_count = QLabel()
        self.result_count.setObjectName("searchResultCount")
        self.result_count.hide()
        column.addWidget(self.result_count)
        episode_model.loaded.connect(self._show_result_count)
        episode_model.loaded.connect(self._show_filter_chip)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.addWidget(sidebar_menus.sidebar_column(self, self.sidebar))
        self.splitter.addWidget(right)
        # The sidebar keeps its width (the listener's, once dragged): the episodes get the rest.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- selection and filtering -------------------------------------------------------------

    def show_sidebar(self, data: SidebarData, key: str, *, reload_same: bool = True) -> None:
        """Show a load of the sidebar and select ``key`` (else "New") in it.

        With ``reload_same`` False an entry already selected under ``key`` keeps its list as
        it is (the window's first load: a fixed entry such as "New" was selected before the
        shows arrived, and its first page is on its way or there).
        """
        self.library_model.set_library(data.podcasts, data.folders, data.activity)
        current = self.current_entry
        if not reload_same and current is not None and current.key == key:
            row = self.library_model.row_of(key)
            if row >= 0 and self.sidebar.currentIndex().row() == row:
                self.current_entry = self.library_model.index(row).data(EntryRole)
                return
        if not self.select_entry(key):
            self.select_entry("new")

    def select_entry(self, key: str) -> bool:
        """Select a sidebar entry by key ("new", "podcast:3"...); False when there is none."""
        row = self.library_model.reveal(key)
        if row < 0:
            return False
        index = self.library_model.index(row)
        if self.sidebar.currentIndex() == index and self.current_entry is not None:
            # Same entry: the podcast object may be newer (counts); keep the view in step.
            self.current_entry = index.data(EntryRole)
            self.episode_model.refresh()
            return True
        self.sidebar.setCurrentIndex(index)
        return True

    def _entry_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        self.current_entry = indexes[0].data(EntryRole)
        # One show's list does not need a column repeating its name.
        self.table.setColumnHidden(Column.PODCAST, self.current_entry.podcast is not None)
        self.search.setPlaceholderText(
            _("Search in {label} (Ctrl+F)").format(label=self.current_entry.display_label)
        )
        self._restore_prefs()
        self._apply_filters(force=True)

    def _apply_filters(self, force: bool = False) -> None:
        """Show the current entry's episodes with the search and filter applied.

        ``force`` reloads even when the query is unchanged (a new selection, or the same one
        after the library changed); typing pauses do not reload an unchanged query.
        """
        base = self.current_entry.query if self.current_entry else self.episode_model.query
        text = self.search.text().strip()
        shown = self.episode_model.query
        if text and shown.text:  # still searching: keep the order picked for the results
            sort, descending = shown.sort, shown.descending
        elif text:  # a search starts: best match first
            sort, descending = EpisodeSort.RELEVANCE, None
        else:  # the view's own (remembered) order
            sort, descending = self._listing_sort
        query = replace(
            # To the minute: "last 7 days" read twice a second apart is the same query.
            self.filter.filters().apply(base, self.clock() // 60 * 60),
            text=text,
            sort=sort,
            descending=descending,
        )
        if force or query != self.episode_model.query or self.episode_model.total is None:
            self.episode_model.set_query(query)
            self._show_sort(query)
        self._show_result_count()
        self._show_filter_chip()

    def _show_sort(self, query: EpisodeQuery) -> None:
        """The header's sort arrow: none for "best match", else the sorted column's."""
        column = next((c for c, s in SORT_FOR_COLUMN.items() if s is query.sort), -1)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        self._showing_sort = True
        try:
            self.table.horizontalHeader().setSortIndicator(column, order)
        finally:
            self._showing_sort = False

    def _show_result_count(self) -> None:
        """Under a search: how many episodes match (the list loads them a page at a time)."""
        query, total = self.episode_model.query, self.episode_model.total
        self.result_count.setVisible(bool(query.text))
        if query.text:
            self.result_count.setText(result_count_text(total, query.text))

    def _show_filter_chip(self) -> None:
        self.filter_chip.show_state(self.filter.filters(), self.episode_model.total)

    # -- remembered per view -------------------------------------------------------------------

    def set_view_prefs(self, prefs: dict[str, ViewPrefs]) -> None:
        """Take the remembered filters and orders (loaded at start); the shown view follows."""
        self._prefs = dict(prefs)
        if self.current_entry is not None:
            self._restore_prefs()
            self._apply_filters(force=True)

    def view_prefs(self) -> dict[str, ViewPrefs]:
        """Every view's filters and order as they are now (what the controller stores)."""
        return dict(self._prefs)

    def _restore_prefs(self) -> None:
        """The current view's filters and order into the filter button and the sort."""
        key = self.current_entry.key if self.current_entry else ""
        prefs = self._prefs.get(key, DEFAULT_PREFS)
        self.filter.set_filters(prefs.filters)
        self._listing_sort = (prefs.sort, prefs.descending)

    def _remember(self, **changes: object) -> None:
        if self.current_entry is None:
            return
        key = self.current_entry.key
        prefs = replace(self._prefs.get(key, DEFAULT_PREFS), **changes)  # type: ignore[arg-type]
        if prefs != self._prefs.get(key, DEFAULT_PREFS):
            self._prefs[key] = prefs
            self.viewPrefsChanged.emit()

    def _filters_picked(self, filters: EpisodeFilters) -> None:
        self._remember(filters=filters)
        self._apply_filters()

    def clear_filters(self) -> None:
        """The chip's "Clear filters": the view lists everything again (its order stays)."""
        self.filter.set_filters(EpisodeFilters())
        self._filters_picked(EpisodeFilters())

    def _sorted_by_header(self, _column: int, _order: Qt.SortOrder) -> None:
        """A header click sorted the list: the view keeps that order (a search's does not)."""
        query = self.episode_model.query
        if self._showing_sort or query.text or query.sort is EpisodeSort.RELEVANCE:
            return
        self._listing_sort = (query.sort, query.descending)
        self._remember(sort=query.sort, descending=query.descending)

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- episodes ----------------------------------------------------------------------------

    def selected_episodes(self) -> list[Episode]:
        """The selected rows' episodes, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.episode_model.episode(r) for r in rows]

    def _activated(self, index: QModelIndex) -> None:
        episode = index.siblingAtColumn(0).data(EpisodeRole)
        if episode is not None:
            self.playRequested.emit(episode)

    def _episode_menu(self, point: QPoint) -> None:
        episodes = self.selected_episodes()
        if not episodes:
            return
        ids = [e.id for e in episodes]
        first = episodes[0]
        menu = QMenu(self)
        menu.addAction(_("Play"), lambda: self.playRequested.emit(first))
        menu.addAction(_("Play next"), lambda: self.playNextRequested.emit(ids))
        menu.addAction(_("Add to queue"), lambda: self.queueRequested.emit(ids))
        if len(queues := self.queue_choices()) > 1:
            sub = menu.addMenu(_("Add to a queue"))
            sub.setObjectName("addToQueueMenu")
            for queue in queues:
                label = f"{queue.name} ({queue.count})"
                sub.addAction(label, lambda *_, q=queue.id: self.queueToRequested.emit(ids, q))
        menu.addSeparator()
        if any(e.state.value == "new" for e in episodes):
            menu.addAction(_("Mark played"), lambda: self.markPlayedRequested.emit(ids, True))
        if any(e.state.value == "played" or e.in_progress for e in episodes):
            menu.addAction(_("Mark unplayed"), lambda: self.markPlayedRequested.emit(ids, False))
        menu.addSeparator()
        # Imported here: it brings the download transfer module (httpx), which the window's
        # first frame does not need.
        from player.services.downloads.eligible import can_download

        if wanted := [e.id for e in episodes if can_download(e)]:
            menu.addAction(_("Download"), lambda: self.downloadRequested.emit(wanted))
        if any(e.download_path for e in episodes):
            menu.addAction(_("Delete download"), lambda: self.deleteDownloadRequested.emit(ids))
        menu.addSeparator()
        menu.addAction(_("Show notes"), lambda: self.showNotesRequested.emit(first))
        menu.addAction(_("Tags…"), lambda: self.episodeTagsRequested.emit(ids))
        menu.popup(self.table.viewport().mapToGlobal(point))
        self._menu = menu

    # -- podcasts ----------------------------------------------------------------------------

    def _podcast_menu(self, point: QPoint) -> None:
        index = self.sidebar.indexAt(point)
        podcast: Podcast | None = index.data(PodcastRole) if index.isValid() else None
        if podcast is None:
            other = sidebar_menus.other_row_menu(
                self, index.data(EntryRole) if index.isValid() else None
            )
            if other is not None:
                sidebar_menus.popup(self, other, point)
            return
        menu = QMenu(self)
        menu.addAction(_("Podcast page"), lambda: self.podcastPageRequested.emit(podcast))
        menu.addAction(_("Refresh"), lambda: self.refreshPodcastRequested.emit(podcast.id))
        menu.addAction(_("Mark all played"), lambda: self.markAllPlayedRequested.emit(podcast.id))
        menu.addAction(_("Settings…"), lambda: self.podcastSettingsRequested.emit(podcast))
        menu.addAction(_("Copy feed URL"), lambda: QGuiApplication.clipboard().setText(podcast.url))
        menu.addSeparator()
        sidebar_menus.folder_menu_entries(self, menu, podcast)
        menu.addSeparator()
        menu.addAction(_("Unsubscribe…"), lambda: self.unsubscribeRequested.emit(podcast))
        menu.popup(self.sidebar.viewport().mapToGlobal(point))
        self._menu = menu
