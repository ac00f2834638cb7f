"""The listener's own state of episodes (played flag, saved position, last played), as values.

Kept apart from :mod:`player.storage.episodes` because only undo needs it: a snapshot read
before "mark played" and written back, exactly, when the listener changes their mind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from player.storage.db import Store


@dataclass(frozen=True, slots=True)
class ListeningState:
    """What the listener has done with one episode."""

    episode_id: int
    state: str
    position: float
    last_played: float | None


class ListeningStateRepo:
    """Reads and restores :class:`ListeningState` snapshots."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self, episode_ids: Sequence[int]) -> list[ListeningState]:
        """The current states of these episodes, in the order asked (missing ids left out)."""
        if not episode_ids:
            return []
        marks = ",".join("?" * len(episode_ids))
        rows = self.store.query(
            f"SELECT id, state, position, last_played FROM episodes WHERE id IN ({marks})",
            tuple(episode_ids),
        )
        by_id = {
            r["id"]: ListeningState(r["id"], r["state"], float(r["position"]), r["last_played"])
            for r in rows
        }
        return [by_id[i] for i in episode_ids if i in by_id]

    def restore(self, states: Iterable[ListeningState]) -> None:
        """Write snapshots back in one transaction (episodes deleted meanwhile are skipped)."""
        with self.store.write() as conn:
            conn.executemany(
                "UPDATE episodes SET state = ?, position = ?, last_played = ? WHERE id = ?",
                [(s.state, s.position, s.last_played, s.episode_id) for s in states],
            )
