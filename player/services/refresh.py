"""The refresh pipeline: fetch concurrently, parse in worker processes, write one feed at a time.

One asyncio loop (in the calling thread) drives every fetch through one :class:`Fetcher`; bodies
that changed go to the parse pool; results are written by a single database thread, one
transaction per feed. 304s, unchanged bodies and failures only touch bookkeeping columns and
are written together in one transaction at the end. A failure is stored on its feed and the
others carry on; cancelling stops new work and lets what is in flight finish or be abandoned.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
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


async def read_local(url: str, path: Path) -> Fetched:
    """A local feed file as if it had been fetched."""
    try:
        body = await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError:
        raise FeedNotFoundError(f"The feed file {path} does not exist.") from None
    except OSError as exc:
        raise FeedNotFoundError(f"The feed file {path} cannot be read ({exc.strerror}).") from None
    return Fetched(body=body, url=url)


async def fetch_any(fetcher: Fetcher, request: FetchRequest) -> Fetched | NotModified:
    """Fetch over HTTP, or read the file of a ``file:`` URL."""
    path = local_path(request.url)
    if path is not None:
        return await read_local(request.url, path)
    return await fetcher.fetch(request)


async def parse_in(executor: Executor, parser: Parser, job: ParseJob) -> ParseOutcome:
    """Run one parse job in the pool; a crashed worker fails this feed, not the refresh."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(executor, run_job, job)
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
    ) -> None:
        self.store = store
        self.parser = parser
        self.fetcher_factory = fetcher_factory
        self.db = db_executor
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.summary = SyncSummary()
        self._bookkeeping: list[tuple[int, dict[str, object]]] = []
        self._done = 0

    def run(self, targets: list[tuple[Podcast, str]]) -> SyncSummary:
        """Refresh ``targets`` (podcast, last body hash) and return the summary."""
        started = time.perf_counter()
        self.summary.feeds = len(targets)
        if targets:
            asyncio.run(self._run_all(targets))
        if self._bookkeeping:
            PodcastRepo(self.store).update_many(self._bookkeeping)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    async def _run_all(self, targets: list[tuple[Podcast, str]]) -> None:
        async with self.fetcher_factory() as fetcher:
            total = len(targets)
            tasks = [asyncio.create_task(self._one(fetcher, p, h, total)) for p, h in targets]
            watcher = asyncio.create_task(self._watch_cancel(tasks))
            await asyncio.gather(*tasks, return_exceptions=True)
            watcher.cancel()

    async def _watch_cancel(self, tasks: list[asyncio.Task[None]]) -> None:
        """Turn the caller's threading.Event into task cancellation (checked 20 times a second)."""
        while not self.cancel.is_set():
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()

    async def _one(self, fetcher: Fetcher, podcast: Podcast, last_hash: str, total: int) -> None:
        status, new_ids, error = CANCELLED, [], None
        try:
            status, new_ids = await self._refresh(fetcher, podcast, last_hash)
        except asyncio.CancelledError:
            status = CANCELLED
        except FeedError as exc:
            status, error = FAILED, str(exc)
            self._failed(podcast, exc)
        except Exception as exc:  # a bug in one feed's path must not stop the others
            log.exception("refreshing %s failed unexpectedly", podcast.url)
            status, error = FAILED, f"Unexpected problem while refreshing: {exc}."
            self._failed(podcast, FeedError(error))
        self._count(podcast, status, new_ids, error, total)

    async def _refresh(
        self, fetcher: Fetcher, podcast: Podcast, last_hash: str
    ) -> tuple[str, list[int]]:
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
        outcome = await fetch_any(fetcher, request)
        now = time.time()
        fields: dict[str, object] = {"last_checked": now, "last_error": None, "last_error_at": None}
        if outcome.new_url and outcome.new_url != podcast.url:
            fields["url"] = outcome.new_url
        if isinstance(outcome, NotModified):
            self._bookkeeping.append((podcast.id, self._without_taken_url(podcast, fields)))
            return NOT_MODIFIED, []
        digest = body_digest(outcome.body)
        fields.update(etag=outcome.etag, last_modified=outcome.last_modified, body_hash=digest)
        if digest == last_hash:
            self._bookkeeping.append((podcast.id, self._without_taken_url(podcast, fields)))
            return NOT_MODIFIED, []
        loop = asyncio.get_running_loop()
        known = await loop.run_in_executor(self.db, load_fingerprints, self.store, podcast.id)
        job = ParseJob(url=outcome.url, body=outcome.body, known=known)
        parsed = await parse_in(self.parser.executor(), self.parser, job)
        if self.cancel.is_set():
            return CANCELLED, []
        result = await loop.run_in_executor(
            self.db, write_parsed, self.store, podcast.id, parsed, fields
        )
        return UPDATED, list(result.new_ids)

    def _without_taken_url(self, podcast: Podcast, fields: dict[str, object]) -> dict[str, object]:
        """A 301 to an address another subscription already has keeps the old address."""
        new_url = fields.get("url")
        if isinstance(new_url, str) and PodcastRepo(self.store).find_by_url(new_url):
            return {k: v for k, v in fields.items() if k != "url"}
        return fields

    def _failed(self, podcast: Podcast, exc: FeedError) -> None:
        now = time.time()
        fields: dict[str, object] = {
            "last_checked": now,
            "last_error": str(exc),
            "last_error_at": now,
        }
        if isinstance(exc, FeedGoneError):
            fields["gone"] = 1
        self._bookkeeping.append((podcast.id, fields))

    def _count(
        self, podcast: Podcast, status: str, new_ids: list[int], error: str | None, total: int
    ) -> None:
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
        if self.progress is not None:
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
            try:
                self.progress(report)
            except Exception:  # the caller's callback must not break the refresh
                log.exception("progress callback failed")
