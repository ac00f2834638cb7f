"""Smart audio in the window: the now-playing pane's indicator, and the analysis the playing
episode still lacks.

The indicator follows the player bridge's signals only (what smart audio does comes with
``smartAudioChanged``, the silence trimmed so far with each ``seeked``), never the disk. When
trim silence or even loudness is on for a downloaded episode that has no analysis yet (it was
downloaded before the analyser existed, or its analysis is still queued), the analysis is
handed to the downloads' analysis queue (its own thread, one at a time) and the episode is
planned again when it is done; a streamed episode gets the "needs a download" hint instead,
and gets analysed once its download finishes.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QObject

from player.domain.downloads import DownloadEvent, DownloadStatus
from player.domain.models import Episode
from player.i18n import _
from player.playback.locations import local_path
from player.qt.bridges.player import PlayerBridge
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.widgets.smart_audio import Indication, describe_smart_audio
from player.qt.workers import to_main

log = logging.getLogger(__name__)

Analyse = Callable[[int], "Future[bool] | None"]
"""Queue an episode's analysis (``AnalysisQueue.submit``): a future of whether it worked."""


def has_file(episode: Episode) -> bool:
    """Whether the episode's audio is on this computer (downloaded, or a local enclosure),
    judged from its fields alone (no disk access on the GUI thread)."""
    return bool(episode.download_path) or local_path(episode.enclosure_url) is not None


class SmartAudioController(QObject):
    """Keeps the pane's smart-audio indicator in step with the player."""

    def __init__(
        self,
        pane: NowPlayingPane,
        player: PlayerBridge,
        analyse: Analyse | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.player = player
        self.analyse = analyse
        self._episode_id: int | None = None
        self._baseline = 0.0
        """Silence trimmed before the loaded episode (the player counts since it was made)."""
        self._local = False
        self._analysing: int | None = None
        self._asked: set[int] = set()
        """Episodes whose analysis was asked for (once each, unless a download finishes)."""
        self._failed: set[int] = set()
        player.smartAudioChanged.connect(lambda _status: self.update())
        player.episodeChanged.connect(lambda _episode: self.update())
        player.seeked.connect(lambda _position: self.update())

    @property
    def indication(self) -> Indication:
        """What the indicator shows now."""
        return self.pane.smart_audio.indication

    def update(self) -> None:
        """Show what smart audio does to the loaded episode; ask for a missing analysis."""
        episode = self.player.episode
        if episode is None:
            self._episode_id = None
            self.pane.set_smart_audio(Indication())
            return
        if episode.id != self._episode_id:
            self._episode_id = episode.id
            self._baseline = self.player.time_saved.silence
            self._local = has_file(episode)
        status = self.player.smart_audio
        missing = status.choices.needs_analysis and not status.analysed
        if missing and self._local and episode.id not in self._asked:
            self._start_analysis(episode.id)
        if missing and episode.id in self._failed:
            self.pane.set_smart_audio(
                Indication(
                    _("Could not analyse this audio"),
                    _(
                        "Trim silence and even loudness need the episode's audio analysed, and "
                        "the analysis of this file failed (the log says why)."
                    ),
                    hint=True,
                )
            )
            return
        saved = max(0.0, self.player.time_saved.silence - self._baseline)
        self.pane.set_smart_audio(
            describe_smart_audio(
                status,
                has_file=self._local,
                analysing=self._analysing == episode.id,
                silence_saved=saved,
            )
        )

    def podcast_changed(self, podcast_id: int) -> None:
        """A podcast's settings were saved: the playing episode's, if it is one of its."""
        episode = self.player.episode
        if episode is not None and episode.podcast_id == podcast_id:
            self.player.replan_smart_audio()

    def download_finished(self, event: DownloadEvent) -> None:
        """The playing episode was downloaded: it can be analysed now (it keeps playing from
        where it streamed; the trims apply to the same audio)."""
        if event.status is not DownloadStatus.DONE or event.episode_id != self._episode_id:
            return
        self._local = True
        self._asked.discard(event.episode_id)
        self._failed.discard(event.episode_id)
        self.update()

    def _start_analysis(self, episode_id: int) -> None:
        self._asked.add(episode_id)
        future = self.analyse(episode_id) if self.analyse is not None else None
        if future is None:  # no queue (or shutting down): nothing will come
            return
        self._analysing = episode_id
        future.add_done_callback(
            lambda done: to_main(functools.partial(self._analysed, episode_id, done))
        )

    def _analysed(self, episode_id: int, done: Future[bool]) -> None:
        if self._analysing == episode_id:
            self._analysing = None
        worked = not done.cancelled() and done.exception() is None and bool(done.result())
        if not worked:
            self._failed.add(episode_id)
        if self._episode_id == episode_id and worked:
            self.player.replan_smart_audio()  # with the analysis: its signal updates us
        else:
            self.update()
