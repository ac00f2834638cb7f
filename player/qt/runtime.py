"""The window process's interpreter-wide policy, applied once from the GUI entry point.

Three settings change how the whole Python process behaves, so they belong to the program that
runs the window, not to the objects it builds (the tests build :class:`Application` dozens of
times in one interpreter and must not inherit a frozen heap or a changed switch interval):

- :func:`preload_background_modules`: imports, ahead of time, what the window's worker threads
  would import lazily;
- :data:`SWITCH_INTERVAL` for ``sys.setswitchinterval``;
- :func:`freeze_startup_heap`: ``gc.freeze()`` once, after the window is built.

``launcher.start_gui`` calls :func:`tune_interpreter` (``preload=False``) before PySide6 is
imported; ``gui_main.run_gui`` calls :func:`freeze_startup_heap` once all of the application is
built (after its first frame) and then runs :func:`preload_background_modules` on a worker
(before the first frame, those 200-300 ms of imports delayed it; nothing needs them until the
first refresh, seconds later). Nothing else does. Each piece was measured with
``bench/bench_gui.py --without ...`` and ``bench/bench_startup.py``; the figures are in
``docs/notes/interpreter-policy.md``.
This module imports no Qt, so the launcher can use it before Qt is loaded.
"""

from __future__ import annotations

import gc
import importlib
import linecache
import logging
import sys

log = logging.getLogger(__name__)

AOUT_ENV = "PODCAST_PLAYER_AOUT"
"""Choose libVLC's audio output (``dummy`` on machines without sound, as in CI)."""

SWITCH_INTERVAL = 0.001
"""Seconds a thread holding the GIL runs before it is asked to hand over (Python's default: 5 ms).

Worker threads run Python (page loads, feed writes); with the default a GUI thread waiting for the
GIL can wait 5 ms per hand-over, which adds up while it paints hundreds of cells.
"""

MODULES = (
    "httpcore",  # httpx imports its transport lazily, on the first client a worker makes
    "encodings.idna",  # host names are encoded on the first request
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
"""What the window's background threads would otherwise import on first use.

An import that first happens on a worker thread holds Python's import lock, and once PySide6 is
loaded every import also runs through its import hook (which reads the module's source). The GUI
thread then waits for that lock the next time it imports anything (even an already-imported name)
and the window freezes for 100 ms or more. The command line keeps these imports lazy, so each
command starts fast.
"""

POLICY = ("switch", "freeze", "preload")
"""The pieces by name (``bench/bench_gui.py --without`` leaves some out to measure them)."""


def preload_background_modules() -> None:
    """Import every module in :data:`MODULES` (already imported ones cost nothing)."""
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a piece this platform lacks must not stop the window
            log.debug("could not preload %s: %s", name, exc)


def tune_interpreter(without: frozenset[str] = frozenset(), *, preload: bool = True) -> None:
    """Before Qt is imported: shorten the switch interval, and preload the workers' modules
    unless ``preload`` is False (the window does that later, on a worker, once it shows the
    library).

    ``without`` names pieces of :data:`POLICY` to leave out (benchmarks only).
    """
    if preload and "preload" not in without:
        preload_background_modules()
    if "switch" not in without:
        sys.setswitchinterval(SWITCH_INTERVAL)


def freeze_startup_heap(without: frozenset[str] = frozenset()) -> None:
    """Once, after the window is built: drop the source lines start-up read, and move
    everything alive into the permanent generation.

    Modules, widgets and services live as long as the process; frozen, the cyclic collector's
    full passes (which hold the GIL, so the GUI thread waits) no longer walk them. Whatever
    start-up left as cyclic garbage stays for good, once, a bounded amount; a collection first
    would free it but delays the window by 200-350 ms (measured). Called once only: a freeze
    after every page of episodes made every later cycle (closed dialogs, lambdas holding
    ``self``) immortal too.
    """
    if "freeze" in without:
        return
    # PySide6's import hook reads the source of every module imported after it (to look for
    # ``from __feature__ import``) through linecache, which keeps it: ~9 MiB of source lines
    # for the window's modules, needed by nothing (a traceback reads its lines again).
    linecache.clearcache()
    gc.freeze()
