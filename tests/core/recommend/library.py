"""Building small real libraries and histories for the up-next tests (SQLite, app code paths)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from player.domain.feed import FeedDocument, FeedItem
from player.domain.models import PlayEvent
from player.storage import HistoryRepo, PodcastRepo, Store
from player.storage.feed_writer import write_feed

TZ = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2024, 3, 4, tzinfo=TZ)  # weeks of March 2024: no DST change until the 31st


@dataclass(frozen=True)
class Ep:
    """An episode to put in a feed."""

    published: datetime
    minutes: float = 30
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"


def add_show(store: Store, title: str, episodes: list[Ep], kind: str = "episodic") -> list[int]:
    """Subscribe to a show and write its feed; returns episode ids in publication order."""
    slug = title.lower().replace(" ", "-")
    url = f"http://127.0.0.1:9/{slug}.xml"
    doc = FeedDocument(title=title, kind=kind)
    for i, ep in enumerate(episodes):
        doc.items.append(
            FeedItem(
                guid=f"{slug}-{i}",
                title=f"{title} {i + 1}",
                published=ep.published.timestamp(),
                enclosure_url=f"http://127.0.0.1:9/{slug}/{i}.mp3",
                enclosure_type="audio/mpeg",
                duration=ep.minutes * 60,
                season=ep.season,
                number=ep.number,
                episode_type=ep.episode_type,
            )
        )
    write_feed(store, PodcastRepo(store).add(url, title=title), doc)
    rows = store.connection().execute(
        "SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id WHERE p.url = ? "
        "ORDER BY e.published, e.id",
        (url,),
    )
    return [r[0] for r in rows]


def listen(
    store: Store, episode_id: int, when: datetime, minutes: float | None = None, start: float = 0
) -> None:
    """Record a listen from ``start`` for ``minutes`` (default: to the end) and its state."""
    duration = store.scalar("SELECT duration FROM episodes WHERE id = ?", (episode_id,))
    assert isinstance(duration, float)
    end = duration if minutes is None else min(duration, start + minutes * 60)
    HistoryRepo(store).add(
        PlayEvent(episode_id=episode_id, started_at=when.timestamp(), from_pos=start, to_pos=end)
    )
    with store.write() as conn:
        if end >= duration:
            conn.execute(
                "UPDATE episodes SET state = 'played', position = 0, last_played = ? WHERE id = ?",
                (when.timestamp(), episode_id),
            )
        else:
            conn.execute(
                "UPDATE episodes SET position = ?, last_played = ? WHERE id = ?",
                (end, when.timestamp(), episode_id),
            )


def daily(first: datetime, days: int, hour: int = 5, minutes: float = 20) -> list[Ep]:
    """A daily show published at ``hour`` every day."""
    return [Ep(first + timedelta(days=d, hours=hour), minutes) for d in range(days)]


def weekly(first: datetime, weeks: int, minutes: float = 60) -> list[Ep]:
    """A weekly show."""
    return [Ep(first + timedelta(weeks=w), minutes) for w in range(weeks)]
