"""The transcript tables: the v7 migration, the index's rows, what deleting an episode leaves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from player.domain.transcript import Segment
from player.storage import Store
from player.storage.db import migrate, schema_version
from player.storage.schema import LATEST_VERSION
from player.storage.transcripts import ROWS_PER_EPISODE, TranscriptRepo
from tests.support.library import add_podcast, item


def test_upgrade_from_v6_adds_the_tables_and_keeps_episodes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=6)
    conn.execute("INSERT INTO podcasts (url, title, added_at) VALUES ('https://a/f', 'Old', 1)")
    conn.execute(
        "INSERT INTO episodes (podcast_id, guid, title, first_seen) VALUES (1, 'x', 'Kept', 1)"
    )
    conn.execute("INSERT INTO transcripts (episode_id, url, type) VALUES (1, 'https://a/t', 'x')")
    conn.close()
    store = Store(path)
    assert store.scalar("PRAGMA user_version") == LATEST_VERSION >= 7
    repo = TranscriptRepo(store)
    repo.index(1, "https://a/t", [Segment(3.0, None, None, "old words kept")])
    assert [(h.episode_id, h.start) for h in repo.search("kept")] == [(1, 3.0)]
    store.close()
    assert schema_version(sqlite3.connect(path)) == LATEST_VERSION


def test_reindexing_replaces_rows_and_deleting_the_episode_removes_them(store: Store) -> None:
    a, b = add_podcast(store, [item("a", "https://e/a.mp3"), item("b", "https://e/b.mp3")])
    repo = TranscriptRepo(store)
    repo.index(a, "u1", [Segment(1.0, 2.0, "Ann", "apple pie"), Segment(2.0, 3.0, None, "pear")])
    repo.index(b, "u2", [Segment(5.0, 6.0, None, "apple tart")])
    repo.index(a, "u1", [Segment(9.0, None, None, "apple crumble")])
    assert sorted((h.episode_id, h.start) for h in repo.search("apple")) == [(a, 9.0), (b, 5.0)]
    assert repo.search("pear") == []
    count = "SELECT COUNT(*) FROM transcripts_fts WHERE rowid BETWEEN ? AND ?"
    with store.write() as conn:
        conn.execute("DELETE FROM episodes WHERE id = ?", (a,))
    base = a * ROWS_PER_EPISODE
    assert store.scalar(count, (base, base + ROWS_PER_EPISODE - 1)) == 0
    assert [h.episode_id for h in repo.search("apple")] == [b]
    assert repo.indexed_url(a) is None and repo.indexed_url(b) == "u2"


def test_search_lists_at_most_three_places_per_episode(store: Store) -> None:
    a, b = add_podcast(store, [item("a", "https://e/a.mp3"), item("b", "https://e/b.mp3")])
    repo = TranscriptRepo(store)
    repo.index(a, "u", [Segment(n * 100.0, None, None, f"word {n}") for n in range(10)])
    repo.index(b, "v", [Segment(1.0, None, None, "a word")])
    hits = repo.search("word")
    assert [h.episode_id for h in hits] == [b, a, a, a]
    assert [h.start for h in hits[1:]] == [900.0, 800.0, 700.0]
    assert hits[0].snippet == "a [word]"
    assert repo.search("word", limit=2) == hits[:2]
    assert repo.search("") == [] and repo.search('"*') == []


def test_chunks_find_the_line_that_matched(store: Store) -> None:
    (a,) = add_podcast(store, [item("a", "https://e/a.mp3")])
    repo = TranscriptRepo(store)
    lines = [Segment(n * 4.0, None, None, f"line {n} says little") for n in range(8)]
    lines[5] = Segment(20.0, 24.0, "Ann", "Where the Café opens, " + "more words " * 20)
    repo.index(a, "u", lines)
    [hit] = repo.search("cafe open")
    assert hit.start == 20.0
    assert hit.snippet.startswith("Where the [Café] [opens], more words")
    assert hit.snippet.endswith("…") and len(hit.snippet.split()) == 16
    assert store.scalar("SELECT COUNT(*) FROM transcripts_fts") == 1  # one chunk


def test_cache_round_trip_keeps_none_fields(store: Store) -> None:
    repo = TranscriptRepo(store)
    segments = [Segment(0.5, None, None, "x"), Segment(1.0, 2.0, "Bé", "y \u2019")]
    repo.put("https://t", segments, etag='"e"', last_modified=None)
    cached = repo.cached("https://t")
    assert cached is not None and cached.segments == segments and cached.etag == '"e"'
    repo.fail("https://t", "gone", at=5.0)
    assert repo.failures(["https://t", "other"]) == {"https://t": ("gone", 5.0)}
    repo.put("https://t", segments)
    assert repo.failures(["https://t"]) == {}
