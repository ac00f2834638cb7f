"""The search index filled in bulk (schema V13): correct whenever it is read, complete after
a refresh, nothing lost by a crash between a feed's write and its indexing."""

from __future__ import annotations

from pathlib import Path

from player.domain.feed import FeedDocument, FeedItem
from player.domain.queries import EpisodeQuery
from player.storage import EpisodeRepo, PodcastRepo, Store, search_index
from player.storage.feed_writer import write_feed


def _feed(n: int, word: str = "gardens", start: int = 0) -> FeedDocument:
    return FeedDocument(
        title="Garden Radio",
        items=[
            FeedItem(
                guid=f"g{i}",
                title=f"Episode {i} about {word}",
                description=f"<p>notes {i}</p>",
                description_text=f"notes {i}",
                published=1_700_000_000 + i,
                enclosure_url=f"https://example.org/{i}.mp3",
            )
            for i in range(start, start + n)
        ],
    )


def _indexed(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM episodes_fts") or 0)


def test_a_feed_write_leaves_its_episodes_pending_and_the_first_search_indexes_them(
    memory_store: Store,
) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Garden Radio")
    write_feed(memory_store, pid, _feed(5))
    assert search_index.pending(memory_store) == 5
    assert _indexed(memory_store) == 0

    found = EpisodeRepo(memory_store).list(EpisodeQuery(text="gardens"), limit=50)
    assert sorted(e.guid for e in found) == [f"g{i}" for i in range(5)]
    assert search_index.pending(memory_store) == 0
    assert _indexed(memory_store) == 5
    assert EpisodeRepo(memory_store).count(EpisodeQuery(text="radio")) == 5  # show title too


def test_catch_up_indexes_in_chunks_and_reads_the_current_text(memory_store: Store) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Garden Radio")
    n = search_index.CHUNK * 2 + 7
    write_feed(memory_store, pid, _feed(n))
    with memory_store.write() as conn:  # changed while pending: the index gets the new text
        conn.execute("UPDATE episodes SET title = 'Episode about oceans' WHERE guid = 'g3'")
        conn.execute("DELETE FROM episodes WHERE guid = 'g4'")  # deleted while pending
    assert search_index.pending(memory_store) == n - 1

    assert search_index.catch_up(memory_store) == n - 1
    assert search_index.catch_up(memory_store) == 0
    assert _indexed(memory_store) == n - 1
    repo = EpisodeRepo(memory_store)
    assert [e.guid for e in repo.search("oceans")] == ["g3"]
    assert repo.count(EpisodeQuery(text="gardens")) == n - 2
    assert repo.search(f"Episode {n - 1}")[0].guid == f"g{n - 1}"


def test_episodes_of_a_new_write_join_an_index_that_already_has_others(
    memory_store: Store,
) -> None:
    pid = PodcastRepo(memory_store).add("https://example.org/feed", "Garden Radio")
    write_feed(memory_store, pid, _feed(3))
    assert EpisodeRepo(memory_store).count(EpisodeQuery(text="gardens")) == 3
    doc = _feed(3)
    doc.items.extend(_feed(2, word="bees", start=3).items)
    write_feed(memory_store, pid, doc)
    assert search_index.pending(memory_store) == 2
    assert EpisodeRepo(memory_store).count(EpisodeQuery(text="bees")) == 2
    assert EpisodeRepo(memory_store).count(EpisodeQuery(text="episode")) == 5
    assert _indexed(memory_store) == 5


def test_pending_episodes_survive_a_crash_and_a_search_after_reopening_finds_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "library.sqlite3"
    store = Store(path)
    pid = PodcastRepo(store).add("https://example.org/feed", "Garden Radio")
    write_feed(store, pid, _feed(4))
    store.close()  # as if the process ended before the refresh's catch-up

    again = Store(path)
    try:
        assert search_index.pending(again) == 4
        assert EpisodeRepo(again).count(EpisodeQuery(text="gardens")) == 4
        assert search_index.pending(again) == 0
    finally:
        again.close()


def test_removing_a_podcast_removes_its_pending_episodes(memory_store: Store) -> None:
    podcasts = PodcastRepo(memory_store)
    pid = podcasts.add("https://example.org/feed", "Garden Radio")
    write_feed(memory_store, pid, _feed(3))
    podcasts.delete(pid)
    assert search_index.pending(memory_store) == 0
    assert search_index.catch_up(memory_store) == 0


def test_subscribing_to_a_feed_file_makes_its_episodes_searchable_at_once(
    tmp_path: Path, memory_store: Store
) -> None:
    from player.services.sync import inline_service
    from tests.support.http_server import rss

    path = tmp_path / "feed.xml"
    path.write_bytes(rss("Bees", [("b-1", "Beekeeping basics"), ("b-2", "Honey harvest")]))
    service = inline_service(memory_store)
    try:
        assert service.subscribe(str(path)).new_episodes == 2
    finally:
        service.close()
    assert search_index.pending(memory_store) == 0
    assert _indexed(memory_store) == 2
