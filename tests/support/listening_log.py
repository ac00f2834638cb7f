"""A made-up listening history in a real store: shows, dated episodes and listening spans
spread over days and hours, at several speeds, some recorded before spans had an end (V10)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from datetime import time as dtime

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


def seed_habits(store: Store, days: int, end: float, seed: int = 7) -> None:
    """A listener's habits over ``days`` before ``end``, in the system's local time: a daily
    news show on the morning commute at 1.5x, longer shows in the evenings and at weekends,
    each episode heard from where the last session stopped until it is finished. Some spans
    carry trimmed silence and skipped intros, as smart audio records them (for pictures)."""
    rng = random.Random(seed)
    first_day = datetime.fromtimestamp(end).date() - timedelta(days=days)
    shows = (  # title, minutes long, days between episodes
        ("Morning News", 22, 1), ("Deep Dive", 75, 7), ("Code Talk", 55, 7),
        ("History Hour", 60, 14), ("Science Weekly", 40, 7),
    )  # fmt: skip
    episodes: dict[str, list[tuple[int, float, float]]] = {}
    for n, (title, minutes, every) in enumerate(shows):
        count = days // every + 2
        published = [
            datetime.combine(first_day + timedelta(days=k * every), dtime(6)).timestamp()
            for k in range(-1, count - 1)
        ]
        items = [
            FeedItem(guid=f"{title}-{k}", title=f"{title}: episode {k + 1}",
                     enclosure_url=f"https://example.org/{n}/{k}.mp3",
                     enclosure_type="audio/mpeg", published=published[k],
                     duration=minutes * 60.0)
            for k in range(count)
        ]  # fmt: skip
        ids = add_podcast(store, items, url=f"https://example.org/{n}.xml", title=title)
        episodes[title] = [(i, p, minutes * 60.0) for i, p in zip(ids, published, strict=True)]
    position: dict[int, float] = {}
    played: list[int] = []
    events: list[tuple[PlayEvent, tuple[float, float, float]]] = []

    def listen(title: str, at: float, wall: float, rate: float) -> None:
        out = [e for e in episodes[title] if e[1] <= at and e[0] not in played]
        if not out:
            return
        started = [e for e in out if e[0] in position]
        episode_id, _published, duration = started[0] if started else out[-1]
        start = position.get(episode_id, 0.0)
        to_pos = min(duration, start + wall * rate)
        silence = rng.uniform(0, 0.04) * (to_pos - start) if rng.random() < 0.5 else 0.0
        skips = 30.0 if start == 0 and rng.random() < 0.4 else 0.0
        ended = at + (to_pos - start - silence) / rate
        speed = (to_pos - start - silence) * (1 - 1 / rate)
        event = PlayEvent(episode_id, at, start, to_pos, rate, ended_at=ended)
        events.append((event, (speed, silence, skips)))
        position[episode_id] = to_pos
        if to_pos >= duration:
            played.append(episode_id)

    for k in range(days + 1):
        day = first_day + timedelta(days=k)
        weekend = day.weekday() >= 5

        def clock(hour: float, day: date = day) -> float:
            midnight = datetime.combine(day, dtime(0)).timestamp()
            return midnight + hour * 3600 + rng.uniform(-900, 900)

        if not weekend and rng.random() < 0.9:
            listen("Morning News", clock(7.6), 16 * 60, 1.5)
        if not weekend and rng.random() < 0.35:
            listen(rng.choice(("Code Talk", "Science Weekly")), clock(12.4), 25 * 60, 1.25)
        if rng.random() < (0.75 if weekend else 0.5):
            hour = rng.choice((10.5, 15.0)) if weekend else rng.uniform(19.5, 22.5)
            show = rng.choice(("Deep Dive", "History Hour", "Code Talk", "Science Weekly"))
            listen(show, clock(hour), rng.uniform(30, 75) * 60, rng.choice((1.0, 1.25)))
    history = HistoryRepo(store)
    with store.write() as conn:
        for event, saved in events:
            if event.started_at < end:
                event_id = history.add(event, conn)
                conn.execute(
                    "UPDATE play_events SET saved_speed = ?, saved_silence = ?, saved_skips = ? "
                    "WHERE id = ?",
                    (*saved, event_id),
                )
    EpisodeRepo(store).mark_played(played)
