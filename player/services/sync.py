"""Subscribing and refreshing. This first piece handles local feed files (the demo podcast)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from player.feeds.parse import parse_feed
from player.resources import demo_feed
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import write_feed

log = logging.getLogger(__name__)


def import_local_feed(store: Store, path: Path) -> int:
    """Subscribe to a feed file on disk (enclosures relative to it become file URLs)."""
    url = path.resolve().as_uri()
    doc = parse_feed(path.read_bytes(), url)
    podcasts = PodcastRepo(store)
    podcast_id = podcasts.add(url, title=doc.title)
    write_feed(store, podcast_id, doc)
    podcasts.update(podcast_id, last_checked=time.time(), last_error=None, last_error_at=None)
    return podcast_id


def ensure_demo_library(store: Store) -> int | None:
    """On a library with no subscriptions, subscribe to the bundled demo podcast (no network).

    Only the GUI calls this: a new user should see something playable; the command line never
    adds subscriptions by itself.
    """
    if PodcastRepo(store).count():
        return None
    feed = demo_feed()
    if feed is None:
        log.warning("no bundled demo podcast found; starting with an empty library")
        return None
    return import_local_feed(store, feed)
