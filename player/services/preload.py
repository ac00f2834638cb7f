"""Importing, ahead of time, what the window's background threads would import lazily.

The command line keeps heavy imports lazy so each command starts fast. The window is the other
way round: an import that first happens on a worker thread holds Python's import lock, and once
PySide6 is loaded every import also runs through its import hook (which reads the module's
source). The GUI thread then waits for that lock the next time it imports anything (even an
already-imported name) and the window freezes for 100 ms or more. Loading these modules once at
start-up, before Qt if possible, moves that cost to where nobody is waiting for a repaint.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

MODULES = (
    "httpcore",  # httpx imports its transport lazily, on the first client a worker makes
    "encodings.idna",  # host names are encoded on the first request
    "sqlite_utils",
    "multiprocessing",
    "multiprocessing.context",
    "multiprocessing.synchronize",
    "multiprocessing.resource_tracker",
    "multiprocessing.spawn",
    "multiprocessing.popen_fork",
    "multiprocessing.forkserver",
    "multiprocessing.popen_forkserver",  # POSIX only: an ImportError elsewhere is expected
    "runpy",
    "concurrent.futures.process",
    "player.feeds.discovery",
    "player.feeds.opml",
    "player.feeds.pool",
    "player.feeds.parse",
    "player.services.up_next",
    "player.services.episode_actions",
    "player.services.downloads",
)


def preload_background_modules() -> None:
    """Import every module in :data:`MODULES` (already imported ones cost nothing)."""
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a piece this platform lacks must not stop the window
            log.debug("could not preload %s: %s", name, exc)
