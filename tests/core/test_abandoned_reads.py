"""Reads no longer wanted stop early: a search typed past gives up inside SQLite instead of
reading on for a second (at 1,000,000 episodes) while the search typed after it waits."""

from __future__ import annotations

import threading
import time

import pytest

from player.domain.errors import AbandonedError
from player.storage import Store

LONG = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
    "SELECT COUNT(*) FROM n"
)  # seconds of SQLite work


def test_a_read_stops_soon_after_it_becomes_stale(memory_store: Store) -> None:
    wanted = threading.Event()
    wanted.set()
    timer = threading.Timer(0.05, wanted.clear)
    timer.start()
    started = time.perf_counter()
    with pytest.raises(AbandonedError), memory_store.abandoned_when(lambda: not wanted.is_set()):
        memory_store.scalar(LONG)
    assert time.perf_counter() - started < 1.0
    timer.join()


def test_a_wanted_read_finishes_and_the_check_ends_with_the_block(memory_store: Store) -> None:
    with memory_store.abandoned_when(lambda: False):
        assert memory_store.scalar("SELECT 41 + 1") == 42
    stale = True
    with memory_store.abandoned_when(lambda: stale):
        pass
    # Outside the block nothing is checked any more: the same connection reads to the end.
    assert memory_store.scalar(LONG.replace("50000000", "300000")) == 300_000


def test_other_errors_pass_through(memory_store: Store) -> None:
    import sqlite3

    with pytest.raises(sqlite3.OperationalError), memory_store.abandoned_when(lambda: True):
        memory_store.scalar("SELECT * FROM no_such_table")
