"""The play queue: an ordered list of episode ids (``ord`` 0 plays next)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from player.domain.models import QueueEntry
from player.storage.db import Store
from player.storage.episodes import EpisodeRepo


class QueueRepo:
    """The queue in the store. Every change renumbers inside one transaction."""

    def __init__(self, store: Store, queue_id: int = 1) -> None:
        self.store = store
        self.queue_id = queue_id
        """Which named queue (1 is "Next up", which every database has)."""
        self._episodes = EpisodeRepo(store)

    def ids(self) -> list[int]:
        """Queued episode ids in play order."""
        return [
            r[0]
            for r in self.store.query(
                "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (self.queue_id,)
            )
        ]

    def entries(self) -> list[QueueEntry]:
        """The queue with its episodes."""
        episodes = self._episodes.get_many(self.ids())
        return [QueueEntry(position=i, episode=e) for i, e in enumerate(episodes)]

    def _save(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        conn.execute("DELETE FROM queue WHERE queue_id = ?", (self.queue_id,))
        conn.executemany(
            "INSERT INTO queue (queue_id, episode_id, ord) VALUES (?, ?, ?)",
            [(self.queue_id, e, i) for i, e in enumerate(ids)],
        )

    def insert(self, episode_ids: Iterable[int], index: int | None = None) -> None:
        """Put episodes at ``index`` (end when None); ones already queued move there."""
        new = list(dict.fromkeys(episode_ids))
        with self.store.write() as conn:
            current = [
                r[0]
                for r in conn.execute(
                    "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (self.queue_id,)
                )
            ]
            if index is not None:
                # An index counts positions in the queue as the listener sees it, before the move.
                index = len([e for e in current[:index] if e not in new])
            rest = [e for e in current if e not in new]
            at = len(rest) if index is None else max(0, min(index, len(rest)))
            self._save(conn, rest[:at] + new + rest[at:])

    def remove(self, episode_ids: Iterable[int]) -> None:
        """Take episodes out of the queue."""
        drop = set(episode_ids)
        with self.store.write() as conn:
            current = [
                r[0]
                for r in conn.execute(
                    "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (self.queue_id,)
                )
            ]
            self._save(conn, [e for e in current if e not in drop])

    def move(self, episode_ids: Iterable[int], offset: int) -> None:
        """Move entries ``offset`` places towards the end (negative: the front), one step at a
        time, keeping their own order; a block stops as a whole at either end (Alt+Up/Down)."""
        chosen = set(episode_ids)
        with self.store.write() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (self.queue_id,)
                )
            ]
            for _ in range(abs(offset)):
                ids = _step(ids, chosen, down=offset > 0)
            self._save(conn, ids)

    def places(self, episode_ids: Iterable[int]) -> dict[int, int]:
        """Where these episodes are in the queue (episode id -> index); unqueued ones left out."""
        wanted = set(episode_ids)
        return {e: i for i, e in enumerate(self.ids()) if e in wanted}

    def put_back(self, places: dict[int, int]) -> None:
        """Put episodes back at the indexes :meth:`places` gave (the undo of a removal)."""
        with self.store.write() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (self.queue_id,)
                )
            ]
            ids = [e for e in ids if e not in places]
            for episode_id, index in sorted(places.items(), key=lambda item: item[1]):
                ids.insert(min(index, len(ids)), episode_id)
            self._save(conn, ids)

    def set_order(self, episode_ids: list[int]) -> None:
        """Replace the whole order (drag and drop hands us the new list)."""
        with self.store.write() as conn:
            self._save(conn, list(dict.fromkeys(episode_ids)))

    def clear(self) -> None:
        """Empty the queue."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM queue WHERE queue_id = ?", (self.queue_id,))

    def next_after(self, episode_id: int | None) -> int | None:
        """The episode that follows ``episode_id`` in the queue (the head when it is not queued)."""
        ids = self.ids()
        if episode_id in ids:
            i = ids.index(episode_id)
            return ids[i + 1] if i + 1 < len(ids) else None
        return ids[0] if ids else None


def _step(ids: list[int], chosen: set[int], down: bool) -> list[int]:
    """One place up (or down) for every chosen entry that has room; the rest keep their order."""
    out = list(reversed(ids)) if down else list(ids)
    for i in range(1, len(out)):
        if out[i] in chosen and out[i - 1] not in chosen:
            out[i - 1], out[i] = out[i], out[i - 1]
    return list(reversed(out)) if down else out
