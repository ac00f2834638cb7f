"""Subscribing, refreshing, OPML: the feed-sync use cases the GUI and the CLI call.

API (every method may be called from a worker thread; none touches Qt):

- ``SyncService(store, settings=None, parser=None)``; ``close()`` stops the parse workers.
- ``subscribe(url_or_path, folder="") -> SubscribeResult`` (podcast_id, title, new_episodes,
  url, already_subscribed). A web page is searched for its feed; a local file works (as for the
  demo). Raises a :class:`~player.domain.errors.FeedError` subclass with one readable sentence
  (:class:`SubscriptionListError` for an OPML list, which wants ``import_opml`` instead).
- ``refresh(podcast_ids=None, progress=None, cancel=None) -> SyncSummary`` (feeds, updated,
  not_modified, failed, cancelled, new_episodes, seconds, errors [(url, sentence)],
  new_episode_ids {podcast_id: [episode ids]}). ``progress`` receives a :class:`SyncProgress`
  per finished feed, from one of the refresh's worker threads. Gone feeds (410) are skipped.
- ``import_opml(path_or_url, progress=None, cancel=None, found=None) -> ImportResult`` (found,
  added, already_subscribed, skipped, summary, imported, failures, not_imported);
  ``export_opml(path | binary file) -> int`` (feeds written). A cancelled import keeps the feeds
  already fetched and removes the ones it never got to (they have no episodes).
- ``unsubscribe(podcast_id)``.
- ``import_local_feed(store, path)`` and ``ensure_demo_library(store)``: the demo podcast.

The service holds the parser, the writer and the limits; finding a feed to subscribe to is in
:mod:`.subscribe`, an OPML import's bookkeeping in :mod:`.opml_import`, the demo podcast in
:mod:`.demo_library` (their names are importable from here, the service's API).

Parsing runs in worker processes (see :mod:`player.feeds.pool`), started only when a body needs
parsing, and kept for the service's lifetime.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from player.domain.errors import FeedError
from player.domain.models import LOCAL_FEED_PREFIX
from player.feeds.fetch import Fetcher, FetchLimits
from player.feeds.jobs import body_digest
from player.feeds.pool import InlineParser, Parser, ProcessParser
from player.i18n import _
from player.services.demo_library import ensure_demo_library, import_local_feed
from player.services.feed_passwords import FeedPasswords
from player.services.feed_steps import write_parsed
from player.services.opml_import import ImportResult, import_feeds
from player.services.podcasting20 import due_podcasts
from player.services.refresh import (
    ProgressCallback,
    RefreshRun,
    SyncProgress,
    SyncSummary,
)
from player.services.subscribe import (
    SubscribeResult,
    SubscriptionListError,
    fetch_body,
    find_feed,
    normalise_address,
)
from player.storage import PodcastRepo, SettingsRepo, Store, search_index
from player.storage.feed_writer import WriteResult
from player.storage.writer import StoreWriter

# Feed discovery (html.parser) and OPML (ElementTree) are imported where they are used: a
# ``refresh`` should not pay for them at start-up.

log = logging.getLogger(__name__)

__all__ = [
    "ImportResult",
    "SubscribeResult",
    "SubscriptionListError",
    "SyncProgress",
    "SyncService",
    "SyncSummary",
    "ensure_demo_library",
    "import_local_feed",
]


class SyncService:
    """Feed subscriptions and their refresh (see the module docstring for the API)."""

    def __init__(
        self,
        store: Store,
        settings: SettingsRepo | None = None,
        parser: Parser | None = None,
        writer: StoreWriter | None = None,
        passwords: FeedPasswords | None = None,
    ) -> None:
        self.store = store
        self.passwords = passwords or FeedPasswords()
        """Feed passwords (the keyring; this session's memory where there is none)."""
        self.settings = settings or SettingsRepo(store)
        self.parser: Parser = parser or ProcessParser()
        self.podcasts = PodcastRepo(store)
        # Feed writes run on the app's writer (its long-job lane), or on one of our own.
        self._own_writer: StoreWriter | None = None
        if writer is None:
            writer = self._own_writer = StoreWriter(store, name="sync-db")
        self._db = writer.bulk

    def warm_up(self) -> None:
        """Start the parse workers before they are needed (the window does, once idle)."""
        self.parser.warm()

    def close(self) -> None:
        """Stop the parse workers and the database thread (unless it is the app's writer)."""
        self.parser.close()
        if self._own_writer is not None:
            self._own_writer.close()

    def limits(self) -> FetchLimits:
        """Fetch limits from settings (``sync.*``)."""
        get = self.settings.get
        return FetchLimits(
            concurrency=int(get("sync.concurrency")),
            per_host=int(get("sync.per_host")),
            max_body_bytes=int(get("sync.max_body_bytes")),
            connect_timeout=float(get("sync.connect_timeout")),
            total_timeout=float(get("sync.total_timeout")),
        )

    def _fetcher(self) -> Fetcher:
        return Fetcher(self.limits())

    # -- refresh ---------------------------------------------------------------------------

    def refresh(
        self,
        podcast_ids: list[int] | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        automatic: bool = False,
    ) -> SyncSummary:
        """Refresh the given subscriptions (all when None); gone feeds are skipped.

        ``automatic`` (the scheduler's rounds) also skips shows whose feed says they are
        complete and that were checked recently (see ``podcasting20.due_podcasts``).
        """
        targets = self.podcasts.for_refresh(podcast_ids)
        if automatic:
            targets = due_podcasts(self.store, targets)
        run = RefreshRun(
            self.store,
            self.parser,
            self._fetcher,
            self._db,
            progress,
            cancel,
            threads=self.limits().concurrency,
            passwords=self.passwords,
        )
        summary = run.run(targets)
        log.info(
            "refresh: %d feeds, %d updated, %d not modified, %d failed, %d new in %.2f s",
            summary.feeds,
            summary.updated,
            summary.not_modified,
            summary.failed,
            summary.new_episodes,
            summary.seconds,
        )
        return summary

    # -- subscribe -------------------------------------------------------------------------

    def subscribe(self, url_or_path: str, folder: str = "") -> SubscribeResult:
        """Subscribe to a feed URL, a web page that links to one, or a local feed file."""
        path = Path(url_or_path).expanduser()
        if "://" not in url_or_path and path.is_file():
            url = path.resolve().as_uri()
        else:
            url = normalise_address(url_or_path)
        with self._fetcher() as fetcher:
            store_url, fetched, parsed = find_feed(fetcher, self.parser, url)
        existing = self.podcasts.find_by_url(store_url)
        now = time.time()
        fields: dict[str, object] = {
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "body_hash": body_digest(fetched.body),
            "last_checked": now,
            "last_error": None,
            "last_error_at": None,
            "gone": 0,
        }

        def write() -> tuple[int, WriteResult]:
            with self.store.write():  # one transaction: it appears with its episodes, or not
                podcast_id = self.podcasts.add(store_url, title=parsed.doc.title, folder=folder)
                return podcast_id, write_parsed(self.store, podcast_id, parsed, fields)

        podcast_id, result = self._db.submit(write).result()
        if result.new:
            search_index.catch_up(self.store)  # searchable at once, as after a refresh
        return SubscribeResult(
            podcast_id=podcast_id,
            title=self.podcasts.get(podcast_id).title,
            new_episodes=result.new,
            url=store_url,
            already_subscribed=existing is not None,
        )

    # -- OPML ------------------------------------------------------------------------------

    def import_opml(
        self,
        path_or_url: str | Path,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        found: Callable[[int], None] | None = None,
    ) -> ImportResult:
        """Subscribe to every feed of an OPML file (or URL), then refresh the new ones.

        ``found(n)`` is told how many new feeds will be fetched before the first one is, so a
        progress bar can show "0 of n" while the first answers are awaited. When ``cancel`` is
        set, feeds already fetched stay, and those never fetched are removed again: a cancelled
        import leaves no empty subscriptions behind.
        """
        self.parser.start_server()  # every feed is new: parsing is certain, start it early
        source = self._read_source(str(path_or_url))
        return import_feeds(
            self.store,
            lambda ids, track, stop: self.refresh(ids, progress=track, cancel=stop),
            source,
            progress,
            cancel,
            found,
        )

    def _read_source(self, path_or_url: str) -> bytes:
        path = Path(path_or_url).expanduser()
        if "://" not in path_or_url and path.is_file():
            return path.read_bytes()
        if "://" not in path_or_url:
            raise FeedError(_("There is no file {path_or_url}.").format(path_or_url=path_or_url))
        with self._fetcher() as fetcher:
            return fetch_body(fetcher, normalise_address(path_or_url)).body

    def export_opml(self, target: str | Path | BinaryIO) -> int:
        """Write every subscription as OPML 2.0; returns how many feeds were written."""
        from player.feeds.opml import OpmlFeed, write_opml

        feeds = [
            OpmlFeed(url=p.url, title=p.title, folder=p.folder, html_url=p.link)
            for p in self.podcasts.list()
            if not p.url.startswith(("file:", LOCAL_FEED_PREFIX))
        ]
        data = write_opml(feeds)
        if isinstance(target, (str, Path)):
            Path(target).write_bytes(data)
        else:
            target.write(data)
        return len(feeds)

    def unsubscribe(self, podcast_id: int) -> None:
        """Remove a subscription with its episodes (``NotFoundError`` when there is none)."""
        self.podcasts.delete(podcast_id)


WINDOW_PARSE_NICENESS = 10
"""The window's parse workers run below its GUI thread's CPU priority (parsing is never urgent)."""


def window_service(
    store: Store,
    settings: SettingsRepo | None = None,
    writer: StoreWriter | None = None,
    passwords: FeedPasswords | None = None,
    start_server: bool = True,
) -> SyncService:
    """The sync service as the window needs it, started while the window starts up.

    Its parse workers yield the CPU to the GUI thread, and their fork server (a new interpreter
    importing feedparser) starts now rather than in the middle of the first refresh, where it
    competed with painting for the two cores. ``start_server=False`` leaves that to
    :meth:`SyncService.warm_up` (the window calls it once its first frame is painted: before
    that the new interpreter competed with the first frame instead).
    """
    parser = ProcessParser(niceness=WINDOW_PARSE_NICENESS)
    if start_server:
        parser.start_server()
    return SyncService(store, settings, parser=parser, writer=writer, passwords=passwords)


def inline_service(
    store: Store, settings: SettingsRepo | None = None, passwords: FeedPasswords | None = None
) -> SyncService:
    """A service that parses in the calling thread (tests and tools without processes)."""
    return SyncService(store, settings, parser=InlineParser(), passwords=passwords)
