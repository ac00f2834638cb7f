"""The window's entry point: process-level set-up around the composition in ``app.py``.

Checks the Qt binding, names the application, claims the single instance (or hands the
arguments to the running one), loads libVLC, applies the theme, builds and starts
:class:`~player.qt.app.Application` (the rest of it once the library is painted) and runs Qt;
once all of it is built, the start-up heap freeze and the workers' imports
(``player/qt/runtime.py``) and the arguments. Kept
apart from ``app.py`` so composition (what the window is made of) and process start-up (what
one launch does once) can each be read on one screen.
"""

from __future__ import annotations

import os
import sys
from typing import cast

from PySide6.QtWidgets import QApplication, QMessageBox

from player import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__
from player.domain.errors import PlayerError
from player.paths import DataPaths
from player.playback.vlc_loader import load_vlc
from player.qt.app import Application
from player.qt.app_icon import app_icon
from player.qt.binding_check import broken_binding_message
from player.qt.locale_setup import apply_language
from player.qt.runtime import AOUT_ENV, freeze_startup_heap, preload_background_modules
from player.qt.single_instance import claim_or_hand_off
from player.qt.termination import QuitOnSignals
from player.qt.theme import apply_theme


def run_gui(paths: DataPaths, args: list[str]) -> int:
    """Start the desktop app; returns the exit status."""
    broken = broken_binding_message()
    if broken is not None:
        print(f"{APP_NAME}: {broken}", file=sys.stderr)
        return 1
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_language(app)  # the environment's, for the messages below; Settings' in Application
    try:
        instance = claim_or_hand_off(paths.root, args)
    except PlayerError as exc:
        return _refuse(exc)
    if instance is None:
        return 0  # the running window took our arguments
    apply_theme(app)
    try:
        load_vlc()
    except PlayerError as exc:
        instance.stop()
        return _refuse(exc)
    # The frame now, the rest once the window has painted the library (see app.py).
    application = Application(paths, aout=os.environ.get(AOUT_ENV) or None, defer=True)
    instance.messageReceived.connect(
        lambda message: application.when_built(lambda: application.commands.open_arguments(message))
    )
    application.start()

    def built() -> None:
        freeze_startup_heap()  # once, all of the window built: see player/qt/runtime.py
        # What the workers import on their first refresh, now that the window is up.
        application.runner.run(preload_background_modules)
        if args:
            application.commands.open_arguments(args)

    application.when_built(built)

    def quit_app() -> None:
        application.window.close()
        app.quit()  # also when a tray icon keeps the app running without its window

    signals = QuitOnSignals(quit_app)
    status = app.exec()
    signals.close()
    instance.stop()
    application.close()
    return int(status)


def _refuse(exc: PlayerError) -> int:
    """Say why the app cannot start, on stderr and in a message box; the exit status."""
    print(f"{APP_NAME}: {exc}", file=sys.stderr)
    QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
    return 1
