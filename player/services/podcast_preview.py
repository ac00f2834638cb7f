"""A podcast page before subscribing: the feed fetched and parsed, and nothing stored.

The directory's record is a summary someone else made; the page shows what the feed itself
says now (its description, website, categories, latest episodes). It uses the same
fetch-and-find code as subscribing (``subscribe.find_feed``: a web page is searched for its
feed link, ``feed:`` addresses are accepted), so what the page shows is what Subscribe gets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from player.domain.podcasting20 import (
    ChannelExtras,
    PodcastExtras,
    podcast_extras,
    podcast_guid_for,
)
from player.feeds.fetch import Fetcher, FetchLimits
from player.feeds.pool import Parser
from player.feeds.sanitize import sanitize_html
from player.services.subscribe import find_feed, normalise_address

MAX_EPISODES = 20
"""Episodes the page lists (the latest); the feed's full count is in ``episode_count``."""

_CATEGORY = re.compile(rb"<itunes:category\b[^>]*?\btext\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)


@dataclass(frozen=True, slots=True)
class PreviewEpisode:
    """One episode line of the page."""

    title: str
    published: float | None = None
    duration: float | None = None


@dataclass(frozen=True, slots=True)
class PodcastPreview:
    """What the podcast page shows. ``description`` is sanitised HTML (safe to render)."""

    title: str
    feed_url: str
    author: str = ""
    description: str = ""
    website: str = ""
    image_url: str = ""
    categories: tuple[str, ...] = ()
    subscribed: bool = False
    episodes: tuple[PreviewEpisode, ...] = ()
    episode_count: int = 0
    language: str = ""
    extras: PodcastExtras = field(default_factory=lambda: PodcastExtras(podcast_id=0))
    """The podcast namespace's facts as the feed states them now (people, support links,
    the creator's recommendations, live items, chat, schedule, AI disclosure, images)."""


def page_extras(channel: ChannelExtras, feed_url: str, podcast_id: int = 0) -> PodcastExtras:
    """A parsed channel's namespace tags in the shape the podcast page shows (the stored
    shape, :class:`PodcastExtras`), with the GUID it would be known by."""
    return podcast_extras(channel, podcast_id, channel.guid or podcast_guid_for(feed_url))


def preview_feed(
    limits: FetchLimits,
    parser: Parser,
    address: str,
    is_subscribed: Callable[[str], bool],
) -> PodcastPreview:
    """Fetch and parse ``address`` (a feed, ``feed:`` link or web page) into a page.

    Raises the feed errors subscribing raises (``FeedError`` subclasses, one sentence each).
    """
    url = normalise_address(address)
    with Fetcher(limits) as fetcher:
        feed_url, fetched, parsed = find_feed(fetcher, parser, url)
    doc = parsed.doc
    items = sorted(doc.items, key=lambda i: (i.published is None, -(i.published or 0.0)))
    return PodcastPreview(
        title=doc.title or feed_url,
        feed_url=feed_url,
        author=doc.author,
        description=sanitize_html(doc.description, doc.link or feed_url),
        website=doc.link,
        image_url=doc.image_url,
        categories=categories(fetched.body),
        subscribed=is_subscribed(feed_url) or is_subscribed(url),
        episodes=tuple(
            PreviewEpisode(title=i.title, published=i.published, duration=i.duration)
            for i in items[:MAX_EPISODES]
        ),
        episode_count=len(doc.items),
        language=doc.language,
        extras=page_extras(doc.p20, feed_url),
    )


def categories(body: bytes) -> tuple[str, ...]:
    """The ``<itunes:category text="...">`` names of a feed, in order, without repeats.

    Read from the bytes because the parsed document keeps no categories; nested
    sub-categories come after their parent, as the feed lists them.
    """
    found: list[str] = []
    for match in _CATEGORY.finditer(body[: 512 * 1024]):
        name = html.unescape(match.group(1)[1:-1].decode("utf-8", "replace")).strip()
        if name and name not in found:
            found.append(name)
    return tuple(found)
