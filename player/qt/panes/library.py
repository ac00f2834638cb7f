"""Library pane: the subscriptions sidebar and the episode list of the selection."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Episode
from player.qt.models.episodes import Column, EpisodeRole, EpisodeTableModel
from player.qt.models.library import EntryRole, LibraryEntry, LibraryListModel

FILTERS = (("All episodes", {}), ("Unplayed", {"unplayed": True}),
           ("Downloaded", {"downloaded": True}))  # fmt: skip


class LibraryPane(QWidget):
    """Browse subscriptions and their episodes."""

    episode_activated = Signal(object)
    """An episode was double-clicked or activated with Enter (an :class:`Episode`)."""

    def __init__(
        self,
        library_model: LibraryListModel,
        episode_model: EpisodeTableModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAccessibleName("Library")
        self.library_model = library_model
        self.episode_model = episode_model
        self.current_entry: LibraryEntry | None = None

        self.sidebar = QListView()
        self.sidebar.setObjectName("podcastList")
        self.sidebar.setAccessibleName("Subscriptions")
        self.sidebar.setModel(library_model)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.selectionModel().selectionChanged.connect(self._entry_selected)

        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setAccessibleName("Search episodes")
        self.search.setPlaceholderText("Search episodes")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filters)

        self.filter = QComboBox()
        self.filter.setObjectName("episodeFilter")
        self.filter.setAccessibleName("Episode filter")
        for label, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(self._apply_filters)

        self.table = QTableView()
        self.table.setObjectName("episodeTable")
        self.table.setAccessibleName("Episodes")
        self.table.setModel(episode_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (
            Column.PODCAST,
            Column.DATE,
            Column.DURATION,
            Column.STATE,
            Column.DOWNLOADED,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

        right = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.filter)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def select_entry(self, key: str) -> bool:
        """Select a sidebar entry by key ("new", "podcast:3"...); False when there is none."""
        row = self.library_model.row_of(key)
        if row < 0:
            return False
        self.sidebar.setCurrentIndex(self.library_model.index(row))
        return True

    def _entry_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        self.current_entry = indexes[0].data(EntryRole)
        self._apply_filters()

    def _apply_filters(self) -> None:
        base = self.current_entry.query if self.current_entry else self.episode_model.query
        flags = FILTERS[self.filter.currentIndex()][1]
        query = replace(
            base,
            text=self.search.text().strip(),
            unplayed=base.unplayed or flags.get("unplayed", False),
            downloaded=base.downloaded or flags.get("downloaded", False),
            sort=self.episode_model.query.sort,
            descending=self.episode_model.query.descending,
        )
        self.episode_model.set_query(query)

    def selected_episodes(self) -> list[Episode]:
        """The selected rows' episodes, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.episode_model.episode(r) for r in rows]

    def _activated(self, index) -> None:  # type: ignore[no-untyped-def]
        episode = index.siblingAtColumn(0).data(EpisodeRole)
        if episode is not None:
            self.episode_activated.emit(episode)
