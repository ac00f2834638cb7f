"""The Transcript tab's wiring: load the playing episode's transcript off the GUI thread, follow
the position, and seek where the listener clicks.

Loading may fetch over the network and always parses, so it runs on the task pool; answers
that arrive after the listener moved on to another episode are dropped, so a slow transcript
never shows under the wrong episode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject

from player.domain.errors import PlayerError
from player.domain.models import Episode
from player.domain.transcript import Segment
from player.i18n import N_, _
from player.qt.bridges.player import PlayerBridge
from player.qt.controllers.transcript_search import TranscriptSearchController
from player.qt.main_window import MainWindow
from player.qt.widgets.transcript_hits import TranscriptHitsPanel
from player.qt.widgets.transcript_view import TranscriptView
from player.qt.workers import TaskRunner
from player.services.library import LibraryService
from player.services.transcripts import TranscriptService
from player.storage import Store

log = logging.getLogger(__name__)

NO_TRANSCRIPT = N_("This episode has no transcript.")
LOADING = N_("Loading the transcript…")
NOTHING_PLAYING = N_("The transcript of the playing episode shows here.")


class LoadedTranscript(Protocol):
    """What the view needs of a loaded transcript (the service's ``EpisodeTranscript``)."""

    @property
    def segments(self) -> Sequence[Segment]: ...


def failure_text(exc: BaseException) -> str:
    """One sentence for the tab: the error's own when it is ours, a plain one otherwise."""
    if isinstance(exc, PlayerError) and str(exc):
        return str(exc)
    return _("The transcript could not be loaded.")


class TranscriptController(QObject):
    """Keeps the Transcript tab showing, and following, the playing episode's transcript.

    ``load(episode_id)`` is blocking (network, disk, parsing): it runs on ``runner``'s pool
    and returns None when the episode has no transcript.
    """

    def __init__(
        self,
        view: TranscriptView,
        runner: TaskRunner,
        player: PlayerBridge,
        load: Callable[[int], LoadedTranscript | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.player = player
        self.load = load
        self.episode_id: int | None = None
        """The episode whose transcript is shown or on its way."""
        view.seekRequested.connect(player.seek)
        player.episodeChanged.connect(self.episode_changed)
        player.positionChanged.connect(lambda position, _duration: view.follow(position))
        player.seeked.connect(view.follow)
        view.show_message(_(NOTHING_PLAYING))

    def episode_changed(self, episode: Episode | None) -> None:
        """A new episode loaded (or the loaded one updated: then nothing reloads)."""
        episode_id = episode.id if episode is not None else None
        if episode_id == self.episode_id:
            return
        self.episode_id = episode_id
        if episode_id is None:
            self.view.show_message(_(NOTHING_PLAYING))
            return
        self.view.show_message(_(LOADING))
        self.runner.run(
            lambda: self.load(episode_id),
            lambda transcript: self._loaded(episode_id, transcript),
            lambda exc: self._failed(episode_id, exc),
        )

    def _loaded(self, episode_id: int, transcript: LoadedTranscript | None) -> None:
        if episode_id != self.episode_id:
            return  # the listener moved on while it loaded
        if transcript is None:
            self.view.show_message(_(NO_TRANSCRIPT))
            return
        self.view.show_segments(transcript.segments)
        self.view.follow(self.player.position)

    def _failed(self, episode_id: int, exc: BaseException) -> None:
        if episode_id != self.episode_id:
            return
        log.info("transcript of episode %s: %s", episode_id, exc)
        self.view.show_message(failure_text(exc))


def wire_transcripts(
    window: MainWindow,
    runner: TaskRunner,
    player: PlayerBridge,
    store: Store,
    library: LibraryService,
    play: Callable[[Episode], None],
) -> tuple[TranscriptController, TranscriptSearchController]:
    """The Transcript tab and the library's transcript hits, connected (app.py's one line).

    ``play`` starts an episode as the library's "Play" does.
    """
    service = TranscriptService(store)
    tab = TranscriptController(
        window.now_playing_pane.transcript, runner, player, service.for_episode, window
    )
    hits = TranscriptSearchController(
        window.library_pane,
        TranscriptHitsPanel(),
        runner,
        player,
        service.search,
        library.episodes_by_id,
        play,
        window,
    )
    return tab, hits
