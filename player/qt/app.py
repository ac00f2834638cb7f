"""The composition root: builds the store, the services and the window, then runs Qt."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from player import APP_DISPLAY_NAME, APP_NAME, __version__
from player.domain.errors import PlayerError
from player.paths import DataPaths
from player.playback.vlc_loader import load_vlc
from player.qt.main_window import MainWindow
from player.qt.workers import TaskRunner
from player.services.library import LibraryService
from player.services.sync import ensure_demo_library
from player.storage import Store

log = logging.getLogger(__name__)


class Application:
    """Everything the GUI process owns, created in dependency order and closed in reverse."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths.ensure()
        self.store = Store(paths.database)
        self.runner = TaskRunner()
        self.library = LibraryService(self.store)
        self.window = MainWindow(self.runner, self.library)

    def start(self) -> None:
        """Show the window and load the library (seeding the demo podcast on a fresh one)."""
        self.window.show()
        self.runner.run(
            lambda: ensure_demo_library(self.store),
            lambda _: self.window.refresh_library(),
            self._start_failed,
        )

    def _start_failed(self, exc: BaseException) -> None:
        log.error("loading the library failed: %s", exc)
        self.window.statusBar().showMessage(f"Could not load the library: {exc}")
        self.window.refresh_library()

    def close(self) -> None:
        """Finish background work and close the database."""
        self.runner.wait()
        self.store.close()


def run_gui(paths: DataPaths, args: list[str]) -> int:
    """Start the desktop app; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
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
