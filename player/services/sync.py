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

Parsing runs in worker processes (see :mod:`player.feeds.pool`), started only when a body needs
parsing, and kept for the service's lifetime.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from player.domain.errors import FeedError
from player.domain.models import LOCAL_FEED_PREFIX
from player.feeds.errors import BadFeedAddressError, NotAFeedError
from player.feeds.fetch import Fetched, Fetcher, FetchLimits, FetchRequest
from player.feeds.jobs import ParseJob, ParseOutcome, body_digest, run_job
from player.feeds.pool import InlineParser, Parser, ProcessParser
from player.resources import demo_feed
from player.services.refresh import (
    ProgressCallback,
    RefreshRun,
    RefreshStatus,
    SyncProgress,
    SyncSummary,
    fetch_any,
    local_path,
    parse_in,
    write_parsed,
)
from player.storage import PodcastRepo, SettingsRepo, Store
from player.storage.feed_writer import WriteResult
from player.storage.relocate import relocate_file_urls
from player.storage.writer import StoreWriter

if TYPE_CHECKING:
    from player.feeds.opml import OpmlFeed

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

MAX_DISCOVERED = 3
"""How many feed links of a web page to try before giving up."""

_OPML_ROOT = re.compile(rb"<opml[\s>]", re.IGNORECASE)


class SubscriptionListError(NotAFeedError):
    """The address holds an OPML subscription list: it is imported, not subscribed to."""


@dataclass(frozen=True, slots=True)
class SubscribeResult:
    """A new (or existing) subscription after its first fetch."""

    podcast_id: int
    title: str
    new_episodes: int
    url: str
    already_subscribed: bool = False


@dataclass(slots=True)
class ImportResult:
    """An OPML import: what the file listed, what was added, and the first refresh."""

    found: int = 0
    added: int = 0
    already_subscribed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    summary: SyncSummary = field(default_factory=SyncSummary)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(podcast title from the OPML, else its URL; the readable reason) per failed feed."""
    not_imported: int = 0
    """New feeds a cancel stopped before they were fetched (removed again)."""

    @property
    def imported(self) -> int:
        """New subscriptions that were fetched (their episodes are in the library)."""
        return self.summary.updated + self.summary.not_modified

    @property
    def cancelled(self) -> bool:
        """The listener stopped the import before every feed was fetched."""
        return self.not_imported > 0


def normalise_address(text: str) -> str:
    """What a listener typed -> a feed URL: ``feed:`` and bare host names are accepted."""
    text = text.strip()
    if text.startswith("feed://"):
        text = "http://" + text[len("feed://") :]
    elif text.startswith("feed:"):
        text = text[len("feed:") :]
    if "://" not in text and not text.startswith("file:"):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https", "file") or (
        parts.scheme != "file" and not parts.hostname
    ):
        raise BadFeedAddressError(f"{text!r} is not a web address or a feed file.")
    return text


class SyncService:
    """Feed subscriptions and their refresh (see the module docstring for the API)."""

    def __init__(
        self,
        store: Store,
        settings: SettingsRepo | None = None,
        parser: Parser | None = None,
        writer: StoreWriter | None = None,
    ) -> None:
        self.store = store
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
    ) -> SyncSummary:
        """Refresh the given subscriptions (all when None); gone feeds are skipped."""
        targets = self.podcasts.for_refresh(podcast_ids)
        run = RefreshRun(
            self.store,
            self.parser,
            self._fetcher,
            self._db,
            progress,
            cancel,
            threads=self.limits().concurrency,
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
            store_url, fetched, parsed = self._fetch_and_parse(fetcher, url)
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
        return SubscribeResult(
            podcast_id=podcast_id,
            title=self.podcasts.get(podcast_id).title,
            new_episodes=result.new,
            url=store_url,
            already_subscribed=existing is not None,
        )

    def _fetch_and_parse(self, fetcher: Fetcher, url: str) -> tuple[str, Fetched, ParseOutcome]:
        """Fetch and parse ``url``; a web page is searched for feed links.

        The address to store comes first: the one given (or where permanent redirects led;
        temporary ones keep the given address), or the feed link found on the page.
        """
        from player.feeds.discovery import feed_links, looks_like_html

        fetched = self._fetch_body(fetcher, url)
        try:
            return fetched.new_url or url, fetched, self._parse(fetched)
        except NotAFeedError:
            if _OPML_ROOT.search(fetched.body[:4096]):
                raise SubscriptionListError(
                    "This address is a subscription list (OPML), not a podcast feed: "
                    "import it (podcast-player import-opml) to subscribe to its feeds."
                ) from None
            if not looks_like_html(fetched.body):
                raise
        links = feed_links(fetched.body, fetched.url)
        if not links:
            raise NotAFeedError("This web page does not link to a podcast feed.")
        problems = []
        for link in links[:MAX_DISCOVERED]:
            try:
                found = self._fetch_body(fetcher, link)
                parsed = self._parse(found)
            except FeedError as exc:
                problems.append(str(exc))
                continue
            return found.new_url or link, found, parsed
        raise NotAFeedError(f"The feed this web page links to cannot be read: {problems[0]}")

    def _fetch_body(self, fetcher: Fetcher, url: str) -> Fetched:
        outcome = fetch_any(fetcher, FetchRequest(url=url))
        if not isinstance(outcome, Fetched):  # no validators were sent, so this is a server bug
            raise FeedError("The server answered 304 Not Modified to a first request.")
        return outcome

    def _parse(self, fetched: Fetched) -> ParseOutcome:
        return parse_in(self.parser, ParseJob(url=fetched.url, body=fetched.body))

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
        from player.feeds.opml import OpmlFeed, read_opml

        feeds = read_opml(self._read_source(str(path_or_url)))
        result = ImportResult(found=len(feeds))
        wanted: list[OpmlFeed] = []
        for feed in feeds:
            try:
                wanted.append(
                    OpmlFeed(normalise_address(feed.url), feed.title, feed.folder, feed.html_url)
                )
            except BadFeedAddressError as exc:
                result.skipped.append((feed.url, str(exc)))
        known = self.podcasts.find_by_urls(f.url for f in wanted)
        result.already_subscribed = sum(1 for f in wanted if f.url in known)
        fresh = list({f.url: f for f in wanted if f.url not in known}.values())
        if cancel is not None and cancel.is_set():  # stopped while the list was read
            result.not_imported = len(fresh)
            return result
        new_ids = []
        with self.store.write():
            for feed in fresh:
                new_ids.append(self.podcasts.add(feed.url, title=feed.title, folder=feed.folder))
        result.added = len(new_ids)
        if found is not None:
            found(len(new_ids))
        if not new_ids:
            return result
        names = {f.url: f.title or f.url for f in fresh}
        stopped: list[int] = []

        def track(report: SyncProgress) -> None:
            if report.status is RefreshStatus.CANCELLED:
                stopped.append(report.podcast_id)
            if progress is not None:
                progress(report)

        result.summary = self.refresh(new_ids, progress=track, cancel=cancel)
        result.failures = [(names.get(url, url), error) for url, error in result.summary.errors]
        for podcast_id in stopped:
            self.podcasts.delete(podcast_id)
        result.not_imported = len(stopped)
        return result

    def _read_source(self, path_or_url: str) -> bytes:
        path = Path(path_or_url).expanduser()
        if "://" not in path_or_url and path.is_file():
            return path.read_bytes()
        if "://" not in path_or_url:
            raise FeedError(f"There is no file {path_or_url}.")
        with self._fetcher() as fetcher:
            return self._fetch_body(fetcher, normalise_address(path_or_url)).body

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


def import_local_feed(store: Store, path: Path) -> int:
    """Subscribe to a feed file on disk (enclosures relative to it become file URLs).

    Parses inline: the demo feed is tiny and this runs before any worker pool exists.
    """
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


def _relocate_old_demo(store: Store) -> None:
    """Point a demo podcast seeded from the old ``seeds/demo`` at the packaged copy, when the
    old files are gone (its episodes would not play, its position and history must stay)."""
    feed = demo_feed()
    if feed is None:
        return
    for podcast in PodcastRepo(store).list():
        url = podcast.url
        path = local_path(url)
        if path is None or not url.endswith(OLD_DEMO_FEED):
            continue
        if path.is_file():
            continue  # an old checkout that still has its seeds: nothing moved
        old = url[: -len("feed.xml")]
        new = feed.parent.as_uri() + "/"
        changed = relocate_file_urls(store, old, new)
        log.info("demo podcast moved to %s (%d stored addresses updated)", new, changed)


WINDOW_PARSE_NICENESS = 10
"""The window's parse workers run below its GUI thread's CPU priority (parsing is never urgent)."""


def window_service(
    store: Store, settings: SettingsRepo | None = None, writer: StoreWriter | None = None
) -> SyncService:
    """The sync service as the window needs it, started while the window starts up.

    Its parse workers yield the CPU to the GUI thread, and their fork server (a new interpreter
    importing feedparser) starts now rather than in the middle of the first refresh, where it
    competed with painting for the two cores.
    """
    parser = ProcessParser(niceness=WINDOW_PARSE_NICENESS)
    parser.start_server()
    return SyncService(store, settings, parser=parser, writer=writer)


def inline_service(store: Store, settings: SettingsRepo | None = None) -> SyncService:
    """A service that parses in the calling thread (tests and tools without processes)."""
    return SyncService(store, settings, parser=InlineParser())
