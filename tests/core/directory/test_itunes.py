"""The iTunes provider against the fake Apple server: shapes, quirks, errors."""

from __future__ import annotations

import httpx

from player.directory.itunes import NO_FEED, ITunesProvider
from player.directory.model import Chart, DirectoryError
from tests.support.directory_servers import FakeDirectories


def _provider(fakes: FakeDirectories) -> ITunesProvider:
    return ITunesProvider()  # the base URL comes from PODCAST_PLAYER_ITUNES_URL


def test_environment_variable_points_the_provider_at_the_fake(fakes: FakeDirectories) -> None:
    assert _provider(fakes).base == fakes.itunes.base_url
    assert ITunesProvider("https://mirror.example.org/").base == fakes.itunes.base_url


def test_setting_is_used_without_the_environment_variable(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PODCAST_PLAYER_ITUNES_URL", raising=False)
    assert ITunesProvider("https://mirror.example.org/").base == "https://mirror.example.org"
    assert ITunesProvider().base == "https://itunes.apple.com"


def test_search_parses_text_javascript_and_keeps_apples_order(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).search(client, "daily", 30)
    sent = fakes.itunes.server.requests[0]
    # the fake answers as Apple does; the provider parsed it all the same
    raw = client.get(f"{fakes.itunes.base_url}/search", params={"term": "daily"})
    assert raw.headers["content-type"].startswith("text/javascript")
    assert sent.path.startswith("/search?")
    titles = [r.title for r in answer.results]
    assert titles[:3] == ["The Daily", "Daily Tech News Show", "The Daily Show: Ears Edition"]
    daily = answer.results[0]
    assert daily.itunes_id == 1200361736
    assert daily.author == "The New York Times"
    assert daily.episode_count == 2400
    assert daily.newest == 1_733_300_000.0
    assert daily.image_url.endswith("cover.jpg")  # the 600 px artwork, not the 30 px one
    assert daily.sources == ("itunes",)
    assert "Podcasts" not in daily.categories


def test_missing_feed_url_is_looked_up_and_else_skipped_with_a_reason(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).search(client, "daily", 30)
    by_title = {r.title: r for r in answer.results}
    assert by_title["Daily Lookup Only"].feed_url == "https://lookup.example.org/rss"
    assert "Daily Without Feed" not in by_title
    assert [(s.title, s.reason) for s in answer.skipped] == [("Daily Without Feed", NO_FEED)]
    assert all(r.feed_url for r in answer.results)
    # one batched look-up for both ids, not one request each
    assert fakes.itunes.lookups == ["1500000002,1500000003"]
    assert answer.cacheable


def test_failed_lookup_skips_the_entries_and_is_not_cacheable(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    provider = _provider(fakes)
    original = fakes.itunes.answer

    def lookup_down(path, params, seen):  # type: ignore[no-untyped-def]
        if path == "/lookup":
            from tests.support.http_server import Reply

            return Reply(503, b"busy")
        return original(path, params, seen)

    fakes.itunes.answer = lookup_down  # type: ignore[method-assign]
    answer = provider.search(client, "daily", 30)
    assert "Daily Lookup Only" not in [r.title for r in answer.results]
    assert any("could not be looked up" in s.reason for s in answer.skipped)
    assert not answer.cacheable


def test_query_with_ampersand_and_hash_reaches_the_server_intact(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).search(client, "Rock & Roll #1", 10)
    assert fakes.itunes.queries == ["Rock & Roll #1"]
    assert [r.title for r in answer.results] == ["Rock & Roll #1 Hits"]
    assert "#" not in fakes.itunes.server.requests[0].path  # encoded, not a fragment


def test_rate_limit_403_is_a_readable_error(fakes: FakeDirectories, client: httpx.Client) -> None:
    fakes.itunes.rate_limited = True
    try:
        _provider(fakes).search(client, "daily", 30)
    except DirectoryError as exc:
        assert str(exc).startswith("Apple Podcasts is limiting requests (403)")
        assert not exc.cacheable
    else:
        raise AssertionError("a 403 must raise")


def test_charts_resolve_feed_urls_in_one_batched_lookup(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).charts(client, Chart("us", ""), 50)
    assert fakes.itunes.server.requests[0].path == "/us/rss/toppodcasts/limit=50/json"
    assert len(fakes.itunes.lookups) == 1
    assert len(fakes.itunes.lookups[0].split(",")) == 6
    titles = [r.title for r in answer.results]
    assert titles[0] == "The Daily"
    assert "Daily Lookup Only" in titles  # its chart entry had no feed: the look-up gave it
    assert [s.title for s in answer.skipped] == ["Daily Without Feed"]
    assert answer.results[0].description == "This is what the news should sound like."


def test_chart_of_one_genre_with_a_single_entry_object(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).charts(client, Chart("de", "1489"), 10)
    assert fakes.itunes.server.requests[0].path == "/de/rss/toppodcasts/limit=10/genre=1489/json"
    assert [r.title for r in answer.results] == ["The Daily"]
