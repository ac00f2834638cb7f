"""Analysing an episode's audio (loudness, true peak, silences) and keeping the result.

:meth:`AudioAnalysisService.analyse` blocks for a few seconds per hour of audio (an ffmpeg
subprocess decodes, NumPy reduces): the window calls it from its task pool, the CLI directly,
and :class:`AnalysisQueue` runs it on a thread of its own after each finished download, so a
downloaded episode is ready for trim silence and even loudness before it is played.

The analyser (and NumPy with it) is imported by the first analysis, so the command line and
the window start without it.

Streams: the analysis needs the file. A streamed episode is not analysed while it plays (that
would fetch the whole enclosure a second time beside libVLC's own stream, doubling the
bandwidth of every streamed episode); :class:`NeedsDownloadError` says so, and the smart
audio features act on downloaded (or local) episodes only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from player.domain.audio import AudioAnalysis
from player.domain.downloads import DownloadEvent, DownloadStatus
from player.domain.errors import PlayerError
from player.playback.locations import local_path
from player.storage import EpisodeRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo

log = logging.getLogger(__name__)


class NeedsDownloadError(PlayerError):
    """The episode is only a stream: the analysis works on a downloaded (or local) file."""


class AudioAnalysisService:
    """Analyse episodes and keep the results, re-running when the analyser has changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.episodes = EpisodeRepo(store)
        self.repo = AudioAnalysisRepo(store)

    def current(self, episode_id: int) -> AudioAnalysis | None:
        """The stored analysis if the current analyser made it from the file; else None."""
        from player.audio import analysis  # NumPy loads with the first analysis, not before

        stored = self.repo.get(episode_id)
        if stored is None or stored.analyser != analysis.ANALYSER or stored.source != "download":
            return None
        return stored

    def analyse(self, episode_id: int, force: bool = False) -> AudioAnalysis:
        """The episode's analysis: the stored one when current (unless ``force``), else a new
        one, stored before it is returned. Raises :class:`NotFoundError`,
        :class:`NeedsDownloadError`, or ``AudioAnalysisError`` for a file that is not
        audio (then nothing is stored)."""
        path = self.media_file(episode_id)
        if not force and (stored := self.current(episode_id)) is not None:
            return stored
        from player.audio.analysis import analyse_file

        fresh = analyse_file(path)
        self.repo.save(episode_id, fresh)
        return fresh

    def media_file(self, episode_id: int) -> Path:
        """The file to analyse: the download, or an enclosure that is a local file."""
        episode = self.episodes.get(episode_id)
        for location in (episode.download_path, episode.enclosure_url):
            path = local_path(location)
            if path is not None and path.is_file():
                return path
        raise NeedsDownloadError(
            f"Episode {episode_id} is not downloaded; trim silence and even loudness need the "
            "file: download it first."
        )

    def catch_up(self, limit: int = 20) -> list[int]:
        """Analyse downloaded episodes that have no current analysis; returns the ids done.
        One that fails is logged and skipped (it stays stale, and is tried again next time)."""
        from player.audio.analysis import ANALYSER

        done = []
        for episode_id in self.repo.stale_or_missing(ANALYSER, limit):
            try:
                self.analyse(episode_id, force=True)
            except PlayerError as exc:
                log.info("audio analysis of episode %d failed: %s", episode_id, exc)
                continue
            done.append(episode_id)
        return done


Subscribe = Callable[[Callable[[DownloadEvent], None]], Callable[[], None]]


class AnalysisQueue:
    """Analyses every episode whose download finishes, one at a time on its own thread.

    Never on the download worker (the next transfer must not wait) nor on the GUI thread. The
    thread starts with the first finished download, so a CLI command that only lists things
    never starts it; at shutdown the running analysis ends (its ffmpeg is short-lived) and
    waiting ones are dropped: ``AudioAnalysisService.catch_up`` finds them later.
    """

    def __init__(self, service: AudioAnalysisService) -> None:
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
        """Analyse the episode on the queue's thread; None once closed."""
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="audio-analysis")
            return self._pool.submit(self._analyse, episode_id)

    def _analyse(self, episode_id: int) -> bool:
        try:
            self.service.analyse(episode_id)
        except PlayerError as exc:  # not audio, file gone meanwhile: logged, nothing stored
            log.info("audio analysis of episode %d failed: %s", episode_id, exc)
            return False
        except Exception:  # a closed store at shutdown, a disk error: never kill the thread
            log.exception("audio analysis of episode %d crashed", episode_id)
            return False
        return True

    def close(self) -> None:
        """Stop following; drop what waits and let the running analysis end."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if self._unsubscribe is not None:
            self._unsubscribe()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
