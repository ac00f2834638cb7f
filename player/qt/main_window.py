"""The main window: lays out the panes and wires them to the services. No logic of its own."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from player import APP_DISPLAY_NAME
from player.domain.models import Episode, Podcast
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import LibraryListModel
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane
from player.qt.workers import TaskRunner
from player.services.library import LibraryService
from player.storage import EpisodeQuery

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Library | queue and now playing, side by side."""

    def __init__(
        self, runner: TaskRunner, library: LibraryService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.runner = runner
        self.library = library

        self.library_model = LibraryListModel(self)
        self.episode_model = EpisodeTableModel(runner, self._load_page, self)
        self.library_pane = LibraryPane(self.library_model, self.episode_model)
        self.queue_pane = QueuePane()
        self.now_playing_pane = NowPlayingPane()

        side = QSplitter(Qt.Orientation.Vertical)
        side.setObjectName("sideSplitter")
        side.addWidget(self.now_playing_pane)
        side.addWidget(self.queue_pane)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library_pane)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.resize(1200, 760)

        self.library_pane.episode_activated.connect(self.now_playing_pane.show_episode)

    def _load_page(
        self, query: EpisodeQuery, offset: int, limit: int
    ) -> tuple[list[Episode], int | None]:
        """Runs on a worker thread: one page, and the total with the first page."""
        page = self.library.episodes(query, limit=limit, offset=offset)
        total = self.library.count_episodes(query) if offset == 0 else None
        return page, total

    def refresh_library(self, select: str | None = None) -> None:
        """Reload the sidebar in the background; then select ``select`` (or keep the selection)."""
        current = self.library_pane.current_entry
        key = select or (current.key if current else "new")
        self.runner.run(
            self.library.podcasts, lambda podcasts: self._podcasts_loaded(podcasts, key)
        )

    def _podcasts_loaded(self, podcasts: list[Podcast], key: str) -> None:
        self.library_model.set_podcasts(podcasts)
        if not self.library_pane.select_entry(key):
            self.library_pane.select_entry("new")
