"""Running work off the GUI thread and handing results back to it.

Modelled on MusicBrainz Picard's ``run_task``/``to_main``: a function runs on a ``QThreadPool``;
its result (or exception) travels back through a queued signal to a callback on the GUI thread.
The GUI thread never waits for the network, the disk or a parser.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from player.storage.writer import StoreWriter

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from workers are queued to it."""

    delivered = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.delivered.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        try:
            callback(value)
        except Exception:  # a broken callback must not take the event loop down
            log.exception("callback on the GUI thread failed")


def _after(writer: StoreWriter, ticket: int, fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        writer.wait_for(ticket)
        return fn()

    return run


class _Task(QRunnable):
    def __init__(
        self, relay: _Relay, fn: Callable[[], Any], done: Done | None, failed: Failed | None
    ) -> None:
        super().__init__()
        self.relay, self.fn, self.done, self.failed = relay, fn, done, failed

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            log.debug("background task failed: %s", "".join(traceback.format_exception(exc)))
            if self.failed is not None:
                with contextlib.suppress(RuntimeError):  # shutting down: nobody to tell
                    self.relay.delivered.emit(self.failed, exc)
            else:
                log.error("background task failed: %s", exc)
            return
        if self.done is not None:
            try:
                self.relay.delivered.emit(self.done, result)
            except RuntimeError:  # the app is shutting down: nobody is left to tell
                log.debug("result of a background task dropped at shutdown")


class TaskRunner(QObject):
    """Runs callables on a thread pool; callbacks run on the thread that created the runner.

    With a ``writer``, a task first waits (on its worker) for the writes queued before it was
    started: work the GUI starts after saving a position or finishing an episode reads them.
    """

    def __init__(
        self, max_threads: int = 4, parent: QObject | None = None, writer: StoreWriter | None = None
    ) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self.writer = writer

    def run(
        self, fn: Callable[[], Any], done: Done | None = None, failed: Failed | None = None
    ) -> None:
        """Start ``fn()`` in the pool; then ``done(result)`` or ``failed(exc)`` on this thread."""
        if self.writer is not None:
            fn = _after(self.writer, self.writer.ticket(), fn)
        self.pool.start(_Task(self._relay, fn, done, failed))

    def post(self, callback: Callable[[Any], None], value: object = None) -> None:
        """From any thread: call ``callback(value)`` on the runner's (GUI) thread."""
        self._relay.delivered.emit(callback, value)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
