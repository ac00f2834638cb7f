"""The refresh pipeline: fetch concurrently, parse in worker processes, write one feed at a time.

A pool of fetch threads (``sync.concurrency`` of them) shares one :class:`Fetcher`; each thread
takes a feed through its whole path: fetch, hand a changed body to the parse processes, hand
the result to the single database thread (one transaction per feed). A thread waiting for its
parse is natural back-pressure: at most ``sync.concurrency`` bodies are held in memory.

304s, unchanged bodies and failures only touch bookkeeping columns and are written together in
one transaction at the end. A failure is stored on its feed and the others carry on; cancelling
stops new work and lets what is in flight finish.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from player.domain.errors import FeedError
from player.domain.models import Podcast
from player.feeds.errors import FeedGoneError, FeedNotFoundError, TemporaryFeedError
from player.feeds.fetch import Fetched, Fetcher, FetchRequest, NotModified
from player.feeds.jobs import ParseJob, ParseOutcome, body_digest, run_job
from player.feeds.pool import Parser
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import WriteResult, load_fingerprints, write_feed

log = logging.getLogger(__name__)

UPDATED = "updated"
NOT_MODIFIED = "not_modified"
FAILED = "failed"
CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """One feed finished: reported to the caller's ``progress`` callback."""

    done: int
    total: int
    podcast_id: int
    url: str
    title: str
    status: str
    new_episodes: int = 0
    error: str | None = None


@dataclass(slots=True)
class SyncSummary:
    """What a refresh did. ``errors`` pairs each failed feed's URL with its sentence."""

    feeds: int = 0
    updated: int = 0
    not_modified: int = 0
    failed: int = 0
    cancelled: int = 0
    new_episodes: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    new_episode_ids: dict[int, list[int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``refresh --json`` object (fields are only ever added)."""
        return {
            "feeds": self.feeds,
            "updated": self.updated,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "new_episodes": self.new_episodes,
            "seconds": round(self.seconds, 3),
            "errors": [{"url": url, "error": error} for url, error in self.errors],
        }


ProgressCallback = Callable[[SyncProgress], None]


def local_path(url: str) -> Path | None:
    """The file behind a ``file:`` feed URL (local feeds such as the demo), else None."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    return Path(url2pathname(parts.path))


def read_local(url: str, path: Path) -> Fetched:
    """A local feed file as if it had been fetched."""
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise FeedNotFoundError(f"The feed file {path} does not exist.") from None
    except OSError as exc:
        raise FeedNotFoundError(f"The feed file {path} cannot be read ({exc.strerror}).") from None
    return Fetched(body=body, url=url)


def fetch_any(fetcher: Fetcher, request: FetchRequest) -> Fetched | NotModified:
    """Fetch over HTTP, or read the file of a ``file:`` URL."""
    path = local_path(request.url)
    if path is not None:
        return read_local(request.url, path)
    return fetcher.fetch(request)


def parse_in(parser: Parser, job: ParseJob) -> ParseOutcome:
    """Run one parse job in the pool; a crashed worker fails this feed, not the refresh."""
    try:
        return parser.executor().submit(run_job, job).result()
    except BrokenProcessPool:
        parser.reset()
        raise TemporaryFeedError(
            "The feed parser stopped while reading this feed (too big or too strange); "
            "it will be tried again."
        ) from None
    except MemoryError:
        raise TemporaryFeedError("The feed needs more memory to read than allowed.") from None


def write_parsed(
    store: Store, podcast_id: int, parsed: ParseOutcome, fields: dict[str, object]
) -> WriteResult:
    """Write a parse outcome with its bookkeeping (runs in the database thread)."""
    new_url = fields.get("url")
    if isinstance(new_url, str):
        owner = PodcastRepo(store).find_by_url(new_url)
        if owner is not None and owner.id != podcast_id:
            log.info("not moving podcast %d to %s: already subscribed", podcast_id, new_url)
            fields = {k: v for k, v in fields.items() if k != "url"}
    return write_feed(
        store,
        podcast_id,
        parsed.doc,
        present=parsed.present,
        fingerprints=parsed.fingerprints,
        podcast_fields=fields,
    )


class RefreshRun:
    """One refresh of a set of feeds. Not reusable: make one per call."""

    def __init__(
        self,
        store: Store,
        parser: Parser,
        fetcher_factory: Callable[[], Fetcher],
        db_executor: Executor,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        threads: int = 16,
    ) -> None:
        self.store = store
        self.parser = parser
        self.fetcher_factory = fetcher_factory
        self.db = db_executor
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.threads = max(1, threads)
        self.summary = SyncSummary()
        self._bookkeeping: list[tuple[int, dict[str, object]]] = []
        self._lock = threading.Lock()
        self._done = 0

    def run(self, targets: list[tuple[Podcast, str]]) -> SyncSummary:
        """Refresh ``targets`` (podcast, last body hash) and return the summary."""
        started = time.perf_counter()
        self.summary.feeds = total = len(targets)
        if targets:
            with (
                self.fetcher_factory() as fetcher,
                ThreadPoolExecutor(self.threads, thread_name_prefix="sync-fetch") as pool,
            ):
                for future in [pool.submit(self._one, fetcher, p, h, total) for p, h in targets]:
                    future.result()
        if self._bookkeeping:
            PodcastRepo(self.store).update_many(self._bookkeeping)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _one(self, fetcher: Fetcher, podcast: Podcast, last_hash: str, total: int) -> None:
        """One feed's whole path; never raises (a failure is stored on the feed)."""
        status, new_ids, error = CANCELLED, [], None
        try:
            status, new_ids = self._refresh(fetcher, podcast, last_hash)
        except FeedError as exc:
            status, error = FAILED, str(exc)
            self._failed(podcast, exc)
        except Exception as exc:  # a bug in one feed's path must not stop the others
            log.exception("refreshing %s failed unexpectedly", podcast.url)
            status, error = FAILED, f"Unexpected problem while refreshing: {exc}."
            self._failed(podcast, FeedError(error))
        self._count(podcast, status, new_ids, error, total)

    def _refresh(self, fetcher: Fetcher, podcast: Podcast, last_hash: str) -> tuple[str, list[int]]:
        if self.cancel.is_set():
            return CANCELLED, []
        request = FetchRequest(
            url=podcast.url,
            etag=podcast.etag,
            last_modified=podcast.last_modified,
            user_agent=podcast.user_agent,
            username=podcast.username,
            password=podcast.password,
        )
        outcome = fetch_any(fetcher, request)
        fields: dict[str, object] = {
            "last_checked": time.time(),
            "last_error": None,
            "last_error_at": None,
        }
        if outcome.new_url and outcome.new_url != podcast.url:
            fields["url"] = outcome.new_url
        if isinstance(outcome, NotModified):
            self._keep(podcast.id, fields)
            return NOT_MODIFIED, []
        digest = body_digest(outcome.body)
        fields.update(etag=outcome.etag, last_modified=outcome.last_modified, body_hash=digest)
        if digest == last_hash:
            self._keep(podcast.id, fields)
            return NOT_MODIFIED, []
        if self.cancel.is_set():
            return CANCELLED, []
        known = self.db.submit(load_fingerprints, self.store, podcast.id).result()
        parsed = parse_in(self.parser, ParseJob(url=outcome.url, body=outcome.body, known=known))
        if self.cancel.is_set():
            return CANCELLED, []
        result = self.db.submit(write_parsed, self.store, podcast.id, parsed, fields).result()
        return UPDATED, list(result.new_ids)

    def _keep(self, podcast_id: int, fields: dict[str, object]) -> None:
        """Bookkeeping written with the others at the end (a 301 target already taken is
        dropped: that address belongs to another subscription)."""
        new_url = fields.get("url")
        if isinstance(new_url, str) and PodcastRepo(self.store).find_by_url(new_url):
            fields = {k: v for k, v in fields.items() if k != "url"}
        with self._lock:
            self._bookkeeping.append((podcast_id, fields))

    def _failed(self, podcast: Podcast, exc: FeedError) -> None:
        now = time.time()
        fields: dict[str, object] = {
            "last_checked": now,
            "last_error": str(exc),
            "last_error_at": now,
        }
        if isinstance(exc, FeedGoneError):
            fields["gone"] = 1
        with self._lock:
            self._bookkeeping.append((podcast.id, fields))

    def _count(
        self, podcast: Podcast, status: str, new_ids: list[int], error: str | None, total: int
    ) -> None:
        with self._lock:
            summary = self.summary
            if status == UPDATED:
                summary.updated += 1
            elif status == NOT_MODIFIED:
                summary.not_modified += 1
            elif status == FAILED:
                summary.failed += 1
                summary.errors.append((podcast.url, error or ""))
            else:
                summary.cancelled += 1
            if new_ids:
                summary.new_episodes += len(new_ids)
                summary.new_episode_ids[podcast.id] = new_ids
            self._done += 1
            report = SyncProgress(
                done=self._done,
                total=total,
                podcast_id=podcast.id,
                url=podcast.url,
                title=podcast.title,
                status=status,
                new_episodes=len(new_ids),
                error=error,
            )
        if self.progress is not None:
            try:
                self.progress(report)
            except Exception:  # the caller's callback must not break the refresh
                log.exception("progress callback failed")
