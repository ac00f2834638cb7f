"""The sync service as the GUI uses it: worker processes, local feeds, OPML, unsubscribe."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.feeds.opml import read_opml
from player.feeds.pool import ProcessParser
from player.services.sync import SyncService, ensure_demo_library, inline_service
from player.storage import EpisodeRepo, PodcastRepo, Store
from tests.support.http_server import LoopbackServer, Reply, conditional, rss


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def test_worker_processes_parse_and_start_only_when_needed(
    server: LoopbackServer, memory_store: Store
) -> None:
    repo = PodcastRepo(memory_store)
    for i in range(3):
        path = f"/p{i}.xml"
        server.route(
            path, conditional(rss(f"P{i}", [(f"p{i}-1", "a"), (f"p{i}-2", "b")]), f'"{i}"')
        )
        repo.add(server.url(path))
    parser = ProcessParser(workers=2)
    service = SyncService(memory_store, parser=parser)
    try:
        first = service.refresh()
        assert (first.updated, first.new_episodes) == (3, 6)
        assert sorted(len(ids) for ids in first.new_episode_ids.values()) == [2, 2, 2]
        parser.close()
        assert not parser.started
        again = service.refresh()
        assert again.not_modified == 3
        assert not parser.started  # every feed answered 304: no process was started
    finally:
        service.close()


def test_refreshing_only_new_items_parses_only_them(
    server: LoopbackServer, memory_store: Store
) -> None:
    old = rss("Show", [(f"g{i}", f"Episode {i}") for i in range(20, 0, -1)])
    server.route("/feed.xml", Reply(200, old))
    service = inline_service(memory_store)
    try:
        podcast_id = service.subscribe(server.url("/feed.xml")).podcast_id
        new = rss("Show", [(f"g{i}", f"Episode {i}") for i in range(21, 0, -1)])
        server.route("/feed.xml", Reply(200, new))
        summary = service.refresh()
    finally:
        service.close()
    assert summary.new_episodes == 1
    new_id = summary.new_episode_ids[podcast_id][0]
    assert EpisodeRepo(memory_store).get(new_id).title == "Episode 21"
    assert EpisodeRepo(memory_store).count() == 21


def test_a_local_feed_file_subscribes_like_the_demo(tmp_path: Path, memory_store: Store) -> None:
    feed = tmp_path / "show.xml"
    feed.write_bytes(
        b'<rss version="2.0"><channel><title>Local</title><item><guid>l1</guid>'
        b'<title>One</title><enclosure url="one.mp3" type="audio/mpeg"/></item></channel></rss>'
    )
    service = inline_service(memory_store)
    try:
        result = service.subscribe(str(feed))
        assert (result.title, result.new_episodes) == ("Local", 1)
        episode = EpisodeRepo(memory_store).list()[0]
        assert episode.enclosure_url == (tmp_path / "one.mp3").as_uri()
        assert service.refresh().not_modified == 1  # same bytes: nothing parsed
    finally:
        service.close()
    assert ensure_demo_library(memory_store) is None  # not empty: no demo added


def test_opml_import_and_export_round_trip(
    tmp_path: Path, server: LoopbackServer, memory_store: Store
) -> None:
    for name in ("a", "b", "c"):
        server.route(f"/{name}.xml", Reply(200, rss(name.upper(), [(f"{name}1", "x")])))
    opml = f"""<?xml version="1.0"?>
<opml version="1.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline TEXT="A" type="RSS" XMLURL="{server.url("/a.xml")}"/>
    <outline text="Deeper"><outline text="B" xmlUrl="{server.url("/b.xml")}"/></outline>
  </outline>
  <outline text="C &amp; co" xmlurl="{server.url("/c.xml")}" category="/Tech/Talk"/>
  <outline text="Missing" xmlUrl="{server.url("/missing.xml")}"/>
  <outline text="Not web" xmlUrl="ftp://example.org/feed"/>
</body></opml>"""
    source = tmp_path / "in.opml"
    source.write_text(opml)
    service = inline_service(memory_store)
    try:
        result = service.import_opml(source)
        assert (result.found, result.added, len(result.skipped)) == (5, 4, 1)
        assert (result.summary.updated, result.summary.failed) == (3, 1)
        again = service.import_opml(source)
        assert (again.added, again.already_subscribed) == (0, 4)
        folders = {p.title: p.folder for p in PodcastRepo(memory_store).list()}
        assert folders == {"A": "News", "B": "News/Deeper", "C": "Tech/Talk", "Missing": ""}
        out = io.BytesIO()
        assert service.export_opml(out) == 4
    finally:
        service.close()
    exported = out.getvalue()
    assert exported.startswith(b"<?xml") and b'<opml version="2.0">' in exported
    back = {f.url: f.folder for f in read_opml(exported)}
    assert back[server.url("/b.xml")] == "News/Deeper"
    assert len(back) == 4


def test_unsubscribe_removes_the_podcast_and_its_episodes(
    server: LoopbackServer, memory_store: Store
) -> None:
    url = server.route("/feed.xml", Reply(200, rss("S", [("s1", "x"), ("s2", "y")])))
    service = inline_service(memory_store)
    try:
        podcast_id = service.subscribe(url).podcast_id
        service.unsubscribe(podcast_id)
    finally:
        service.close()
    assert PodcastRepo(memory_store).count() == 0
    assert EpisodeRepo(memory_store).count() == 0


def test_warming_starts_the_workers_before_the_first_parse(
    server: LoopbackServer, memory_store: Store
) -> None:
    """The window warms the pool when idle so its first refresh does not start processes."""
    server.route("/w.xml", conditional(rss("W", [("w-1", "a")]), '"w"'))
    PodcastRepo(memory_store).add(server.url("/w.xml"))
    parser = ProcessParser(workers=2, niceness=5)
    parser.start_server()
    service = SyncService(memory_store, parser=parser)
    try:
        assert not parser.started
        service.warm_up()
        assert parser.started
        pool = parser.executor()
        assert len(pool._processes) == 2  # every worker is up, not only the first
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        for pid in pool._processes:  # the window's workers yield the CPU to its GUI thread
            assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, ours + 5)
        summary = service.refresh()
        assert (summary.updated, summary.new_episodes) == (1, 1)
        assert parser.executor() is pool  # the refresh used the warmed pool
    finally:
        service.close()
    assert not parser.started


def test_a_refresh_leaves_its_new_episodes_in_the_search_index(
    server: LoopbackServer, memory_store: Store
) -> None:
    from player.storage import search_index

    server.route(
        "/s.xml",
        conditional(rss("S", [("s-1", "Beekeeping basics"), ("s-2", "Honey harvest")]), '"s"'),
    )
    PodcastRepo(memory_store).add(server.url("/s.xml"))
    service = inline_service(memory_store)
    try:
        assert service.refresh().new_episodes == 2
        assert search_index.pending(memory_store) == 0  # indexed by the refresh itself
        assert memory_store.scalar("SELECT count(*) FROM episodes_fts") == 2
        assert [e.title for e in EpisodeRepo(memory_store).search("honey")] == ["Honey harvest"]
    finally:
        service.close()
