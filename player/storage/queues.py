"""Named play queues: "Next up" (id 1, always there) and the listener's own ("News first").

The entries of one queue are :class:`~player.storage.queue.QueueRepo`'s; this is the list of
queues itself, which one is active (the setting ``queue.active``) and the moves between them.
Every change is one transaction, so a crash never leaves an episode in neither queue.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from player.domain.organise import NEXT_UP_QUEUE_ID, QueueSummary
from player.storage.db import Store
from player.storage.settings import SettingsRepo

ACTIVE_KEY = "queue.active"
"""The setting that names the active queue (its id; "Next up" when unset or deleted)."""

_LIST = (
    "SELECT q.id, q.name, q.auto_advance, "
    "(SELECT COUNT(*) FROM queue e WHERE e.queue_id = q.id) AS count "
    "FROM queues q"
)


class QueuesRepo:
    """The queues table, the active-queue setting, and entries moving between queues."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._settings = SettingsRepo(store)

    # -- reading ---------------------------------------------------------------------------

    def summaries(self) -> list[QueueSummary]:
        """Every queue in the listener's order ("Next up" first unless moved), with counts."""
        active = self.active_id()
        rows = self.store.query(f"{_LIST} ORDER BY q.ord, q.id")
        return [_summary(r, active) for r in rows]

    def get(self, queue_id: int) -> QueueSummary | None:
        """One queue, or None when there is no such id."""
        rows = self.store.query(f"{_LIST} WHERE q.id = ?", (queue_id,))
        return _summary(rows[0], self.active_id()) if rows else None

    def by_name(self, name: str) -> QueueSummary | None:
        """The queue called ``name`` (case does not matter), or None."""
        rows = self.store.query(f"{_LIST} WHERE q.name = ? COLLATE NOCASE", (name.strip(),))
        return _summary(rows[0], self.active_id()) if rows else None

    def exists(self, queue_id: int) -> bool:
        """Whether a queue with this id exists."""
        return self.store.scalar("SELECT 1 FROM queues WHERE id = ?", (queue_id,)) is not None

    def active_id(self) -> int:
        """The queue the player follows; "Next up" when the setting names none that exists
        (its queue was deleted, maybe by another process)."""
        value = self._settings.get(ACTIVE_KEY, NEXT_UP_QUEUE_ID)
        try:
            queue_id = int(value)
        except (TypeError, ValueError):
            return NEXT_UP_QUEUE_ID
        return queue_id if self.exists(queue_id) else NEXT_UP_QUEUE_ID

    def auto_advance(self, queue_id: int) -> bool:
        """Whether the end of an episode goes on to this queue's next entry."""
        value = self.store.scalar("SELECT auto_advance FROM queues WHERE id = ?", (queue_id,))
        return bool(value) if value is not None else True

    # -- changing the list -----------------------------------------------------------------

    def create(self, name: str, now: float | None = None) -> int:
        """Add an empty queue at the end of the list; its id. Raises ``sqlite3.IntegrityError``
        when the name is taken (the service turns that into a sentence)."""
        with self.store.write() as conn:
            ord_ = conn.execute("SELECT COALESCE(MAX(ord), 0) + 1 FROM queues").fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO queues (name, ord, auto_advance, created_at) VALUES (?, ?, 1, ?)",
                (name, ord_, time.time() if now is None else now),
            )
            return int(cursor.lastrowid or 0)

    def rename(self, queue_id: int, name: str) -> None:
        """Give a queue a new name (``sqlite3.IntegrityError`` when another has it)."""
        with self.store.write() as conn:
            conn.execute("UPDATE queues SET name = ? WHERE id = ?", (name, queue_id))

    def delete(self, queue_id: int) -> None:
        """Drop a queue and its entries (the episodes stay in the library). "Next up" stays:
        the caller refuses it; this only guards against a slip."""
        if queue_id == NEXT_UP_QUEUE_ID:
            return
        with self.store.write() as conn:
            conn.execute("DELETE FROM queue WHERE queue_id = ?", (queue_id,))
            conn.execute("DELETE FROM queues WHERE id = ?", (queue_id,))

    def reorder(self, queue_ids: list[int]) -> None:
        """The listener's order of the queues; ids left out keep their place after these."""
        with self.store.write() as conn:
            rest = [
                r[0]
                for r in conn.execute("SELECT id FROM queues ORDER BY ord, id")
                if r[0] not in queue_ids
            ]
            conn.executemany(
                "UPDATE queues SET ord = ? WHERE id = ?",
                [(i, q) for i, q in enumerate(list(dict.fromkeys(queue_ids)) + rest)],
            )

    def set_auto_advance(self, queue_id: int, on: bool) -> None:
        """Whether playback goes on to this queue's next entry at the end of an episode."""
        with self.store.write() as conn:
            conn.execute("UPDATE queues SET auto_advance = ? WHERE id = ?", (int(on), queue_id))

    def set_active(self, queue_id: int) -> None:
        """Make this queue the one the player, the pane and "add to queue" use."""
        self._settings.set(ACTIVE_KEY, int(queue_id))

    # -- entries across queues -------------------------------------------------------------

    def move_entries(self, episode_ids: Iterable[int], source: int, target: int) -> None:
        """Take episodes out of ``source`` and put them at the end of ``target``, in one
        transaction; ones already in ``target`` keep their place there."""
        ids = list(dict.fromkeys(episode_ids))
        if not ids or source == target:
            return
        marks = ",".join("?" * len(ids))
        with self.store.write() as conn:
            _append(conn, target, ids)
            conn.execute(
                f"DELETE FROM queue WHERE queue_id = ? AND episode_id IN ({marks})",
                (source, *ids),
            )
            _renumber(conn, source)

    def fill(self, queue_id: int, episode_ids: Iterable[int]) -> None:
        """Replace a queue's contents with these episodes, in this order (one transaction)."""
        ids = list(dict.fromkeys(episode_ids))
        with self.store.write() as conn:
            conn.execute("DELETE FROM queue WHERE queue_id = ?", (queue_id,))
            conn.executemany(
                "INSERT INTO queue (queue_id, episode_id, ord) VALUES (?, ?, ?)",
                [(queue_id, e, i) for i, e in enumerate(ids)],
            )

    def remove_everywhere(self, episode_ids: Iterable[int]) -> None:
        """Take episodes out of every queue (an episode heard to the end is done with)."""
        ids = list(dict.fromkeys(episode_ids))
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        with self.store.write() as conn:
            touched = [
                r[0]
                for r in conn.execute(
                    f"SELECT DISTINCT queue_id FROM queue WHERE episode_id IN ({marks})", ids
                )
            ]
            conn.execute(f"DELETE FROM queue WHERE episode_id IN ({marks})", ids)
            for queue_id in touched:
                _renumber(conn, queue_id)

    def queues_of(self, episode_id: int) -> list[int]:
        """The ids of the queues an episode is in."""
        rows = self.store.query(
            "SELECT queue_id FROM queue WHERE episode_id = ? ORDER BY queue_id", (episode_id,)
        )
        return [r[0] for r in rows]


def _summary(row: sqlite3.Row, active: int) -> QueueSummary:
    return QueueSummary(
        id=row["id"],
        name=row["name"],
        count=row["count"],
        auto_advance=bool(row["auto_advance"]),
        active=row["id"] == active,
    )


def _append(conn: sqlite3.Connection, queue_id: int, ids: list[int]) -> None:
    """Episodes at the end of a queue; ones already there stay where they are."""
    start = conn.execute(
        "SELECT COALESCE(MAX(ord), -1) + 1 FROM queue WHERE queue_id = ?", (queue_id,)
    ).fetchone()[0]
    present = {
        r[0] for r in conn.execute("SELECT episode_id FROM queue WHERE queue_id = ?", (queue_id,))
    }
    new = [e for e in ids if e not in present]
    conn.executemany(
        "INSERT INTO queue (queue_id, episode_id, ord) VALUES (?, ?, ?)",
        [(queue_id, e, start + i) for i, e in enumerate(new)],
    )


def _renumber(conn: sqlite3.Connection, queue_id: int) -> None:
    """Close the gaps a removal left (``ord`` 0 plays next, as QueueRepo keeps it)."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT episode_id FROM queue WHERE queue_id = ? ORDER BY ord", (queue_id,)
        )
    ]
    conn.executemany(
        "UPDATE queue SET ord = ? WHERE queue_id = ? AND episode_id = ?",
        [(i, queue_id, e) for i, e in enumerate(ids)],
    )
