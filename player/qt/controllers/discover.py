"""Finding podcasts: the podcast page, the Discover view, subscribing from a directory result.

The Add podcast dialog, the Discover view and the sidebar's "Podcast page" all come here, so
there is one podcast page at a time (a new one replaces the old: no pile of windows over a
long session) and one place that knows a subscription went through (``subscribedFeed``: every
card showing that feed gets its "Subscribed" mark).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from player.directory.model import DirectoryResult
from player.domain.errors import NotFoundError
from player.domain.models import Podcast
from player.domain.podcasting20 import LiveItem, PodcastExtras, RemoteItem
from player.domain.settings import DIRECTORY_ENABLED
from player.i18n import _
from player.qt.bridges.discover import DiscoverBridge
from player.qt.bridges.sync import SyncBridge
from player.qt.dialogs.settings_directories import DirectoriesInfo, ProviderSwitch
from player.qt.widgets.covers import CoverProvider
from player.qt.workers import TaskRunner
from player.services.discover import DiscoverService
from player.services.podcasting20 import Podcasting20Service
from player.services.subscribe import SubscribeResult
from player.storage.podcasts import PodcastRepo

if TYPE_CHECKING:  # the views are imported when first opened, not with the window's start
    from player.qt.app import Application
    from player.qt.dialogs.discover import DiscoverView
    from player.qt.dialogs.podcast_page import PodcastPage
    from player.qt.main_window import MainWindow
    from player.qt.widgets.result_cards import ResultListModel


def result_of_podcast(podcast: Podcast) -> DirectoryResult:
    """A subscription as a directory result, for its podcast page."""
    return DirectoryResult(
        title=podcast.title,
        feed_url=podcast.url,
        author=podcast.author,
        image_url=podcast.image_url,
        description=podcast.description,
        website=podcast.link,
        subscribed=True,
    )


class DiscoverController(QObject):
    """Opens podcast pages and the Discover view; subscribes to what a directory found."""

    subscribedFeed = Signal(str)
    subscriptionPageOpened = Signal(Podcast)
    """A subscribed show's page was opened (its own part, episodes and settings, is added)."""
    """The listener subscribed to this directory feed URL (cards and pages mark it)."""

    def __init__(
        self,
        service: DiscoverService,
        runner: TaskRunner,
        sync: SyncBridge,
        covers: CoverProvider,
        dialog_parent: QWidget,
        show_message: Callable[[str], object],
    ) -> None:
        super().__init__(dialog_parent)
        self.service = service
        self.runner = runner
        self.bridge = DiscoverBridge(runner, service, self)
        self.show_message = show_message
        self.sync = sync
        self.covers = covers
        self.dialog_parent = dialog_parent
        self.page: PodcastPage | None = None
        self.view: DiscoverView | None = None
        self.live_player: Callable[[LiveItem, str], object] | None = None
        """Plays a live item's stream (the window's player; None: the page offers no button
        that works, as in a test of the page alone)."""
        self.extras = Podcasting20Service(service.store)

    def podcast_extras(self, podcast_id: int, done: Callable[[PodcastExtras], object]) -> None:
        """A subscribed show's stored namespace facts, read on a worker."""
        extras = self.extras
        self.runner.run(lambda: extras.podcast_page(podcast_id).extras, done, lambda _exc: None)

    def play_live(self, item: LiveItem, show_title: str) -> None:
        """Listen to a live item's stream (no position saved, never "played")."""
        if self.live_player is not None:
            self.live_player(item, show_title)

    def open_remote(self, remote: RemoteItem, owner: QWidget | None = None) -> None:
        """A creator's recommendation: its own podcast page (the subscribed show's, when its
        GUID is one of ours), where Subscribe is one click away."""
        extras, parent = self.extras, owner.parentWidget() if owner is not None else None

        def find() -> int | None:
            return extras.find_by_guid(remote.feed_guid) if remote.feed_guid else None

        def found(podcast_id: int | None) -> None:
            if podcast_id is not None:
                podcast = self.service_podcast(podcast_id)
                if podcast is not None:
                    self.open_page(result_of_podcast(podcast), parent, podcast_id)
                    return
            if remote.feed_url:
                title = remote.title or remote.feed_url
                self.open_page(DirectoryResult(title=title, feed_url=remote.feed_url), parent)
            else:
                self.show_message(
                    _(
                        "“{value}” is known only by its GUID; search for it by name in Add podcast."
                    ).format(value=remote.title or remote.feed_guid)
                )

        self.runner.run(find, found, lambda _exc: found(None))

    def service_podcast(self, podcast_id: int) -> Podcast | None:
        """A subscribed podcast by id (None when it is gone)."""
        try:
            return PodcastRepo(self.service.store).get(podcast_id)
        except NotFoundError:
            return None

    def subscribe(
        self,
        feed_url: str,
        failed: Callable[[str], object],
        done: Callable[[SubscribeResult], object] | None = None,
    ) -> None:
        """Subscribe to a result's feed on a worker, as Add podcast does with a typed URL."""

        def ok(result: SubscribeResult) -> None:
            self.subscribedFeed.emit(feed_url)
            if result.url != feed_url:
                self.subscribedFeed.emit(result.url)
            if done is not None:
                done(result)

        self.sync.subscribe(feed_url, done=ok, failed=failed)

    def subscribe_card(
        self, cards: ResultListModel, result: DirectoryResult, show_error: Callable[[str], object]
    ) -> None:
        """A card's Subscribe: its button says "Subscribing…" until the feed is in."""
        cards.set_busy(result.feed_url, True)

        def failed(message: str) -> None:
            cards.set_busy(result.feed_url, False)
            show_error(f"{result.title}: {message}")

        self.subscribe(result.feed_url, failed)

    # -- settings ---------------------------------------------------------------------------

    def directories_info(self) -> DirectoriesInfo:
        """Worker thread: each directory's switch, and whether a key is in the keyring."""
        service = self.service
        credentials = service.credentials
        switches = tuple(
            ProviderSwitch(p.name, p.label, on, "" if p.enabled or not on else p.note)
            for p in service.providers()
            for on in (bool(service.settings.get(DIRECTORY_ENABLED[p.name])),)
        )
        return DirectoriesInfo(
            switches,
            keyring=credentials.available(),
            keyring_note=credentials.status(),
            has_key=credentials.podcastindex() is not None,
            settings=dict(DIRECTORY_ENABLED),
        )

    def save_credentials(self, key: str, secret: str) -> None:
        """Store (or, both empty, remove) the Podcast Index key on a worker; a refusal is
        shown on the status line."""
        credentials = self.service.credentials

        def save() -> str:
            if key or secret:
                credentials.set_podcastindex(key, secret)
                return _("The Podcast Index key is stored in the system keyring.")
            credentials.clear_podcastindex()
            return _("The Podcast Index key is removed from the system keyring.")

        def refused(exc: BaseException) -> None:
            self.show_message(str(exc))

        self.runner.run(save, self.show_message, refused)

    def open_page(
        self,
        result: DirectoryResult,
        owner: QWidget | None = None,
        podcast_id: int | None = None,
    ) -> PodcastPage:
        """The podcast page of a result, over ``owner`` (the dialog it was opened from, so
        closing it goes back there). The page open before is closed: one at a time.
        ``podcast_id``: a subscribed show's, whose stored facts show before the feed is read."""
        from player.qt.dialogs.podcast_page import PodcastPage

        if self.page is not None and shiboken6.isValid(self.page):
            self.page.close()
        page = PodcastPage(result, self, owner or self.dialog_parent, podcast_id)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.open()
        self.page = page
        return page

    def open_podcast(self, podcast: Podcast) -> PodcastPage:
        """The podcast page of a subscription (the sidebar's context menu)."""
        page = self.open_page(result_of_podcast(podcast), podcast_id=podcast.id)
        self.subscriptionPageOpened.emit(podcast)
        return page

    def open_discover(self) -> DiscoverView:
        """The Discover view: charts by country and category (one, raised when open)."""
        if self.view is None:
            from player.qt.dialogs.discover import DiscoverView

            self.view = DiscoverView(self, self.dialog_parent)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view


def discover_controller(app: Application, window: MainWindow) -> DiscoverController:
    """The composition of directory search (kept out of app.py, which holds enough): the
    service over the app's store and settings, its disk cache, and the sync service's parse
    workers for previews; the Discover command on the window."""
    service = DiscoverService(
        app.store,
        app.settings,
        cache_dir=app.paths.cache / "directory",
        parser=app.sync_service.parser,
    )
    controller = DiscoverController(
        service, app.runner, app.sync, app.covers, window, window.show_message
    )
    window.registry.connect("discover", controller.open_discover)
    return controller
