"""Fetching and indexing an episode's transcript in the background once it is downloaded.

A downloaded episode is one the listener means to hear, often offline later: its transcript
should be there too, and searchable. The fetch runs on one thread of its own, never on the
download worker (whose next transfer must not wait for a transcript server) and never on the
GUI thread. The thread starts with the first finished download, so a CLI command that only
lists things never starts it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from player.domain.downloads import DownloadEvent, DownloadStatus
from player.services.transcripts import TranscriptService

log = logging.getLogger(__name__)

Subscribe = Callable[[Callable[[DownloadEvent], None]], Callable[[], None]]


class TranscriptIndexer:
    """Indexes the transcript of every episode whose download finishes."""

    def __init__(self, service: TranscriptService) -> None:
        self.service = service
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
        """Index the episode's transcript on the indexer's thread; None once closed."""
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="transcript-index")
            return self._pool.submit(self._index, episode_id)

    def _index(self, episode_id: int) -> bool:
        try:
            return self.service.index(episode_id)
        except Exception:  # a closed store at shutdown, a disk error: never kill the thread
            log.exception("indexing the transcript of episode %d failed", episode_id)
            return False

    def close(self) -> None:
        """Stop following; drop what waits and let the running fetch end (short timeouts)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if self._unsubscribe is not None:
            self._unsubscribe()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
