"""The play queue as a use case: add next / add last, reorder, remove, and time left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from player.domain.models import Episode, QueueEntry
from player.storage import PodcastRepo, QueueRepo, SettingsRepo, Store


@dataclass(frozen=True, slots=True)
class QueueView:
    """The queue with what the pane shows beside it."""

    entries: list[QueueEntry]
    rates: dict[int, float]
    """Playback rate per queued episode id (its podcast's rate, else the default)."""
    covers: dict[int, str] = field(default_factory=dict)
    """Cover URL per queued episode id (its own image, else its podcast's)."""

    @property
    def ids(self) -> list[int]:
        """Queued episode ids in play order."""
        return [e.episode.id for e in self.entries]

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
        self.podcasts = PodcastRepo(store)
        self.settings = SettingsRepo(store)

    def view(self) -> QueueView:
        """The queue and the rates that apply to each entry."""
        entries = self.repo.entries()
        default = float(self.settings.get("playback.rate") or 1.0)
        by_podcast = self.podcasts.rates_and_images(e.episode.podcast_id for e in entries)
        rates: dict[int, float] = {}
        covers: dict[int, str] = {}
        for e in entries:
            rate, image = by_podcast.get(e.episode.podcast_id, (None, ""))
            rates[e.episode.id] = float(rate or default)
            covers[e.episode.id] = e.episode.image_url or image or ""
        return QueueView(entries=entries, rates=rates, covers=covers)

    def add(self, episode_ids: Iterable[int], next_up: bool = False) -> None:
        """Queue episodes at the end, or right at the front ("play next")."""
        self.repo.insert(episode_ids, index=0 if next_up else None)

    def insert(self, episode_ids: Iterable[int], index: int) -> None:
        """Queue (or move) episodes to a place in the queue (drag and drop)."""
        self.repo.insert(episode_ids, index=index)

    def remove(self, episode_ids: Iterable[int]) -> None:
        """Take episodes out of the queue."""
        self.repo.remove(episode_ids)

    def move(self, episode_ids: Iterable[int], offset: int) -> None:
        """Move entries up (negative ``offset``) or down, as a block (Alt+Up / Alt+Down).

        Relative, and worked out on the stored order: two quick presses move two places even
        when the pane has not shown the first move yet.
        """
        self.repo.move(episode_ids, offset)

    def move_to_top(self, episode_ids: Iterable[int]) -> None:
        """Put entries at the front, keeping their order."""
        self.repo.insert(episode_ids, index=0)

    def move_to_bottom(self, episode_ids: Iterable[int]) -> None:
        """Put entries at the end, keeping their order."""
        self.repo.insert(episode_ids, index=None)

    def places(self, episode_ids: Iterable[int]) -> dict[int, int]:
        """Each queued episode's index (what undoing a removal puts back)."""
        return self.repo.places(episode_ids)

    def put_back(self, places: dict[int, int]) -> None:
        """Return episodes to the indexes :meth:`places` read."""
        self.repo.put_back(places)

    def set_order(self, episode_ids: list[int]) -> None:
        """Replace the order."""
        self.repo.set_order(episode_ids)

    def clear(self) -> None:
        """Empty the queue."""
        self.repo.clear()

    def ids(self) -> list[int]:
        """Queued ids in order."""
        return self.repo.ids()
