"""Listening history: play events, the raw material of the "up next" suggestions."""

from __future__ import annotations

import sqlite3
from typing import Any

from player.domain.models import PlayEvent
from player.storage.db import Store

_LISTEN_SELECT = (
    "SELECT pe.episode_id, e.podcast_id, pe.started_at, pe.from_pos, pe.to_pos, pe.rate, "
    "e.duration, e.published, e.number, pe.id "
    "FROM play_events pe JOIN episodes e ON e.id = pe.episode_id "
)
"""Listens joined with their episodes' facts: the fields of
:class:`~player.recommend.facts.Listen`, in order (the row id last)."""
_NEWEST_FIRST = "ORDER BY pe.started_at DESC, pe.id DESC LIMIT ?"

ListenRow = tuple[Any, ...]
"""A row of listen columns: episode, podcast, start, from, to, rate, duration, published,
number, event id. Plain tuples, built in C: the history window reads thousands."""
ListenRows = list[ListenRow]
"""Named at module level: inside :class:`HistoryRepo` ``list`` is its method."""


class HistoryRepo:
    """Play events in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, event: PlayEvent, conn: sqlite3.Connection | None = None) -> int:
        """Record one listening span (inside the caller's transaction when given one); its id."""
        sql = (
            "INSERT INTO play_events (episode_id, started_at, from_pos, to_pos, rate, source, "
            "saved_speed, saved_silence, saved_skips, ended_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        args = (
            event.episode_id,
            event.started_at,
            event.from_pos,
            event.to_pos,
            event.rate,
            event.source,
            event.saved_speed,
            event.saved_silence,
            event.saved_skips,
            event.ended_at,
        )
        if conn is not None:
            return int(conn.execute(sql, args).lastrowid or 0)
        with self.store.write() as c:
            return int(c.execute(sql, args).lastrowid or 0)

    def extend(
        self,
        event_id: int,
        to_pos: float,
        conn: sqlite3.Connection | None = None,
        saved: tuple[float, float, float] | None = None,
        ended_at: float | None = None,
    ) -> None:
        """Move the end of a span still being listened to (the player saves it as it goes, so a
        crash loses at most one save interval of history), with the seconds it saved so far
        (``saved``: by speed, silence, skips) and its wall-clock end."""
        args: tuple[float | None, ...]
        if saved is None:
            sql = "UPDATE play_events SET to_pos = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?"
            args = (to_pos, ended_at, event_id)
        else:
            sql = (
                "UPDATE play_events SET to_pos = ?, saved_speed = ?, saved_silence = ?, "
                "saved_skips = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?"
            )
            args = (to_pos, *saved, ended_at, event_id)
        if conn is not None:
            conn.execute(sql, args)
            return
        with self.store.write() as c:
            c.execute(sql, args)

    def add_many(self, events: list[PlayEvent]) -> None:
        """Record many events in one transaction (history import)."""
        with self.store.write() as conn:
            for event in events:
                self.add(event, conn)

    def list(self, episode_id: int | None = None, since: float | None = None) -> list[PlayEvent]:
        """Events oldest first, optionally for one episode or after a time."""
        clauses: list[str] = []
        params: list[float] = []
        if episode_id is not None:
            clauses.append("episode_id = ?")
            params.append(episode_id)
        if since is not None:
            clauses.append("started_at >= ?")
            params.append(since)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.store.query(
            "SELECT id, episode_id, started_at, from_pos, to_pos, rate, source, saved_speed, "
            "saved_silence, saved_skips, ended_at FROM play_events "
            f"{where} ORDER BY started_at, id",
            tuple(params),
        )
        return [
            PlayEvent(
                id=r["id"],
                episode_id=r["episode_id"],
                started_at=r["started_at"],
                from_pos=r["from_pos"],
                to_pos=r["to_pos"],
                rate=r["rate"],
                source=r["source"],
                saved_speed=r["saved_speed"],
                saved_silence=r["saved_silence"],
                saved_skips=r["saved_skips"],
                ended_at=r["ended_at"],
            )
            for r in rows
        ]

    def count(self) -> int:
        """How many events are stored."""
        return int(self.store.scalar("SELECT COUNT(*) FROM play_events") or 0)

    def summary(self) -> tuple[int, float | None, float | None]:
        """How many listening events are kept, and the first and last start time."""
        row = self.store.query(
            "SELECT COUNT(*), MIN(started_at), MAX(started_at) FROM play_events"
        )[0]
        return int(row[0]), row[1], row[2]

    # -- the listens "up next" reads habits from -------------------------------------------

    def revision(self) -> tuple[int, int]:
        """(revision, deletions): bumped by every change to a listen, and by every deletion."""
        revision, deletions = (
            self.store.connection()
            .execute("SELECT revision, deletions FROM history_revision")
            .fetchone()
        )
        return int(revision), int(deletions)

    def newest_listens(self, at: float, limit: int) -> ListenRows:
        """The ``limit`` listens that started last by ``at``, newest first."""
        return (
            self.store.connection()
            .execute(_LISTEN_SELECT + "WHERE pe.started_at <= ? " + _NEWEST_FIRST, (at, limit))
            .fetchall()
        )

    def listens_changed_since(self, revision: int) -> ListenRows:
        """Listens inserted or changed after ``revision``."""
        return (
            self.store.connection()
            .execute(_LISTEN_SELECT + "WHERE pe.revision > ?", (revision,))
            .fetchall()
        )

    def listens_started_between(self, low: float, high: float) -> ListenRows:
        """Listens that started after ``low`` and by ``high``."""
        return (
            self.store.connection()
            .execute(_LISTEN_SELECT + "WHERE pe.started_at > ? AND pe.started_at <= ?", (low, high))
            .fetchall()
        )

    def listens_before(self, at: float, floor: tuple[float, int], limit: int) -> ListenRows:
        """The ``limit`` newest listens that started by ``at`` and order before ``floor``
        (start time, row id), newest first."""
        return (
            self.store.connection()
            .execute(
                _LISTEN_SELECT
                + "WHERE pe.started_at <= ? AND (pe.started_at, pe.id) < (?, ?) "
                + _NEWEST_FIRST,
                (at, *floor, limit),
            )
            .fetchall()
        )

    def clear(self) -> None:
        """Forget the whole listening history (the listener asked to)."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM play_events")

    def time_saved(self, since: float | None = None) -> tuple[float, float, float]:
        """Seconds saved by speed, trimmed silence and skips, summed over the spans (started
        after ``since`` when given)."""
        where, params = ("WHERE started_at >= ?", (since,)) if since is not None else ("", ())
        row = self.store.query(
            "SELECT COALESCE(SUM(saved_speed), 0), COALESCE(SUM(saved_silence), 0), "
            f"COALESCE(SUM(saved_skips), 0) FROM play_events {where}",
            params,
        )[0]
        return float(row[0]), float(row[1]), float(row[2])
