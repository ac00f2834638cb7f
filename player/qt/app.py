"""The composition root: builds the store, services, bridges, panes and window, then runs Qt.

This is the only place that knows every part; each part gets just the pieces it needs.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from player import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__
from player.domain.errors import PlayerError
from player.domain.models import Episode
from player.paths import DataPaths
from player.playback.engine import Engine
from player.playback.vlc_engine import VlcEngine
from player.playback.vlc_loader import load_vlc
from player.qt.app_icon import app_icon
from player.qt.binding_check import broken_binding_message
from player.qt.bridges.downloads import DownloadBridge
from player.qt.bridges.player import PlayerBridge
from player.qt.bridges.sync import SyncBridge
from player.qt.controllers import auto_refresh
from player.qt.controllers.downloads import DownloadsController
from player.qt.controllers.library import LibraryController
from player.qt.controllers.playback import PlaybackController
from player.qt.controllers.queue import QueueController
from player.qt.controllers.suggestions import SuggestionsController
from player.qt.controllers.undo import UndoController
from player.qt.dialogs.about import AboutDialog, gather_about
from player.qt.dialogs.settings import SettingsDialog
from player.qt.dialogs.shortcuts import ShortcutsHelp
from player.qt.inhibit import SleepInhibitor
from player.qt.main_window import MainWindow
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import LibraryListModel
from player.qt.models.queue import QueueListModel
from player.qt.mpris import AppHooks, MprisServer
from player.qt.notifications import DesktopNotifier
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane
from player.qt.single_instance import claim_or_hand_off
from player.qt.termination import QuitOnSignals
from player.qt.theme import SETTING as THEME_SETTING
from player.qt.theme import apply_theme
from player.qt.tray import PlayerTray
from player.qt.widgets.covers import CoverProvider
from player.qt.widgets.suggestions import SuggestionsPanel
from player.qt.widgets.undo_bar import UndoBar
from player.qt.widgets.welcome import WelcomePanel
from player.qt.workers import TaskRunner
from player.services.artwork import ArtworkCache
from player.services.downloads.manager import DownloadManager
from player.services.library import LibraryService
from player.services.open_args import (
    ImportRequest,
    InvalidArgument,
    SubscribeRequest,
    classify_all,
    is_opml_url,
)
from player.services.playback import PlaybackService
from player.services.preload import preload_background_modules
from player.services.queue import QueueService
from player.services.sync import ensure_demo_library, window_service
from player.services.undo import UndoService
from player.services.up_next import UpNextService
from player.storage import EpisodeQuery, Store
from player.storage.settings import CachedSettings
from player.storage.writer import StoreWriter

log = logging.getLogger(__name__)

SUGGESTIONS_DELAY_MS = 1500
PARSER_WARM_DELAY_MS = 4000
"""When the parse workers start: after the start-up work, well before a refresh needs them."""

WELCOME_DISMISSED = "ui.welcome_dismissed"
"""The listener hid the first-start welcome: it stays hidden."""

AOUT_ENV = "PODCAST_PLAYER_AOUT"
"""Choose libVLC's audio output (``dummy`` on machines without sound, as in CI)."""


class Application:
    """Everything the GUI process owns, created in dependency order and closed in reverse.

    ``engine`` and ``bus`` are for tests (a private D-Bus, a chosen audio output); the app
    passes neither and gets the real libVLC engine and the session bus. ``refresh_hour_ms``
    (tests) shortens the hour of the automatic refresh interval.
    """

    def __init__(
        self,
        paths: DataPaths,
        *,
        engine: Engine | None = None,
        bus: QDBusConnection | None = None,
        aout: str | None = None,
        refresh_hour_ms: int = auto_refresh.HOUR_MS,
    ) -> None:
        # Worker threads run Python (page loads, feed writes); by default a GUI thread waiting
        # for the GIL can wait 5 ms per hand-over, which adds up to visible stutter while it
        # paints hundreds of cells. 1 ms keeps the window responsive at a tiny throughput cost.
        sys.setswitchinterval(0.001)
        self._closed = False
        # The video surface is a native child window; by default Qt then makes its siblings and
        # their ancestors' siblings native too, and every menu or popup parented inside them
        # gets a child window as transient parent ("... must be a top level window").
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """Opens folders and links on the desktop (tests record the URL instead)."""
        preload_background_modules()  # no lazy imports later on worker threads
        self.paths = paths.ensure()
        self.store = Store(paths.database)
        # The one thread that writes for the GUI: positions, settings, feeds; never awaited.
        self.writer = StoreWriter(self.store)
        self.settings = CachedSettings(self.store, self.writer)
        apply_theme(QApplication.instance(), self.settings.get(THEME_SETTING))
        self.runner = TaskRunner(writer=self.writer)
        self.library = LibraryService(self.store)
        self.queue = QueueService(self.store)
        self.sync_service = window_service(self.store, self.settings, self.writer)
        self.downloads_manager = DownloadManager(self.store, paths, self.settings)
        self.up_next = UpNextService(self.store, self.settings)
        self.undo_service = UndoService(self.store, self.queue, self.up_next)
        self.artwork = ArtworkCache(paths.cache / "artwork")
        # Covers decode and scale on a runner of their own with one thread: a library of 200
        # shows must not fill every worker (and both cores) with image work at start-up.
        self.cover_runner = TaskRunner(max_threads=1)
        self.covers = CoverProvider(self.cover_runner, self.artwork, paths.cache / "thumbnails")
        self._podcast_images: dict[int, str] = {}

        self.library_model = LibraryListModel()
        self.episode_model = EpisodeTableModel(
            self.runner, self._load_page, fetch=self.library.episodes_by_id
        )
        self.queue_model = QueueListModel(on_drop=lambda ids, row: None)
        library_pane = LibraryPane(self.library_model, self.episode_model, self.covers)
        queue_pane = QueuePane(self.queue_model, self.covers)
        self.suggestions_panel = SuggestionsPanel()
        queue_pane.set_suggestions_panel(self.suggestions_panel)
        now_playing = NowPlayingPane()
        self.window = MainWindow(library_pane, queue_pane, now_playing, self.settings)
        self.window.setWindowIcon(app_icon())
        # Everything Qt owns hangs off the window, so it is destroyed with it, in Qt's order,
        # never later by Python's garbage collector (which crashes QApplication's teardown).
        for owned in (
            self.runner,
            self.cover_runner,
            self.covers,
            self.library_model,
            self.episode_model,
            self.queue_model,
        ):
            owned.setParent(self.window)

        actions = self.window.actions
        self.welcome = WelcomePanel([actions["add_podcast"], actions["import_opml"]])
        self.welcome.is_dismissed = bool(self.settings.get(WELCOME_DISMISSED))
        self.welcome.hide()
        library_pane.episode_column.insertWidget(0, self.welcome)
        self.sync = SyncBridge(self.runner, self.sync_service, self.window)
        self.refresh_schedule = auto_refresh.RefreshSchedule(
            self.sync,
            float(self.settings.get(auto_refresh.SETTING) or 0),
            hour_ms=refresh_hour_ms,
            parent=self.window,
        )
        self.downloads = DownloadBridge(self.runner, self.downloads_manager, self.window)
        engine = engine if engine is not None else VlcEngine(aout=aout)
        self.player = PlayerBridge(
            lambda post: PlaybackService(
                self.store,
                engine,
                post,
                settings=self.settings,
                image_dir=paths.cache / "chapter-images",
                writer=self.writer,
            ),
            self.queue,
            self.window,
        )
        self.undo_bar = UndoBar()
        self.window.statusBar().addPermanentWidget(self.undo_bar)
        self.undo = UndoController(
            self.runner, self.undo_service, self.undo_bar, self.window.actions["undo"], self.window
        )
        self.library_controller = LibraryController(
            self.window,
            self.runner,
            self.library,
            self.queue,
            self.sync,
            self.library_model,
            self.episode_model,
            self.undo,
        )
        self.library_controller.download = self.downloads.download
        self.library_controller.delete_download = self.downloads.delete
        self.downloads_controller = DownloadsController(self.window, self.downloads)
        self.playback_controller = PlaybackController(
            self.window, self.player, self.covers, self._podcast_image
        )
        self.suggestions = SuggestionsController(
            self.suggestions_panel,
            self.runner,
            self.up_next,
            play=self.playback_controller.play,
            queue=self.library_controller.add_to_queue,
            dismiss=self.undo.dismiss,
            parent=self.window,
        )
        self.queue_controller = QueueController(
            queue_pane,
            library_pane,
            self.runner,
            self.queue,
            self.player,
            self.undo,
            reload=self.library_controller.reload_queue,
            failed=self.window.show_message,
        )
        self._wire()

        connection = bus if bus is not None else QDBusConnection.sessionBus()
        hooks = AppHooks(
            raise_window=self.raise_window,
            quit_app=self.window.close,
            open_uri=self.open_uri,
            art_url=self._art_url,
        )
        self.mpris = MprisServer(
            self.player,
            hooks,
            connection=connection,
            chapter_aware=lambda: bool(self.settings.get("mpris.chapter_aware_next")),
            parent=self.window,
            queue_ids=lambda: self.queue_model.view.ids,
        )
        self.queue_model.modelReset.connect(self.mpris.queue_shown)
        self.inhibitor = SleepInhibitor(connection)
        self.notifier = DesktopNotifier(connection)
        self.tray: PlayerTray | None = None

    # -- wiring ---------------------------------------------------------------------------

    def _wire(self) -> None:
        w, player = self.window, self.player
        # Pages of episodes are long-lived and acyclic (freed by reference counting when the
        # view changes). Moving them out of the cyclic collector's reach keeps its full passes
        # from walking 50,000 rows on the GUI thread (a 130 ms freeze, measured).
        self.episode_model.loaded.connect(gc.freeze)
        w.actions.connect("quit", w.close)
        w.actions.connect("settings", self.open_settings)
        w.actions.connect("shortcuts_help", self.show_shortcuts)
        w.actions.connect("downloads", self.downloads_controller.show)
        w.actions.connect("about", self.show_about)
        w.dropped.connect(lambda items: self.open_arguments(items, confirm=False))
        w.closing.connect(self._closing)
        player.queueChanged.connect(self.library_controller.reload_queue)
        player.queueChanged.connect(self.suggestions.refresh)
        self.queue_model.modelReset.connect(
            lambda: self.suggestions.queue_changed(self.queue_model.view.ids)
        )
        player.episodeChanged.connect(
            lambda e: self.suggestions.playing_changed(e.id if e is not None else None)
        )
        # Undoable actions are the listener's own: rows that stop matching the view go.
        self.undo.changed.connect(lambda: self.library_controller.reload_episodes(keep_rows=False))
        self.undo.changed.connect(self.library_controller.reload_queue)
        self.undo.changed.connect(self.suggestions.refresh)
        self.undo.failed.connect(w.show_message)
        player.finished.connect(lambda *_: self.library_controller.reload_episodes())
        player.episodeChanged.connect(self.episode_model.follow_episode)
        player.positionChanged.connect(self.episode_model.follow_position)
        player.finished.connect(lambda *_: self.suggestions.refresh())
        player.stateChanged.connect(lambda state: self.inhibitor.set_playing(state == "playing"))
        self.sync.libraryChanged.connect(self.suggestions.refresh)
        self.library_model.podcastsChanged.connect(
            lambda: self.welcome.show_for(self.library_model.podcasts())
        )
        self.welcome.dismissed.connect(
            lambda: self.runner.run(lambda: self.settings.set(WELCOME_DISMISSED, True))
        )
        self.library_model.podcastsChanged.connect(self.playback_controller.refresh_cover)
        self.sync.refreshFinished.connect(self._refresh_finished)
        self.downloads.finished.connect(self._download_finished)
        self.downloads.message.connect(w.show_message)

    def _load_page(
        self, query: EpisodeQuery, offset: int, limit: int, after: Episode | None
    ) -> tuple[list[Episode], int | None]:
        """Worker thread: one page of episodes, and the total with the first page."""
        page = self.library.episodes(query, limit=limit, offset=offset, after=after)
        total = self.library.count_episodes(query) if offset == 0 else None
        return page, total

    def _podcast_image(self, podcast_id: int) -> str:
        """A podcast's cover URL, from the sidebar's already loaded list (no query)."""
        for entry in self.library_model.entries:
            if entry.podcast is not None and entry.podcast.id == podcast_id:
                return entry.podcast.image_url
        return ""

    def _art_url(self, episode: Episode) -> str:
        url = episode.image_url or self._podcast_image(episode.podcast_id)
        if not url.startswith(("http://", "https://")):
            return url
        cached = self.artwork.cached_path(url)
        return cached.as_uri() if cached.is_file() else url

    # -- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """Show the window and load the library (seeding the demo podcast on a fresh one)."""
        self.window.restore_layout()
        self.window.show()
        self.runner.run(
            lambda: ensure_demo_library(self.store), self._library_ready, self._start_failed
        )
        self.runner.run(self.downloads_manager.resume_pending)
        self.downloads.load()
        self.mpris.start()
        if self.settings.get("desktop.tray_icon"):
            self.show_tray(True)
        # Everything built so far (modules, widgets, services) lives as long as the app: keep
        # it out of the cyclic collector's full passes, which hold the GIL and so freeze the GUI.
        gc.freeze()

    def _library_ready(self, demo_id: int | None) -> None:
        self.library_controller.reload()
        # A library created just now (the demo only) has nothing to refresh yet.
        self.refresh_schedule.start(refresh_now=demo_id is None)
        self.playback_controller.resume_last_session()
        # Suggestions are not urgent: let the sidebar and the first episodes arrive first
        # rather than compete with them for the two cores at start-up.
        QTimer.singleShot(SUGGESTIONS_DELAY_MS, self.suggestions.refresh)
        QTimer.singleShot(PARSER_WARM_DELAY_MS, self._warm_parser)

    def _warm_parser(self) -> None:
        if not self._closed:
            self.runner.run(self.sync_service.warm_up)

    def _start_failed(self, exc: BaseException) -> None:
        log.error("loading the library failed: %s", exc)
        self.window.show_message(f"Could not load the library: {exc}")
        self.library_controller.reload()

    def _closing(self) -> None:
        self.player.shutdown()

    def close(self) -> None:
        """Finish background work, release libVLC, D-Bus names and the database."""
        self._closed = True
        self.player.shutdown()
        self.mpris.stop()
        self.inhibitor.release()
        self.refresh_schedule.stop()
        self.sync.cancel()
        self.sync.cancel_import()
        self.downloads.close()
        self.runner.wait()
        self.cover_runner.wait()
        self.sync_service.close()
        self.writer.close()  # the last position and settings reach the database
        self.artwork.close()
        self.store.close()

    # -- application-level commands ---------------------------------------------------------

    def raise_window(self) -> None:
        """Bring the window to the front (MPRIS Raise, a second launch, the tray)."""
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def open_uri(self, uri: str) -> None:
        """MPRIS OpenUri: a feed subscribes; a media URL plays."""
        lowered = uri.lower().split("?")[0]
        if lowered.endswith((".mp3", ".m4a", ".ogg", ".opus", ".mp4", ".aac", ".flac", ".wav")):
            self.runner.run(
                lambda: self.library.episode_for_media(uri),
                lambda eid: self.player.play_episode(eid),
                lambda exc: self.window.show_message(str(exc)),
            )
            return
        self.open_arguments([uri], confirm=False)

    def open_arguments(self, args: list[str], confirm: bool = True) -> None:
        """Links and files from the command line, a second launch, a drop or the bus."""
        if confirm:
            self.raise_window()
        for request in classify_all(args):
            if isinstance(request, SubscribeRequest) and is_opml_url(request.url):
                self.library_controller.import_opml(request.url)
            elif isinstance(request, SubscribeRequest):
                if not confirm or self._confirm_subscribe(request.url):
                    self.sync.subscribe(request.url, is_list=self.library_controller.import_opml)
            elif isinstance(request, ImportRequest):
                if request.kind == "opml":
                    self.library_controller.import_opml(str(request.path))
                else:
                    self.sync.subscribe(str(request.path))
            elif isinstance(request, InvalidArgument):
                self.window.show_message(request.message)

    def _confirm_subscribe(self, url: str) -> bool:
        answer = QMessageBox.question(self.window, "Subscribe", f"Subscribe to {url}?")
        return answer == QMessageBox.StandardButton.Yes

    def _refresh_finished(self, summary: Any) -> None:
        new_ids = getattr(summary, "new_episode_ids", {}) or {}
        if new_ids:
            self.runner.run(lambda: self.downloads_manager.auto_download(new_ids))
            if self.settings.get("desktop.notify_new_episodes", True):
                titles = {self._podcast_title(pid): len(ids) for pid, ids in new_ids.items()}
                self.notifier.notify_new_episodes(titles)

    def _podcast_title(self, podcast_id: int) -> str:
        for entry in self.library_model.entries:
            if entry.podcast is not None and entry.podcast.id == podcast_id:
                return entry.podcast.title
        return "A podcast"

    def _download_finished(self, _event: Any) -> None:
        self.library_controller.reload_episodes()

    def show_shortcuts(self) -> None:
        """Help -> Keyboard shortcuts."""
        dialog = ShortcutsHelp(self.settings.get("ui.shortcuts") or {}, self.window)
        dialog.open()
        self._dialog = dialog

    def show_about(self) -> None:
        """Help -> About: versions, and the data and log folders."""
        dialog = AboutDialog(gather_about(self.paths), self.open_url, self.window)
        dialog.open()
        self._dialog = dialog

    def open_settings(self) -> None:
        """The settings dialog; what it needs is read on a worker first."""

        def gather() -> tuple[dict[str, Any], str]:
            return self.settings.all(), self.up_next.describe_kept_data()

        self.runner.run(gather, self._show_settings)

    def _show_settings(self, gathered: tuple[dict[str, Any], str]) -> None:
        values, kept = gathered
        dialog = SettingsDialog(
            values,
            kept,
            self.suggestions.current,
            clear_history=lambda: self.runner.run(
                self.up_next.clear_history, lambda _: self.suggestions.refresh()
            ),
            parent=self.window,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.changes())

    def apply_settings(self, changes: dict[str, Any]) -> None:
        """Store changed settings and apply them at once."""
        for key, value in changes.items():
            self.settings.set(key, value)
        if "ui.shortcuts" in changes:
            self.window.actions.apply(changes["ui.shortcuts"])
        if "desktop.tray_icon" in changes:
            self.show_tray(bool(changes["desktop.tray_icon"]))
        if auto_refresh.SETTING in changes:
            self.refresh_schedule.set_hours(float(changes[auto_refresh.SETTING]))
        if THEME_SETTING in changes:
            apply_theme(QApplication.instance(), changes[THEME_SETTING])
        self.player.service.reload_settings()
        self.suggestions.refresh()

    def show_tray(self, show: bool) -> None:
        """Turn the optional tray icon on or off."""
        if not show:
            if self.tray is not None:
                self.tray.hide()
                self.tray = None
            return
        if self.tray is not None or not PlayerTray.available():
            return
        tray = PlayerTray(
            app_icon(),
            play_pause=self.player.toggle,
            next_episode=self.player.next_in_queue,
            show_window=self.raise_window,
            quit_app=self.window.close,
            parent=self.window,
        )
        self.player.stateChanged.connect(lambda s: tray.set_playing(s == "playing"))
        self.player.episodeChanged.connect(lambda e: tray.set_now_playing(e.title if e else None))
        self.library_model.podcastsChanged.connect(
            lambda: tray.set_unplayed(
                sum(e.podcast.unplayed_count for e in self.library_model.entries if e.podcast)
            )
        )
        tray.show()
        self.tray = tray


def run_gui(paths: DataPaths, args: list[str]) -> int:
    """Start the desktop app; returns the exit status."""
    broken = broken_binding_message()
    if broken is not None:
        print(f"{APP_NAME}: {broken}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    try:
        instance = claim_or_hand_off(paths.root, args)
    except PlayerError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        return 1
    if instance is None:
        return 0  # the running window took our arguments
    apply_theme(app)
    try:
        load_vlc()
    except PlayerError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        instance.stop()
        return 1
    application = Application(paths, aout=os.environ.get(AOUT_ENV) or None)
    instance.messageReceived.connect(application.open_arguments)
    application.start()
    if args:
        application.open_arguments(args)

    def quit_app() -> None:
        application.window.close()
        app.quit()  # also when a tray icon keeps the app running without its window

    signals = QuitOnSignals(quit_app)
    status = app.exec()
    signals.close()
    instance.stop()
    application.close()
    return int(status)
