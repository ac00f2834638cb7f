"""Bookmark views: the list in the episode's Bookmarks tab and the small non-modal editor for a
title and a note (the library-wide Bookmarks window is :mod:`player.qt.widgets.bookmarks_window`),
and what both lists share: the Edit and Delete buttons and how a row is described.

Views only: they show what they are given and say what the listener asked for (signals of
bookmark ids); the controller does the rest on the task pool.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.domain.bookmark import Bookmark
from player.domain.format import clock
from player.i18n import N_, _

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 200
NO_BOOKMARKS_HERE = N_("No bookmarks in this episode yet. Press B while listening to add one.")
NO_BOOKMARKS = N_("No bookmarks yet. Press B while listening to mark a moment.")
NONE_MATCH = N_("No bookmarks match.")


def where(b: Bookmark) -> str:
    """``12:34`` or ``12:34–13:20``."""
    return clock(b.start) if b.end is None else f"{clock(b.start)}–{clock(b.end)}"


def selected_ids_of(items: Sequence[QListWidgetItem | QTreeWidgetItem]) -> list[int]:
    """The bookmark ids the selected rows of a list or a table carry."""
    out = []
    for item in items:
        value = item.data(ID_ROLE) if isinstance(item, QListWidgetItem) else item.data(0, ID_ROLE)
        out.append(int(value))
    return out


class BookmarkActions(QWidget):
    """Edit and Delete buttons that act on a view's selection (shared by both views).

    ``selected()`` gives the view's selected bookmark ids; the view forwards
    :attr:`editRequested` and :attr:`deleteRequested` as its own (its menu asks here too).
    """

    editRequested = Signal(int)
    deleteRequested = Signal(list)

    def __init__(self, selected: Callable[[], list[int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected = selected
        self.edit = QPushButton(_("Edit…"))
        self.edit.setObjectName("bookmarkEdit")
        self.delete = QPushButton(_("Delete"))
        self.delete.setObjectName("bookmarkDelete")
        self.delete.setToolTip(_("Delete the selected bookmarks (Undo brings them back)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.delete)
        layout.addStretch(1)
        self.edit.clicked.connect(self.request_edit)
        self.delete.clicked.connect(self.request_delete)

    def request_edit(self) -> None:
        """Edit the (first) selected bookmark."""
        ids = self._selected()
        if ids:
            self.editRequested.emit(ids[0])

    def request_delete(self) -> None:
        """Delete the selected bookmarks."""
        ids = self._selected()
        if ids:
            self.deleteRequested.emit(ids)

    def enable_for(self, count: int) -> None:
        """Edit takes one bookmark, Delete any number."""
        self.edit.setEnabled(count == 1)
        self.delete.setEnabled(count > 0)


class EpisodeBookmarks(QWidget):
    """The Bookmarks tab: the playing episode's bookmarks by time; a click plays from one."""

    seekRequested = Signal(float)
    editRequested = Signal(int)
    deleteRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("episodeBookmarks")
        self.list = QListWidget()
        self.list.setObjectName("episodeBookmarkList")
        self.list.setAccessibleName(_("Bookmarks of this episode"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        self.list.itemSelectionChanged.connect(self._update)
        self.empty = QLabel(_(NO_BOOKMARKS_HERE))
        self.empty.setObjectName("episodeBookmarksEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list)
        self.actions_row = BookmarkActions(self.selected_ids)
        self.actions_row.editRequested.connect(self.editRequested)
        self.actions_row.deleteRequested.connect(self.deleteRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.actions_row)
        self.bookmarks: list[Bookmark] = []
        self._update()

    def minimumSizeHint(self) -> QSize:
        """As small as the notes it stands in for: the tab must not make the lower half of the
        now-playing pane taller, nor the pane wider (the buttons clip instead)."""
        return QSize(60, 60)

    def show_bookmarks(
        self, bookmarks: Sequence[Bookmark], empty_text: str = NO_BOOKMARKS_HERE
    ) -> None:
        """The episode's bookmarks (in time order), or the empty text."""
        self.bookmarks = list(bookmarks)
        self.list.clear()
        for b in self.bookmarks:
            text = f"{where(b)}  {b.title or ''}".rstrip()
            if b.note:
                text += ("\n" if b.title else "  ") + b.note
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, b.id)
            item.setToolTip(_("Click to play from here"))
            self.list.addItem(item)
        self.empty.setText(_(empty_text))
        self.stack.setCurrentWidget(self.list if self.bookmarks else self.empty)
        self._update()

    def _clicked(self, item: QListWidgetItem) -> None:
        b = next((x for x in self.bookmarks if x.id == item.data(ID_ROLE)), None)
        if b is not None:
            self.seekRequested.emit(b.start)

    def selected_ids(self) -> list[int]:
        """The selected bookmarks' ids."""
        return selected_ids_of(self.list.selectedItems())

    def _update(self) -> None:
        self.actions_row.enable_for(len(self.selected_ids()))


class BookmarkEditor(QDialog):
    """A bookmark's title and note: a small window that does not block the player."""

    saved = Signal(int, str, str)
    """Bookmark id, title, note."""

    def __init__(self, bookmark: Bookmark, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarkEditor")
        self.setWindowTitle(_("Bookmark at {where}").format(where=where(bookmark)))
        self.setModal(False)
        self.bookmark_id = bookmark.id
        self.title = QLineEdit(bookmark.title)
        self.title.setObjectName("bookmarkTitle")
        self.note = QPlainTextEdit(bookmark.note)
        self.note.setObjectName("bookmarkNote")
        self.note.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(_("Episode:"), QLabel(bookmark.episode_title))
        form.addRow(_("Title:"), self.title)
        form.addRow(_("Note:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 240)
        self.note.setFocus()

    def accept(self) -> None:
        self.saved.emit(
            self.bookmark_id, self.title.text().strip(), self.note.toPlainText().strip()
        )
        super().accept()
