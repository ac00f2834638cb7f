"""The composition root: builds the store, services, bridges, panes and window.

This is the only place that knows every part; each part gets just the pieces it needs.
``gui_main.run_gui`` is what one launch does around it (binding check, single instance, Qt).

The composition is in two parts. The *frame* is what the first frame shows: the store, the
library and its panes in the window, and the view preferences that shape the first query. The
*rest* is everything else (playback and libVLC, refresh, downloads, sync, discovery, the
controllers, MPRIS...), about two thirds of the start-up's imports and construction. The app
builds the rest once the first frame with the library is painted (``defer=True``, what
``run_gui`` passes); tests build both at once (the default) and get the same parts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from player.i18n import SETTING as LANGUAGE_SETTING
from player.i18n import _
from player.paths import DataPaths
from player.qt.app_icon import app_icon
from player.qt.controllers.pages import episode_pages
from player.qt.controllers.view_prefs import ViewPrefsController
from player.qt.locale_setup import apply_language
from player.qt.main_window import MainWindow
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import LibraryListModel
from player.qt.models.queue import QueueListModel
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane
from player.qt.startup import LibraryShown, import_in_steps
from player.qt.theme import SETTING as THEME_SETTING
from player.qt.theme import apply_theme
from player.qt.widgets.covers import CoverProvider
from player.qt.widgets.suggestions import SuggestionsPanel
from player.qt.widgets.undo_bar import UndoBar
from player.qt.widgets.welcome import WelcomePanel
from player.qt.workers import TaskRunner
from player.services.artwork import ArtworkCache
from player.services.demo_library import demo_work_due, ensure_demo_library
from player.services.feed_passwords import FeedPasswords
from player.services.library import LibraryService
from player.services.organise import OrganiseService, SidebarData
from player.services.password_migration import open_library
from player.services.queue import QueueService
from player.services.view_prefs import ViewPrefsService
from player.storage.settings import CachedSettings
from player.storage.writer import StoreWriter

if TYPE_CHECKING:
    from player.playback.engine import Engine
    from player.qt.controllers.account_sync import SyncTimes

log = logging.getLogger(__name__)

SUGGESTIONS_DELAY_MS = 1500
PARSER_WARM_DELAY_MS = 4000
"""When the parse workers start: after the start-up work, well before a refresh needs them."""

SHOWN_FALLBACK_MS = 3000
"""The rest of the start-up begins this long after :meth:`Application.start` at the latest."""

REST_MODULES = (
    # The heaviest shared pieces first, so that no single step imports most of the rest.
    "httpx",
    "urllib.request",
    "feedparser",
    "player.domain.podcasting20",
    "player.services.downloads.manager",
    "player.feeds.jobs",
    "player.services.refresh",
    "player.services.sync",
    "player.services.up_next",
    "player.playback.vlc_engine",
    "player.services.playback",
    "player.qt.bridges.player",
    "player.qt.bridges.sync",
    "player.qt.bridges.downloads",
    "player.qt.controllers.discover",
    "player.qt.controllers.library",
    "player.qt.controllers.account_sync",
    "player.qt.controllers.transcript",
    "player.qt.controllers.bookmarks",
    "player.qt.controllers.statistics",
    "player.qt.controllers.app_commands",
    "player.qt.controllers.playback",
    "player.qt.controllers.playlists",
    "player.qt.controllers.queue",
    "player.qt.controllers.suggestions",
    "player.qt.controllers.podcast_page",
    "player.qt.controllers.podcasting20",
    "player.qt.mpris",
    "player.qt.notifications",
)
"""What :meth:`Application._build_rest` imports, in an order that keeps each step short: with
``defer`` they are imported a few at a time, one turn of the event loop each, after the first
frame (the window stays responsive meanwhile), then the rest is built."""

WELCOME_DISMISSED = "ui.welcome_dismissed"
"""The listener hid the first-start welcome: it stays hidden."""


def window_engine(aout: str | None) -> Engine:
    """libVLC, started on the first play (:mod:`player.qt.lazy_engine`); at once for the
    ``afile`` output, whose lead the player plans with from the start."""
    from player.playback import vlc_audio
    from player.playback.vlc_engine import VlcEngine
    from player.qt.lazy_engine import LazyEngine

    if aout == "afile":
        return VlcEngine(aout=aout)
    return LazyEngine(
        lambda: VlcEngine(aout=aout), can_filter=lambda: vlc_audio._core() is not None
    )


class Application:
    """Everything the GUI process owns, created in dependency order and closed in reverse.

    The constructor is the composition: services, then views, then the controllers that
    connect them, each given only the parts and callables it uses (nothing is assigned into a
    part afterwards). ``engine`` and ``bus`` are for tests (a private D-Bus, a chosen audio
    output); the app passes neither and gets the real libVLC engine and the session bus.
    ``refresh_hour_ms`` (tests) shortens the hour of the automatic refresh interval,
    ``sync_times`` (tests) the account sync's timer, debounce and start-up delay.

    ``defer`` (the app's own start, ``run_gui``) builds only the frame now and the rest once
    the window has painted the library (:attr:`rest_built` then turns True and
    :attr:`restBuilt` callbacks run); without it everything is built here.
    """

    def __init__(
        self,
        paths: DataPaths,
        *,
        engine: Engine | None = None,
        bus: QDBusConnection | None = None,
        aout: str | None = None,
        refresh_hour_ms: int | None = None,
        sync_times: SyncTimes | None = None,
        defer: bool = False,
    ) -> None:
        self._closed = False
        self._shown = False  # the first frame with the library is painted (or the fallback)
        self._refresh_now: bool | None = None  # set once the library is ready
        self._library_started = False
        self._timers_started = False
        self._first_load_over = False  # the first sidebar read (and demo seeding) is done
        self._importing = False  # the rest's imports have begun
        self._first_sidebar = False  # the frame loaded the sidebar (no library controller yet)
        self.rest_built = False
        self._when_built: list[Callable[[], None]] = []
        # The video surface is a native child window; by default Qt then makes its siblings and
        # their ancestors' siblings native too, and every menu or popup parented inside them
        # gets a child window as transient parent ("... must be a top level window").
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """Opens folders and links on the desktop (tests record the URL instead)."""
        self._rest_args = (engine, bus, aout, refresh_hour_ms, sync_times)
        self._build_frame(paths.ensure())
        if not defer:
            self._build_rest()

    # -- the frame: what the first frame shows -------------------------------------------

    def _build_frame(self, paths: DataPaths) -> None:
        self.paths = paths
        self.store = open_library(paths)
        # One for the window: what Podcast Settings keeps for this session (no keyring),
        # refreshes and downloads must see.
        self.feed_passwords = FeedPasswords()
        # The one thread that writes for the GUI: positions, settings, feeds; never awaited.
        self.writer = StoreWriter(self.store)
        self.settings = CachedSettings(self.store, self.writer)
        # A QApplication exists by now; instance() is typed as the core one.
        qapp = cast(QApplication, QApplication.instance())
        apply_theme(qapp, self.settings.get(THEME_SETTING))
        # Before any widget: every text below is looked up in the language chosen here.
        apply_language(qapp, self.settings.get(LANGUAGE_SETTING) or None)
        self.runner = TaskRunner(writer=self.writer)
        self.library = LibraryService(self.store)
        self.queue = QueueService(self.store)
        self.organise = OrganiseService(self.store)
        self.artwork = ArtworkCache(paths.cache / "artwork")
        # Covers decode and scale on a runner of their own with one thread: a library of 200
        # shows must not fill every worker (and both cores) with image work at start-up.
        self.cover_runner = TaskRunner(max_threads=1)
        self.covers = CoverProvider(self.cover_runner, self.artwork, paths.cache / "thumbnails")
        self.library_model = LibraryListModel()
        self.episode_model = EpisodeTableModel(
            self.runner, episode_pages(self.library), fetch=self.library.episodes_by_id
        )
        self.queue_model = QueueListModel()
        library_pane = LibraryPane(self.library_model, self.episode_model, self.covers)
        queue_pane = QueuePane(self.queue_model, self.covers)
        self.suggestions_panel = SuggestionsPanel()
        queue_pane.set_suggestions_panel(self.suggestions_panel)
        self.window = window = MainWindow(library_pane, queue_pane, NowPlayingPane(), self.settings)
        window.setWindowIcon(app_icon())
        # Everything Qt owns hangs off the window, so it is destroyed with it, in Qt's order,
        # never later by Python's garbage collector (which crashes QApplication's teardown).
        for owned in (self.runner, self.cover_runner, self.covers, self.library_model,
                      self.episode_model, self.queue_model):  # fmt: skip
            owned.setParent(window)
        self.welcome = WelcomePanel(
            [window.registry["add_podcast"], window.registry["import_opml"]],
            is_dismissed=bool(self.settings.get(WELCOME_DISMISSED)),
        )
        self.welcome.hide()
        library_pane.episode_column.insertWidget(0, self.welcome)
        # Part of the first frame: a first start shows it beside the demo's episodes.
        self.library_model.podcastsChanged.connect(
            lambda: self.welcome.show_for(self.library_model.podcasts())
        )
        self.welcome.dismissed.connect(
            lambda: self.runner.run(lambda: self.settings.set(WELCOME_DISMISSED, True))
        )
        self.undo_bar = UndoBar()
        window.statusBar().addPermanentWidget(self.undo_bar)
        # The first query's filters and order: read before it runs.
        self.view_prefs = ViewPrefsController(
            library_pane, self.runner, ViewPrefsService(self.store, self.settings), window
        )

    # -- the rest ---------------------------------------------------------------------------

    def _build_rest(self) -> None:
        """Everything the first frame does not show; then :meth:`when_built` callbacks."""
        from player.qt.controllers.account_sync import SyncTimes, account_sync
        from player.qt.controllers.app_commands import AppCommands, AppParts
        from player.qt.controllers.podcast_page import wire_podcast_pages
        from player.qt.controllers.podcasting20 import wire_podcasting20
        from player.qt.inhibit import SleepInhibitor
        from player.qt.mpris import MprisServer
        from player.qt.notifications import DesktopNotifier
        from player.services.playback_state import PlayerState

        engine, bus, aout, refresh_hour_ms, sync_times = self._rest_args
        connection = bus if bus is not None else QDBusConnection.sessionBus()
        self._build_services(engine, aout)
        self._build_views(refresh_hour_ms)
        self._build_controllers()
        self.account_sync = account_sync(self, sync_times or SyncTimes())
        self.notifier = DesktopNotifier(connection)
        parts = AppParts(
            self.paths, self.settings, self.library, self.up_next, self.artwork, self.player,
            self.sync, self.library_model, self.suggestions, self.refresh_schedule, self.notifier,
            auto_download=self.downloads_manager.auto_download, discover=self.discover,
            account_sync=self.account_sync,
        )  # fmt: skip
        self.commands = AppCommands(
            self.window,
            self.runner,
            parts,
            import_opml=self.library_controller.import_opml,
            open_url=lambda url: self.open_url(url),
        )
        self._connect()
        self.podcasting20 = wire_podcasting20(self)
        self.podcast_pages = wire_podcast_pages(self)
        self.mpris = MprisServer(
            self.player,
            self.commands.mpris_hooks,
            connection=connection,
            chapter_aware=lambda: bool(self.settings.get("mpris.chapter_aware_next")),
            parent=self.window,
            queue_ids=lambda: self.queue_model.view.ids,
            bookmark=self.bookmarks.add_here,
        )
        self.queue_model.modelReset.connect(self.mpris.queue_shown)
        self.inhibitor = SleepInhibitor(connection)
        self.player.stateChanged.connect(
            lambda s: self.inhibitor.set_playing(s is PlayerState.PLAYING)
        )
        self.rest_built = True
        callbacks, self._when_built = self._when_built, []
        for callback in callbacks:
            callback()

    def when_built(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the rest is built (now, when it is)."""
        if self.rest_built:
            callback()
        else:
            self._when_built.append(callback)

    def _build_services(self, engine: Engine | None, aout: str | None) -> None:
        from player.services.downloads.manager import DownloadManager
        from player.services.sync import window_service
        from player.services.undo import UndoService
        from player.services.up_next import UpNextService

        # The parse workers' fork server starts with the warm-up, after the first frame.
        self.sync_service = window_service(
            self.store, self.settings, self.writer, passwords=self.feed_passwords,
            start_server=False,
        )  # fmt: skip
        self.downloads_manager = DownloadManager(
            self.store, self.paths, self.settings, passwords=self.feed_passwords
        )
        self.up_next = UpNextService(self.store, self.settings)
        self.undo_service = UndoService(self.store, self.queue, self.up_next)
        self._engine = engine if engine is not None else window_engine(aout)

    def _build_views(self, refresh_hour_ms: int | None) -> None:
        from player.qt.bridges.downloads import DownloadBridge
        from player.qt.bridges.player import PlayerBridge
        from player.qt.bridges.sync import SyncBridge
        from player.qt.controllers import auto_refresh
        from player.qt.controllers.discover import discover_controller
        from player.services.playback import PlaybackService

        window = self.window
        self.sync = SyncBridge(self.runner, self.sync_service, window)
        self.discover = discover_controller(self, window)
        self.refresh_schedule = auto_refresh.RefreshSchedule(
            self.sync,
            float(self.settings.get(auto_refresh.SETTING) or 0),
            hour_ms=refresh_hour_ms or auto_refresh.HOUR_MS,
            parent=window,
        )
        self.downloads = DownloadBridge(self.runner, self.downloads_manager, window)
        engine, image_dir = self._engine, self.paths.cache / "chapter-images"
        self.player = PlayerBridge(
            lambda post: PlaybackService(
                self.store, engine, post, settings=self.settings, image_dir=image_dir,
                writer=self.writer,
            ),
            self.queue,
            window,
        )  # fmt: skip

    def _build_controllers(self) -> None:
        from player.qt.controllers.bookmarks import BookmarksController
        from player.qt.controllers.downloads import DownloadsController
        from player.qt.controllers.library import LibraryController
        from player.qt.controllers.organise import OrganiseController
        from player.qt.controllers.playback import PlaybackController
        from player.qt.controllers.playlists import PlaylistsController
        from player.qt.controllers.queue import QueueController
        from player.qt.controllers.smart_audio import SmartAudioController
        from player.qt.controllers.statistics import StatisticsController
        from player.qt.controllers.suggestions import SuggestionsController
        from player.qt.controllers.transcript import wire_transcripts
        from player.qt.controllers.undo import UndoController
        from player.services.bookmarks import BookmarkService
        from player.services.playlists import PlaylistService
        from player.services.statistics import ListeningStatistics

        w, runner, player = self.window, self.runner, self.player
        self.undo = UndoController(runner, self.undo_service, self.undo_bar, w.registry["undo"], w)
        self.library_controller = LibraryController(
            w.library_pane,
            w.queue_pane,
            w.registry,
            runner,
            self.library,
            self.queue,
            self.sync,
            self.undo,
            dialog_parent=w,
            show_message=w.show_message,
            set_refresh_progress=w.set_refresh_progress,
            show_notes=w.now_playing_pane.show_notes_of,
            setting=self.settings.get,
            download=self.downloads.download,
            delete_download=self.downloads.delete,
            discover=self.discover,
            passwords=self.feed_passwords,
            podcast_saved=lambda podcast_id: self.smart_audio.podcast_changed(podcast_id),
            organise=self.organise,
        )
        self.organise_controller = OrganiseController(
            w.library_pane,
            runner,
            self.organise,
            reload=self.library_controller.reload,
            setting=self.settings.get,
            set_setting=self.settings.set,
            show_message=w.show_message,
            dialog_parent=w,
        )
        self.playlists = PlaylistsController(
            w.library_pane,
            self.library_model,
            w.registry,
            runner,
            PlaylistService(self.store),
            dialog_parent=w,
            show_message=w.show_message,
            play_ids=self._play_playlist,
            last_entry=self.settings.get("ui.last_entry"),
        )
        self.downloads_controller = DownloadsController(w.statusBar(), self.downloads, w)
        self.statistics = StatisticsController(runner, ListeningStatistics(self.store), w)
        self.playback_controller = PlaybackController(
            w.now_playing_pane,
            w.library_pane,
            w.queue_pane,
            w.registry,
            player,
            self.covers,
            podcast_image=self.library_model.cover_url,
            show_message=w.show_message,
        )
        self.smart_audio = SmartAudioController(
            w.now_playing_pane, player, self.downloads_manager.analysis.submit, parent=w
        )
        play, store = self.playback_controller.play, self.store
        self.transcripts = wire_transcripts(w, runner, player, store, self.library, play)
        moved = (player.queueChanged, player.finished, self.sync.libraryChanged, self.undo.changed)
        self.suggestions = SuggestionsController(
            self.suggestions_panel,
            runner,
            self.up_next,
            play=self.playback_controller.play,
            queue=self.library_controller.add_to_queue,
            dismiss=self.undo.dismiss,
            refresh_on=moved,
            parent=w,
        )
        from player.qt.controllers.show_suggestions import show_suggestions_controller

        self.show_suggestions = show_suggestions_controller(self)  # under the up-next cards
        self.bookmarks = BookmarksController(
            w.now_playing_pane,
            w.registry,
            runner,
            BookmarkService(self.store, self.undo_service),
            self.undo,
            self.undo_bar,
            player,
            episodes=self.library.episodes_by_id,
            podcasts=self.library.podcasts,
            play=self.playback_controller.play,
            show_message=w.show_message,
            dialog_parent=w,
            parent=w,
        )
        self.queue_controller = QueueController(
            w.queue_pane,
            w.library_pane,
            runner,
            self.queue,
            player,
            self.undo,
            reload=self.library_controller.reload_queue,
            failed=w.show_message,
            change_queues=self.library_controller.change_queue,
        )

    def _play_playlist(self, name: str, ids: list[int]) -> None:
        """ "Play" on a smart playlist: its episodes fill a queue of its name, which becomes
        the active one (the end of an episode goes on to the next), and the first plays."""
        queue = self.queue

        def fill() -> None:
            queue_id = queue.ensure_queue(name)
            queue.fill(queue_id, ids)
            queue.set_active(queue_id)

        def filled(_: object) -> None:
            self.library_controller.reload_queue()
            self.player.play_episode(ids[0])

        self.runner.run(
            fill,
            filled,
            lambda exc: self.window.show_message(_("Playing failed: {exc}").format(exc=exc)),
        )

    def _connect(self) -> None:
        """What one part does that another follows (each part wires its own commands)."""
        w, player, suggestions = self.window, self.player, self.suggestions
        library = self.library_controller
        w.registry.connect("quit", w.close)
        w.registry.connect("downloads", self.downloads_controller.show)
        w.registry.connect("statistics", self.statistics.show)
        w.closing.connect(player.shutdown)
        player.queueChanged.connect(library.reload_queue)
        self.queue_model.modelReset.connect(
            lambda: suggestions.queue_changed(self.queue_model.view.ids)
        )
        player.episodeChanged.connect(
            lambda e: suggestions.playing_changed(e.id if e is not None else None)
        )
        # Undoable actions are the listener's own: rows that stop matching the view go.
        self.undo.changed.connect(lambda: library.reload_episodes(keep_rows=False))
        self.undo.changed.connect(library.reload_queue)
        self.undo.failed.connect(w.show_message)
        player.finished.connect(lambda *_: library.reload_episodes())
        player.episodeChanged.connect(self.episode_model.follow_episode)
        player.positionChanged.connect(self.episode_model.follow_position)
        self.library_model.podcastsChanged.connect(self.playback_controller.refresh_cover)
        self.downloads.finished.connect(lambda _event: library.reload_episodes())
        self.downloads.finished.connect(self.smart_audio.download_finished)
        self.downloads.message.connect(w.show_message)
        from player.qt.heap import HeapTrimmer

        self.heap = HeapTrimmer(self.runner.run, parent=w)  # after big jobs: see heap.py
        for big_job_ended in (self.sync.refreshFinished, self.sync.importFinished):
            big_job_ended.connect(self.heap.soon)
        player.episodeChanged.connect(self.heap.soon)

    # -- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """Show the window and load the library (seeding the demo podcast on a fresh one).

        Only what the first frame shows (the sidebar, the first page of episodes) is loaded
        at once; the rest waits until that frame is painted (:meth:`_after_shown`), so it does
        not compete with it for the two cores.
        """
        self.window.restore_layout()
        self.library_shown = LibraryShown(
            self.window.library_pane.table,
            self.library_model.podcastsChanged,
            lambda: self.episode_model.total is not None,
            self.window,
        )
        self.library_shown.shown.connect(self._after_shown)
        # A window that never paints (minimised at once, on a headless display) starts the rest
        # anyway, a little later.
        QTimer.singleShot(SHOWN_FALLBACK_MS, self.window, self._after_shown)
        self.window.show()
        self.view_prefs.start()
        if not self.rest_built:
            # A fixed entry ("New", "In progress"...) is listed before the shows are: selected
            # now, its first page loads beside the sidebar instead of after it.
            self.window.library_pane.select_entry(self._last_entry())
        self.runner.run(self._first_load, self._library_ready, self._start_failed)
        self.when_built(self._start_services)

    def _start_services(self) -> None:
        self.mpris.start()
        if self.settings.get("desktop.tray_icon"):
            self.commands.show_tray(True)

    def _after_shown(self) -> None:
        """Once, after the first frame with the library (or the fallback): the rest of the start."""
        if self._shown or self._closed:
            return
        self._shown = True
        self._build_rest_when_loaded()
        self.when_built(self._start_background)

    def _build_rest_when_loaded(self) -> None:
        """Import and build the rest once the window is shown and the first load is over.

        (Shown by its paint, the load is over; the fallback may come first.) A first start
        seeds the demo podcast on a worker, importing the feed parser there, and imports on
        two threads at once hold each other up, or fail on a lock cycle.
        """
        if self.rest_built or self._importing or not self._shown or not self._first_load_over:
            return
        self._importing = True
        import_in_steps(REST_MODULES, self._build_rest_soon, self.window)

    def _build_rest_soon(self) -> None:
        if not self._closed and not self.rest_built:
            self._build_rest()

    def _start_background(self) -> None:
        if self._first_sidebar:
            # The frame loaded the sidebar before the rest existed: what follows the shows
            # (playlists, podcast pages, the now-playing cover, the tray's count) catches up.
            self.library_model.podcastsChanged.emit()
            self.library_controller.reload_queue()  # the frame showed no queue
        self.runner.run(self.downloads_manager.resume_pending)
        self.downloads.load()
        self._start_library_work()

    def _first_load(self) -> tuple[int | None, SidebarData | None]:
        """Worker: the sidebar, and the demo podcast seeded (or an old one moved) when due.

        Returns the demo's id when it was seeded now, and the sidebar when it still holds
        (nothing was seeded or moved after it was read).
        """
        data = self.organise.sidebar()
        if not demo_work_due(data.podcasts):
            return None, data
        return ensure_demo_library(self.store), None

    def _library_ready(self, loaded: tuple[int | None, SidebarData | None]) -> None:
        demo_id, data = loaded
        self._first_load_over = True
        self._load_library(data)
        # A library created just now (the demo only) has nothing to refresh yet.
        self._refresh_now = demo_id is None
        self._start_library_work()
        self._build_rest_when_loaded()

    def _load_library(self, data: SidebarData | None = None) -> None:
        """The sidebar and the episodes: by the library controller, or (before it is built)
        the frame's own first load of the sidebar, which selects the last entry (``data``, the
        sidebar already read, else read now)."""
        if self.rest_built:
            self.library_controller.reload()
            return
        self._first_sidebar = True
        pane = self.window.library_pane

        def show(data: SidebarData, seeded: bool = True) -> None:
            if self.rest_built:
                return  # the controller's reloads own the sidebar
            key, current = self._last_entry(), pane.current_entry
            pane.show_sidebar(data, key, reload_same=False)
            if seeded and current is not None and current.key == key:
                # Selected early, before the demo was seeded: its list starts over (a reset,
                # so the first frame is the one with the demo's episodes).
                self.episode_model.reload()

        if data is not None:
            show(data, seeded=False)  # read beside the first page: nothing changed since
        else:
            self.runner.run(self.organise.sidebar, show, self._sidebar_failed)

    def _last_entry(self) -> str:
        return str(self.settings.get("ui.last_entry") or "new")

    def _sidebar_failed(self, exc: BaseException) -> None:
        log.error("loading the sidebar failed: %s", exc)
        self.window.show_message(_("Could not load the library: {exc}").format(exc=exc))

    def _start_library_work(self) -> None:
        """Once the library is ready and the rest built: the automatic refresh's and the
        account sync's timers; once the window shows the library too, the last session and the
        work that waits for an idle moment."""
        if self._refresh_now is None or not self.rest_built:
            return
        if not self._timers_started:
            self._timers_started = True
            self.refresh_schedule.start(refresh_now=self._refresh_now)
            self.account_sync.start()
        if not self._shown or self._library_started:
            return
        self._library_started = True
        self.playback_controller.resume_last_session()
        # Suggestions are not urgent: let the sidebar and the first episodes arrive first
        # rather than compete with them for the two cores at start-up.
        QTimer.singleShot(SUGGESTIONS_DELAY_MS, self.suggestions.refresh)
        QTimer.singleShot(2 * SUGGESTIONS_DELAY_MS, self.show_suggestions.refresh)
        QTimer.singleShot(PARSER_WARM_DELAY_MS, self._warm_parser)

    def _warm_parser(self) -> None:
        if not self._closed:
            self.runner.run(self.sync_service.warm_up)

    def _start_failed(self, exc: BaseException) -> None:
        log.error("loading the library failed: %s", exc)
        self.window.show_message(_("Could not load the library: {exc}").format(exc=exc))
        self._first_load_over = True
        self._load_library()
        self._build_rest_when_loaded()

    def close(self) -> None:
        """Finish background work, release libVLC, D-Bus names and the database."""
        self._closed = True
        if self.rest_built:
            self.player.shutdown()
            self.mpris.stop()
            self.inhibitor.release()
            self.refresh_schedule.stop()
            self.account_sync.close()
            self.heap.stop()
            self.sync.cancel()
            self.sync.cancel_import()
            self.downloads.close()
        self.view_prefs.flush()
        self.runner.close()
        self.cover_runner.close()
        if self.rest_built:
            self.sync_service.close()
            self.discover.service.close()
            self.show_suggestions.service.close()
        self.writer.close()  # the last position and settings reach the database
        self.artwork.close()
        self.store.close()
