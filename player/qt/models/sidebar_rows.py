"""The rows of the library sidebar, built from shows, folders and playlists: which rows there
are, in which order (the chosen sort inside each folder), how deep each one is indented.

Plain Python, no Qt: the list model merges these rows into what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from player.domain.models import Podcast
from player.domain.organise import FolderSummary, PlaylistSummary
from player.domain.queries import EpisodeQuery
from player.i18n import N_, _

KIND_SPECIAL, KIND_SECTION, KIND_PLAYLIST, KIND_FOLDER, KIND_PODCAST = (
    "special", "section", "playlist", "folder", "podcast",
)  # fmt: skip
PLAYLISTS_SECTION = "section:playlists"


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One row of the sidebar: a label and the episode query it stands for."""

    key: str
    label: str
    query: EpisodeQuery
    podcast: Podcast | None = None
    kind: str = KIND_SPECIAL
    depth: int = 0
    folder: FolderSummary | None = None
    playlist: PlaylistSummary | None = None

    @property
    def display_label(self) -> str:
        """The label as shown: the fixed entries' are N_() constants, translated here; the
        names of shows, folders and playlists are the listener's own."""
        return _(self.label) if self.kind in (KIND_SPECIAL, KIND_SECTION) else self.label

    @property
    def count(self) -> int | None:
        """The badge: unplayed episodes (a show, a folder) or matching ones (a playlist)."""
        if self.podcast is not None:
            return self.podcast.unplayed_count
        if self.folder is not None:
            return self.folder.unplayed_count
        if self.playlist is not None:
            return self.playlist.count
        return None


SPECIAL_ENTRIES = (
    LibraryEntry("new", N_("New"), EpisodeQuery(unplayed=True)),
    LibraryEntry("in-progress", N_("In progress"), EpisodeQuery(in_progress=True)),
    LibraryEntry("downloaded", N_("Downloaded"), EpisodeQuery(downloaded=True)),
)

SORTS: dict[str, str] = {
    "title": N_("Title"),
    "newest": N_("Newest episode"),
    "unplayed": N_("Unplayed count"),
    "listened": N_("Most listened"),
}
"""The sidebar's orders (setting ``sidebar.sort``) and their menu labels."""
DEFAULT_SORT = "title"


def podcast_entry(p: Podcast, depth: int = 0) -> LibraryEntry:
    """The sidebar entry of a subscription."""
    query = EpisodeQuery(podcast_id=p.id)
    return LibraryEntry(f"podcast:{p.id}", p.title or p.url, query, p, KIND_PODCAST, depth)


def folder_entry(f: FolderSummary) -> LibraryEntry:
    """The sidebar entry of a folder: selecting it lists every episode of its shows."""
    query = EpisodeQuery(folder=f.name)
    return LibraryEntry(f"folder:{f.name}", f.label, query, None, KIND_FOLDER, f.depth, folder=f)


def playlist_entry(p: PlaylistSummary) -> LibraryEntry:
    """The sidebar entry of a smart playlist."""
    query = EpisodeQuery(playlist_id=p.id)
    return LibraryEntry(f"playlist:{p.id}", p.name, query, kind=KIND_PLAYLIST, playlist=p)


def sort_key(sort: str, activity: dict[int, tuple[float, float]]) -> Callable[[Podcast], Any]:
    """How shows are ordered inside each folder: the chosen order, then by title."""

    def title(p: Podcast) -> tuple[str, int]:
        return ((p.title or p.url).lower(), p.id)

    if sort == "newest":
        return lambda p: (-activity.get(p.id, (0.0, 0.0))[0], title(p))
    if sort == "unplayed":
        return lambda p: (-p.unplayed_count, title(p))
    if sort == "listened":
        return lambda p: (-activity.get(p.id, (0.0, 0.0))[1], title(p))
    return title


def build_entries(
    podcasts: Sequence[Podcast],
    folders: Sequence[FolderSummary],
    playlists: Sequence[PlaylistSummary],
    collapsed: set[str],
    key: Callable[[Podcast], Any],
) -> tuple[list[LibraryEntry], list[Podcast]]:
    """The rows shown (collapsed folders' contents left out) and every show in sidebar order."""
    entries = list(SPECIAL_ENTRIES)
    if playlists:
        entries.append(
            LibraryEntry(PLAYLISTS_SECTION, N_("Playlists"), EpisodeQuery(), kind=KIND_SECTION)
        )
        entries += [playlist_entry(p) for p in playlists]
    names = {f.name for f in folders}
    in_folder: dict[str, list[Podcast]] = {}
    loose: list[Podcast] = []
    for p in podcasts:
        (in_folder.setdefault(p.folder, []) if p.folder in names else loose).append(p)
    children: dict[str, list[FolderSummary]] = {}
    for f in folders:
        parent = f.name.rsplit("/", 1)[0] if "/" in f.name else ""
        children.setdefault(parent if parent in names or not parent else "", []).append(f)
    order: list[Podcast] = []

    def add(folder: FolderSummary, hidden: bool) -> None:
        if not hidden:
            entries.append(folder_entry(folder))
        hidden = hidden or folder.name in collapsed
        for child in children.get(folder.name, []):
            add(child, hidden)
        for p in sorted(in_folder.get(folder.name, []), key=key):
            order.append(p)
            if not hidden:
                entries.append(podcast_entry(p, folder.depth + 1))

    for top in children.get("", []):
        add(top, hidden=False)
    for p in sorted(loose, key=key):
        order.append(p)
        entries.append(podcast_entry(p))
    return entries, order
