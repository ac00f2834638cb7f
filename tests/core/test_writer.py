"""The app's serial writer: the GUI thread hands writes over and never waits for the database.

Real SQLite files and real feed writes throughout; "the GUI thread" is this test's main thread.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from player.domain.feed import FeedDocument, FeedItem
from player.services.listening import ListeningLog
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store
from player.storage.feed_writer import CHUNK_ITEMS, write_feed
from player.storage.settings import CachedSettings, SettingsRepo
from player.storage.writer import StoreWriter, between_transactions
from tests.support.library import add_podcast, item

GUI_BUDGET = 0.050
"""The longest a GUI-thread call may take (issue 20: the window never stalls over 50 ms)."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "library.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def writer(store: Store) -> Iterator[StoreWriter]:
    started = StoreWriter(store)
    yield started
    started.close()


def _hold(writer: StoreWriter) -> threading.Event:
    """Keep the writer's thread busy in a long job until the returned event is set."""
    release = threading.Event()
    started = threading.Event()

    def long_job() -> None:
        started.set()
        release.wait(10)

    writer.bulk.submit(long_job)
    assert started.wait(10)
    return release


def _big_feed(n: int) -> FeedDocument:
    now = time.time()
    return FeedDocument(
        title="Big Archive",
        items=[
            FeedItem(
                guid=f"big-{i}",
                title=f"Archive episode {i} about gardens and rivers",
                description=f"<p>Notes for episode {i}, with a link.</p>",
                description_text=f"Notes for episode {i}, with a link.",
                published=now - i * 3600,
                enclosure_url=f"https://example.org/{i}.mp3",
                duration=1800.0,
            )
            for i in range(n)
        ],
    )


def _position(store: Store, episode_id: int) -> float:
    return float(store.scalar("SELECT position FROM episodes WHERE id = ?", (episode_id,)) or 0)


def test_a_queued_save_is_replaced_by_the_next_one_with_the_same_key(
    store: Store, writer: StoreWriter
) -> None:
    (episode,) = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    ran: list[float] = []

    def save(position: float) -> None:
        def write(conn: sqlite3.Connection) -> None:
            ran.append(position)
            EpisodeRepo(store).set_position(episode, position, conn)

        writer.save(("position", episode), write)

    release = _hold(writer)
    for position in (1.0, 2.0, 3.0):
        save(position)
    writer.submit(lambda conn: ran.append(-1.0))
    save(4.0)
    release.set()
    assert writer.flush(10)
    # 1-3 collapsed into the latest; the newest goes after what was queued meanwhile.
    assert ran == [-1.0, 4.0]
    assert _position(store, episode) == 4.0


def test_small_writes_go_before_queued_long_jobs(store: Store, writer: StoreWriter) -> None:
    order: list[str] = []
    release = _hold(writer)
    writer.bulk.submit(lambda: order.append("feed"))
    done = writer.submit(lambda conn: order.append("position"))
    release.set()
    done.result(10)
    assert writer.flush(10)
    assert order == ["position", "feed"]


def test_a_long_job_lets_queued_saves_through_between_its_transactions(
    store: Store, writer: StoreWriter
) -> None:
    (episode,) = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    running, queued, seen = threading.Event(), threading.Event(), []

    def long_job() -> None:
        conn = store._connection()
        with store.write():
            running.set()
            queued.wait(10)
            between_transactions(conn)  # inside a transaction: nothing may run
            seen.append(_position(store, episode))
        between_transactions(conn)
        seen.append(_position(store, episode))

    feed = writer.bulk.submit(long_job)
    assert running.wait(10)
    writer.save("pos", lambda conn: EpisodeRepo(store).set_position(episode, 42.0, conn))
    queued.set()
    feed.result(10)
    assert seen == [0.0, 42.0]


def test_close_writes_what_is_still_queued(tmp_path: Path) -> None:
    store = Store(tmp_path / "library.sqlite3")
    (episode,) = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    writer = StoreWriter(store)
    release = _hold(writer)
    writer.save("pos", lambda conn: EpisodeRepo(store).set_position(episode, 12.5, conn))
    release.set()
    writer.close()
    store.close()
    reopened = Store(tmp_path / "library.sqlite3")
    assert _position(reopened, episode) == 12.5
    reopened.close()


def test_a_ticket_waits_for_the_writes_queued_before_it(store: Store, writer: StoreWriter) -> None:
    (episode,) = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    release = _hold(writer)
    writer.save("pos", lambda conn: EpisodeRepo(store).set_position(episode, 7.0, conn))
    ticket = writer.ticket()
    assert not writer.wait_for(ticket, timeout=0.2)  # still queued behind the long job
    writer.save("pos", lambda conn: EpisodeRepo(store).set_position(episode, 8.0, conn))
    release.set()
    assert writer.wait_for(ticket, timeout=10)
    assert _position(store, episode) == 8.0  # the replacement stood for the first save


def test_cached_settings_read_from_memory_and_write_through_the_writer(
    store: Store, writer: StoreWriter
) -> None:
    SettingsRepo(store).set("playback.rate", 1.5)
    settings = CachedSettings(store, writer)
    # Changed behind its back: the cache does not look (it never queries after loading).
    SettingsRepo(store).set("playback.rate", 2.5)
    assert settings.get("playback.rate") == 1.5
    assert settings.get("playback.volume") == 100  # a declared default
    release = _hold(writer)
    settings.set("ui.splitters", {"main": [1, 2]})
    settings.set("ui.splitters", {"main": [3, 4]})
    assert settings.get("ui.splitters") == {"main": [3, 4]}
    settings.get("ui.splitters")["main"].append(5)  # a caller's copy, not the cache
    assert settings.all()["ui.splitters"] == {"main": [3, 4]}
    assert SettingsRepo(store).get("ui.splitters") is None  # not written yet
    release.set()
    assert writer.flush(10)
    assert SettingsRepo(store).get("ui.splitters") == {"main": [3, 4]}


def _start_feed_write(
    store: Store, writer: StoreWriter, podcast_id: int, doc: FeedDocument, where: str
) -> Future[object]:
    """Start writing ``doc``; returns once the write holds the store's write lock."""
    holding = threading.Event()
    if where == "writer lane":

        def chunked() -> object:
            with store.write():  # a first, empty transaction marks the start
                holding.set()
            return write_feed(store, podcast_id, doc)

        done = writer.bulk.submit(chunked)
    else:  # a new subscription is one transaction, written here on a worker of its own
        done = Future()

        def lone() -> None:
            with store.write():
                holding.set()
                done.set_result(write_feed(store, podcast_id, doc))

        threading.Thread(target=lone, name="subscribe-worker").start()
    assert holding.wait(30)
    return done


@pytest.mark.parametrize("where", ["writer lane", "one transaction on a worker"])
def test_gui_thread_calls_stay_fast_while_a_10000_item_feed_is_written(
    store: Store, writer: StoreWriter, where: str
) -> None:
    """Position saves and settings on the GUI thread return in < 50 ms during a big feed write.

    Before the writer, ``ListeningLog.save`` took the store's write lock on the calling thread,
    which the feed write held for its whole transaction (seconds for 10,000 items).
    """
    (episode,) = add_podcast(store, [item("playing", "https://example.org/p.mp3")])
    big = PodcastRepo(store).add("https://example.org/big.xml", "Big Archive")
    settings = CachedSettings(store, writer)
    log = ListeningLog(store, writer=writer)
    feed = _start_feed_write(store, writer, big, _big_feed(10_000), where)

    slowest, calls, position = 0.0, 0, 10.0
    log.begin(episode, position, 1.0)
    landed_during_write = False
    while not feed.done():
        position += 1.0
        volume = int(position) % 100
        for call in (
            lambda at=position: log.save(episode, at, learning=True),
            lambda: settings.get("playback.skip_forward_seconds"),
            lambda v=volume: settings.set("playback.volume", v),
            settings.all,
        ):
            started = time.perf_counter()
            call()
            slowest = max(slowest, time.perf_counter() - started)
            calls += 1
        if where == "writer lane" and _position(store, episode) > 10.0 and not feed.done():
            landed_during_write = True  # the writer saved it between two chunks of the feed
        time.sleep(0.02)
    feed.result(30)
    assert writer.flush(30)

    assert slowest < GUI_BUDGET, f"a GUI-thread call took {slowest * 1000:.0f} ms"
    assert calls >= 20, "the feed write ended before the GUI thread got going"
    if where == "writer lane":
        assert landed_during_write, "no position reached the database during the feed write"
    assert _position(store, episode) == position
    assert SettingsRepo(store).get("playback.volume") == int(position) % 100
    (span,) = HistoryRepo(store).list(episode)
    assert span.to_pos == position
    count = store.scalar("SELECT COUNT(*) FROM episodes WHERE podcast_id = ?", (big,))
    assert count == 10_000 and CHUNK_ITEMS < 10_000


def test_only_the_writer_connection_gets_the_bulk_writing_cache_and_checkpoints(
    store: Store, writer: StoreWriter
) -> None:
    from player.storage.db import WRITER_CACHE_KIB, WRITER_CHECKPOINT_PAGES

    def pragmas(conn: sqlite3.Connection) -> tuple[int, int]:
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        return cache, conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]

    assert writer.submit(pragmas).result() == (-WRITER_CACHE_KIB, WRITER_CHECKPOINT_PAGES)
    reader = store.scalar("PRAGMA cache_size"), store.scalar("PRAGMA wal_autocheckpoint")
    assert reader == (-2000, 1000)  # SQLite's defaults everywhere else
