"""Fan-out of download events to subscribers, with the titles every event carries.

Apart from the scheduler because both the scheduler (queued, paused, removed) and the per-job
runner (running, progress, done, failed) announce things, and neither should own the other's
listeners or the title cache.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from player.domain.downloads import DownloadError, DownloadEvent, DownloadStatus
from player.domain.errors import NotFoundError
from player.domain.models import Episode
from player.storage import EpisodeRepo

log = logging.getLogger(__name__)

Listener = Callable[[DownloadEvent], None]


class DownloadEvents:
    """Subscribers and the (episode, podcast) titles their events are labelled with."""

    def __init__(self, episodes: EpisodeRepo) -> None:
        self.episodes = episodes
        self._lock = threading.Lock()
        self._listeners: tuple[Listener, ...] = ()
        self._titles: dict[int, tuple[str, str]] = {}

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Receive every :class:`DownloadEvent`; returns a function that unsubscribes."""
        with self._lock:
            self._listeners = (*self._listeners, callback)

        def unsubscribe() -> None:
            with self._lock:
                self._listeners = tuple(c for c in self._listeners if c is not callback)

        return unsubscribe

    def emit(self, event: DownloadEvent) -> None:
        """Tell every subscriber; a failing one is logged and the others still hear."""
        for listener in self._listeners:  # an immutable tuple: no lock on the hot path
            try:
                listener(event)
            except Exception:  # a broken subscriber must not kill a transfer
                log.exception("download event subscriber failed")

    def remember(self, episode: Episode) -> None:
        """Cache the titles of an episode the caller already holds (no lookup later)."""
        self._titles[episode.id] = (episode.title, episode.podcast_title)

    def titles_of(self, episode_id: int, episode: Episode | None = None) -> tuple[str, str]:
        """(episode title, podcast title) for events, looked up once per episode."""
        titles = self._titles.get(episode_id)
        if titles is None:
            try:
                episode = episode if episode is not None else self.episodes.get(episode_id)
            except NotFoundError:
                return "", ""
            titles = self._titles[episode_id] = (episode.title, episode.podcast_title)
        return titles

    def status(
        self,
        episode_id: int,
        status: DownloadStatus,
        done: int = 0,
        total: int | None = None,
        error: DownloadError | None = None,
    ) -> None:
        """Announce a status change (no rate or ETA: those come with progress events)."""
        title, podcast = self.titles_of(episode_id)
        self.emit(
            DownloadEvent(
                episode_id=episode_id,
                bytes_done=done,
                bytes_total=total,
                rate=0.0,
                eta=None,
                status=status,
                error=str(error) if error else None,
                failure=error.kind if error else None,
                episode_title=title,
                podcast_title=podcast,
            )
        )
