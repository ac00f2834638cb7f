"""The composition root: builds the store, services, bridges, panes and window, then runs Qt.

This is the only place that knows every part; each part gets just the pieces it needs.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from player import APP_DISPLAY_NAME, APP_NAME, __version__
from player.domain.errors import PlayerError
from player.paths import DataPaths
from player.playback.vlc_loader import load_vlc
from player.qt.bridges.sync import SyncBridge
from player.qt.controllers.library import LibraryController
from player.qt.main_window import MainWindow
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import LibraryListModel
from player.qt.models.queue import QueueListModel
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane
from player.qt.theme import apply_theme
from player.qt.widgets.covers import CoverProvider
from player.qt.workers import TaskRunner
from player.services.artwork import ArtworkCache
from player.services.library import LibraryService
from player.services.queue import QueueService
from player.services.sync import SyncService, ensure_demo_library
from player.storage import EpisodeQuery, SettingsRepo, Store

log = logging.getLogger(__name__)


class Application:
    """Everything the GUI process owns, created in dependency order and closed in reverse."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths.ensure()
        self.store = Store(paths.database)
        self.settings = SettingsRepo(self.store)
        self.runner = TaskRunner()
        self.library = LibraryService(self.store)
        self.queue = QueueService(self.store)
        self.sync_service = SyncService(self.store, self.settings)
        self.artwork = ArtworkCache(paths.cache / "artwork")
        self.covers = CoverProvider(self.runner, self.artwork, paths.cache / "thumbnails")

        self.library_model = LibraryListModel()
        self.episode_model = EpisodeTableModel(self.runner, self._load_page)
        self.queue_model = QueueListModel(on_drop=lambda ids, row: None)
        library_pane = LibraryPane(self.library_model, self.episode_model, self.covers)
        queue_pane = QueuePane(self.queue_model)
        now_playing = NowPlayingPane()
        self.window = MainWindow(library_pane, queue_pane, now_playing, self.settings)
        self.sync = SyncBridge(self.runner, self.sync_service, self.window)
        self.library_controller = LibraryController(
            self.window,
            self.runner,
            self.library,
            self.queue,
            self.sync,
            self.library_model,
            self.episode_model,
        )
        self.window.actions.connect("quit", self.window.close)

    def _load_page(self, query: EpisodeQuery, offset: int, limit: int) -> tuple[list, int | None]:
        """Worker thread: one page of episodes, and the total with the first page."""
        page = self.library.episodes(query, limit=limit, offset=offset)
        total = self.library.count_episodes(query) if offset == 0 else None
        return page, total

    def start(self) -> None:
        """Show the window and load the library (seeding the demo podcast on a fresh one)."""
        self.window.restore_layout()
        self.window.show()
        self.runner.run(
            lambda: ensure_demo_library(self.store),
            lambda _: self.library_controller.reload(),
            self._start_failed,
        )

    def _start_failed(self, exc: BaseException) -> None:
        log.error("loading the library failed: %s", exc)
        self.window.show_message(f"Could not load the library: {exc}")
        self.library_controller.reload()

    def close(self) -> None:
        """Finish background work and close the database."""
        self.sync.cancel()
        self.runner.wait()
        self.artwork.close()
        self.store.close()


def run_gui(paths: DataPaths, args: list[str]) -> int:
    """Start the desktop app; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.podcast_player.PodcastPlayer")
    apply_theme(app)
    try:
        load_vlc()
    except PlayerError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        return 1
    application = Application(paths)
    application.start()
    status = app.exec()
    application.close()
    return int(status)
