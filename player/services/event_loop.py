"""A minimal owner-thread loop for the command line, tests and benchmarks.

The player service is driven from one thread and receives libVLC's events through a ``post``
function. The Qt app passes a function that queues onto the GUI thread; everything without Qt
uses this loop: ``post`` from any thread, and :meth:`EventLoop.run_until` on the owner thread runs
what was posted plus periodic timers (the service's ``tick``) until a condition holds.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

POLL_SECONDS = 0.05


@dataclass
class _Timer:
    interval: float
    callback: Callable[[], None]
    due: float


class EventLoop:
    """Runs posted callables and timers on the thread that calls :meth:`run_until`."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._timers: list[_Timer] = []

    def post(self, callback: Callable[[], None]) -> None:
        """Queue ``callback`` for the owner thread (thread-safe, never blocks)."""
        self._queue.put(callback)

    def every(self, seconds: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` every ``seconds`` while the loop runs (first call after one period)."""
        self._timers.append(_Timer(seconds, callback, time.monotonic() + seconds))

    def run_pending(self) -> None:
        """Run everything posted so far and any timer that is due, without waiting."""
        self._run_due_timers()
        while True:
            try:
                callback = self._queue.get_nowait()
            except queue.Empty:
                return
            callback()

    def run_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Process events until ``predicate()`` is true (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        while True:
            self.run_pending()
            if predicate():
                return True
            now = time.monotonic()
            if now >= deadline:
                return False
            # Re-check the predicate now and then even when nothing is posted: it may depend on
            # time or on state another thread changes.
            wake = min([deadline, now + POLL_SECONDS, *(t.due for t in self._timers)])
            try:
                callback = self._queue.get(timeout=max(0.0, wake - now))
            except queue.Empty:
                continue
            callback()

    def run_for(self, seconds: float) -> None:
        """Process events for ``seconds`` (for a CLI that plays a fixed time, not for tests)."""
        self.run_until(lambda: False, seconds)

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        for timer in list(self._timers):
            if timer.due <= now:
                # Schedule from now, not from the old due time: a slow callback must not pile up.
                timer.due = now + timer.interval
                timer.callback()
