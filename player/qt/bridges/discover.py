"""Directory search, charts and podcast previews for the window: on workers, newest answer only.

Every call of :class:`DiscoverBridge` runs the service on ``Application.runner`` (the network,
the disk cache and the feed parse never touch the GUI thread) and answers through ``to_main``.
Calls share a *channel* ("search", "charts", "preview"): when the listener types faster than the
directories answer, an answer to an older query on the same channel is dropped rather than
shown over the newer one (``dropped`` counts them, for the tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject

from player.directory.model import MergedAnswer
from player.qt.workers import TaskRunner
from player.services.discover import ProviderStatus
from player.services.podcast_preview import PodcastPreview

log = logging.getLogger(__name__)

T = TypeVar("T")


class Directory(Protocol):
    """What the window asks of ``player.services.discover.DiscoverService`` (tests give a
    stand-in with chosen delays)."""

    def providers(self) -> list[ProviderStatus]: ...

    def search(self, query: str, limit: int = 30) -> MergedAnswer: ...

    def charts(self, country: str = "us", genre: str = "", limit: int = 50) -> MergedAnswer: ...

    def genres(self) -> list[tuple[str, str]]: ...

    def preview(self, feed_url: str) -> PodcastPreview: ...


class DiscoverBridge(QObject):
    """Runs directory calls on workers; each ``done``/``failed`` runs on the GUI thread."""

    def __init__(
        self, runner: TaskRunner, service: Directory, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self._latest: dict[str, int] = {}
        self.dropped = 0
        """Answers that arrived after a newer call on their channel (never shown)."""

    def latest(
        self,
        channel: str,
        fn: Callable[[], T],
        done: Callable[[T], object],
        failed: Callable[[str], object],
    ) -> int:
        """Run ``fn`` on a worker; deliver its answer only if no newer call on ``channel``
        started meanwhile. Returns the call's number on its channel."""
        number = self._latest.get(channel, 0) + 1
        self._latest[channel] = number

        def ok(result: T) -> None:
            if self._latest.get(channel) != number:
                self.dropped += 1
                return
            done(result)

        def bad(exc: BaseException) -> None:
            if self._latest.get(channel) != number:
                self.dropped += 1
                return
            log.info("directory call failed: %s", exc)
            failed(str(exc) or type(exc).__name__)

        self.runner.run(fn, ok, bad)
        return number

    def forget(self, channel: str) -> None:
        """Drop whatever is still on its way on ``channel`` (the box was cleared)."""
        self._latest[channel] = self._latest.get(channel, 0) + 1

    def search(
        self,
        query: str,
        done: Callable[[MergedAnswer], object],
        failed: Callable[[str], object],
        *,
        channel: str = "search",
        limit: int = 30,
    ) -> int:
        """Search every enabled directory for ``query``."""
        service = self.service
        return self.latest(channel, lambda: service.search(query, limit), done, failed)

    def charts(
        self,
        country: str,
        genre: str,
        done: Callable[[MergedAnswer], object],
        failed: Callable[[str], object],
        *,
        limit: int = 50,
    ) -> int:
        """The top podcasts of a country (and a category, when ``genre`` is set)."""
        service = self.service
        return self.latest("charts", lambda: service.charts(country, genre, limit), done, failed)

    def genres(
        self, done: Callable[[list[tuple[str, str]]], object], failed: Callable[[str], object]
    ) -> None:
        """The categories the charts can be narrowed to, as (id, label)."""
        self.latest("genres", self.service.genres, done, failed)

    def preview(
        self,
        feed_url: str,
        done: Callable[[PodcastPreview], object],
        failed: Callable[[str], object],
        *,
        channel: str = "preview",
    ) -> int:
        """Read a feed for its podcast page without storing anything."""
        service = self.service
        return self.latest(channel, lambda: service.preview(feed_url), done, failed)

    def providers(
        self, done: Callable[[list[ProviderStatus]], object], failed: Callable[[str], object]
    ) -> None:
        """Each directory, whether it is on, and why not."""
        self.latest("providers", self.service.providers, done, failed)
