"""The library sidebar: special views ("New", "In progress", "Downloaded") and subscriptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from player.domain.models import Podcast
from player.domain.organise import PlaylistSummary
from player.domain.queries import EpisodeQuery
from player.qt.models.row_merge import apply_merge, plan_merge

EntryRole = Qt.ItemDataRole.UserRole + 1
PodcastRole = Qt.ItemDataRole.UserRole + 2
ErrorRole = Qt.ItemDataRole.UserRole + 3
CountRole = Qt.ItemDataRole.UserRole + 4
LiveRole = Qt.ItemDataRole.UserRole + 5
"""True for a show with a live item that is live now (the sidebar's "LIVE" badge)."""

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One row of the sidebar: a label and the episode query it stands for."""

    key: str
    label: str
    query: EpisodeQuery
    podcast: Podcast | None = None


SPECIAL_ENTRIES = (
    LibraryEntry("new", "New", EpisodeQuery(unplayed=True)),
    LibraryEntry("in-progress", "In progress", EpisodeQuery(in_progress=True)),
    LibraryEntry("downloaded", "Downloaded", EpisodeQuery(downloaded=True)),
)


def podcast_entry(p: Podcast) -> LibraryEntry:
    """The sidebar entry of a subscription."""
    return LibraryEntry(f"podcast:{p.id}", p.title or p.url, EpisodeQuery(podcast_id=p.id), p)


def _entry_key(entry: LibraryEntry) -> str:
    return entry.key


class LibraryListModel(QAbstractListModel):
    """Special views first, then subscriptions by title."""

    podcastsChanged = Signal()
    """After every :meth:`set_podcasts` (rows are changed in place, so no model reset says so)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[LibraryEntry] = list(SPECIAL_ENTRIES)
        self._by_id: dict[int, Podcast] = {}
        self.live: frozenset[int] = frozenset()
        """Shows with a live item that is live now."""
        self._playlists: list[LibraryEntry] = []  # smart playlists (set_playlists)
        self._playlist_counts: dict[str, int] = {}

    def set_live(self, podcast_ids: frozenset[int]) -> None:
        """Mark the shows that are live now (after a refresh); repaints their rows."""
        if podcast_ids == self.live:
            return
        self.live = podcast_ids
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1), [LiveRole])

    def set_podcasts(self, podcasts: list[Podcast]) -> None:
        """Show these subscriptions (the special rows stay).

        Rows are updated in place (a count or an error changed), removed and inserted (shows
        unsubscribed or added: an OPML import adds thirty while the listener looks at "New"),
        so the selection and the scroll position survive. Only a new order (a show renamed)
        resets the list.
        """
        entries = [*SPECIAL_ENTRIES, *self._playlists] + [podcast_entry(p) for p in podcasts]
        plan = plan_merge([e.key for e in self.entries], entries, [], key=_entry_key)
        if [e.key for e in plan.rows] != [e.key for e in entries]:
            self.beginResetModel()
            self.entries = entries
            self.endResetModel()
        else:
            apply_merge(self, self.entries, plan)
            self.entries = entries
            self.dataChanged.emit(self.index(0), self.index(len(entries) - 1))
        self._by_id = {p.id: p for p in podcasts}
        self.podcastsChanged.emit()

    # -- smart playlists (a minimal version for the playlists branch; the sidebar's owner
    # -- replaces it at merge time) -------------------------------------------------------

    def set_playlists(self, summaries: list[PlaylistSummary]) -> None:
        """Show these smart playlists after the special rows, with their live counts (an
        entry "playlist:ID" whose query is ``EpisodeQuery(playlist_id=ID)``)."""
        playlists = [
            LibraryEntry(f"playlist:{s.id}", s.name, EpisodeQuery(playlist_id=s.id))
            for s in summaries
        ]
        self._playlist_counts = {e.key: s.count for e, s in zip(playlists, summaries, strict=True)}
        if [e.key for e in playlists] == [e.key for e in self._playlists]:
            self._playlists = playlists
            for row, entry in enumerate(self.entries):
                if entry.key.startswith("playlist:"):
                    self.entries[row] = next(p for p in playlists if p.key == entry.key)
            if self.entries:
                self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))
            return
        # Rows removed and inserted, not a reset: the selected podcast stays selected.
        first, old = len(SPECIAL_ENTRIES), len(self._playlists)
        if old:
            self.beginRemoveRows(QModelIndex(), first, first + old - 1)
            del self.entries[first : first + old]
            self._playlists = []
            self.endRemoveRows()
        if playlists:
            self.beginInsertRows(QModelIndex(), first, first + len(playlists) - 1)
            self.entries[first:first] = playlists
            self._playlists = playlists
            self.endInsertRows()

    def podcasts(self) -> list[Podcast]:
        """The subscriptions listed, in sidebar order."""
        return [e.podcast for e in self.entries if e.podcast is not None]

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        podcast = entry.podcast
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.label
        if role == EntryRole:
            return entry
        if role == PodcastRole:
            return podcast
        if role == ErrorRole:
            return podcast.last_error if podcast else None
        if role == CountRole:
            return podcast.unplayed_count if podcast else self._playlist_counts.get(entry.key)
        if role == LiveRole:
            return podcast is not None and podcast.id in self.live
        if role == Qt.ItemDataRole.ToolTipRole and podcast is not None:
            tip = f"{podcast.title}\n{podcast.unplayed_count} unplayed of {podcast.episode_count}"
            if podcast.last_error:
                tip += f"\nLast refresh failed: {podcast.last_error}"
            if podcast.gone:
                tip += "\nThis feed is gone; it is no longer refreshed."
            if podcast.id in self.live:
                tip += "\nLive now: open its podcast page to listen."
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            extra = f", {podcast.unplayed_count} unplayed" if podcast else ""
            error = ", refresh failed" if podcast and podcast.last_error else ""
            live = ", live now" if podcast and podcast.id in self.live else ""
            return f"{entry.label}{live}{extra}{error}"
        return None
