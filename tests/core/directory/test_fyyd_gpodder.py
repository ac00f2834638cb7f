"""fyyd and gpodder.net: their shapes (no author; categories as number or list; plain lists)."""

from __future__ import annotations

import httpx

from player.directory.fyyd import FyydProvider, category_ids
from player.directory.gpodder import GpodderProvider
from player.directory.model import Chart
from tests.support.directory_servers import FakeDirectories


def test_fyyd_search(fakes: FakeDirectories, client: httpx.Client) -> None:
    answer = FyydProvider().search(client, "Rock & Roll #1", 5)
    assert fakes.fyyd.queries == ["Rock & Roll #1"]
    [hit] = answer.results
    assert hit.title == "Rock & Roll #1 Hits"
    assert hit.author == ""  # fyyd has no author field
    assert hit.feed_url == "https://rock.example.org/feed.xml"
    assert hit.newest is not None and hit.episode_count == 10
    assert hit.website == "https://example.org/"


def test_fyyd_categories_as_number_or_list() -> None:
    assert category_ids([52, 61]) == (52, 61)
    assert category_ids(52) == (52,)
    assert category_ids("52") == (52,)
    assert category_ids(None) == ()


def test_fyyd_search_maps_both_category_forms(fakes: FakeDirectories, client: httpx.Client) -> None:
    # the fake alternates list and number: all three results come through
    answer = FyydProvider().search(client, "daily", 10)
    assert [r.title for r in answer.results] == ["The Daily", "Daily Tech News Show"]
    assert answer.results[1].feed_url == "https://feeds2.feedburner.com/dailytechnewsshow/"


def test_fyyd_hot_list(fakes: FakeDirectories, client: httpx.Client) -> None:
    answer = FyydProvider().charts(client, Chart(), 2)
    assert fakes.fyyd.server.requests[0].path == "/0.2/feature/podcast/hot?count=2"
    assert len(answer.results) == 2
    science = FyydProvider().charts(client, Chart("us", "1533"), 2)
    assert science.results == () and science.error is None, "no category lists: nothing"
    assert len(fakes.fyyd.server.requests) == 1, "and nothing asked of the server"


def test_gpodder_search_toplist_and_tags(fakes: FakeDirectories, client: httpx.Client) -> None:
    provider = GpodderProvider()
    answer = provider.search(client, "Rock & Roll #1", 10)
    assert fakes.gpodder.queries == ["Rock & Roll #1"]
    assert answer.results == ()  # the fake's catalogue has it on iTunes and fyyd only
    daily = provider.search(client, "daily", 1)
    assert [r.title for r in daily.results] == ["The Daily"]
    assert daily.results[0].episode_count is None  # gpodder.net does not know
    top = provider.charts(client, Chart(), 1)
    assert fakes.gpodder.server.requests[-1].path == "/toplist/1.json"
    assert [r.title for r in top.results] == ["The Daily"]
    news = provider.charts(client, Chart("us", "1489"), 5)
    assert fakes.gpodder.server.requests[-1].path == "/api/2/tag/news/5.json"
    assert [r.title for r in news.results] == ["The Daily"]
    assert provider.tags(client, 2) == [("technology", "Technology", 530), ("news", "News", 321)]
