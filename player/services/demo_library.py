"""The bundled demo podcast, and subscribing to a feed file on disk.

Apart from the sync service because none of it needs the network, the fetcher or the parse
workers: it runs on the GUI's start-up path (and in tests) before any of those exist.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from player.domain.models import Podcast
from player.resources import demo_feed
from player.storage import PodcastRepo, Store, search_index
from player.storage.relocate import relocate_file_urls

log = logging.getLogger(__name__)


def import_local_feed(store: Store, path: Path) -> int:
    """Subscribe to a feed file on disk (enclosures relative to it become file URLs).

    Parses inline: the demo feed is tiny and this runs before any worker pool exists. The
    parser is imported here: a library that has its shows already (every start but the first)
    needs none of it, and the window's first frame should not wait for feedparser.
    """
    from player.feeds.jobs import ParseJob, body_digest, run_job
    from player.services.feed_steps import write_parsed

    url = path.resolve().as_uri()
    body = path.read_bytes()
    parsed = run_job(ParseJob(url=url, body=body))
    podcasts = PodcastRepo(store)
    fields: dict[str, object] = {
        "body_hash": body_digest(body),
        "last_checked": time.time(),
        "last_error": None,
        "last_error_at": None,
    }
    with store.write():
        podcast_id = podcasts.add(url, title=parsed.doc.title)
        write_parsed(store, podcast_id, parsed, fields)
    search_index.catch_up(store)
    return podcast_id


def ensure_demo_library(store: Store) -> int | None:
    """On a library with no subscriptions, subscribe to the bundled demo podcast (no network).

    Only the GUI calls this: a new user should see something playable; the command line never
    adds subscriptions by itself.
    """
    _relocate_old_demo(store)
    if PodcastRepo(store).count():
        return None
    feed = demo_feed()
    if feed is None:
        log.warning("no bundled demo podcast found; starting with an empty library")
        return None
    return import_local_feed(store, feed)


OLD_DEMO_FEED = "/seeds/demo/feed.xml"
"""Where the demo's feed lived before it moved into the package."""


def demo_work_due(podcasts: list[Podcast]) -> bool:
    """Whether :func:`ensure_demo_library` would change anything for a library holding these
    shows: none at all (the demo is seeded), or an old demo (it is moved). The window asks with
    the sidebar's shows, so an ordinary start lists the library's shows once, not twice."""
    return not podcasts or any(p.url.endswith(OLD_DEMO_FEED) for p in podcasts)


def _relocate_old_demo(store: Store) -> None:
    """Point a demo podcast seeded from the old ``seeds/demo`` at the packaged copy, when the
    old files are gone (its episodes would not play, its position and history must stay)."""
    feed = demo_feed()
    if feed is None:
        return
    for podcast in PodcastRepo(store).list():
        url = podcast.url
        if not url.endswith(OLD_DEMO_FEED):
            continue  # (checked first: the refresh steps are imported only for an old demo)
        from player.services.feed_steps import local_path

        path = local_path(url)
        if path is None:
            continue
        if path.is_file():
            continue  # an old checkout that still has its seeds: nothing moved
        old = url[: -len("feed.xml")]
        new = feed.parent.as_uri() + "/"
        changed = relocate_file_urls(store, old, new)
        log.info("demo podcast moved to %s (%d stored addresses updated)", new, changed)
