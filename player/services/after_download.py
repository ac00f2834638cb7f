"""Work that follows a finished download, one episode at a time on a thread of its own.

Indexing a transcript and analysing the audio both start when a download finishes. Neither
may run on the download worker (its next transfer must not wait) nor on the GUI thread, and a
command that only lists things must never start a thread: so each gets one thread, started by
the first finished download. At shutdown the running job ends and waiting ones are dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from player.domain.downloads import DownloadEvent, DownloadStatus

log = logging.getLogger(__name__)

Subscribe = Callable[[Callable[[DownloadEvent], None]], Callable[[], None]]
"""``DownloadManager.subscribe``: give it a listener, get back how to stop listening."""


class AfterDownload:
    """Runs ``work(episode_id)`` for every episode whose download finishes."""

    def __init__(self, thread_name: str, work: Callable[[int], bool]) -> None:
        self._thread_name = thread_name
        self._work = work
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None

    def follow(self, subscribe: Subscribe) -> None:
        """Listen to download events (``DownloadManager.subscribe``)."""
        self._unsubscribe = subscribe(self._heard)

    def _heard(self, event: DownloadEvent) -> None:
        if event.status is DownloadStatus.DONE:
            self.submit(event.episode_id)

    def submit(self, episode_id: int) -> Future[bool] | None:
        """Do the work for the episode on this queue's thread; None once closed."""
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix=self._thread_name)
            return self._pool.submit(self._run, episode_id)

    def _run(self, episode_id: int) -> bool:
        try:
            return self._work(episode_id)
        except Exception:  # a closed store at shutdown, a disk error: never kill the thread
            log.exception("%s of episode %d failed", self._thread_name, episode_id)
            return False

    def close(self) -> None:
        """Stop following; drop what waits and let the running job end."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if self._unsubscribe is not None:
            self._unsubscribe()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
