"""Parsed feeds that wait for the database thread are written several to a transaction, and a
feed that fails there costs only itself."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future

import pytest

from player.domain.models import Podcast
from player.domain.queries import EpisodeQuery
from player.feeds.errors import NotAFeedError
from player.feeds.fetch import Fetcher
from player.feeds.jobs import ParseJob, ParseOutcome, run_job
from player.feeds.pool import InlineExecutor, InlineParser
from player.services import refresh
from player.services.refresh import RefreshRun
from player.storage import EpisodeRepo, PodcastRepo, Store
from tests.support.http_server import rss


def _parsed(title: str, guids: list[str]) -> Future[ParseOutcome]:
    future: Future[ParseOutcome] = Future()
    body = rss(title, [(g, f"{title} {g}") for g in guids])
    future.set_result(run_job(ParseJob(url=f"https://example.org/{title}.xml", body=body)))
    return future


def _run(store: Store, feeds: int) -> RefreshRun:
    run = RefreshRun(store, InlineParser(), Fetcher, InlineExecutor())
    run.summary.feeds = run._total = feeds
    return run


def _guids(store: Store, podcast_id: int) -> list[str]:
    return sorted(e.guid for e in EpisodeRepo(store).list(EpisodeQuery(podcast_id=podcast_id)))


def _commits(store: Store) -> list[str]:
    """Record the COMMITs this thread's connection runs (the test writes on this thread)."""
    seen: list[str] = []
    with store.write() as conn:  # this thread's connection, the one the run writes with
        conn.set_trace_callback(lambda sql: seen.append(sql) if sql == "COMMIT" else None)
    seen.clear()
    return seen


def test_feeds_waiting_together_are_written_in_one_transaction(memory_store: Store) -> None:
    podcasts = PodcastRepo(memory_store)
    shows = [podcasts.get(podcasts.add(f"https://example.org/{n}.xml", n)) for n in "ABC"]
    run = _run(memory_store, 3)
    for show in shows:
        run._ready.append((_parsed(show.title, [f"{show.title}1", f"{show.title}2"]), show, {}))
    commits = _commits(memory_store)

    run._write_ready()  # one call takes all three: they were waiting together

    assert not run._ready and run.summary.updated == 3
    assert commits == ["COMMIT"]
    assert [_guids(memory_store, s.id) for s in shows] == [["A1", "A2"], ["B1", "B2"], ["C1", "C2"]]


def test_a_feed_failing_in_a_group_fails_alone_and_the_others_are_stored(
    memory_store: Store,
) -> None:
    podcasts = PodcastRepo(memory_store)
    a = podcasts.get(podcasts.add("https://example.org/a.xml", "A"))
    c = podcasts.get(podcasts.add("https://example.org/c.xml", "C"))
    missing = Podcast(id=999, url="https://example.org/gone.xml", title="Gone")  # no such row
    broken: Future[ParseOutcome] = Future()
    broken.set_exception(NotAFeedError("The server sent an HTML page instead of a feed."))
    bad = Podcast(id=998, url="https://example.org/html.xml", title="HTML")
    run = _run(memory_store, 4)
    for done, podcast in (
        (_parsed("A", ["a1", "a2"]), a),
        (_parsed("B", ["b1"]), missing),  # its episodes' podcast does not exist: it fails
        (broken, bad),  # its parse failed: never part of the transaction
        (_parsed("C", ["c1"]), c),
    ):
        run._ready.append((done, podcast, {}))

    run._write_ready()

    assert not run._ready
    assert (run.summary.updated, run.summary.failed) == (2, 2)
    errors = dict(run.summary.errors)
    assert set(errors) == {missing.url, bad.url}
    assert "HTML page" in errors[bad.url]
    assert _guids(memory_store, a.id) == ["a1", "a2"]
    assert _guids(memory_store, c.id) == ["c1"]
    assert memory_store.scalar("SELECT count(*) FROM episodes WHERE guid = 'b1'") == 0


def test_a_group_stops_at_its_item_budget_and_a_big_feed_goes_alone(
    memory_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh, "GROUP_ITEMS", 3)
    podcasts = PodcastRepo(memory_store)
    shows = [podcasts.get(podcasts.add(f"https://example.org/{n}.xml", n)) for n in "PQRS"]
    run = _run(memory_store, 4)
    sizes = {"P": 2, "Q": 1, "R": 4, "S": 1}
    for show in shows:
        guids = [f"{show.title}{i}" for i in range(sizes[show.title])]
        run._ready.append((_parsed(show.title, guids), show, {}))

    run._write_ready()
    assert [entry[1].title for entry in run._ready] == ["R", "S"]  # P + Q made 3 items
    run._write_ready()
    assert [entry[1].title for entry in run._ready] == ["S"]  # R (4 items) alone
    run._write_ready()
    assert not run._ready and run.summary.updated == 4
    assert memory_store.scalar("SELECT count(*) FROM episodes") == 8


def test_a_feed_written_inside_a_transaction_joins_it_and_is_undone_with_it(
    memory_store: Store,
) -> None:
    from player.storage.feed_writer import write_feed

    pid = PodcastRepo(memory_store).add("https://example.org/a.xml", "A")
    doc = _parsed("A", ["a1", "a2"]).result().doc
    with pytest.raises(sqlite3.IntegrityError), memory_store.write() as conn:
        write_feed(memory_store, pid, doc)
        conn.execute("INSERT INTO episodes (podcast_id, guid, first_seen) VALUES (12345, 'x', 0)")
    assert memory_store.scalar("SELECT count(*) FROM episodes") == 0
