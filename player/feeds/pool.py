"""Where parsing runs: worker processes (the app) or the calling thread (tests, tiny jobs).

feedparser is pure Python and holds the GIL for the whole parse (0.2-0.4 s for a 200-item
feed); in the GUI process that would freeze the window and keep the second core idle. Workers
are separate processes started with "forkserver" (or "spawn" where that does not exist), never
"fork": the GUI process has Qt threads, and forking a threaded process copies locks held by
threads that do not exist in the child.

The pool starts on the first job, not before: a refresh where every feed answers 304 never
pays for starting processes. The window is the exception: it calls :meth:`ProcessParser.warm`
once it is idle after start-up, because starting the fork server and the workers in the middle
of its first refresh (a new interpreter importing feedparser, beside 16 fetch threads) took the
two cores from the GUI thread for a quarter of a second.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

WORKER_MEMORY_LIMIT = 3 * 1024**3
"""Address-space cap per worker: a hostile feed ends as an error, not a swapping machine."""


class Parser(Protocol):
    """What the sync service needs: an executor for ``run_job`` calls, and a way to stop."""

    def executor(self) -> Executor:
        """The executor to submit parse jobs to (may start processes)."""
        ...

    def reset(self) -> None:
        """Drop a broken executor so the next call starts a fresh one."""
        ...

    def warm(self) -> None:
        """Start the workers now, ahead of the first job (when the caller knows it is idle)."""
        ...

    def start_server(self) -> None:
        """Begin starting what the workers fork from, without waiting (parsing is coming)."""
        ...

    def close(self) -> None:
        """Stop the workers."""
        ...


class ProcessParser:
    """A lazily started process pool (one worker per core).

    ``niceness`` lowers the workers' CPU priority: the window passes it so that parsing, which
    is never urgent, yields the cores to its GUI thread; the command line, where parsing is the
    work being waited for, does not.
    """

    def __init__(self, workers: int | None = None, niceness: int = 0) -> None:
        self.workers = workers or max(1, min(os.cpu_count() or 1, 8))
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start_server(self) -> None:
        """Start the fork server now (it imports feedparser once; workers fork from it).

        Cheap for the caller (a process is spawned, nothing is awaited). The window calls it
        while it starts up: later, that interpreter start competed with painting for the two
        cores and stalled the GUI thread for 50-70 ms.
        """
        context = _context()
        if context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()

    @property
    def started(self) -> bool:
        """Whether worker processes exist (tests check a 304 refresh starts none)."""
        return self._pool is not None

    def executor(self) -> Executor:
        from concurrent.futures import ProcessPoolExecutor  # with multiprocessing: only when used

        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=_context(),
                    initializer=_init_worker,
                    initargs=(self.niceness, os.getpid()),
                )
            return self._pool

    def warm(self) -> None:
        """Start every worker and wait until each has run its initialiser.

        A worker that answers has been initialised; one worker may take several of the small
        jobs while another is still starting, hence the rounds.
        """
        executor = self.executor()
        answered: set[int] = set()
        for _ in range(_WARM_ROUNDS):
            futures = [executor.submit(_ready) for _ in range(self.workers)]
            answered.update(future.result() for future in futures)
            if len(answered) >= self.workers:
                return

    def reset(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class InlineExecutor(Executor):
    """Runs each job at once in the submitting thread (deterministic tests, no processes)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


class InlineParser:
    """A :class:`Parser` without processes."""

    def __init__(self) -> None:
        self._executor = InlineExecutor()

    def executor(self) -> Executor:
        return self._executor

    def reset(self) -> None:
        """Nothing to reset: inline parsing cannot break."""

    def warm(self) -> None:
        """Nothing to start."""

    def start_server(self) -> None:
        """Nothing to start."""

    def close(self) -> None:
        """Nothing to stop."""


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # player.launcher too: a worker re-runs the main module of the process that started it
        # (the ``podcast-player`` script, which imports the launcher); forked from a server
        # that has it, that costs nothing.
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


_PRELOAD = ["player.launcher", "player.feeds.parse", "player.feeds.jobs"]
_WARM_ROUNDS = 20
_OWNER_POLL_SECONDS = 0.5


def _exit_with(owner: int) -> None:
    """End this worker as soon as the process that owns the pool is gone.

    A window killed with SIGKILL (or aborting) cannot shut its pool down, and nothing else
    would: each worker holds the write ends of its own job queue and of the fork server's
    "alive" pipe, so no end-of-file ever reaches them, and the whole tree (fork server,
    resource tracker, workers) used to live on as orphans. A pidfd becomes readable the moment
    the owner exits, zombie or not; where there is none, poll.
    """
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        import select

        select.select([handle], [], [])
        os._exit(0)
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass  # alive, under another user: keep watching
        time.sleep(_OWNER_POLL_SECONDS)


def _ready() -> int:
    """A job that proves its worker is up (see :meth:`ProcessParser.warm`): its process id.

    It lasts a little, so that the other workers get their share of a round.
    """
    time.sleep(0.02)
    return os.getpid()


def _init_worker(niceness: int = 0, owner: int | None = None) -> None:
    """Lower the priority if asked, cap memory, watch the owner, and import the parser."""
    if owner is not None:
        threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()
    if niceness and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_AS, (min(limit, WORKER_MEMORY_LIMIT), hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the body size cap still bounds the input
    import player.feeds.parse  # noqa: F401  (warm: feedparser and our extensions)


__all__ = ["InlineExecutor", "InlineParser", "Parser", "ProcessParser"]
