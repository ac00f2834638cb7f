"""Chapter following for the player: which chapters the loaded episode has, which one is
playing, and the JSON chapters that arrive late from the network.

The player service hands over the episode when it loads and tells the follower when the position
or the length moves; the follower emits :class:`ChaptersChanged` and :class:`ChapterChanged`.
Fetching a remote chapters file is the only work off the owner thread: it runs through
``background`` and its result comes back through ``post``, where it is applied only if the same
episode is still loaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from player.domain.errors import PlayerError
from player.domain.models import Episode
from player.playback.chapter_track import ChapterTrack
from player.playback.engine import Post
from player.services.chapters import ChapterService
from player.services.playback_state import ChapterChanged, ChaptersChanged, PlayerEvent

log = logging.getLogger(__name__)

Background = Callable[[Callable[[], None]], None]
"""Runs a job off the owner thread (the JSON chapter fetch)."""


def run_in_thread(work: Callable[[], None]) -> None:
    """The default ``background``: a daemon thread per job (jobs are rare and short)."""
    threading.Thread(target=work, name="playback-background", daemon=True).start()


class Loaded(Protocol):
    """What the follower reads from the player: the loaded episode and where it is."""

    @property
    def episode(self) -> Episode | None: ...

    @property
    def position(self) -> float: ...

    @property
    def duration(self) -> float | None: ...


class ChapterFollower:
    """The loaded episode's :class:`ChapterTrack`, kept up to date and announced."""

    def __init__(
        self,
        chapters: ChapterService,
        player: Loaded,
        emit: Callable[[PlayerEvent], None],
        post: Post,
        background: Background = run_in_thread,
    ) -> None:
        self.track = ChapterTrack()
        self._service = chapters
        self._player = player
        self._emit = emit
        self._post = post
        self._background = background

    def load(self, episode: Episode) -> None:
        """A new episode: stored and local chapters now, a remote JSON file in the background."""
        try:
            needs_network = self._service.prepare(episode)
        except PlayerError as exc:
            log.info("chapters of episode %d: %s", episode.id, exc)
            needs_network = False
        self.apply()
        if needs_network:
            self._background(lambda: self._fetch(episode))

    def apply(self) -> None:
        """Choose among the stored sources again (announced when the list changed)."""
        episode = self._player.episode
        if episode is None:
            return
        source, chapters = self._service.chosen(episode, self._player.duration)
        if self.track.replace(source, chapters, self._player.duration):
            self._emit(ChaptersChanged(tuple(self.track.chapters), source))

    def follow(self, force: bool = False) -> None:
        """Move to the chapter at the player's position (``force``: announce it anyway)."""
        if self.track.follow(self._player.position) or force:
            self._emit(ChapterChanged(self.track.index, self.track.current))

    def extend_to(self, duration: float) -> None:
        """The media's real length is known: the last chapter ends there."""
        if self.track.extend_to(duration):
            self._emit(ChaptersChanged(tuple(self.track.chapters), self.track.source))

    def _fetch(self, episode: Episode) -> None:
        """Background thread: fetch the JSON chapters, then hand over to the owner thread."""
        try:
            self._service.fetch_json(episode)
        except PlayerError as exc:
            log.info("chapters of episode %d: %s", episode.id, exc)
            return
        self._post(lambda: self._arrived(episode.id))

    def _arrived(self, episode_id: int) -> None:
        loaded = self._player.episode
        if loaded is not None and loaded.id == episode_id:
            self.apply()
            self.follow()
