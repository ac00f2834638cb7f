"""The single steps of getting one feed: read a local file or fetch it, parse it in the worker
pool, write the outcome; and the byte budget that bounds bodies waiting for a parse.

Apart from the refresh pipeline because subscribing, seeding the demo and the pipeline all take
these same steps; only the pipeline runs them concurrently (:mod:`.refresh`).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import BrokenExecutor, Future
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from player.feeds.errors import FeedNotFoundError, TemporaryFeedError
from player.feeds.fetch import Fetched, Fetcher, FetchRequest, NotModified
from player.feeds.jobs import ParseJob, ParseOutcome, run_job
from player.feeds.pool import Parser
from player.i18n import _
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import WriteResult, write_feed

log = logging.getLogger(__name__)


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
        raise FeedNotFoundError(
            _("The feed file {path} does not exist.").format(path=path)
        ) from None
    except OSError as exc:
        raise FeedNotFoundError(
            _("The feed file {path} cannot be read ({strerror}).").format(
                path=path, strerror=exc.strerror
            )
        ) from None
    return Fetched(body=body, url=url)


def fetch_any(fetcher: Fetcher, request: FetchRequest) -> Fetched | NotModified:
    """Fetch over HTTP, or read the file of a ``file:`` URL."""
    path = local_path(request.url)
    if path is not None:
        return read_local(request.url, path)
    return fetcher.fetch(request)


def parse_in(parser: Parser, job: ParseJob) -> ParseOutcome:
    """Run one parse job in the pool and wait; a crashed worker fails this feed only."""
    return parse_result(parser, submit_parse(parser, job))


def submit_parse(parser: Parser, job: ParseJob) -> Future[ParseOutcome]:
    """Hand ``job`` to the parse workers (starting them if needed) without waiting."""
    try:
        return parser.executor().submit(run_job, job)
    except BrokenExecutor:
        parser.reset()
        return parser.executor().submit(run_job, job)


def parse_result(parser: Parser, future: Future[ParseOutcome]) -> ParseOutcome:
    """The outcome of a submitted parse, with worker crashes turned into a feed error."""
    try:
        return future.result()
    except BrokenExecutor:
        parser.reset()
        raise TemporaryFeedError(
            _(
                "The feed parser stopped while reading this feed (too big or too strange); "
                "it will be tried again."
            )
        ) from None
    except MemoryError:
        raise TemporaryFeedError(_("The feed needs more memory to read than allowed.")) from None


class ByteBudget:
    """A counting limit on bytes in flight; one request bigger than the limit still passes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._used = 0
        self._cond = threading.Condition()

    def acquire(self, size: int) -> None:
        """Wait until ``size`` more bytes fit (or nothing else is in flight)."""
        with self._cond:
            while self._used and self._used + size > self.limit:
                self._cond.wait()
            self._used += size

    def release(self, size: int) -> None:
        """Give back what :meth:`acquire` took."""
        with self._cond:
            self._used -= size
            self._cond.notify_all()


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
