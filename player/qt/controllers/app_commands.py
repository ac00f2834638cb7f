"""The application's own commands: links and files handed to the app, settings, help, the tray,
and what follows a refresh (automatic downloads, the "new episodes" notification).

They belong to no pane: the menus, a second launch, a drop on the window, MPRIS and the tray all
come here. Everything the commands need is handed to the constructor (TagStudio's rule: pass
only the necessary components).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from player.domain.models import Episode
from player.i18n import _
from player.paths import DataPaths
from player.qt.app_icon import app_icon
from player.qt.bridges.player import PlayerBridge
from player.qt.bridges.sync import SyncBridge
from player.qt.controllers.account_sync import AccountSyncController
from player.qt.controllers.auto_refresh import SETTING as AUTO_REFRESH_SETTING
from player.qt.controllers.auto_refresh import RefreshSchedule
from player.qt.controllers.discover import DiscoverController
from player.qt.controllers.suggestions import SuggestionsController
from player.qt.main_window import MainWindow
from player.qt.models.library import LibraryListModel
from player.qt.mpris_adaptors import AppHooks
from player.qt.notifications import DesktopNotifier
from player.qt.theme import SETTING as THEME_SETTING
from player.qt.theme import apply_theme
from player.qt.tray import PlayerTray
from player.qt.workers import TaskRunner
from player.services.artwork import ArtworkCache
from player.services.library import LibraryService
from player.services.open_args import (
    ImportRequest,
    InvalidArgument,
    SubscribeRequest,
    classify_all,
    is_opml_url,
)
from player.services.playback_state import PlayerState
from player.services.refresh_summary import SyncSummary
from player.services.up_next import UpNextService
from player.storage import SettingsRepo

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the dialogs are imported when opened, not with the window's start
    from player.qt.dialogs.settings_directories import DirectoriesInfo

Gathered = tuple[dict[str, Any], str, "DirectoriesInfo | None", bool]
"""What Settings needs, read on a worker: values, kept data, directories, keyring there."""

MEDIA_SUFFIXES = (".mp3", ".m4a", ".ogg", ".opus", ".mp4", ".aac", ".flac", ".wav")
"""An address ending so is played (MPRIS OpenUri), not subscribed to."""


@dataclass(frozen=True)
class AppParts:
    """The services, bridges and parts the commands use (one argument instead of twelve)."""

    paths: DataPaths
    settings: SettingsRepo
    library: LibraryService
    up_next: UpNextService
    artwork: ArtworkCache
    player: PlayerBridge
    sync: SyncBridge
    library_model: LibraryListModel
    suggestions: SuggestionsController
    refresh_schedule: RefreshSchedule
    notifier: DesktopNotifier
    auto_download: Callable[[dict[int, list[int]]], object]
    """Queue automatic downloads of new episodes (by podcast id); runs on a worker."""
    discover: DiscoverController | None = None
    """Directory search: its settings page, and where the Podcast Index key is stored."""
    account_sync: AccountSyncController | None = None
    """The sync account: Settings -> Sync, and the tray's "Sync Now"."""


class AppCommands:
    """Carries out the app-level commands over the window and the services it was given."""

    def __init__(
        self,
        window: MainWindow,
        runner: TaskRunner,
        parts: AppParts,
        *,
        import_opml: Callable[[str], object],
        open_url: Callable[[QUrl], object],
    ) -> None:
        self.window = window
        self.runner = runner
        self.parts = parts
        self.settings = parts.settings
        self.player = parts.player
        self.library_model = parts.library_model
        self.suggestions = parts.suggestions
        self.refresh_schedule = parts.refresh_schedule
        self.notifier = parts.notifier
        self.import_opml = import_opml
        self.open_url = open_url
        self.tray: PlayerTray | None = None
        self._dialog: QDialog | None = None

        window.registry.connect("settings", self.open_settings)
        window.registry.connect("shortcuts_help", self.show_shortcuts)
        window.registry.connect("about", self.show_about)
        window.dropped.connect(lambda items: self.open_arguments(items, confirm=False))
        parts.sync.refreshFinished.connect(self._refresh_finished)

    # -- the window and what is handed to the app --------------------------------------------

    def raise_window(self) -> None:
        """Bring the window to the front (MPRIS Raise, a second launch, the tray)."""
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    @property
    def mpris_hooks(self) -> AppHooks:
        """What MPRIS's root interface asks of the app: raise, quit, open a URI, artwork."""
        return AppHooks(self.raise_window, self.window.close, self.open_uri, self.art_url)

    def open_uri(self, uri: str) -> None:
        """MPRIS OpenUri: a feed subscribes; a media URL plays."""
        if uri.lower().split("?")[0].endswith(MEDIA_SUFFIXES):
            self.runner.run(
                lambda: self.parts.library.episode_for_media(uri),
                self.player.play_episode,
                lambda exc: self.window.show_message(str(exc)),
            )
            return
        self.open_arguments([uri], confirm=False)

    def open_arguments(self, args: list[str], confirm: bool = True) -> None:
        """Links and files from the command line, a second launch, a drop or the bus."""
        if confirm:
            self.raise_window()
        sync = self.parts.sync
        for request in classify_all(args):
            if isinstance(request, SubscribeRequest) and is_opml_url(request.url):
                self.import_opml(request.url)
            elif isinstance(request, SubscribeRequest):
                if not confirm or self._confirm_subscribe(request.url):
                    sync.subscribe(request.url, is_list=self.import_opml)
            elif isinstance(request, ImportRequest):
                if request.kind == "opml":
                    self.import_opml(str(request.path))
                else:
                    sync.subscribe(str(request.path))
            elif isinstance(request, InvalidArgument):
                self.window.show_message(request.message)

    def _confirm_subscribe(self, url: str) -> bool:
        answer = QMessageBox.question(
            self.window, _("Subscribe"), _("Subscribe to {url}?").format(url=url)
        )
        return answer == QMessageBox.StandardButton.Yes

    def art_url(self, episode: Episode) -> str:
        """MPRIS artwork: the cached cover file when there is one, else the cover's URL."""
        url = episode.image_url or self.library_model.cover_url(episode.podcast_id)
        if not url.startswith(("http://", "https://")):
            return url
        cached = self.parts.artwork.cached_path(url)
        return cached.as_uri() if cached.is_file() else url

    # -- after a refresh ----------------------------------------------------------------------

    def _refresh_finished(self, summary: SyncSummary) -> None:
        new_ids = summary.new_episode_ids
        if not new_ids:
            return
        self.runner.run(lambda: self.parts.auto_download(new_ids))
        if self.settings.get("desktop.notify_new_episodes", True):
            titles = {self._podcast_title(pid): len(ids) for pid, ids in new_ids.items()}
            self.notifier.notify_new_episodes(titles)

    def _podcast_title(self, podcast_id: int) -> str:
        podcast = self.library_model.podcast(podcast_id)
        return podcast.title if podcast is not None else "A podcast"

    # -- help and settings ----------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        """Help -> Keyboard shortcuts."""
        from player.qt.dialogs.shortcuts import ShortcutsHelp  # (the dialogs: when opened)

        self._open(ShortcutsHelp(self.settings.get("ui.shortcuts") or {}, self.window))

    def show_about(self) -> None:
        """Help -> About: versions, and the data and log folders."""
        from player.qt.dialogs.about import AboutDialog, gather_about

        paths = self.parts.paths
        self._open(AboutDialog(gather_about(paths), self.open_url, self.window))

    def _open(self, dialog: QDialog) -> None:
        dialog.open()
        self._dialog = dialog  # kept until the next one: a non-modal dialog needs an owner

    def open_settings(self) -> None:
        """The settings dialog; what it needs is read on a worker first."""
        up_next = self.parts.up_next

        discover, account_sync = self.parts.discover, self.parts.account_sync

        def gather() -> Gathered:
            directories = discover.directories_info() if discover is not None else None
            # Whether a keyring keeps the sync password (the lookup may touch D-Bus).
            persistent = account_sync.passwords.persistent if account_sync is not None else True
            return self.settings.all(), up_next.describe_kept_data(), directories, persistent

        self.runner.run(gather, self._show_settings)

    def _show_settings(self, gathered: Gathered) -> None:
        from player.qt.dialogs.settings import SettingsDialog
        from player.qt.dialogs.settings_sync import SyncPage

        values, kept, directories, persistent = gathered
        up_next, account_sync = self.parts.up_next, self.parts.account_sync
        sync_page = None
        if account_sync is not None:
            sync_page = SyncPage(account_sync, persistent, self.open_url)
        dialog = SettingsDialog(
            values,
            kept,
            self.suggestions.current,
            clear_history=lambda: self.runner.run(
                up_next.clear_history, lambda _: self.suggestions.refresh()
            ),
            parent=self.window,
            directories=directories,
            sync_page=sync_page,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not shiboken6.isValid(dialog):  # the window closed under it (Quit from the tray)
            return
        dialog.deleteLater()  # one per opening: not kept (nor its page's connections) for good
        if not accepted:
            return
        self.apply_settings(dialog.changes())
        credentials, discover = dialog.credentials(), self.parts.discover
        if credentials is not None and discover is not None:
            discover.save_credentials(*credentials)

    def apply_settings(self, changes: dict[str, Any]) -> None:
        """Store changed settings and apply them at once."""
        from player.qt.dialogs.settings import SMART_AUDIO_PREFIX

        for key, value in changes.items():
            self.settings.set(key, value)
        if "ui.shortcuts" in changes:
            self.window.registry.apply(changes["ui.shortcuts"])
        if "desktop.tray_icon" in changes:
            self.show_tray(bool(changes["desktop.tray_icon"]))
        if AUTO_REFRESH_SETTING in changes:
            self.refresh_schedule.set_hours(float(changes[AUTO_REFRESH_SETTING]))
        if THEME_SETTING in changes:
            # The window runs under a QApplication; instance() is typed as the core one.
            apply_theme(cast(QApplication, QApplication.instance()), changes[THEME_SETTING])
        self.player.reload_settings()
        if any(key.startswith(SMART_AUDIO_PREFIX) for key in changes):
            self.player.replan_smart_audio()  # the playing episode hears the change at once
        self.suggestions.refresh()

    # -- the tray -------------------------------------------------------------------------------

    def show_tray(self, show: bool) -> None:
        """Turn the optional tray icon on or off."""
        if not show:
            if self.tray is not None:
                self.tray.hide()
                self.tray = None
            return
        if self.tray is not None or not PlayerTray.available():
            return
        player, model = self.player, self.library_model
        tray = PlayerTray(
            app_icon(),
            play_pause=player.toggle,
            next_episode=player.next_in_queue,
            show_window=self.raise_window,
            quit_app=self.window.close,
            sync_now=self.parts.account_sync.sync_now if self.parts.account_sync else None,
            parent=self.window,
        )
        player.stateChanged.connect(lambda s: tray.set_playing(s is PlayerState.PLAYING))
        player.episodeChanged.connect(lambda e: tray.set_now_playing(e.title if e else None))
        model.podcastsChanged.connect(lambda: tray.set_unplayed(model.unplayed_count()))
        tray.show()
        self.tray = tray
