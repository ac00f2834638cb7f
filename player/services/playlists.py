"""Smart playlists as a use case: save, list with live counts, evaluate by name or id.

The window, the command line and "play this playlist" all come here; errors are one sentence
(an unknown playlist, a name that is taken, a bad rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from player.domain.errors import NotFoundError
from player.domain.models import Episode
from player.domain.organise import PlaylistSummary
from player.domain.playlists import Playlist, PlaylistRules
from player.i18n import _
from player.storage import PodcastRepo, Store
from player.storage.playlists import PlaylistRepo


@dataclass(frozen=True, slots=True)
class PlaylistChoices:
    """What the editor's pickers offer: shows (id, title), folders and tags in use."""

    podcasts: list[tuple[int, str]]
    folders: list[str]
    tags: list[str]


PlaylistRef = int | str
"""A playlist by id, or by name (any case); a name made of digits is tried as a name too."""


class PlaylistService:
    """Everything done to smart playlists."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.repo = PlaylistRepo(store)
        self.podcasts = PodcastRepo(store)

    def playlist(self, ref: PlaylistRef) -> Playlist:
        """The playlist ``ref`` names; :class:`NotFoundError` saying so when there is none."""
        if isinstance(ref, str):
            found = self.repo.find(ref)
            if found is not None:
                return found
            if not ref.strip().isdigit():
                raise NotFoundError(
                    _("There is no playlist called “{strip}”.").format(strip=ref.strip())
                )
            ref = int(ref)
        try:
            return self.repo.get(ref)
        except NotFoundError:
            raise NotFoundError(_("There is no playlist with id {ref}.").format(ref=ref)) from None

    def playlists(self) -> list[Playlist]:
        """Every playlist, in sidebar order."""
        return self.repo.list()

    def summaries(self) -> list[PlaylistSummary]:
        """Every playlist with its live count (the sidebar's rows)."""
        return self.repo.summaries()

    def save(self, name: str, rules: PlaylistRules) -> int:
        """Create the playlist ``name`` or replace its rules; its id."""
        return self.repo.save(name, rules)

    def create(self, name: str, rules: PlaylistRules) -> int:
        """A new playlist; a taken name is an error (the editor's "New smart playlist")."""
        return self.repo.create(name, rules)

    def update(self, playlist_id: int, name: str, rules: PlaylistRules) -> None:
        """Change a playlist's name and rules (the editor's Save on an existing one)."""
        self.repo.update(playlist_id, name, rules)

    def rename(self, ref: PlaylistRef, name: str) -> None:
        """Give a playlist another name."""
        self.repo.rename(self.playlist(ref).id, name)

    def delete(self, ref: PlaylistRef) -> Playlist:
        """Remove a playlist; the one removed (for the message)."""
        playlist = self.playlist(ref)
        self.repo.delete(playlist.id)
        return playlist

    def episodes(self, ref: PlaylistRef, limit: int | None = None) -> list[Episode]:
        """A playlist's episodes, in its order (the first ``limit`` of them)."""
        return self.repo.episodes(self.playlist(ref).rules, limit=limit)

    def episode_ids(self, ref: PlaylistRef) -> list[int]:
        """A playlist's episode ids in order: what "play this playlist" puts in a queue."""
        return self.repo.episode_ids(self.playlist(ref).rules)

    def preview(self, rules: PlaylistRules) -> int:
        """How many episodes unsaved rules select (the editor's live "N episodes match")."""
        return self.repo.count(rules)

    def choices(self) -> PlaylistChoices:
        """The shows, folders and tags a playlist may name (read on a worker)."""
        podcasts = sorted(
            ((p.id, p.title or p.url) for p in self.podcasts.list()), key=lambda p: p[1].lower()
        )
        return PlaylistChoices(podcasts, self.repo.folder_names(), self.repo.tag_names())

    def describe(self, rules: PlaylistRules) -> str:
        """The rules in plain words, with the podcasts they name by title."""
        names: dict[int, str] = {}
        for podcast_id in {*rules.podcasts_in, *rules.podcasts_out}:
            try:
                podcast = self.podcasts.get(podcast_id)
            except NotFoundError:
                continue  # unsubscribed since: the summary says "podcast N"
            names[podcast_id] = podcast.title or podcast.url
        return rules.describe(names)
