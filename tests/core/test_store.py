"""The SQLite store: migrations, WAL, foreign keys, FTS kept in step, transactions."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from player.domain.errors import StoreError
from player.domain.feed import FeedDocument, FeedItem
from player.domain.queries import EpisodeQuery
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.db import migrate, schema_version
from player.storage.feed_writer import write_feed
from player.storage.schema import LATEST_VERSION


def _feed(n: int, title: str = "Show") -> FeedDocument:
    items = [
        FeedItem(
            guid=f"g{i}",
            title=f"Episode {i} about gardens",
            description=f"<p>notes {i}</p>",
            description_text=f"notes {i}",
            published=1_700_000_000 + i,
            enclosure_url=f"https://example.org/{i}.mp3",
            duration=60.0 * i,
        )
        for i in range(n)
    ]
    return FeedDocument(title=title, items=items)


def test_fresh_database_is_latest_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.sqlite3")
    conn = sqlite3.connect(tmp_path / "lib.sqlite3")
    assert schema_version(conn) == LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "podcasts",
        "episodes",
        "chapters",
        "queue",
        "play_events",
        "settings",
        "transcripts",
        "episodes_fts",
    } <= tables
    conn.close()
    store.close()


def test_upgrade_from_previous_version_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=LATEST_VERSION - 1)
    conn.execute("INSERT INTO podcasts (url, title, added_at) VALUES ('https://a/feed', 'Old', 1)")
    conn.execute(
        "INSERT INTO episodes (podcast_id, guid, title, first_seen, position) "
        "VALUES (1, 'x', 'Kept episode', 1, 42.5)"
    )
    conn.close()

    store = Store(path)
    assert store.scalar("PRAGMA user_version") == LATEST_VERSION
    episode = EpisodeRepo(store).list()[0]
    assert (episode.title, episode.position) == ("Kept episode", 42.5)
    assert PodcastRepo(store).get(1).title == "Old"
    backups = list(tmp_path.glob("lib.sqlite3.v*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert schema_version(old) == LATEST_VERSION - 1
    assert old.execute("SELECT title FROM episodes").fetchone()[0] == "Kept episode"
    old.close()
    # Search works on data written before the upgrade (the triggers came with v1).
    assert [e.title for e in EpisodeRepo(store).search("kept")] == ["Kept episode"]
    store.close()


def test_database_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        Store(path)


def test_failed_migration_leaves_previous_version(tmp_path: Path, monkeypatch) -> None:
    from player.storage import db, schema

    path = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=1)
    broken = (*schema.MIGRATIONS[:1], "CREATE TABLE t (a);\nTHIS IS NOT SQL;")
    monkeypatch.setattr(db, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match="schema 2"):
        migrate(conn, path, target=2)
    assert schema_version(conn) == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None


def test_fts_follows_insert_update_delete_and_podcast_rename(memory_store: Store) -> None:
    podcasts, episodes = PodcastRepo(memory_store), EpisodeRepo(memory_store)
    pid = podcasts.add("https://example.org/feed", "Garden Radio")
    write_feed(memory_store, pid, _feed(3, "Garden Radio"))
    assert len(episodes.search("gardens")) == 3
    assert len(episodes.search("radio")) == 3  # podcast title is indexed
    assert len(episodes.search("gard")) == 3  # as-you-type prefix

    doc = _feed(3, "Garden Radio")
    doc.items[0].title = "Episode 0 about oceans"
    write_feed(memory_store, pid, doc)
    assert [e.guid for e in episodes.search("oceans")] == ["g0"]
    assert len(episodes.search("gardens")) == 2

    podcasts.update(pid, title="Sea Stories")
    assert len(episodes.search("sea stories")) == 3
    assert episodes.search("radio") == []

    with memory_store.write() as conn:
        conn.execute("DELETE FROM episodes WHERE guid = 'g1'")
    assert {e.guid for e in episodes.search("sea")} == {"g0", "g2"}
    podcasts.delete(pid)
    assert memory_store.scalar("SELECT COUNT(*) FROM episodes_fts") == 0


def test_search_text_with_fts_syntax_is_safe(memory_store: Store) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    write_feed(memory_store, pid, _feed(2))
    repo = EpisodeRepo(memory_store)
    for hostile in ('"', "AND", "a OR", "NEAR(", "*", "-x", "title:1", "'); DROP TABLE x; --"):
        repo.search(hostile)  # must not raise
    assert repo.search("   ") == []


def test_write_is_all_or_nothing(memory_store: Store) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    with pytest.raises(RuntimeError), memory_store.write() as conn:
        conn.execute("UPDATE podcasts SET title = 'changed' WHERE id = ?", (pid,))
        raise RuntimeError("crash mid-transaction")
    assert PodcastRepo(memory_store).get(pid).title == "Show"


def test_feed_write_keeps_vanished_items_and_merges_duplicate_guids(memory_store: Store) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    first = write_feed(memory_store, pid, _feed(3))
    assert (first.new, first.updated) == (3, 0)
    again = write_feed(memory_store, pid, _feed(3))
    assert (again.new, again.updated) == (0, 0)

    doc = _feed(3)
    doc.items = [*doc.items[1:], FeedItem(guid="g1", title="dup", enclosure_url="https://x/dup")]
    result = write_feed(memory_store, pid, doc)
    assert result.gone_from_feed == 1
    repo = EpisodeRepo(memory_store)
    everything = {e.guid: e for e in repo.list(EpisodeQuery(podcast_id=pid))}
    assert set(everything) == {"g0", "g1", "g2"}
    assert everything["g0"].in_feed is False
    assert everything["g1"].title == "Episode 1 about gardens"  # first occurrence wins


def test_missing_published_date_becomes_first_seen(memory_store: Store) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    before = time.time()
    write_feed(memory_store, pid, FeedDocument(items=[FeedItem(guid="a", title="Undated")]))
    episode = EpisodeRepo(memory_store).list()[0]
    assert episode.published is not None and episode.published >= before - 1
    assert episode.published == episode.first_seen


@pytest.mark.parametrize("sort", ["newest", "oldest", "title", "duration", "podcast"])
@pytest.mark.parametrize("descending", [None, True, False])
def test_paging_by_key_gives_the_same_rows_as_one_query(
    memory_store: Store, sort: str, descending: bool | None
) -> None:
    from player.domain.queries import EpisodeSort

    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    doc = _feed(57)
    for i, item in enumerate(doc.items):  # ties on every key, to exercise the id tie-break
        item.published = 1_700_000_000 + i // 3
        item.duration = float(i % 5) if i % 7 else None
        item.title = f"Episode {i % 4}"
    write_feed(memory_store, pid, doc)
    repo = EpisodeRepo(memory_store)
    query = EpisodeQuery(unplayed=True, sort=EpisodeSort(sort), descending=descending)
    everything = [e.id for e in repo.list(query)]
    paged: list[int] = []
    last = None
    while True:
        page = repo.list(query, limit=10, offset=len(paged), after=last)
        if not page:
            break
        paged += [e.id for e in page]
        last = page[-1]
    assert paged == everything
    assert len(everything) == 57


@pytest.mark.parametrize(
    "filters",
    [
        {"unplayed": True},
        {"in_progress": True},
        {"downloaded": True},
        {"podcast_id": 1},
        {"podcast_id": 1, "unplayed": True},
    ],
)
def test_a_search_is_driven_by_the_full_text_index(memory_store: Store, filters: dict) -> None:
    """With a search, SQLite must start from the FTS matches, never from an episodes index.

    Starting from the state index re-ran the MATCH for each of 50,000 unplayed episodes: a
    search in "New" took two minutes. The plans of the page and the count queries are checked.
    """
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Show")
    assert pid == 1
    write_feed(memory_store, pid, _feed(30))
    repo = EpisodeRepo(memory_store)
    conn = memory_store._connection()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        query = EpisodeQuery(text="gardens", **filters)
        repo.list(query, limit=10)
        repo.count(query)
    finally:
        conn.set_trace_callback(None)
    searches = [s for s in statements if "MATCH" in s]
    assert len(searches) == 2
    for sql in searches:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert plan[0].startswith("SCAN f VIRTUAL TABLE"), (sql, plan)
        assert not any(step.startswith("SEARCH e USING") and "INDEX" in step for step in plan)


def _open_descriptors_of(folder: Path) -> int:
    """How many of this process's file descriptors point into ``folder`` (Linux /proc)."""
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if Path(os.readlink(fd)).parent == folder:
                count += 1
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_connections_of_ended_threads_are_closed(tmp_path: Path) -> None:
    """Every refresh runs on new pool threads: their connections must not pile up.

    SQLite keeps a closed connection's descriptors while other connections hold locks on the
    file, and reuses them for the next connection: the count settles, it must not grow.
    """
    path = tmp_path / "lib.sqlite3"
    store = Store(path)

    def refresh_like_round() -> None:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda _i: store.scalar("SELECT count(*) FROM podcasts"), range(8)))

    try:
        for _ in range(3):
            refresh_like_round()
        settled = _open_descriptors_of(tmp_path)
        for _ in range(10):
            refresh_like_round()
        # A leak would add 16 descriptors a round (8 connections, database and WAL): 160 here.
        # SQLite's own list of descriptors waiting for reuse may still vary by a few.
        assert _open_descriptors_of(tmp_path) <= settled + 8
    finally:
        store.close()
    assert _open_descriptors_of(tmp_path) == 0


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_connections_of_threads_python_did_not_start_are_closed_too(tmp_path: Path) -> None:
    """libVLC's threads call back into Python through ctypes: Python sees them only as
    "dummy" threads that look alive forever. Their connections must still be closed once
    the OS thread is gone."""
    libc = ctypes.CDLL(None)
    start_routine = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)
    store = Store(tmp_path / "lib.sqlite3")

    def in_c_thread(_arg: int | None) -> None:
        store.scalar("SELECT count(*) FROM podcasts")

    routine = start_routine(in_c_thread)

    def run_c_thread() -> None:
        handle = ctypes.c_ulong()
        assert libc.pthread_create(ctypes.byref(handle), None, routine, None) == 0
        assert libc.pthread_join(handle, None) == 0

    try:
        for _ in range(3):
            run_c_thread()
        settled = _open_descriptors_of(tmp_path)
        for _ in range(30):
            run_c_thread()
        assert _open_descriptors_of(tmp_path) <= settled + 4  # a leak: 60 more
    finally:
        store.close()
    assert _open_descriptors_of(tmp_path) == 0


def test_opening_a_new_library_from_several_places_at_once_migrates_it_once(
    tmp_path: Path,
) -> None:
    """A window and a command opening a new data folder together: each step runs once (the
    version is read under the write lock), and nobody fails on a table that exists."""
    import threading

    failures: list[BaseException] = []
    for round_ in range(15):
        path = tmp_path / f"r{round_}" / "library.sqlite3"
        path.parent.mkdir()
        start = threading.Barrier(3)

        def open_it(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                Store(path).close()
            except BaseException as exc:  # collected: the assertion below names it
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with sqlite3.connect(path) as conn:
            assert schema_version(conn) == LATEST_VERSION
    assert failures == []
