"""The play queue as a use case: add next / add last, reorder, remove, and time left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from player.domain.models import Episode, QueueEntry
from player.storage import QueueRepo, SettingsRepo, Store


@dataclass(frozen=True, slots=True)
class QueueView:
    """The queue with what the pane shows beside it."""

    entries: list[QueueEntry]
    rates: dict[int, float]
    """Playback rate per queued episode id (its podcast's rate, else the default)."""

    @property
    def seconds_left(self) -> float:
        """Listening time left for the whole queue, at each episode's own rate."""
        return sum(remaining(e.episode) / self.rates.get(e.episode.id, 1.0) for e in self.entries)


def remaining(episode: Episode) -> float:
    """Seconds of an episode still to hear (0 when its length is unknown)."""
    if not episode.duration:
        return 0.0
    return max(0.0, episode.duration - episode.position)


class QueueService:
    """Everything the queue pane, the player and the command line do to the queue."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.repo = QueueRepo(store)
        self.settings = SettingsRepo(store)

    def view(self) -> QueueView:
        """The queue and the rates that apply to each entry."""
        entries = self.repo.entries()
        default = float(self.settings.get("playback.rate") or 1.0)
        podcast_ids = {e.episode.podcast_id for e in entries}
        rates: dict[int, float] = {}
        if podcast_ids:
            marks = ",".join("?" * len(podcast_ids))
            rows = self.store.query(
                f"SELECT id, playback_rate FROM podcasts WHERE id IN ({marks})",
                tuple(podcast_ids),
            )
            by_podcast = {r["id"]: r["playback_rate"] for r in rows}
            for e in entries:
                rates[e.episode.id] = float(by_podcast.get(e.episode.podcast_id) or default)
        return QueueView(entries=entries, rates=rates)

    def add(self, episode_ids: Iterable[int], next_up: bool = False) -> None:
        """Queue episodes at the end, or right at the front ("play next")."""
        self.repo.insert(episode_ids, index=0 if next_up else None)

    def insert(self, episode_ids: Iterable[int], index: int) -> None:
        """Queue (or move) episodes to a place in the queue (drag and drop)."""
        self.repo.insert(episode_ids, index=index)

    def remove(self, episode_ids: Iterable[int]) -> None:
        """Take episodes out of the queue."""
        self.repo.remove(episode_ids)

    def set_order(self, episode_ids: list[int]) -> None:
        """Replace the order."""
        self.repo.set_order(episode_ids)

    def clear(self) -> None:
        """Empty the queue."""
        self.repo.clear()

    def ids(self) -> list[int]:
        """Queued ids in order."""
        return self.repo.ids()
