"""The library sidebar: special views ("New", "In progress", "Downloaded"), smart playlists,
folders with the shows in them (nested folders indented), then the shows in no folder.

A flat list with a depth per row, not a tree: selection, ``row_of`` and the in-place merge
work on rows as before, and a collapsed folder simply leaves its rows out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from player.domain.models import Podcast
from player.domain.organise import FolderSummary, PlaylistSummary
from player.i18n import _, ngettext
from player.qt.models.row_merge import apply_merge, plan_merge
from player.qt.models.sidebar_rows import (
    DEFAULT_SORT,
    KIND_FOLDER,
    KIND_PLAYLIST,
    KIND_PODCAST,
    KIND_SECTION,
    KIND_SPECIAL,
    PLAYLISTS_SECTION,
    SORTS,
    SPECIAL_ENTRIES,
    LibraryEntry,
    build_entries,
    folder_entry,
    playlist_entry,
    podcast_entry,
    sort_key,
)

EntryRole = Qt.ItemDataRole.UserRole + 1
PodcastRole = Qt.ItemDataRole.UserRole + 2
ErrorRole = Qt.ItemDataRole.UserRole + 3
CountRole = Qt.ItemDataRole.UserRole + 4
LiveRole = Qt.ItemDataRole.UserRole + 5
"""True for a show with a live item that is live now (the sidebar's "LIVE" badge)."""
DepthRole = Qt.ItemDataRole.UserRole + 6
"""How far a row is indented (a show in "News/Daily" is at depth 2)."""
KindRole = Qt.ItemDataRole.UserRole + 7
"""What a row is: one of the ``KIND_*`` names."""
CollapsedRole = Qt.ItemDataRole.UserRole + 8
"""For a folder row: True collapsed, False expanded (the arrow the delegate draws)."""

PODCAST_MIME = "application/x-podcast-player-podcasts"
"""Podcast ids dragged from the sidebar (comma-separated)."""

Index = QModelIndex | QPersistentModelIndex

__all__ = [
    "DEFAULT_SORT", "KIND_FOLDER", "KIND_PLAYLIST", "KIND_PODCAST", "KIND_SECTION",
    "KIND_SPECIAL", "PLAYLISTS_SECTION", "SORTS", "SPECIAL_ENTRIES", "LibraryEntry",
    "LibraryListModel", "build_entries", "folder_entry", "playlist_entry", "podcast_entry",
    "sort_key",
]  # fmt: skip


def _entry_key(entry: LibraryEntry) -> str:
    return entry.key


class LibraryListModel(QAbstractListModel):
    """Special views, playlists, folders with their shows, then the shows in no folder."""

    podcastsChanged = Signal()
    """After every :meth:`set_podcasts` (rows are changed in place, so no model reset says so)."""
    collapseToggled = Signal(str, bool)
    """The listener collapsed (True) or expanded a folder here: the controller stores it."""
    podcastsDropped = Signal(list, str)
    """Shows dropped on a folder (its path) or on the top level ("")."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[LibraryEntry] = list(SPECIAL_ENTRIES)
        self._by_id: dict[int, Podcast] = {}
        self._podcasts: list[Podcast] = []
        self._ordered: list[Podcast] = []
        self._folders: list[FolderSummary] = []
        self._playlists: list[PlaylistSummary] = []
        self._collapsed: set[str] = set()
        self.sidebar_sort = DEFAULT_SORT
        self._activity: dict[int, tuple[float, float]] = {}
        self.live: frozenset[int] = frozenset()
        """Shows with a live item that is live now."""

    def set_live(self, podcast_ids: frozenset[int]) -> None:
        """Mark the shows that are live now (after a refresh); repaints their rows."""
        if podcast_ids == self.live:
            return
        self.live = podcast_ids
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1), [LiveRole])

    def set_podcasts(self, podcasts: list[Podcast]) -> None:
        """Show these subscriptions (the special rows, playlists and folders stay).

        Rows are updated in place (a count or an error changed), removed and inserted (shows
        unsubscribed or added: an OPML import adds thirty while the listener looks at "New"),
        so the selection and the scroll position survive. Only a new order (a show renamed)
        resets the list.
        """
        self._podcasts = list(podcasts)
        self._by_id = {p.id: p for p in podcasts}
        self._rebuild()
        self.podcastsChanged.emit()

    def set_folders(self, folders: list[FolderSummary]) -> None:
        """Show these folders (with their collapsed state as stored)."""
        self._folders = list(folders)
        self._collapsed = {f.name for f in folders if f.collapsed}
        self._rebuild()

    def set_library(
        self,
        podcasts: list[Podcast],
        folders: list[FolderSummary],
        activity: dict[int, tuple[float, float]] | None = None,
    ) -> None:
        """Shows, folders and what the sorts need, from one reload (one merge of the rows)."""
        self._folders = list(folders)
        self._collapsed = {f.name for f in folders if f.collapsed}
        if activity is not None:
            self._activity = dict(activity)
        self.set_podcasts(podcasts)

    def set_playlists(self, playlists: list[PlaylistSummary]) -> None:
        """Show these smart playlists under "Playlists" (none: no such section)."""
        if playlists == self._playlists:
            return  # counts unchanged (most reloads): no rebuild of the sidebar's rows
        self._playlists = list(playlists)
        self._rebuild()

    def set_sort(self, sort: str, activity: dict[int, tuple[float, float]] | None = None) -> None:
        """Order the shows inside each folder by ``sort`` (a key of :data:`SORTS`)."""
        self.sidebar_sort = sort if sort in SORTS else DEFAULT_SORT
        if activity is not None:
            self._activity = dict(activity)
        self._rebuild()

    def set_collapsed(self, name: str, collapsed: bool) -> None:
        """Collapse or expand a folder at once; :attr:`collapseToggled` asks to store it."""
        if (name in self._collapsed) == collapsed:
            return
        (self._collapsed.add if collapsed else self._collapsed.discard)(name)
        self._rebuild()
        self.collapseToggled.emit(name, collapsed)

    def reveal(self, key: str) -> int:
        """The row of ``key``, expanding the collapsed folders a show is hidden in (a show
        just subscribed, or the last one viewed, is selected even there); -1 when unknown."""
        row = self.row_of(key)
        podcast_id = int(key.split(":", 1)[1]) if key.startswith("podcast:") else None
        if row >= 0 or podcast_id is None or podcast_id not in self._by_id:
            return row
        folder = self._by_id[podcast_id].folder
        for name in [f.name for f in self._folders if f.name in self._collapsed]:
            if folder == name or folder.startswith(name + "/"):
                self.set_collapsed(name, False)
        return self.row_of(key)

    def is_collapsed(self, name: str) -> bool:
        """Whether a folder is shown collapsed."""
        return name in self._collapsed

    def folders(self) -> list[FolderSummary]:
        """The folders listed, by path (collapsed ones included)."""
        return list(self._folders)

    def playlists(self) -> list[PlaylistSummary]:
        """The smart playlists listed."""
        return list(self._playlists)

    def _rebuild(self) -> None:
        entries, self._ordered = build_entries(
            self._podcasts,
            self._folders,
            self._playlists,
            self._collapsed,
            sort_key(self.sidebar_sort, self._activity),
        )
        plan = plan_merge([e.key for e in self.entries], entries, [], key=_entry_key)
        if [e.key for e in plan.rows] != [e.key for e in entries]:
            self.beginResetModel()
            self.entries = entries
            self.endResetModel()
        else:
            apply_merge(self, self.entries, plan)
            self.entries = entries
            self.dataChanged.emit(self.index(0), self.index(len(entries) - 1))

    def podcasts(self) -> list[Podcast]:
        """The subscriptions listed, in sidebar order (those in collapsed folders too)."""
        return list(self._ordered)

    def podcast(self, podcast_id: int) -> Podcast | None:
        """A listed subscription by id (covers and notifications ask on the GUI thread: no
        query, no scan of the list)."""
        return self._by_id.get(podcast_id)

    def cover_url(self, podcast_id: int) -> str:
        """A listed show's cover URL ("" when unknown): for episodes without their own."""
        podcast = self._by_id.get(podcast_id)
        return podcast.image_url if podcast is not None else ""

    def unplayed_count(self) -> int:
        """Unplayed episodes over all subscriptions (the tray's tooltip)."""
        return sum(p.unplayed_count for p in self._by_id.values())

    def row_of(self, key: str) -> int:
        """The row of an entry key, or -1."""
        for i, entry in enumerate(self.entries):
            if entry.key == key:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    # -- drag and drop: shows onto folders --------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # the empty area: out of any folder
        entry = self.entries[index.row()]
        base = Qt.ItemFlag.ItemIsEnabled
        if entry.kind == KIND_SECTION:
            return base
        base |= Qt.ItemFlag.ItemIsSelectable
        if entry.kind == KIND_PODCAST:
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if entry.kind == KIND_FOLDER:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PODCAST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [
            str(self.entries[i.row()].podcast.id)  # type: ignore[union-attr]
            for i in indexes
            if i.isValid() and self.entries[i.row()].podcast is not None
        ]
        data = QMimeData()
        data.setData(PODCAST_MIME, QByteArray(",".join(ids).encode()))
        return data

    def drop_folder(self, row: int, parent: Index) -> str | None:
        """The folder a drop lands in: onto a folder row, that folder; onto a show, the show's
        folder; between rows, the folder of the row below; the empty area, none ("")."""
        target = parent.row() if parent.isValid() else row
        if target < 0 or target >= len(self.entries):
            return ""
        entry = self.entries[target]
        if entry.kind == KIND_FOLDER and entry.folder is not None:
            if parent.isValid():
                return entry.folder.name
            return entry.folder.name.rsplit("/", 1)[0] if "/" in entry.folder.name else ""
        if entry.podcast is not None:
            return entry.podcast.folder if entry.depth else ""
        return None  # special views and playlists take no shows

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(PODCAST_MIME) and self.drop_folder(row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction or not data.hasFormat(PODCAST_MIME):
            return False
        folder = self.drop_folder(row, parent)
        text = bytes(data.data(PODCAST_MIME).data()).decode()
        ids = [int(i) for i in text.split(",") if i.strip().isdigit()]
        moving = [i for i in ids if (p := self._by_id.get(i)) is not None and p.folder != folder]
        if folder is None or not moving:
            return False
        self.podcastsDropped.emit(moving, folder)
        return False  # nothing to remove here: the rows move when the library reloads

    # -- data -------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        podcast = entry.podcast
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.display_label
        if role == EntryRole:
            return entry
        if role == PodcastRole:
            return podcast
        if role == KindRole:
            return entry.kind
        if role == DepthRole:
            return entry.depth
        if role == CollapsedRole:
            return entry.folder.name in self._collapsed if entry.folder is not None else None
        if role == ErrorRole:
            return podcast.last_error if podcast else None
        if role == CountRole:
            return entry.count
        if role == LiveRole:
            return podcast is not None and podcast.id in self.live
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(entry)
        return None

    def _tooltip(self, entry: LibraryEntry) -> str | None:
        podcast, folder = entry.podcast, entry.folder
        if folder is not None:
            n = folder.podcast_count
            shows = ngettext("{n} show", "{n} shows", n).format(n=n)
            unplayed = ngettext("{n} unplayed", "{n} unplayed", folder.unplayed_count)
            return f"{folder.name}\n{shows}, {unplayed.format(n=folder.unplayed_count)}"
        if entry.playlist is not None:
            count = entry.playlist.count
            episodes = ngettext("{n} episode", "{n} episodes", count).format(n=count)
            return f"{entry.playlist.name}\n{episodes}"
        if podcast is None:
            return None
        counts = ngettext(
            "{unplayed} unplayed of {n} episode",
            "{unplayed} unplayed of {n} episodes",
            podcast.episode_count,
        ).format(unplayed=podcast.unplayed_count, n=podcast.episode_count)
        tip = f"{podcast.title}\n{counts}"
        if podcast.last_error:
            tip += "\n" + _("Last refresh failed: {error}").format(error=podcast.last_error)
        if podcast.gone:
            tip += "\n" + _("This feed is gone; it is no longer refreshed.")
        if podcast.id in self.live:
            tip += "\n" + _("Live now: open its podcast page to listen.")
        return tip

    def _accessible(self, entry: LibraryEntry) -> str:
        podcast = entry.podcast
        if entry.folder is not None:
            state = _("collapsed") if entry.folder.name in self._collapsed else _("expanded")
            return _("Folder {label}, {state}, {unplayed_count} unplayed").format(
                label=entry.label, state=state, unplayed_count=entry.folder.unplayed_count
            )
        if entry.playlist is not None:
            return _("Playlist {label}, {count} episodes").format(
                label=entry.label, count=entry.playlist.count
            )
        parts = [entry.label]
        if podcast and podcast.id in self.live:
            parts.append(_("live now"))
        if podcast:
            parts.append(_("{n} unplayed").format(n=podcast.unplayed_count))
        if podcast and podcast.last_error:
            parts.append(_("refresh failed"))
        return ", ".join(parts)
