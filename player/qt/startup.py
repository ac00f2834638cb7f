"""The window's start-up in two parts: when the library is first painted, and what comes after.

Start-up is measured to that moment (``bench/bench_startup.py``), and deferred start-up work
(:meth:`player.qt.app.Application.start`) waits for it, so nothing but the first frame competes
for the two cores before the listener sees the library; :func:`import_in_steps` then imports
the deferred part without freezing the window. "Shown" is one clear event: the episode
table's viewport paints after the sidebar's first load (its shows, not just the fixed entries)
while the episode model has the answer to the query that load selected (a page, or none).

With :data:`READY_FD_ENV` set to a file descriptor the window writes one line to it at that moment,
``ready <seconds>`` (``time.monotonic()``, which is the system-wide monotonic clock on Linux, so
the parent process can subtract the moment it spawned the window). Nothing is written otherwise.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QAbstractItemView

log = logging.getLogger(__name__)

STEP_SECONDS = 0.015
"""How long one step of :func:`import_in_steps` imports before the event loop turns again."""

READY_FD_ENV = "PODCAST_PLAYER_READY_FD"
"""An inherited, writable file descriptor (benchmarks): told once when the library shows."""


class LibraryShown(QObject):
    """Emits :attr:`shown` once, right after the first paint that shows the library."""

    shown = Signal()

    def __init__(
        self,
        episodes: QAbstractItemView,
        sidebar_loaded: SignalInstance,
        episodes_answered: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        """``sidebar_loaded`` fires when the sidebar got its shows; ``episodes_answered`` says
        whether the episode model holds the answer to its current query (it is asked at a paint:
        a new query and its reset happen in one turn of the event loop, never between)."""
        super().__init__(parent)
        self._episodes = episodes
        self._answered = episodes_answered
        self._sidebar_loaded = False
        sidebar_loaded.connect(self._loaded)
        self.done = False
        self.at: float | None = None
        """``time.monotonic()`` of the paint that showed the library (None until then)."""
        episodes.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and watched is self._episodes.viewport()
            and self._ready()
        ):
            self.done = True
            watched.removeEventFilter(self)
            # After this paint has been handled (the frame is complete), not inside it.
            QTimer.singleShot(0, self._announce)
        return False

    def _loaded(self) -> None:
        self._sidebar_loaded = True
        if not self.done:
            # The first page may have been painted before the shows came: the frame that
            # shows both is the next one, whether or not the episode list changes.
            self._episodes.viewport().update()

    def _ready(self) -> bool:
        return self._sidebar_loaded and self._answered()

    def _announce(self) -> None:
        self.at = time.monotonic()
        tell_ready_fd(self.at)
        self.shown.emit()


def tell_ready_fd(at: float) -> None:
    """Write ``ready <at>`` to the descriptor named by :data:`READY_FD_ENV`, if any."""
    value = os.environ.get(READY_FD_ENV)
    if not value:
        return
    try:
        os.write(int(value), f"ready {at:.6f}\n".encode())
    except (OSError, ValueError) as exc:  # a benchmark's pipe gone: the window carries on
        log.debug("could not tell %s=%s: %s", READY_FD_ENV, value, exc)


def import_in_steps(names: Sequence[str], done: Callable[[], None], context: QObject) -> None:
    """Import ``names`` a few at a time, one turn of the event loop each, then call ``done``.

    The window's deferred part is about two thirds of its imports; imported in one go after the
    first frame they would freeze it for a few hundred milliseconds. A module that fails to
    import is logged and skipped here: whoever needs it reports the error when it imports it.
    ``context`` ends the chain when it is destroyed (the window closed).
    """
    pending = list(names)

    def step() -> None:
        started = time.perf_counter()
        while pending and time.perf_counter() - started < STEP_SECONDS:
            name = pending.pop(0)
            try:
                importlib.import_module(name)
            except ImportError as exc:
                log.warning("could not import %s ahead: %s", name, exc)
        if pending:
            QTimer.singleShot(0, context, step)
        else:
            done()

    QTimer.singleShot(0, context, step)
