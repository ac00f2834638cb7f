"""The refresh pipeline: fetch concurrently, parse in worker processes, write one feed at a time.

A pool of fetch threads (``sync.concurrency`` of them) shares one :class:`Fetcher`. A fetch
thread never waits for parsing: a changed body goes to the parse processes and the thread
takes the next feed, so every connection the per-host limit allows stays busy while the
workers parse (with 50 ms of server latency and 6 connections per host, a fetch thread that
waited for its parse left connections idle for most of the refresh). When a parse finishes,
its result is written by the single database thread (one transaction per feed).

Memory stays bounded: bodies handed to the parsers but not yet parsed are limited to
``PARSE_BACKLOG_BYTES`` (a fetch thread waits before handing over one more), so at most that
plus one body per fetch thread is held at once.

304s, unchanged bodies and failures only touch bookkeeping columns and are written together in
one transaction at the end. A failure is stored on its feed and the others carry on; cancelling
stops new work (no more fetches, no more parses) and lets what is in flight finish.

The steps themselves (fetch or read, parse, write one feed) are in :mod:`.feed_steps`, which
subscribing shares; this module is their concurrent arrangement.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor

from player.domain.errors import FeedError
from player.domain.models import Podcast
from player.feeds.errors import FeedGoneError
from player.feeds.fetch import Fetched, Fetcher, FetchRequest, NotModified
from player.feeds.jobs import ParseJob, ParseOutcome, body_digest
from player.feeds.pool import Parser
from player.i18n import _
from player.services.feed_passwords import FeedPasswords
from player.services.feed_steps import (
    ByteBudget,
    fetch_any,
    parse_result,
    submit_parse,
    write_parsed,
)
from player.services.refresh_summary import (
    ProgressCallback,
    RefreshStatus,
    SyncProgress,
    SyncSummary,
)
from player.storage import PodcastRepo, Store, search_index
from player.storage.feed_writer import WriteResult, load_fingerprints

log = logging.getLogger(__name__)

INDEX_EVERY = 10_000
"""New episodes after which the database thread indexes them for search (one chunk of
:data:`~player.storage.search_index.CHUNK`), between two feeds.

A refresh catches up once more at its end; indexing 40,000 episodes only then was 0.7 s on
one core after every parse had finished, and in batches it runs while the workers parse."""

GROUP_ITEMS = 1000
"""Items of parsed feeds written in one transaction at most, when several are waiting."""

PARSE_BACKLOG_BYTES = 32 * 1024 * 1024
"""Bodies waiting for a parse worker, at most (one bigger body is always let through)."""


_Ready = tuple[Future[ParseOutcome], Podcast, dict[str, object]]


def _item_count(done: Future[ParseOutcome]) -> int:
    """Items a finished parse will write (0 when it failed: it writes nothing)."""
    if done.cancelled() or done.exception() is not None:
        return 0
    return len(done.result().doc.items)


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
        passwords: FeedPasswords | None = None,
    ) -> None:
        self.store = store
        self.passwords = passwords or FeedPasswords()
        """Where feed passwords are read (the keyring), and follow a feed that moved."""
        self.parser = parser
        self.fetcher_factory = fetcher_factory
        self.db = db_executor
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.threads = max(1, threads)
        self.summary = SyncSummary()
        self._bookkeeping: list[tuple[int, dict[str, object]]] = []
        self._moved: list[tuple[int, str, str]] = []
        """Feeds with a login that answered from a new address: (id, old URL, new URL)."""
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0
        self._all_counted = threading.Event()
        self._backlog = ByteBudget(PARSE_BACKLOG_BYTES)
        self._unindexed = 0
        """New episodes written since the last search catch-up (database thread only)."""
        self._ready: deque[_Ready] = deque()
        """Parsed feeds waiting for the database thread (under ``_lock``)."""

    def run(self, targets: list[tuple[Podcast, str]]) -> SyncSummary:
        """Refresh ``targets`` (podcast, last body hash) and return the summary."""
        started = time.perf_counter()
        self.summary.feeds = self._total = len(targets)
        if targets:
            with (
                self.fetcher_factory() as fetcher,
                ThreadPoolExecutor(self.threads, thread_name_prefix="sync-fetch") as pool,
            ):
                for future in [pool.submit(self._one, fetcher, p, h) for p, h in targets]:
                    future.result()
            self._all_counted.wait()  # parses and writes still in flight
        if self._bookkeeping:
            PodcastRepo(self.store).update_many(self._bookkeeping)
        self._passwords_follow()
        if self.summary.new_episodes:
            search_index.catch_up(self.store)  # the first search need not do it
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _passwords_follow(self) -> None:
        """Move the passwords of feeds whose new address was stored (a new address that
        belongs to another subscription was not, and then the password stays too)."""
        repo = PodcastRepo(self.store)
        for podcast_id, old, new in self._moved:
            now = repo.find_by_url(new)
            if now is not None and now.id == podcast_id:
                self.passwords.moved(old, new)

    def _one(self, fetcher: Fetcher, podcast: Podcast, last_hash: str) -> None:
        """Fetch one feed and hand a changed body on; never raises (failures are stored)."""
        try:
            self._fetch(fetcher, podcast, last_hash)
        except Exception as exc:
            self._finish_failed(podcast, exc)

    def _fetch(self, fetcher: Fetcher, podcast: Podcast, last_hash: str) -> None:
        if self.cancel.is_set():
            self._count(podcast, RefreshStatus.CANCELLED)
            return
        request = FetchRequest(
            url=podcast.url,
            etag=podcast.etag,
            last_modified=podcast.last_modified,
            user_agent=podcast.user_agent,
            username=podcast.username,
            password=self.passwords.for_podcast(podcast),
        )
        outcome = fetch_any(fetcher, request)
        fields: dict[str, object] = {
            "last_checked": time.time(),
            "last_error": None,
            "last_error_at": None,
        }
        if outcome.new_url and outcome.new_url != podcast.url:
            fields["url"] = outcome.new_url
            if podcast.username:
                with self._lock:
                    self._moved.append((podcast.id, podcast.url, outcome.new_url))
        if isinstance(outcome, NotModified):
            self._keep(podcast.id, fields)
            self._count(podcast, RefreshStatus.NOT_MODIFIED)
            return
        digest = body_digest(outcome.body)
        fields.update(etag=outcome.etag, last_modified=outcome.last_modified, body_hash=digest)
        if digest == last_hash:
            self._keep(podcast.id, fields)
            self._count(podcast, RefreshStatus.NOT_MODIFIED)
            return
        if self.cancel.is_set():
            self._count(podcast, RefreshStatus.CANCELLED)
            return
        size = len(outcome.body)
        self._backlog.acquire(size)
        try:
            self.db.submit(self._hand_over, outcome, podcast, fields, size)
        except BaseException:
            self._backlog.release(size)
            raise

    def _hand_over(
        self, fetched: Fetched, podcast: Podcast, fields: dict[str, object], size: int
    ) -> None:
        """Database thread: read what the last parse left (item fingerprints), start the parse.

        In this thread because every database access of a refresh is: reads from the fetch
        threads would contend with the writes (and a shared in-memory database refuses them).
        """
        try:
            known = load_fingerprints(self.store, podcast.id)
            job = ParseJob(url=fetched.url, body=fetched.body, known=known)
            future = submit_parse(self.parser, job)
        except Exception as exc:
            self._backlog.release(size)
            self._finish_failed(podcast, exc)
            return
        future.add_done_callback(lambda done: self._parsed(done, podcast, fields, size))

    def _parsed(
        self, done: Future[ParseOutcome], podcast: Podcast, fields: dict[str, object], size: int
    ) -> None:
        """A parse finished (in the pool's thread): queue its write, keep that thread free."""
        self._backlog.release(size)
        entry = (done, podcast, fields)
        with self._lock:
            self._ready.append(entry)
        try:
            self.db.submit(self._write_ready)
        except RuntimeError as exc:  # the service is closing: never leave a feed uncounted
            with self._lock:
                taken = entry not in self._ready
                if not taken:
                    self._ready.remove(entry)
            if not taken:
                self._finish_failed(podcast, exc)

    def _write_ready(self) -> None:
        """Store the parsed feeds waiting now (database thread); never raises.

        When the parsers are ahead, several feeds share one transaction: a commit writes every
        page it touched, and the index pages that neighbouring feeds share were written once
        per feed. Should one of them fail there, the whole transaction is undone and each feed
        is written again on its own, so a failure still costs only its feed. A feed alone is
        written as before, in chunks that let small writes through. Written even after a
        cancel: its fetch and parse are done, and an import that is stopped keeps its feeds.
        """
        with self._lock:
            group = self._take_group()
        ready: list[tuple[Podcast, ParseOutcome, dict[str, object]]] = []
        for done, podcast, fields in group:
            try:
                ready.append((podcast, parse_result(self.parser, done), fields))
            except Exception as exc:
                self._finish_failed(podcast, exc)
        results: list[WriteResult | Exception] | None = None
        if len(ready) > 1:
            try:
                with self.store.write():
                    results = [write_parsed(self.store, p.id, o, f) for p, o, f in ready]
            except Exception:
                log.info("writing %d feeds together failed: one at a time", len(ready))
        if results is None:
            results = [self._store_one(*entry) for entry in ready]
        for (podcast, _outcome, _fields), result in zip(ready, results, strict=True):
            if isinstance(result, Exception):
                self._finish_failed(podcast, result)
            else:
                self._written(podcast, result)

    def _take_group(self) -> list[_Ready]:
        """The waiting entries, oldest first, up to :data:`GROUP_ITEMS` items (one at least)."""
        group: list[_Ready] = []
        items = 0
        while self._ready:
            size = _item_count(self._ready[0][0])
            if group and items + size > GROUP_ITEMS:
                break
            group.append(self._ready.popleft())
            items += size
        return group

    def _store_one(
        self, podcast: Podcast, parsed: ParseOutcome, fields: dict[str, object]
    ) -> WriteResult | Exception:
        """Write one parsed feed in transactions of its own; the error, not raised."""
        try:
            return write_parsed(self.store, podcast.id, parsed, fields)
        except Exception as exc:
            return exc

    def _written(self, podcast: Podcast, result: WriteResult) -> None:
        """Count a stored feed (after its commit); index for search every so often."""
        if result.live_events:
            with self._lock:
                self.summary.live_events.extend(result.live_events)
        self._unindexed += len(result.new_ids)
        if self._unindexed >= INDEX_EVERY:  # before counting: the run ends after the last
            self._unindexed = 0
            try:
                search_index.catch_up(self.store)
            except Exception:  # the end of the run tries again; searches catch up anyway
                log.exception("indexing new episodes for search failed")
        self._count(podcast, RefreshStatus.UPDATED, list(result.new_ids))

    def _finish_failed(self, podcast: Podcast, exc: Exception) -> None:
        """Store a failure on its feed and count it (a bug in one feed stops no other)."""
        if not isinstance(exc, FeedError):
            log.error("refreshing %s failed unexpectedly", podcast.url, exc_info=exc)
            exc = FeedError(_("Unexpected problem while refreshing: {exc}.").format(exc=exc))
        self._failed(podcast, exc)
        self._count(podcast, RefreshStatus.FAILED, error=str(exc))

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
        self,
        podcast: Podcast,
        status: RefreshStatus,
        new_ids: list[int] | None = None,
        error: str | None = None,
    ) -> None:
        new_ids = new_ids or []
        with self._lock:
            summary = self.summary
            if status is RefreshStatus.UPDATED:
                summary.updated += 1
            elif status is RefreshStatus.NOT_MODIFIED:
                summary.not_modified += 1
            elif status is RefreshStatus.FAILED:
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
                total=self._total,
                podcast_id=podcast.id,
                url=podcast.url,
                title=podcast.title,
                status=status,
                new_episodes=len(new_ids),
                error=error,
            )
            if self._done == self._total:
                self._all_counted.set()
        if self.progress is not None:
            try:
                self.progress(report)
            except Exception:  # the caller's callback must not break the refresh
                log.exception("progress callback failed")
