"""Running work off the GUI thread and handing results back to it.

Modelled on MusicBrainz Picard's ``run_task``/``to_main``: a function runs on a ``QThreadPool``;
its result (or exception) travels back to a callback on the GUI thread through :func:`to_main`.
The GUI thread never waits for the network, the disk or a parser.

:func:`to_main` is the one way back to the GUI thread (task results, libVLC's events, download
and refresh progress). It always defers, also when called on the GUI thread itself: the call
runs from the event loop after the current one returns, never inside it. That is what
``EventLoop.post`` does for the command line and the core tests, so a service sees the same
order of events in the app and in its tests, and is never re-entered by its own callbacks.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

from player.storage.writer import StoreWriter

log = logging.getLogger(__name__)

Done = Callable[[Any], object]
T = TypeVar("T")
Failed = Callable[[BaseException], None]


class _MainThread(QObject):
    """Lives on the GUI thread; a queued connection carries each posted call to it."""

    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.pending = 0
        """Calls posted and not yet run (tests run them all with :func:`run_posted`)."""
        self._count_lock = threading.Lock()
        # Queued, not the default AutoConnection: an emit on the GUI thread itself must not
        # run the callable inside the emitting call.
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], object]) -> None:
        with self._count_lock:
            self.pending += 1
        self._call.emit(fn)

    @Slot(object)
    def _run(self, fn: Callable[[], object]) -> None:
        with self._count_lock:
            self.pending -= 1
        try:
            fn()
        except Exception:  # a broken callback must not take the event loop down
            log.exception("a call on the GUI thread failed")


_main: _MainThread | None = None
_main_lock = threading.Lock()


def _main_thread() -> _MainThread:
    """The dispatcher, made on first use and moved to the application's (GUI) thread."""
    global _main
    with _main_lock:
        if _main is None or not shiboken6.isValid(_main):
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("to_main needs a QApplication")
            main = _MainThread()
            if main.thread() is app.thread():
                main.setParent(app)  # destroyed with the application, never by the collector
            else:
                main.moveToThread(app.thread())  # first used from a worker: kept by ``_main``
            _main = main
        return _main


def to_main(fn: Callable[[], object]) -> None:
    """From any thread: run ``fn()`` on the GUI thread, after the current call returns.

    Thread-safe and never blocks. At shutdown, when the application is gone, the call is
    dropped (nobody is left to tell).
    """
    try:
        _main_thread().post(fn)
    except RuntimeError:
        log.debug("a call for the GUI thread dropped at shutdown")


class LatestOnly:
    """Progress from worker threads, handed to the GUI thread at most every ``interval`` s.

    A refresh or an import reports after every feed, up to hundreds a second. Each report
    showed on the GUI thread as a progress bar's ``setValue`` (which repaints at once, not
    at the next paint) and a status line's relayout, while the same feeds' work held the GIL:
    in ``bench/bench_gui.py --only play+import`` the window spent more time painting progress
    than anything else. Here only the latest report is kept; it is delivered at once when
    none went out in the last ``interval``, otherwise when that interval ends. Callers drop
    a late report after the end themselves (they already did: the last report could always
    arrive after the result).
    """

    def __init__(self, deliver: Callable[..., object], interval: float = 0.1) -> None:
        self._deliver = deliver
        self._interval = interval
        self._lock = threading.Lock()
        self._latest: tuple[Any, ...] = ()
        self._pending = False
        self._last = -interval

    def report(self, *args: Any) -> None:
        """From any thread: the newest progress (older undelivered ones are dropped)."""
        with self._lock:
            self._latest = args
            if self._pending:
                return
            self._pending = True
            wait = self._last + self._interval - time.monotonic()
        if wait <= 0:
            to_main(self._flush)
        else:
            to_main(lambda: QTimer.singleShot(int(wait * 1000) + 1, self._flush))

    def _flush(self) -> None:
        with self._lock:
            args, self._pending = self._latest, False
            self._last = time.monotonic()
        self._deliver(*args)


def run_posted(limit: int = 10_000) -> int:
    """GUI thread: run the calls posted so far, and those they post, until none is left.

    For tests on an inline pool: after it returns, every result has been delivered. Returns
    how many calls ran; stops after ``limit`` (a callback that posts itself forever).
    """
    main, ran = _main_thread(), 0
    while main.pending and ran < limit:
        before = main.pending
        QCoreApplication.sendPostedEvents(main, 0)
        ran += max(1, before - main.pending)
    return ran


class Pool(Protocol):
    """Where a :class:`TaskRunner` runs its tasks: a ``QThreadPool``, or an inline one."""

    def start(self, runnable: QRunnable) -> None: ...

    def waitForDone(self, msecs: int = ...) -> bool: ...


class InlinePool:
    """Runs each task at once on the calling thread (Picard's ``FakeThreadPool``).

    For unit tests of models and widgets: the work is done when ``run`` returns, and its result
    still arrives through :func:`to_main`, as it would from a worker, once the event loop (or
    :func:`run_posted`) runs. ``started`` counts the tasks run.
    """

    def __init__(self) -> None:
        self.started = 0

    def start(self, runnable: QRunnable) -> None:
        """Run the task now."""
        self.started += 1
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        """Nothing is ever running in the background."""
        return True


def _after(writer: StoreWriter, ticket: int, fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        writer.wait_for(ticket)
        return fn()

    return run


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Done | None, failed: Failed | None) -> None:
        super().__init__()
        self.fn, self.done, self.failed = fn, done, failed

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            log.debug("background task failed: %s", "".join(traceback.format_exception(exc)))
            failed, error = self.failed, exc  # ``exc`` is unbound when the block ends
            if failed is not None:
                to_main(lambda: failed(error))
            else:
                log.error("background task failed: %s", exc)
            return
        done = self.done
        if done is not None:
            to_main(lambda: done(result))


class TaskRunner(QObject):
    """Runs callables on a thread pool; their callbacks run on the GUI thread.

    ``pool`` is for tests (an :class:`InlinePool`); the app gets a ``QThreadPool`` of
    ``max_threads``. With a ``writer``, a task first waits (on its worker) for the writes
    queued before it was started: work the GUI starts after saving a position or finishing an
    episode reads them.
    """

    def __init__(
        self,
        max_threads: int = 4,
        parent: QObject | None = None,
        pool: Pool | None = None,
        writer: StoreWriter | None = None,
    ) -> None:
        super().__init__(parent)
        _main_thread()  # made here, on the GUI thread, before any worker needs it
        if pool is None:
            threads = QThreadPool(self)
            threads.setMaxThreadCount(max_threads)
            # Workers never expire. A worker thread that ends (after 30 idle seconds, Qt's
            # default) destroys its thread objects through shiboken, which holds Qt's
            # connection mutex while it waits for the GIL; a GUI-thread connect at that moment
            # (enabling an action) holds the GIL and waits for that mutex: a deadlock seen in
            # the test suite (py-spy: MainThread in QObject::connectImpl, the ending worker in
            # QObject::disconnect -> GilState::acquire). A few idle threads cost nothing.
            threads.setExpiryTimeout(-1)
            pool = threads
        self.pool: Pool = pool
        self.writer = writer
        self._closed = False

    def run(
        self,
        fn: Callable[[], T],
        done: Callable[[T], object] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Start ``fn()`` in the pool; then ``done(result)`` or ``failed(exc)`` on the GUI
        thread. After :meth:`close` nothing starts (the store it would use is closing)."""
        if self._closed:
            return
        if self.writer is not None:
            fn = _after(self.writer, self.writer.ticket(), fn)
        self.pool.start(_Task(fn, done, failed))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)

    def close(self, msecs: int = 30_000) -> bool:
        """Take no more tasks, then wait for the running ones: at shutdown a timer or a queued
        answer could otherwise start a task against a database that is being closed."""
        self._closed = True
        return self.pool.waitForDone(msecs)
