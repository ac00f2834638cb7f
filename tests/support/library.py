"""Putting test episodes into a real store, the way feed sync does (``write_feed``)."""

from __future__ import annotations

from pathlib import Path

from player.domain.feed import FeedDocument, FeedItem
from player.domain.models import Chapter
from player.domain.queries import EpisodeQuery
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.feed_writer import write_feed


def item(
    guid: str,
    media: Path | str,
    *,
    title: str = "",
    enclosure_type: str = "audio/mpeg",
    duration: float | None = None,
    chapters_url: str = "",
    chapters: tuple[Chapter, ...] = (),
) -> FeedItem:
    """A feed item whose enclosure is a local file (as a ``file:`` URL) or a URL string."""
    url = media.resolve().as_uri() if isinstance(media, Path) else media
    return FeedItem(
        guid=guid,
        title=title or guid,
        enclosure_url=url,
        enclosure_type=enclosure_type,
        duration=duration,
        chapters_url=chapters_url,
        chapters_type="application/json+chapters" if chapters_url else "",
        chapters=chapters,
    )


def add_podcast(
    store: Store,
    items: list[FeedItem],
    url: str = "https://example.org/feed.xml",
    title: str = "Test show",
) -> list[int]:
    """Subscribe to a made-up feed holding ``items``; their episode ids, in the same order."""
    podcasts = PodcastRepo(store)
    podcast_id = podcasts.add(url, title=title)
    write_feed(store, podcast_id, FeedDocument(title=title, items=items))
    by_guid = {e.guid: e.id for e in EpisodeRepo(store).list(EpisodeQuery(podcast_id=podcast_id))}
    return [by_guid[i.guid] for i in items]


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of the tables playback may write, to prove a failure changed nothing."""
    tables = {
        "episodes": "SELECT id, state, position, last_played, duration FROM episodes",
        "play_events": "SELECT * FROM play_events",
        "queue": "SELECT * FROM queue",
        "chapters": "SELECT * FROM chapters",
        "settings": "SELECT * FROM settings",
    }
    return {
        name: [tuple(r) for r in store.query(sql + " ORDER BY 1")] for name, sql in tables.items()
    }
