"""Smart playlists in the store: saved rules by name, and their live counts for the sidebar.

The rules are evaluated by SQL each time (``player.storage.playlist_sql``, through
:class:`player.storage.episodes.EpisodeRepo`), never materialised: a playlist is always up to
date with what was played, downloaded or published since.
"""

from __future__ import annotations

import builtins
import sqlite3
import time

from player.domain.errors import NotFoundError, PlayerError
from player.domain.models import Episode
from player.domain.organise import PlaylistSummary
from player.domain.playlists import Playlist, PlaylistRules
from player.domain.queries import ALL_EPISODES
from player.i18n import _
from player.storage.db import Store
from player.storage.episodes import EpisodeRepo


class DuplicatePlaylistError(PlayerError):
    """A playlist with that name exists already (names are case-insensitive)."""


def _playlist(row: sqlite3.Row) -> Playlist:
    return Playlist(row["id"], row["name"], PlaylistRules.from_json(row["rules"]))


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PlayerError(_("A playlist needs a name."))
    return cleaned


class PlaylistRepo:
    """Saved smart playlists, in the listener's order."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.episode_repo = EpisodeRepo(store)

    def list(self) -> builtins.list[Playlist]:
        """Every playlist, in sidebar order (``ord``, then name)."""
        rows = self.store.query(
            "SELECT id, name, rules FROM playlists ORDER BY ord, name COLLATE NOCASE, id"
        )
        return [_playlist(r) for r in rows]

    def get(self, playlist_id: int) -> Playlist:
        """One playlist; :class:`NotFoundError` when there is none with that id."""
        rows = self.store.query(
            "SELECT id, name, rules FROM playlists WHERE id = ?", (playlist_id,)
        )
        if not rows:
            raise NotFoundError(
                _("There is no playlist with id {playlist_id}.").format(playlist_id=playlist_id)
            )
        return _playlist(rows[0])

    def find(self, name: str) -> Playlist | None:
        """The playlist called ``name`` (any case), if any."""
        rows = self.store.query(
            "SELECT id, name, rules FROM playlists WHERE name = ? COLLATE NOCASE", (_clean(name),)
        )
        return _playlist(rows[0]) if rows else None

    def create(self, name: str, rules: PlaylistRules) -> int:
        """A new playlist at the end of the list; :class:`DuplicatePlaylistError` when the
        name is taken."""
        name = _clean(name)
        with self.store.write() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO playlists (name, rules, ord, created_at) VALUES "
                    "(?, ?, (SELECT IFNULL(MAX(ord), -1) + 1 FROM playlists), ?)",
                    (name, rules.to_json(), time.time()),
                )
            except sqlite3.IntegrityError:
                raise DuplicatePlaylistError(
                    _("There is already a playlist called “{name}”.").format(name=name)
                ) from None
            return int(cur.lastrowid or 0)

    def save(self, name: str, rules: PlaylistRules) -> int:
        """Create the playlist ``name`` or replace its rules (what ``playlist-save`` does)."""
        name = _clean(name)
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT id FROM playlists WHERE name = ? COLLATE NOCASE", (name,)
            ).fetchone()
            if row is None:
                return self.create(name, rules)
            conn.execute("UPDATE playlists SET rules = ? WHERE id = ?", (rules.to_json(), row[0]))
            return int(row[0])

    def update(self, playlist_id: int, name: str, rules: PlaylistRules) -> None:
        """Change a playlist's name and rules (the editor's Save)."""
        name = _clean(name)
        with self.store.write() as conn:
            try:
                cur = conn.execute(
                    "UPDATE playlists SET name = ?, rules = ? WHERE id = ?",
                    (name, rules.to_json(), playlist_id),
                )
            except sqlite3.IntegrityError:
                raise DuplicatePlaylistError(
                    _("There is already a playlist called “{name}”.").format(name=name)
                ) from None
            if cur.rowcount == 0:
                raise NotFoundError(
                    _("There is no playlist with id {playlist_id}.").format(playlist_id=playlist_id)
                )

    def rename(self, playlist_id: int, name: str) -> None:
        """Give a playlist another name (its rules stay)."""
        self.update(playlist_id, name, self.get(playlist_id).rules)

    def delete(self, playlist_id: int) -> None:
        """Remove a playlist (the episodes it showed are untouched)."""
        with self.store.write() as conn:
            cur = conn.execute("DELETE FROM playlists WHERE id = ?", (playlist_id,))
            if cur.rowcount == 0:
                raise NotFoundError(
                    _("There is no playlist with id {playlist_id}.").format(playlist_id=playlist_id)
                )

    def tag_names(self) -> builtins.list[str]:
        """Every tag in use, on shows or episodes, once each whatever its case (the editor's
        tag picker)."""
        rows = self.store.query(
            "SELECT tag FROM podcast_tags UNION SELECT tag FROM episode_tags "
            "ORDER BY 1 COLLATE NOCASE"
        )
        return [str(r[0]) for r in rows]

    def folder_names(self) -> builtins.list[str]:
        """Every folder path: the listed ones and those shows are in (the folder picker)."""
        rows = self.store.query(
            "SELECT name FROM folders UNION SELECT folder FROM podcasts WHERE folder != '' "
            "ORDER BY 1"
        )
        return [str(r[0]) for r in rows]

    # -- evaluation --------------------------------------------------------------------------

    def episodes(
        self, rules: PlaylistRules, limit: int | None = None, now: float | None = None
    ) -> builtins.list[Episode]:
        """The episodes ``rules`` select, in their order (saved or not: the editor's preview),
        through the episode listing: one SQL path for the sidebar, the CLI and the queue."""
        return self.episode_repo.list(ALL_EPISODES, limit=limit, rules=rules, now=now)

    def count(self, rules: PlaylistRules, now: float | None = None) -> int:
        """How many episodes ``rules`` select (at most their limit)."""
        return self.episode_repo.count(ALL_EPISODES, rules=rules, now=now)

    def episode_ids(self, rules: PlaylistRules, now: float | None = None) -> builtins.list[int]:
        """The ids of :meth:`episodes`, in order (what filling a queue needs)."""
        return self.episode_repo.ids(ALL_EPISODES, rules=rules, now=now)

    def summaries(self, now: float | None = None) -> builtins.list[PlaylistSummary]:
        """Every playlist with its live count (the sidebar's rows); one COUNT per playlist."""
        now = time.time() if now is None else now
        return [PlaylistSummary(p.id, p.name, self.count(p.rules, now)) for p in self.list()]
