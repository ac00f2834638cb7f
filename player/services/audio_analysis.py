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
from pathlib import Path

from player.domain.audio import AudioAnalysis
from player.domain.errors import PlayerError
from player.i18n import _
from player.playback.locations import local_path
from player.services.after_download import AfterDownload
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
            _(
                "Episode {episode_id} is not downloaded; trim silence and even loudness need "
                "the file: download it first."
            ).format(episode_id=episode_id)
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


class AnalysisQueue(AfterDownload):
    """Analyses every episode whose download finishes, one at a time on its own thread.

    Never on the download worker (the next transfer must not wait) nor on the GUI thread. The
    thread starts with the first finished download, so a CLI command that only lists things
    never starts it; at shutdown the running analysis ends (its ffmpeg is short-lived) and
    waiting ones are dropped: ``AudioAnalysisService.catch_up`` finds them later.
    """

    def __init__(self, service: AudioAnalysisService) -> None:
        super().__init__("audio-analysis", self._analyse)
        self.service = service

    def _analyse(self, episode_id: int) -> bool:
        try:
            self.service.analyse(episode_id)
        except PlayerError as exc:  # not audio, file gone meanwhile: logged, nothing stored
            log.info("audio analysis of episode %d failed: %s", episode_id, exc)
            return False
        return True
