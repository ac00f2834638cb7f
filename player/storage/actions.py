"""What the gpodder.net episode-action import and export read and write.

The import runs as one transaction (a bad file changes nothing), so the methods it calls inside
it take that transaction's connection; the export and the matching index read on their own.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from player.domain.models import EpisodeState, PlayEvent
from player.storage.db import Store


class EpisodeKey(NamedTuple):
    """What an action can name an episode by: its media URL, or its feed and guid."""

    id: int
    enclosure_url: str | None
    guid: str
    podcast_url: str


class ListenerState(NamedTuple):
    """An episode's played state, position and when the listener last touched it (None: never)."""

    state: EpisodeState
    last_played: float | None
    position: float = 0.0


class ExportedPlay(NamedTuple):
    """One play event with the episode and feed fields the format carries."""

    podcast_url: str
    enclosure_url: str | None
    guid: str
    started_at: float
    from_pos: float
    to_pos: float
    rate: float
    duration: float | None


class EpisodeActionsRepo:
    """Episode lookups, listening spans and listener state for episode-action files."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def episode_keys(self) -> list[EpisodeKey]:
        """Every episode's identifying fields, oldest id first (the first of equals wins)."""
        rows = self.store.connection().execute(
            "SELECT e.id, e.enclosure_url, e.guid, p.url FROM episodes e "
            "JOIN podcasts p ON p.id = e.podcast_id ORDER BY e.id"
        )
        return [EpisodeKey(*r) for r in rows]

    def spans(self, conn: sqlite3.Connection) -> list[PlayEvent]:
        """Every stored listening span, read inside the import's transaction."""
        rows = conn.execute(
            "SELECT episode_id, started_at, from_pos, to_pos, rate FROM play_events"
        )
        return [
            PlayEvent(episode_id=r[0], started_at=r[1], from_pos=r[2], to_pos=r[3], rate=r[4])
            for r in rows
        ]

    def listener_state(self, episode_id: int, conn: sqlite3.Connection) -> ListenerState:
        """The episode's state and last-played time, inside the import's transaction."""
        state, last_played, position = conn.execute(
            "SELECT state, last_played, position FROM episodes WHERE id = ?", (episode_id,)
        ).fetchone()
        return ListenerState(EpisodeState(state), last_played, float(position or 0.0))

    def set_listener_state(
        self,
        episode_id: int,
        state: EpisodeState,
        position: float,
        last_played: float,
        conn: sqlite3.Connection,
    ) -> None:
        """Set state, position and last-played time together, as an imported action says."""
        conn.execute(
            "UPDATE episodes SET state = ?, position = ?, last_played = ? WHERE id = ?",
            (state.value, position, last_played, episode_id),
        )

    def plays_for_export(self) -> list[ExportedPlay]:
        """Every play event with its episode's and feed's fields, oldest first."""
        rows = self.store.connection().execute(
            "SELECT p.url, e.enclosure_url, e.guid, pe.started_at, pe.from_pos, pe.to_pos, "
            "pe.rate, e.duration FROM play_events pe JOIN episodes e ON e.id = pe.episode_id "
            "JOIN podcasts p ON p.id = e.podcast_id ORDER BY pe.started_at, pe.id"
        )
        return [ExportedPlay(*r) for r in rows]
