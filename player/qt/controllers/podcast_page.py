"""The podcast page of a subscription: its stored episodes by season, settings in place and
Unsubscribe, added to the page the Discover controller opens from the sidebar.

Reading the show and its episodes and saving its settings run on the task pool. Unsubscribe
goes through the library controller's own confirmation (the sidebar's), and the page closes
once the show is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject

from player.domain.errors import NotFoundError
from player.domain.models import Episode, Podcast
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.i18n import _
from player.qt.bridges.sync import SyncBridge
from player.qt.controllers.discover import DiscoverController
from player.qt.controllers.library import LibraryController
from player.qt.workers import TaskRunner
from player.services.library import LibraryService

if TYPE_CHECKING:  # the page is imported when one is opened, not with the window's start
    from player.qt.app import Application
    from player.qt.dialogs.podcast_page import PodcastPage


class PodcastPageController(QObject):
    """Gives a subscribed show's podcast page its own part and keeps it in step."""

    def __init__(
        self,
        discover: DiscoverController,
        library_controller: LibraryController,
        runner: TaskRunner,
        library: LibraryService,
        sync: SyncBridge,
        default_rate: Callable[[], float] = lambda: 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.discover = discover
        self.library_controller = library_controller
        self.runner = runner
        self.library = library
        self.default_rate = default_rate
        discover.subscriptionPageOpened.connect(self.opened)
        sync.libraryChanged.connect(self._library_changed)
        library_controller.library_model.podcastsChanged.connect(self._library_changed)

    def _page(self) -> PodcastPage | None:
        page = self.discover.page
        if page is None or not shiboken6.isValid(page) or page.subscribed is None:
            return None
        return page

    def opened(self, podcast: Podcast) -> None:
        """``podcast``'s page opened (from the sidebar or elsewhere): add its episodes, its
        settings and Unsubscribe."""
        page = self.discover.page
        if page is None or not shiboken6.isValid(page) or page.podcast_id != podcast.id:
            return
        from player.qt.dialogs.podcast_page_subscribed import SubscribedSection

        section = SubscribedSection(self.default_rate())
        section.saveRequested.connect(self._save)
        section.unsubscribeRequested.connect(self.library_controller.confirm_unsubscribe)
        section.allSettingsRequested.connect(self.library_controller.edit_podcast_settings)
        page.add_subscribed(section)
        self.load(page)

    def load(self, page: PodcastPage) -> None:
        """Read the show and its episodes (by season and number) for the page."""
        podcast_id, library = page.podcast_id, self.library
        if podcast_id is None:
            return

        def read() -> tuple[Podcast, list[Episode]]:
            query = EpisodeQuery(podcast_id=podcast_id, sort=EpisodeSort.NUMBER)
            return library.podcast(podcast_id), library.episodes(query)

        def show(found: tuple[Podcast, list[Episode]]) -> None:
            if shiboken6.isValid(page) and page.subscribed is not None:
                page.subscribed.show_podcast(*found)

        def gone(exc: BaseException) -> None:
            if isinstance(exc, NotFoundError) and shiboken6.isValid(page):
                page.close()  # unsubscribed (here or elsewhere): nothing left to show

        self.runner.run(read, show, gone)

    def _library_changed(self) -> None:
        page = self._page()
        if page is not None:
            self.load(page)

    def _save(self, podcast_id: int, values: dict[str, Any]) -> None:
        library, controller = self.library, self.library_controller

        def saved(_: object) -> None:
            controller.reload()
            if controller.podcast_saved is not None:
                controller.podcast_saved(podcast_id)

        self.runner.run(
            lambda: library.update_podcast(podcast_id, **values),
            saved,
            lambda exc: controller.show_message(_("Saving settings failed: {exc}").format(exc=exc)),
        )


def wire_podcast_pages(app: Application) -> PodcastPageController:
    """The composition (kept out of app.py): the sidebar's pages get their subscribed part."""
    return PodcastPageController(
        app.discover,
        app.library_controller,
        app.runner,
        app.library,
        app.sync,
        default_rate=lambda: float(app.settings.get("playback.rate") or 1.0),
        parent=app.window,
    )
