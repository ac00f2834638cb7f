"""The library sidebar's list view: drag shows onto folders, click a folder's arrow to collapse
it, and the menus of its folder and playlist rows and of its empty area.

A view only: every change is a signal of the library pane (the organise controller carries it
out on the task pool); collapsing is the model's own, stored through its signal.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Podcast
from player.i18n import _
from player.qt.models.library import (
    KIND_FOLDER,
    KIND_PLAYLIST,
    KIND_SECTION,
    SORTS,
    EntryRole,
    LibraryEntry,
    LibraryListModel,
)

if TYPE_CHECKING:
    from player.qt.panes.library import LibraryPane


LAYOUT_BATCH = 200
"""Rows laid out per turn of the event loop (about 2 ms of sizing)."""
BATCHED_FROM = 1000
"""Rows from which the list is laid out in batches; below, in one pass (a few ms).

Batches cost more than they save in a small library: while a batched layout runs (and every
refreshed show restarts it), the window's own timers wait (Qt's GLib event dispatcher runs
them at idle priority once one has fired). ``bench/bench_gui.py``'s refresh of 200 shows had a
150-300 ms gap between two 5 ms timer ticks with batches, 17-41 ms in one pass."""


class SidebarView(QListView):
    """The sidebar list: a show row drags onto a folder row (or the top level, out of any)."""

    def __init__(self, model: LibraryListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.library_model = model
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        # Rows differ in height (folders, sections), so the list asks every row its size when
        # it lays them out: 5,000 shows took 60 ms of the GUI thread at once. In batches the
        # first rows show at once and the rest are laid out between events (large libraries
        # only: see BATCHED_FROM).
        self.setBatchSize(LAYOUT_BATCH)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._choose_layout)
        self._choose_layout()

    def _choose_layout(self, *_args: object) -> None:
        """Batches for a large library, one pass for a small one (set only when it changes:
        setting the mode lays the list out again)."""
        batched = self.library_model.rowCount() >= BATCHED_FROM
        mode = QListView.LayoutMode.Batched if batched else QListView.LayoutMode.SinglePass
        if self.layoutMode() != mode:
            self.setLayoutMode(mode)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a folder's arrow collapses or expands it (and does not select it)."""
        index = self.indexAt(event.position().toPoint())
        entry: LibraryEntry | None = index.data(EntryRole) if index.isValid() else None
        if entry is not None and entry.kind == KIND_FOLDER and entry.folder is not None:
            parts = self.itemDelegate().row_layout(  # type: ignore[attr-defined]
                self.visualRect(index), index, self.font(), self.layoutDirection()
            )
            if parts.arrow is not None and parts.arrow.contains(event.position().toPoint()):
                name = entry.folder.name
                self.library_model.set_collapsed(name, not self.library_model.is_collapsed(name))
                event.accept()
                return
        super().mousePressEvent(event)

    def _folder_key(self, event: QKeyEvent) -> tuple[str, bool] | None:
        """Left on an expanded folder: (its name, collapse); Right on a collapsed one."""
        entry: LibraryEntry | None = self.currentIndex().data(EntryRole)
        keys = {int(Qt.Key.Key_Left): True, int(Qt.Key.Key_Right): False}
        if entry is None or entry.folder is None or event.key() not in keys:
            return None
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        collapse = keys[event.key()]
        if self.library_model.is_collapsed(entry.folder.name) == collapse:
            return None
        return entry.folder.name, collapse

    def event(self, event: QEvent) -> bool:
        """Left and Right skip in the episode playing elsewhere; on a folder row they collapse
        and expand it instead (the row claims the keys before the window's shortcuts)."""
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and self._folder_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left collapses the current folder, Right expands it (as in a tree)."""
        found = self._folder_key(event)
        if found is not None:
            self.library_model.set_collapsed(*found)
            event.accept()
            return
        super().keyPressEvent(event)


def sidebar_column(pane: LibraryPane, view: SidebarView) -> QWidget:
    """The sidebar with its sort button under it."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(view, 1)
    bar = QHBoxLayout()
    bar.setContentsMargins(2, 0, 2, 2)
    button = pane.sort_button = QToolButton()
    button.setObjectName("sidebarSort")
    button.setAccessibleName(_("Sort podcasts"))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for key, label in SORTS.items():
        action = menu.addAction(_(label), partial(pane.sidebarSortRequested.emit, key))
        action.setCheckable(True)
        action.setData(key)
    button.setMenu(menu)
    bar.addWidget(button)
    bar.addStretch(1)
    layout.addLayout(bar)
    show_sort(pane, view.library_model.sidebar_sort)
    return column


def show_sort(pane: LibraryPane, sort: str) -> None:
    """The sort button's text and ticked entry for the order in use."""
    pane.sort_button.setText(_("Sort: {order}").format(order=_(SORTS.get(sort, SORTS["title"]))))
    for action in pane.sort_button.menu().actions():
        action.setChecked(action.data() == sort)


def folder_menu_entries(pane: LibraryPane, menu: QMenu, podcast: Podcast) -> None:
    """A show's "Move to folder" submenu (every folder, none, a new one) and "Tags…"."""
    move = menu.addMenu(_("Move to folder"))
    for folder in pane.library_model.folders():
        label = "    " * folder.depth + folder.label
        action = move.addAction(
            label, partial(pane.moveToFolderRequested.emit, [podcast.id], folder.name)
        )
        action.setEnabled(folder.name != podcast.folder)
    if podcast.folder:
        move.addAction(_("No folder"), lambda: pane.moveToFolderRequested.emit([podcast.id], ""))
    move.addSeparator()
    move.addAction(_("New folder…"), lambda: pane.newFolderRequested.emit([podcast.id], ""))
    menu.addAction(_("Tags…"), lambda: pane.podcastTagsRequested.emit(podcast))


def other_row_menu(pane: LibraryPane, entry: LibraryEntry | None) -> QMenu | None:
    """The menu of a folder row, a playlist row, or the empty area (None for the rest)."""
    menu = QMenu(pane)
    model = pane.library_model
    if entry is not None and entry.kind == KIND_FOLDER and entry.folder is not None:
        name = entry.folder.name
        menu.addAction(_("Rename…"), lambda: pane.renameFolderRequested.emit(name))
        menu.addAction(_("Delete folder"), lambda: pane.deleteFolderRequested.emit(name))
        collapsed = model.is_collapsed(name)
        menu.addAction(
            _("Expand") if collapsed else _("Collapse"),
            lambda: model.set_collapsed(name, not collapsed),
        )
        menu.addSeparator()
        menu.addAction(_("New folder…"), lambda: pane.newFolderRequested.emit([], name))
        return menu
    if entry is not None and entry.kind == KIND_PLAYLIST and entry.playlist is not None:
        playlist_id = entry.playlist.id
        menu.addAction(_("Play"), lambda: pane.playlistPlayRequested.emit(playlist_id))
        menu.addAction(_("Edit…"), lambda: pane.playlistEditRequested.emit(playlist_id))
        menu.addAction(_("Delete playlist"), lambda: pane.playlistDeleteRequested.emit(playlist_id))
        menu.addSeparator()
        menu.addAction(_("New Smart Playlist…"), pane.newPlaylistRequested.emit)
        return menu
    if entry is None or entry.kind == KIND_SECTION:
        menu.addAction(_("New folder…"), lambda: pane.newFolderRequested.emit([], ""))
        menu.addAction(_("New Smart Playlist…"), pane.newPlaylistRequested.emit)
        return menu
    return None


def popup(pane: LibraryPane, menu: QMenu, point: QPoint) -> None:
    """Open a sidebar menu at a viewport point (kept alive on the pane while it is open)."""
    menu.popup(pane.sidebar.viewport().mapToGlobal(point))
    pane._menu = menu
