"""Opening the SQLite store: WAL, foreign keys, migrations with a backup first.

One :class:`Store` per data folder. Each thread gets its own connection (SQLite connections
must not be shared across threads); writes are serialised by a process-wide lock and run in
``BEGIN IMMEDIATE`` transactions so two writers never deadlock upgrading a read lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from player.domain.errors import AbandonedError, StoreError
from player.i18n import _
from player.storage.schema import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

SqlValue = int | float | str | bytes | None
"""What SQLite hands back for one column."""

BUSY_TIMEOUT_MS = 15_000
PROGRESS_STEPS = 50_000
"""SQLite machine steps between two checks of :meth:`Store.abandoned_when` (about a
millisecond of work: each check takes the GIL, so not much more often)."""


WRITER_CACHE_KIB = 32 * 1024
WRITER_CHECKPOINT_PAGES = 10_000


def _connect(target: str, *, uri: bool) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are always explicit (``write()``)."""
    conn = sqlite3.connect(
        target,
        uri=uri,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Statement journals and sorts in memory: a feed's INSERTs (their triggers) used to
    # write and read back one temporary file per statement, 870,000 page writes for an
    # import of 40,000 episodes, 1.1 s of its system time.
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


@dataclass
class _ThreadConnection:
    """One thread's connection and the thread it was opened on."""

    conn: sqlite3.Connection
    thread: threading.Thread
    prunable: bool


def _ended_threads(entries: dict[int, _ThreadConnection]) -> list[int]:
    """Native ids of the threads among ``entries`` that no longer exist.

    Linux lists a process's threads in /proc/self/task, whoever started them. Elsewhere only
    threads Python started can be judged (``is_alive``); foreign ones are kept.
    """
    try:
        running = {int(name) for name in os.listdir("/proc/self/task")}
    except OSError:
        return [
            tid
            for tid, e in entries.items()
            if not isinstance(e.thread, threading._DummyThread) and not e.thread.is_alive()
        ]
    return [tid for tid in entries if tid not in running]


class Store:
    """The application's database. Cheap to share; hands out per-thread connections."""

    def __init__(self, path: Path | None = None) -> None:
        """Open (and create or upgrade) the database at ``path``; ``None`` means in memory."""
        self.path = path
        if path is None:
            # A named shared-cache memory database, so every thread sees the same data.
            self._target = f"file:podcast-player-{uuid.uuid4().hex}?mode=memory&cache=shared"
            self._uri = True
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._target = str(path)
            self._uri = False
        self._write_lock = threading.RLock()
        # One connection per OS thread, keyed by native thread id rather than held in a
        # ``threading.local``: a thread that is not Python's (libVLC's event threads calling
        # back through ctypes) gets a fresh thread state, and so a fresh local, on every call,
        # and used to open a new connection each time.
        self._threads: dict[int, _ThreadConnection] = {}
        self._threads_lock = threading.Lock()
        # The memory database lives as long as one connection to it is open: keep the first.
        self._keeper = self._connection(prunable=False)
        if path is not None:
            _use_wal(self._keeper)
        migrate(self._keeper, path)

    def _connection(self, prunable: bool = True) -> sqlite3.Connection:
        return self._entry(prunable).conn

    def _entry(self, prunable: bool = True) -> _ThreadConnection:
        """This thread's connection, opened on first use.

        Opening one also closes the connections of threads that have ended: each refresh and
        download runs on fresh pool threads, and their connections (two descriptors each, the
        database and its WAL) used to stay open until the window closed.
        """
        tid = threading.get_native_id()
        entry = self._threads.get(tid)
        if entry is not None:
            return entry
        try:
            conn = _connect(self._target, uri=self._uri)
        except sqlite3.Error as exc:
            raise StoreError(
                _("Cannot open the library database {target}: {exc}").format(
                    target=self._target, exc=exc
                )
            ) from exc
        entry = _ThreadConnection(conn, threading.current_thread(), prunable)
        with self._threads_lock:
            ended = _ended_threads(self._threads)
            stale = [self._threads.pop(t) for t in ended]
            self._threads[tid] = entry
        for old in stale:
            if old.prunable:
                with contextlib.suppress(sqlite3.Error):
                    old.conn.close()
        return entry

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, for repositories that run their own statements."""
        return self._connection()

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Run a read query on this thread's connection and return all rows (as ``Row``)."""
        conn = self._connection()
        cur = conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def rows(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        """A lazy cursor over a read on this thread's connection: rows are computed as they
        are read, so a caller that stops early (the first hits of a search) pays for no more."""
        return self._connection().execute(sql, params)

    def scalar(self, sql: str, params: tuple | dict = ()) -> SqlValue:
        """The first column of the first row, or None."""
        row = self._connection().execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextlib.contextmanager
    def abandoned_when(self, stale: Callable[[], bool]) -> Iterator[None]:
        """Reads on this thread inside the block give up once ``stale()`` is true.

        A read then raises :class:`AbandonedError`. For work whose answer nobody will use: a search
        the listener has typed past (at 1,000,000 episodes one word's search reads half the
        library for a second, on one of two cores, while the search typed after it waits).
        SQLite asks every :data:`PROGRESS_STEPS` steps of its machine, so it stops within a
        millisecond or two.
        """
        conn = self._connection()
        conn.set_progress_handler(lambda: 1 if stale() else 0, PROGRESS_STEPS)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if stale() and "interrupt" in str(exc):
                raise AbandonedError(_("the read was no longer wanted")) from None
            raise
        finally:
            conn.set_progress_handler(None, PROGRESS_STEPS)

    def tune_for_writing(self) -> None:
        """Make this thread's connection the one that writes in bulk (the store writer's).

        A 32 MiB page cache instead of 2 MiB, and a checkpoint every 10,000 WAL pages instead
        of 1,000: writing an import of 40,000 episodes read 500,000 pages back from the file
        (the indexes outgrew the cache) and wrote hot index pages back at every checkpoint;
        together the two cut 0.4 s of its 4 s of CPU (issue 21). Only this connection grows:
        the readers' caches stay small, and the memory is only taken as pages are touched.
        """
        conn = self._connection()
        conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")

    @contextlib.contextmanager
    def write(self, *, join: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction. Nested calls become savepoints of the outer one.

        Everything inside commits together or not at all; that is what keeps a crash from
        leaving half a feed, half a queue move or a position without its play event.

        ``join=True`` joins an enclosing transaction as it is, without a savepoint, for bulk
        writes whose caller undoes the whole transaction when they fail. Inside a savepoint
        every row an INSERT with a trigger writes pays for a statement journal: a feed of
        10,000 items written in a new subscription's transaction spent a second on them.
        """
        conn = self._connection()
        with self._write_lock:
            if conn.in_transaction and join:
                yield conn
                return
            if conn.in_transaction:
                name = f"sp_{uuid.uuid4().hex}"
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield conn
                except BaseException:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                conn.execute(f"RELEASE SAVEPOINT {name}")
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def vacuum(self) -> bool:
        """Rebuild the file with nothing of deleted or overwritten rows left in it (VACUUM
        with ``secure_delete``, then a TRUNCATE checkpoint, which empties the WAL); False when
        a reader kept the WAL from being emptied. Waits for the writers; not for a busy app."""
        if self.path is None:
            return True
        conn = self._connection()
        with self._write_lock:
            conn.execute("PRAGMA secure_delete = ON")
            try:
                conn.execute("VACUUM")
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                conn.execute("PRAGMA secure_delete = OFF")
        return not busy

    def close(self) -> None:
        """Close every connection this store opened (all threads)."""
        with self._threads_lock:
            entries, self._threads = list(self._threads.values()), {}
        conns = {id(e.conn): e.conn for e in entries}
        conns[id(self._keeper)] = self._keeper
        for conn in conns.values():
            with contextlib.suppress(sqlite3.Error):
                conn.close()


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (once: it is a property of the file, kept from then on).

    Switching needs the file to itself, and SQLite answers "database is locked" at once rather
    than waiting: a window and a command opening a new data folder together failed on it.
    """
    for attempt in range(_WAL_ATTEMPTS):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.02)


_WAL_ATTEMPTS = 250  # 5 s


def schema_version(conn: sqlite3.Connection) -> int:
    """The ``PRAGMA user_version`` of a connection's database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_file(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database (consistently, through SQLite's backup API) before an upgrade."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(conn: sqlite3.Connection, path: Path | None, target: int = LATEST_VERSION) -> int:
    """Bring the database up to ``target``; returns the version it started from.

    A database newer than this program is refused rather than touched: an older build must
    not write into a schema it does not know.
    """
    start = schema_version(conn)
    if start > LATEST_VERSION:
        raise StoreError(
            _(
                "The library database is from a newer version of the app (schema {start}, this "
                "build knows {LATEST_VERSION}). Update the app or use another --data-dir."
            ).format(start=start, LATEST_VERSION=LATEST_VERSION)
        )
    if start >= target:
        return start
    if path is not None and start > 0:
        saved = backup_file(conn, path, start)
        log.info("backed up schema v%d to %s before upgrading", start, saved)
    for version in range(start, target):
        script = MIGRATIONS[version]
        try:
            conn.execute("BEGIN IMMEDIATE")
            if schema_version(conn) > version:
                # another process (a window and a command opening a new data folder at once)
                # applied this step while we waited for the lock: read under it, not before
                conn.execute("COMMIT")
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                _("Upgrading the library to schema {value} failed: {exc}").format(
                    value=version + 1, exc=exc
                )
            ) from exc
        log.info("migrated library database to schema v%d", version + 1)
    return start


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (``executescript`` would commit on its own)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement:
                yield statement
            buffer = ""
    if buffer.strip():
        raise StoreError(
            _("Incomplete SQL statement in a migration: {strip}").format(strip=buffer.strip()[:60])
        )
