"""The library-wide Bookmarks window: search, filter by podcast, order; play, edit, delete,
export, import and save clips.

A view only, like the Bookmarks tab (:mod:`player.qt.widgets.bookmarks`, whose buttons and row
text it shares): it shows what it is given and says what the listener asked for; the controller
(:mod:`player.qt.controllers.bookmarks`) does the rest on the task pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.domain.bookmark import Bookmark, BookmarkQuery, BookmarkSort
from player.i18n import N_, _
from player.qt.widgets.bookmarks import (
    ID_ROLE,
    NO_BOOKMARKS,
    NONE_MATCH,
    SEARCH_DELAY_MS,
    BookmarkActions,
    selected_ids_of,
    where,
)

JSON_FILTER = N_("Bookmarks (*.json)")
MARKDOWN_FILTER = N_("Markdown (*.md)")

AT, BOOKMARK, EPISODE, PODCAST, CREATED = range(5)
HEADERS = (N_("At"), N_("Bookmark"), N_("Episode"), N_("Podcast"), N_("Added"))


class BookmarksWindow(QDialog):
    """Every bookmark: search, one podcast or all, by date or position; play, edit, delete."""

    queryChanged = Signal(object)
    """A :class:`BookmarkQuery` to list (typing waits a moment)."""
    playRequested = Signal(int)
    editRequested = Signal(int)
    deleteRequested = Signal(list)
    exportRequested = Signal(str, str)
    """A file path and a format (``json`` or ``md``) the listener chose."""
    importRequested = Signal(str)
    """A JSON export the listener chose to merge in."""
    clipRequested = Signal(int, str)
    """A bookmark id and the audio file its clip should be saved as."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarksWindow")
        self.setWindowTitle(_("Bookmarks"))
        self.search = QLineEdit()
        self.search.setObjectName("bookmarkSearch")
        self.search.setPlaceholderText(_("Search titles, notes and episodes"))
        self.search.setClearButtonEnabled(True)
        self.podcast = QComboBox()
        self.podcast.setObjectName("bookmarkPodcast")
        self.podcast.setAccessibleName(_("Podcast"))
        self.podcast.addItem(_("All podcasts"), None)
        self.sort = QComboBox()
        self.sort.setObjectName("bookmarkSort")
        self.sort.setAccessibleName(_("Order"))
        self.sort.addItem(_("Newest first"), BookmarkSort.CREATED)
        self.sort.addItem(_("By episode and time"), BookmarkSort.POSITION)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.podcast)
        top.addWidget(self.sort)

        self.table = QTreeWidget()
        self.table.setObjectName("bookmarksTable")
        self.table.setAccessibleName(_("Bookmarks"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setHeaderLabels([_(h) for h in HEADERS])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.itemActivated.connect(lambda _item, _col: self._play())
        self.table.itemSelectionChanged.connect(self._update)
        header = self.table.header()
        header.setStretchLastSection(False)
        # What was said and where share the width; times and the podcast take what they need.
        for column in (BOOKMARK, EPISODE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (AT, CREATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PODCAST, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PODCAST, 140)
        self.empty = QLabel(_(NO_BOOKMARKS))
        self.empty.setObjectName("bookmarksEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.play = QPushButton(_("Play from here"))
        self.play.setObjectName("bookmarkPlay")
        self.play.clicked.connect(self._play)
        self.actions_row = BookmarkActions(self.selected_ids)
        self.actions_row.editRequested.connect(self.editRequested)
        self.actions_row.deleteRequested.connect(self.deleteRequested)
        self.clip_button = QPushButton(_("Save clip…"))
        self.clip_button.setObjectName("bookmarkClip")
        self.clip_button.setToolTip(
            _("Save the bookmark's range (or the half minute from it) as an audio file")
        )
        self.clip_button.clicked.connect(self._clip)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("bookmarkExport")
        self.export_button.setToolTip(
            _("Save every bookmark as JSON (to import elsewhere) or Markdown")
        )
        self.export_button.clicked.connect(self._export)
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setObjectName("bookmarkImport")
        self.import_button.setToolTip(_("Merge bookmarks from a JSON export (never twice)"))
        self.import_button.clicked.connect(self._import)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play)
        buttons.addWidget(self.actions_row, 1)
        buttons.addWidget(self.clip_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(900, 460)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._ask)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.podcast.currentIndexChanged.connect(lambda _i: self._ask())
        self.sort.currentIndexChanged.connect(lambda _i: self._ask())
        self.bookmarks: list[Bookmark] = []
        self._update()

    def query(self) -> BookmarkQuery:
        """What the search field, podcast and order choices ask for."""
        return BookmarkQuery(
            text=self.search.text().strip(),
            podcast_id=self.podcast.currentData(),
            sort=self.sort.currentData(),
        )

    def _ask(self) -> None:
        self.timer.stop()
        self.queryChanged.emit(self.query())

    def set_podcasts(self, podcasts: Sequence[tuple[int, str]]) -> None:
        """The podcast filter's choices (id, title), keeping the chosen one if still there."""
        chosen = self.podcast.currentData()
        self.podcast.blockSignals(True)
        self.podcast.clear()
        self.podcast.addItem(_("All podcasts"), None)
        for podcast_id, title in podcasts:
            self.podcast.addItem(title, podcast_id)
        index = self.podcast.findData(chosen)
        self.podcast.setCurrentIndex(max(0, index))
        self.podcast.blockSignals(False)

    def show_bookmarks(self, bookmarks: Sequence[Bookmark]) -> None:
        """Rows for the bookmarks, or the empty text (which says whether a filter is on)."""
        chosen = set(self.selected_ids())
        self.bookmarks = list(bookmarks)
        self.table.clear()
        for b in self.bookmarks:
            item = QTreeWidgetItem(
                [
                    where(b),
                    " — ".join(p for p in (b.title, " ".join(b.note.split())) if p),
                    b.episode_title + ("" if b.episode_id is not None else " (not in library)"),
                    b.podcast_title,
                    datetime.fromtimestamp(b.created).strftime("%Y-%m-%d %H:%M"),
                ]
            )
            item.setData(0, ID_ROLE, b.id)
            item.setToolTip(BOOKMARK, b.note or b.title)
            self.table.addTopLevelItem(item)
            item.setSelected(b.id in chosen)
        q = self.query()
        filtered = bool(q.text or q.podcast_id is not None)
        self.empty.setText(_(NONE_MATCH if filtered else NO_BOOKMARKS))
        self.stack.setCurrentWidget(self.table if self.bookmarks else self.empty)
        self._update()

    def selected_ids(self) -> list[int]:
        """The selected bookmarks' ids, in list order."""
        return selected_ids_of(self.table.selectedItems())

    def _play(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.playRequested.emit(ids[0])

    def _update(self) -> None:
        ids = self.selected_ids()
        playable = len(ids) == 1 and any(
            b.id == ids[0] and b.episode_id is not None for b in self.bookmarks
        )
        self.play.setEnabled(playable)
        self.clip_button.setEnabled(playable)
        self.actions_row.enable_for(len(ids))

    def _clip(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Save clip"), _("clip.mp3"), _("Audio (*.mp3 *.m4a *.opus *.ogg *.wav)")
        )
        if path:
            self.clipRequested.emit(ids[0], path)

    def _export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            _("Export bookmarks"),
            _("bookmarks.json"),
            f"{_(JSON_FILTER)};;{_(MARKDOWN_FILTER)}",
        )
        if path:
            markdown = chosen == _(MARKDOWN_FILTER) or path.lower().endswith(".md")
            self.exportRequested.emit(path, "md" if markdown else "json")

    def _import(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, _("Import bookmarks"), "", _(JSON_FILTER))
        if path:
            self.importRequested.emit(path)

    def _menu(self, point: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction(_("Play from here"), self._play).setEnabled(self.play.isEnabled())
        actions = self.actions_row
        menu.addAction(_("Edit…"), actions.request_edit).setEnabled(actions.edit.isEnabled())
        menu.addAction(_("Delete"), actions.request_delete)
        menu.popup(self.table.viewport().mapToGlobal(point))
