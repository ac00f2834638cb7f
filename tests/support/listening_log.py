"""A made-up listening history in a real store: shows, dated episodes and listening spans
spread over days and hours, at several speeds, some recorded before spans had an end (V10)."""

from __future__ import annotations

import random

from player.domain.feed import FeedItem
from player.domain.models import PlayEvent
from player.storage import EpisodeRepo, HistoryRepo, Store
from tests.support.library import add_podcast

SHOWS = ("Morning News", "Deep Dive", "Code Talk", "History Hour", "Science Weekly")


def seed_history(
    store: Store, sessions: int, end: float, days: int = 365, seed: int = 18
) -> list[int]:
    """``sessions`` spans over the ``days`` before ``end``, over 5 shows of 40 episodes each;
    about half the episodes end up played. Returns the episode ids."""
    rng = random.Random(seed)
    start = end - days * 86_400.0
    episode_ids: list[int] = []
    for n, show in enumerate(SHOWS):
        items = [
            FeedItem(
                guid=f"{show}-{k}",
                title=f"{show} #{k}",
                enclosure_url=f"https://example.org/{n}/{k}.mp3",
                enclosure_type="audio/mpeg",
                published=start + k * days * 86_400.0 / 40 - 3600.0 * rng.randint(1, 48),
                duration=3600.0,
            )
            for k in range(40)
        ]
        episode_ids += add_podcast(store, items, url=f"https://example.org/{n}.xml", title=show)
    events = []
    for i in range(sessions):
        at = start + (end - start) * i / sessions + rng.uniform(0, 600)
        length = rng.uniform(60, 3000)
        rate = rng.choice((1.0, 1.0, 1.25, 1.5, 2.0))
        from_pos = rng.uniform(0, 600)
        ended = None if i % 5 == 0 else at + length
        events.append(
            PlayEvent(
                rng.choice(episode_ids),
                at,
                from_pos,
                from_pos + length * rate,
                rate,
                ended_at=ended,
            )
        )
    HistoryRepo(store).add_many(events)
    EpisodeRepo(store).mark_played(episode_ids[::2])
    return episode_ids
