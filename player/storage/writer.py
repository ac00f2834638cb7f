"""One thread that owns the app's write transactions, so the GUI thread never waits for SQLite.

The store serialises writers with one lock, and a feed write holds it for as long as its
transaction lasts. A GUI thread that saved positions itself would freeze behind it; instead it
hands its writes to a :class:`StoreWriter` and goes on at once:

- ``submit(fn)`` queues ``fn(conn)`` as one transaction and returns a :class:`Future`;
- ``save(key, fn)`` is fire-and-forget, and *coalesces*: a save still waiting in the queue is
  dropped when a newer one with the same key arrives (only the latest position of an episode
  matters), and the newer one goes to the back so it stays after anything queued meanwhile;
- ``bulk`` is an :class:`~concurrent.futures.Executor` for long jobs (feed writes) that manage
  their own transactions. Queued small writes always go first, and a long job lets them through
  between two of its transactions (:func:`between_transactions`), so a position waits for at
  most one chunk of a feed, never for the whole feed;
- ``ticket()`` / ``wait_for(ticket)``: a worker started after some writes waits for them before
  it reads (read-your-writes for work the GUI starts), never the GUI thread itself;
- ``close()`` runs everything still queued, then stops the thread (on quit: the last position
  is written).

A crash loses what is still queued: a few seconds of position at most, as when the GUI thread
saved every few seconds itself. :class:`InlineWriter` has the same interface and writes at once
on the calling thread (the command line, tests, tools).
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from player.storage.db import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
WriteJob = Callable[[sqlite3.Connection], T]
"""A write: runs inside one transaction on the writer's connection."""

_current = threading.local()


class Writes(Protocol):
    """What a service needs to write without waiting: :class:`StoreWriter` or the inline one."""

    def submit(self, fn: WriteJob[T]) -> Future[T]:
        """Queue ``fn(conn)`` as one transaction."""
        ...

    def save(self, key: Hashable, fn: WriteJob[object]) -> None:
        """Queue ``fn(conn)``, replacing a queued save with the same key."""
        ...


@dataclass(eq=False)
class _Job:
    fn: Callable[..., Any]
    future: Future[Any] | None
    covers: int
    """The oldest ticket this job stands for (a coalesced save covers the one it replaced)."""
    args: tuple[Any, ...] = field(default=())
    kwargs: dict[str, Any] = field(default_factory=dict)


class StoreWriter:
    """The app's serial writer: one thread, small writes first, long jobs in between."""

    def __init__(self, store: Store, name: str = "store-writer") -> None:
        self.store = store
        self._cond = threading.Condition()
        self._urgent: OrderedDict[Hashable, _Job] = OrderedDict()
        self._bulk: deque[_Job] = deque()
        self._tickets = itertools.count(1)
        self._last_ticket = 0
        self._running: list[_Job] = []  # the small write now running, if any
        self._busy = False
        self._closing = False
        self._stopped = False
        self.bulk: Executor = _BulkLane(self)
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    # -- queueing (any thread) -----------------------------------------------------------------

    def submit(self, fn: WriteJob[T]) -> Future[T]:
        """Queue ``fn(conn)`` as one transaction; the future holds its result or exception."""
        future: Future[T] = Future()
        self._queue(object(), fn, future)
        return future

    def save(self, key: Hashable, fn: WriteJob[object]) -> None:
        """Fire and forget; a queued save with the same ``key`` is superseded by this one.

        The caller picks keys so that the newer write includes everything the older one would
        have done (the same episode's position within the same listening span).
        """
        self._queue(key, fn, None)

    def _queue(self, key: Hashable, fn: WriteJob[Any], future: Future[Any] | None) -> None:
        if not self._on_writer_thread():
            with self._cond:
                if not self._stopped:
                    self._enqueue(key, _Job(fn, future, 0))
                    return
        _run_write(self.store, _Job(fn, future, 0))  # on the writer itself, or after close

    def _enqueue(self, key: Hashable, job: _Job) -> None:
        """With the lock held: append ``job``, dropping a queued one with the same key."""
        ticket = next(self._tickets)
        replaced = self._urgent.pop(key, None)
        job.covers = ticket if replaced is None else replaced.covers
        self._urgent[key] = job
        self._last_ticket = ticket
        self._cond.notify_all()

    def _queue_bulk(self, job: _Job) -> None:
        with self._cond:
            if self._closing:
                raise RuntimeError("the store writer is closed")
            self._bulk.append(job)
            self._cond.notify_all()

    # -- waiting (never the GUI thread) --------------------------------------------------------

    def ticket(self) -> int:
        """A mark after every small write queued so far (cheap; any thread)."""
        with self._cond:
            return self._last_ticket

    def wait_for(self, ticket: int, timeout: float | None = None) -> bool:
        """Block until the small writes up to ``ticket`` are committed; False on timeout."""
        if self._on_writer_thread():
            return True
        with self._cond:
            return self._cond.wait_for(lambda: self._oldest_pending() > ticket, timeout)

    def _oldest_pending(self) -> int:
        covers = [j.covers for j in self._urgent.values()] + [j.covers for j in self._running]
        return min(covers, default=self._last_ticket + 1)

    def flush(self, timeout: float | None = None) -> bool:
        """Block until everything queued so far (long jobs too) is done; False on timeout."""
        if self._on_writer_thread():
            return True
        with self._cond:
            return self._cond.wait_for(
                lambda: not (self._urgent or self._bulk or self._busy), timeout
            )

    def close(self) -> None:
        """Write everything still queued, then stop the thread (idempotent)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if not self._on_writer_thread():
            self._thread.join()

    # -- the writer thread -----------------------------------------------------------------------

    def _on_writer_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def _loop(self) -> None:
        _current.writer = self
        self.store.tune_for_writing()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._urgent or self._bulk or self._closing)
                if not (self._urgent or self._bulk):
                    self._stopped = True
                    self._cond.notify_all()
                    return
                self._busy = True
                bulk = None if self._urgent else self._bulk.popleft()
            if bulk is None:
                self._run_queued_writes()
            else:
                _run_bulk(bulk)
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def _run_queued_writes(self) -> None:
        """Writer thread: run the small writes queued so far, oldest first."""
        while True:
            with self._cond:
                if not self._urgent:
                    return
                _key, job = self._urgent.popitem(last=False)
                self._running = [job]
            try:
                _run_write(self.store, job)
            finally:
                with self._cond:
                    self._running = []
                    self._cond.notify_all()


def _run_write(store: Store, job: _Job) -> None:
    """One small write in its own transaction; a fire-and-forget failure is logged."""
    if job.future is not None and not job.future.set_running_or_notify_cancel():
        return
    try:
        with store.write() as conn:
            result = job.fn(conn)
    except BaseException as exc:
        if job.future is None:
            log.exception("a queued write failed")
        else:
            job.future.set_exception(exc)
        return
    if job.future is not None:
        job.future.set_result(result)


def _run_bulk(job: _Job) -> None:
    assert job.future is not None
    if not job.future.set_running_or_notify_cancel():
        return
    try:
        result = job.fn(*job.args, **job.kwargs)
    except BaseException as exc:
        job.future.set_exception(exc)
    else:
        job.future.set_result(result)


class _BulkLane(Executor):
    """The writer's lane for long jobs, as an executor (the refresh submits to it)."""

    def __init__(self, writer: StoreWriter) -> None:
        self._writer = writer

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` on the writer thread after the queued small writes."""
        future: Future[T] = Future()
        job = _Job(fn, future, 0, args, kwargs)
        if self._writer._on_writer_thread():
            _run_bulk(job)
        else:
            self._writer._queue_bulk(job)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The writer's owner closes it; a lane cannot be shut down on its own."""


def between_transactions(conn: sqlite3.Connection) -> None:
    """Called by a long job between two of its transactions: let queued small writes through.

    Does nothing off the writer thread, or inside an enclosing transaction (the small writes
    would become part of it).
    """
    writer: StoreWriter | None = getattr(_current, "writer", None)
    if writer is not None and not conn.in_transaction:
        writer._run_queued_writes()


class InlineWriter:
    """Writes at once on the calling thread: the command line, tests, tools (no thread)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def submit(self, fn: WriteJob[T]) -> Future[T]:
        """Run ``fn(conn)`` in a transaction now; the future is already done."""
        future: Future[T] = Future()
        _run_write(self.store, _Job(fn, future, 0))
        return future

    def save(self, key: Hashable, fn: WriteJob[object]) -> None:
        """Run ``fn(conn)`` in a transaction now (errors propagate: the caller is waiting)."""
        with self.store.write() as conn:
            fn(conn)

    def ticket(self) -> int:
        """Always 0: nothing is ever queued."""
        return 0

    def wait_for(self, ticket: int, timeout: float | None = None) -> bool:
        """Nothing to wait for."""
        return True

    def flush(self, timeout: float | None = None) -> bool:
        """Nothing to flush."""
        return True

    def close(self) -> None:
        """Nothing to stop."""
