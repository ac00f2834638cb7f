"""Organising a big library: folders of shows and tags on shows and episodes.

The use cases the sidebar, its dialogs and the command line share, with the checks that turn
a mistyped name or id into one clear sentence (a :class:`OrganiseError`) before anything is
written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from player.domain.errors import PlayerError
from player.domain.models import Podcast
from player.domain.organise import FolderSummary
from player.i18n import _
from player.storage import EpisodeRepo, FolderRepo, PodcastRepo, Store, TagRepo

PODCAST = "podcast"
EPISODE = "episode"


class OrganiseError(PlayerError):
    """A folder or tag request that cannot be carried out (the message says why)."""


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag in use and how many shows and episodes carry it."""

    tag: str
    podcast_count: int
    episode_count: int


@dataclass(frozen=True, slots=True)
class SidebarData:
    """What the sidebar shows besides its fixed rows: shows, folders, and what it sorts by."""

    podcasts: list[Podcast]
    folders: list[FolderSummary]
    activity: dict[int, tuple[float, float]] = field(default_factory=dict)
    """Per podcast id: newest episode's date and seconds listened (see ``FolderRepo``)."""


def folder_path(name: str) -> str:
    """A folder name as stored: parts trimmed, joined by "/" (raises for an empty name)."""
    parts = [p.strip() for p in name.strip().strip("/").split("/")]
    if not name.strip() or not any(parts):
        raise OrganiseError(_("A folder needs a name."))
    if not all(parts):
        raise OrganiseError(
            _("The folder name “{name}” has an empty part between slashes.").format(name=name)
        )
    return "/".join(parts)


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner spaces single (raises for an empty one)."""
    cleaned = " ".join(tag.split())
    if not cleaned:
        raise OrganiseError(_("A tag needs at least one letter."))
    return cleaned


class OrganiseService:
    """Folders and tags, as the window and the command line use them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder_repo = FolderRepo(store)
        self.tag_repo = TagRepo(store)
        self.podcast_repo = PodcastRepo(store)
        self.episode_repo = EpisodeRepo(store)

    # -- folders ----------------------------------------------------------------------------

    def folders(self) -> list[FolderSummary]:
        """Every folder by path, with its shows' counts (nested folders included)."""
        return self.folder_repo.summaries()

    def sidebar(self) -> SidebarData:
        """Shows, folders and sort facts in one go (one reload of the sidebar)."""
        return SidebarData(
            self.podcast_repo.list(),
            self.folder_repo.summaries(),
            self.folder_repo.podcast_activity(),
        )

    def create_folder(self, name: str) -> str:
        """Add an empty folder; its stored path."""
        path = folder_path(name)
        if path in self.folder_repo.names():
            raise OrganiseError(_("There is already a folder named “{path}”.").format(path=path))
        self.folder_repo.create(path)
        return path

    def rename_folder(self, old: str, new: str) -> str:
        """Rename a folder (its shows and nested folders follow); the new path."""
        old_path, new_path = self._existing(old), folder_path(new)
        if new_path == old_path:
            return new_path
        if new_path.startswith(old_path + "/"):
            raise OrganiseError(
                _("A folder cannot move into itself (“{new_path}”).").format(new_path=new_path)
            )
        if new_path in self.folder_repo.names():
            raise OrganiseError(
                _("There is already a folder named “{new_path}”.").format(new_path=new_path)
            )
        self.folder_repo.rename(old_path, new_path)
        return new_path

    def delete_folder(self, name: str) -> int:
        """Remove a folder; its shows go up one level. How many shows moved."""
        return self.folder_repo.delete(self._existing(name))

    def set_collapsed(self, name: str, collapsed: bool) -> None:
        """Remember a folder shown collapsed (or expanded) in the sidebar."""
        self.folder_repo.set_collapsed(self._existing(name), collapsed)

    def move_podcast(self, podcast_id: int, folder: str) -> str:
        """Put a show into a folder ("" or only spaces: into none), creating it; the path."""
        path = folder_path(folder) if folder.strip() else ""
        self.podcast_repo.get(podcast_id)  # "There is no podcast with id N."
        self.folder_repo.move_podcasts([podcast_id], path)
        return path

    def _existing(self, name: str) -> str:
        path = folder_path(name)
        if path not in self.folder_repo.names():
            raise OrganiseError(_("There is no folder named “{path}”.").format(path=path))
        return path

    # -- tags -------------------------------------------------------------------------------

    def add_tags(self, kind: str, item_id: int, tags: list[str]) -> list[str]:
        """Tag a podcast or an episode; its tags afterwards."""
        self.tag_repo.add(_kind(kind), item_id, _clean_all(tags))
        return self.tag_repo.of(kind, item_id)

    def remove_tags(self, kind: str, item_id: int, tags: list[str]) -> list[str]:
        """Untag a podcast or an episode; its tags afterwards."""
        self._check_item(_kind(kind), item_id)
        self.tag_repo.remove(kind, item_id, _clean_all(tags))
        return self.tag_repo.of(kind, item_id)

    def set_tags(self, kind: str, item_id: int, tags: list[str]) -> list[str]:
        """Give an item exactly these tags (the tags dialog's OK); its tags afterwards."""
        wanted = _clean_all(tags) if tags else []
        current = self.tags_of(kind, item_id)
        lowered = {t.lower() for t in wanted}
        self.tag_repo.remove(kind, item_id, [t for t in current if t.lower() not in lowered])
        if wanted:
            self.tag_repo.add(kind, item_id, wanted)
        return self.tag_repo.of(kind, item_id)

    def tags_of(self, kind: str, item_id: int) -> list[str]:
        """The tags of a podcast or an episode."""
        self._check_item(_kind(kind), item_id)
        return self.tag_repo.of(kind, item_id)

    def tags(self) -> list[TagCount]:
        """Every tag in use, alphabetically, with its counts."""
        return [TagCount(*row) for row in self.tag_repo.counts()]

    def _check_item(self, kind: str, item_id: int) -> None:
        if kind == PODCAST:
            self.podcast_repo.get(item_id)
        else:
            self.episode_repo.get(item_id)


def _kind(kind: str) -> str:
    if kind not in (PODCAST, EPISODE):
        raise ValueError(f"not a taggable kind: {kind!r}")
    return kind


def _clean_all(tags: list[str]) -> list[str]:
    if not tags:
        raise OrganiseError(_("Name at least one tag."))
    return list(dict.fromkeys(clean_tag(t) for t in tags))
