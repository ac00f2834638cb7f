"""The indexed reads "up next" picks its candidates with, and its "not interested" marks.

The library may hold 200,000 episodes; every id query here uses an index
(``episodes_podcast_published``, ``episodes_published`` and the partial
``episodes_in_progress``), so its cost follows the listener's history, not the library's size.
Rows come back as plain tuples, built in C: the scorer wraps them in its own records (500 shows
and 450 candidates per suggestion), and storage must not import the scorer.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from player.storage.db import Store

CANDIDATE_COLUMNS = (
    "e.id, e.podcast_id, e.published, e.duration, e.season, e.number, e.episode_type, e.state, "
    "e.position, e.last_played, p.title"
)
"""The fields of :class:`~player.recommend.facts.Candidate`, in order."""

NO_BOUND = -1e18
"""A ``published`` lower bound below every stored date: "from the show's first episode"."""


class CandidateRepo:
    """Episode ids and facts for the scorer, and the kept "not interested" marks."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _ids(self, sql: str, params: Sequence[object]) -> list[int]:
        return [r[0] for r in self.store.connection().execute(sql, params)]

    # -- what the scorer reads ------------------------------------------------------------

    def show_rows(self) -> list[tuple[int, str, str]]:
        """(id, title, kind) of every subscription: the fields of ``Show``, in order."""
        return self.store.connection().execute("SELECT id, title, kind FROM podcasts").fetchall()

    def queued_ids(self, queue_id: int | None = None) -> set[int]:
        """Episodes already in this queue (the player's active one), or in any when None."""
        if queue_id is None:
            return {r[0] for r in self.store.connection().execute("SELECT episode_id FROM queue")}
        return {
            r[0]
            for r in self.store.connection().execute(
                "SELECT episode_id FROM queue WHERE queue_id = ?", (queue_id,)
            )
        }

    def in_progress_ids(self, at: float) -> list[int]:
        """Unfinished episodes the listener started, published by ``at``."""
        return self._ids(
            "SELECT id FROM episodes INDEXED BY episodes_in_progress "
            "WHERE state = 'new' AND position > 0 AND published <= ?",
            (at,),
        )

    def newest_unheard_ids(self, at: float, limit: int) -> list[int]:
        """The library's ``limit`` newest unheard episodes published by ``at``, newest first."""
        return self._ids(
            # "+state": walk the published index newest first instead of sorting every new one.
            "SELECT id FROM episodes WHERE +state = 'new' AND published <= ? "
            "ORDER BY published DESC LIMIT ?",
            (at, limit),
        )

    def newest_unheard_of_show(self, show_id: int, at: float, limit: int) -> list[int]:
        """A show's ``limit`` newest unheard episodes published by ``at``."""
        return self._ids(
            "SELECT id FROM episodes WHERE podcast_id = ? AND state = 'new' "
            "AND published <= ? ORDER BY published DESC LIMIT ?",
            (show_id, at, limit),
        )

    def next_unheard_of_show(
        self, show_id: int, after: float | None, at: float, limit: int
    ) -> list[int]:
        """A show's next ``limit`` unheard episodes published after ``after`` (None: from its
        start) and by ``at``, in publication order."""
        return self._ids(
            "SELECT id FROM episodes WHERE podcast_id = ? AND state = 'new' AND published > ? "
            "AND published <= ? ORDER BY published ASC LIMIT ?",
            (show_id, NO_BOUND if after is None else after, at, limit),
        )

    def podcasts_of(self, episode_ids: Sequence[int]) -> list[int]:
        """The distinct shows the given episodes belong to."""
        if not episode_ids:
            return []
        marks = ",".join("?" * len(episode_ids))
        return self._ids(
            f"SELECT DISTINCT podcast_id FROM episodes WHERE id IN ({marks})", tuple(episode_ids)
        )

    def candidate_rows(self, episode_ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """Rows of :data:`CANDIDATE_COLUMNS` for the given episodes (missing ones left out)."""
        if not episode_ids:
            return []
        marks = ",".join("?" * len(episode_ids))
        sql = (
            f"SELECT {CANDIDATE_COLUMNS} FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            f"WHERE e.id IN ({marks})"
        )
        return self.store.connection().execute(sql, list(episode_ids)).fetchall()

    # -- "not interested" -----------------------------------------------------------------

    def dismissed_shows(self) -> dict[int, int]:
        """Episode id -> podcast id of every kept "not interested" mark."""
        rows = self.store.connection().execute(
            # CROSS JOIN keeps SQLite from scanning all episodes when it misjudges the sizes.
            "SELECT d.episode_id, e.podcast_id FROM dismissed d CROSS JOIN episodes e "
            "ON e.id = d.episode_id"
        )
        return dict(rows.fetchall())

    def dismissed_count(self) -> int:
        """How many "not interested" marks are kept."""
        return int(self.store.connection().execute("SELECT COUNT(*) FROM dismissed").fetchone()[0])

    def dismissed_at(self, episode_id: int) -> float | None:
        """When the kept mark on an episode was made (None: there is none)."""
        value = self.store.scalar("SELECT at FROM dismissed WHERE episode_id = ?", (episode_id,))
        return float(value) if isinstance(value, int | float) else None

    def dismiss(self, episode_id: int, at: float | None = None) -> None:
        """Keep a mark on an episode made at ``at`` (default: now), replacing an older one."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO dismissed (episode_id, at) VALUES (?, ?) "
                "ON CONFLICT (episode_id) DO UPDATE SET at = excluded.at",
                (episode_id, time.time() if at is None else at),
            )

    def restore_dismissed(self, episode_id: int, before: float | None) -> None:
        """Put an episode's mark back as it was: made at ``before``, or none (None)."""
        with self.store.write() as conn:
            if before is None:
                conn.execute("DELETE FROM dismissed WHERE episode_id = ?", (episode_id,))
            else:
                conn.execute(
                    "UPDATE dismissed SET at = ? WHERE episode_id = ?", (before, episode_id)
                )

    def clear_dismissed(self, conn: sqlite3.Connection | None = None) -> None:
        """Forget every mark (inside the caller's transaction when given one)."""
        if conn is not None:
            conn.execute("DELETE FROM dismissed")
            return
        with self.store.write() as c:
            c.execute("DELETE FROM dismissed")
