"""The podcast namespace in the window: the episode view's facts, soundbite previews, the
Version menu, live streams from the podcast page, "is live now" notifications and the
sidebar's LIVE badge.

Reads run on the task pool (one small query each, never on the GUI thread); what they find is
shown by the panes, and what the listener picks goes to the player bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from player.domain.models import Episode
from player.domain.podcasting20 import EpisodeExtras, LiveEvent, LiveItem
from player.qt.bridges.player import PlayerBridge
from player.qt.notifications import DesktopNotifier
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.workers import TaskRunner
from player.services.live import LIVE_EPISODE_ID, live_episode, went_live
from player.services.podcasting20 import Podcasting20Service
from player.storage import Store

if TYPE_CHECKING:
    from player.qt.app import Application

NOTIFY_SETTING = "desktop.notify_new_episodes"
"""Live notifications follow the new-episode ones: one switch for "tell me after a refresh"."""


class Podcasting20Controller(QObject):
    """Feeds the now-playing pane its episode's facts and plays what it asks for."""

    def __init__(
        self,
        pane: NowPlayingPane,
        player: PlayerBridge,
        runner: TaskRunner,
        store: Store,
        *,
        notifier: DesktopNotifier | None = None,
        set_live: Callable[[frozenset[int]], object] | None = None,
        notify_enabled: Callable[[], bool] = lambda: True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.player = player
        self.runner = runner
        self.service = Podcasting20Service(store)
        self.notifier = notifier
        self.set_live = set_live
        self.notify_enabled = notify_enabled
        self._loaded_id: int | None = None
        self._published = ""
        self.notified: list[LiveEvent] = []
        """Live events announced so far (the tests read it; a desktop may have no daemon)."""
        bar = pane.extras_bar
        bar.previewRequested.connect(player.preview)
        bar.stopPreviewRequested.connect(player.end_preview)
        bar.versionRequested.connect(self._use_version)
        player.episodeChanged.connect(self._episode_changed)
        player.modeChanged.connect(bar.set_mode)

    def _episode_changed(self, episode: Episode | None) -> None:
        if episode is None or episode.id == LIVE_EPISODE_ID:
            self._loaded_id = None
            self.pane.show_extras(None)
            return
        if episode.id == self._loaded_id:
            return
        self._loaded_id = episode.id
        self._published = episode.enclosure_url
        service, episode_id = self.service, episode.id
        self.runner.run(
            lambda: service.episode_details(episode_id).extras, self._extras, lambda _e: None
        )

    def _extras(self, extras: EpisodeExtras) -> None:
        if extras.episode_id == self._loaded_id:
            self.pane.show_extras(extras, self._published)

    def _use_version(self, sources: list[str], media_type: str) -> None:
        self.player.use_version(sources, media_type)

    def play_live(self, item: LiveItem, show_title: str) -> None:
        """Listen to a live item's stream (the podcast page's "Listen live")."""
        self.player.play_live(live_episode(item, show_title))

    # -- after a refresh ----------------------------------------------------------------------

    def refreshed(self) -> None:
        """A refresh ended: notify about shows that went live, and mark the live ones."""
        service = self.service

        def read() -> tuple[list[LiveEvent], frozenset[int]]:
            events = service.take_live_notifications()
            live = frozenset(i.podcast_id for i in service.live_items() if i.status == "live")
            return events, live

        self.runner.run(read, self._read, lambda _e: None)

    def _read(self, found: tuple[list[LiveEvent], frozenset[int]]) -> None:
        events, live = found
        if self.set_live is not None:
            self.set_live(live)
        fresh = went_live(events)
        if fresh and self.notify_enabled():
            self.notified.extend(fresh)
            if self.notifier is not None:
                self.notifier.notify_live(fresh)


def wire_podcasting20(app: Application) -> Podcasting20Controller:
    """The composition (kept out of app.py): the pane, the player, the podcast page's live
    button, the sidebar's badge and the notifier."""
    window = app.window
    window.now_playing_pane.extras_bar.people.set_covers(app.covers)
    controller = Podcasting20Controller(
        window.now_playing_pane,
        app.player,
        app.runner,
        app.store,
        notifier=app.notifier,
        set_live=app.library_model.set_live,
        notify_enabled=lambda: bool(app.settings.get(NOTIFY_SETTING, True)),
        parent=window,
    )
    app.discover.live_player = controller.play_live
    app.sync.refreshFinished.connect(lambda *_: controller.refreshed())
    app.library_model.podcastsChanged.connect(controller.refreshed)
    return controller
