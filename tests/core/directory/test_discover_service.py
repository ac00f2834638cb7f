"""DiscoverService: providers on and off, subscribed marks, the cache, the podcast page."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.domain.settings import DIRECTORY_ENABLED
from player.services.credentials import NO_KEYRING, Credentials
from player.services.discover import (
    NEEDS_KEY,
    OFF_IN_SETTINGS,
    DiscoverError,
    DiscoverService,
    ProviderStatus,
)
from player.storage import Store
from player.storage.podcasts import PodcastRepo
from player.storage.settings import SettingsRepo
from tests.support.directory_servers import FakeDirectories
from tests.support.http_server import LoopbackServer, rss
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


def _service(store: Store, tmp_path: Path, keyring: MemoryKeyring | None = None) -> DiscoverService:
    credentials = Credentials(keyring or MemoryKeyring())
    return DiscoverService(
        store, cache_dir=tmp_path / "cache" / "directory", credentials=credentials
    )


def test_podcast_index_is_off_without_a_key_and_says_how(store: Store, tmp_path: Path) -> None:
    statuses = {s.name: s for s in _service(store, tmp_path).providers()}
    assert statuses["podcastindex"].enabled is False
    assert statuses["podcastindex"].note == NEEDS_KEY.format(url="https://api.podcastindex.org")
    assert statuses["itunes"].enabled and statuses["itunes"].note == ""


def test_no_keyring_is_a_clear_state(store: Store, tmp_path: Path) -> None:
    from keyring.backends import fail

    credentials = Credentials(fail.Keyring())
    assert not credentials.available()
    assert credentials.status() == NO_KEYRING
    assert credentials.podcastindex() is None
    service = DiscoverService(store, credentials=credentials)
    statuses = {s.name: s for s in service.providers()}
    assert statuses["podcastindex"].note == NO_KEYRING


def test_switched_off_in_settings(store: Store, tmp_path: Path, fakes: FakeDirectories) -> None:
    SettingsRepo(store).set(DIRECTORY_ENABLED["fyyd"], False)
    service = _service(store, tmp_path)
    statuses = {s.name: s for s in service.providers()}
    assert statuses["fyyd"] == ProviderStatus("fyyd", "fyyd", False, OFF_IN_SETTINGS)
    answer = service.search("daily")
    assert "fyyd" not in answer.answered
    assert fakes.fyyd.server.requests == []


def test_search_with_a_key_asks_all_four_and_marks_subscriptions(
    store: Store, tmp_path: Path, fakes: FakeDirectories
) -> None:
    keyring = MemoryKeyring()
    Credentials(keyring).set_podcastindex(fakes.podcastindex.key, fakes.podcastindex.secret)
    PodcastRepo(store).add("http://feeds.feedburner.com/DailyTechNewsShow/", title="DTNS")
    service = _service(store, tmp_path, keyring)
    answer = service.search("  daily  ", limit=3)
    assert set(answer.answered) == {"itunes", "podcastindex", "fyyd", "gpodder"}
    assert len(answer.results) == 3
    marks = {r.title: r.subscribed for r in answer.results}
    assert marks == {
        "The Daily": False,
        "Daily Tech News Show": True,
        "The Daily Show: Ears Edition": False,
    }


def test_search_results_are_cached_on_disk_errors_are_not(
    store: Store, tmp_path: Path, fakes: FakeDirectories
) -> None:
    fakes.fyyd.status = 500
    service = _service(store, tmp_path)
    first = service.search("daily")
    assert "fyyd" in first.errors
    counts = {d.name: len(d.server.requests) for d in fakes.all}
    fakes.fyyd.status = None
    second = service.search("Daily")  # the same search: case and spaces do not matter
    assert len(fakes.itunes.server.requests) == counts["itunes"]  # from the cache
    assert len(fakes.fyyd.server.requests) == counts["fyyd"] + 1  # the error was not cached
    assert second.errors == {}
    assert [r.feed_url for r in second.results][:2] == [r.feed_url for r in first.results][:2]
    assert list((tmp_path / "cache" / "directory").glob("fyyd-search-*.json"))


def test_empty_query_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(DiscoverError, match="Type a podcast's name"):
        _service(store, tmp_path).search("   ")


def test_charts_and_genres(store: Store, tmp_path: Path, fakes: FakeDirectories) -> None:
    service = _service(store, tmp_path)
    genres = dict(service.genres())
    assert genres["1318"] == "Technology" and genres["1489"] == "News"
    answer = service.charts("us", "", 20)
    assert answer.results[0].title == "The Daily"
    assert {"itunes", "fyyd", "gpodder"} <= set(answer.answered)


def test_preview_reads_the_feed_and_stores_nothing(store: Store, tmp_path: Path) -> None:
    body = rss(
        "Preview Show",
        [("g3", "Third"), ("g2", "Second"), ("g1", "First")],
        extra="<description>About &lt;b&gt;it&lt;/b&gt;"
        "&lt;script&gt;x()&lt;/script&gt;</description>"
        '<itunes:author>Pat</itunes:author><itunes:category text="Arts &amp; Culture">'
        '<itunes:category text="Books"/></itunes:category>',
    )
    with LoopbackServer() as server:
        url = server.add("feed.xml", body, "application/rss+xml")
        page = _service(store, tmp_path).preview(url)
    assert page.title == "Preview Show"
    assert page.author == "Pat"
    assert page.feed_url == url
    assert "<script" not in page.description and "it" in page.description
    assert page.categories == ("Arts & Culture", "Books")
    assert [e.title for e in page.episodes] == ["Third", "Second", "First"]
    assert page.episodes[0].duration == 754
    assert page.subscribed is False
    assert PodcastRepo(store).list() == []


def test_rate_limited_itunes_is_not_cached(
    store: Store, tmp_path: Path, fakes: FakeDirectories
) -> None:
    service = _service(store, tmp_path)
    fakes.itunes.rate_limited = True
    first = service.search("daily")
    assert first.errors["itunes"].startswith("Apple Podcasts is limiting requests (403)")
    assert not list((tmp_path / "cache" / "directory").glob("itunes-*"))
    fakes.itunes.rate_limited = False
    second = service.search("daily")
    assert "itunes" in second.answered
    assert second.results[0].sources[0] == "itunes"


def test_base_url_from_settings_when_no_environment_variable(
    store: Store, tmp_path: Path, fakes: FakeDirectories, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player.domain.settings import DIRECTORY_URL

    monkeypatch.delenv("PODCAST_PLAYER_FYYD_URL")
    SettingsRepo(store).set(DIRECTORY_URL["fyyd"], fakes.fyyd.base_url + "/")
    answer = _service(store, tmp_path).search("rock")
    assert "fyyd" in answer.answered and fakes.fyyd.queries == ["rock"]


def test_preview_of_a_subscription_says_so(store: Store, tmp_path: Path) -> None:
    with LoopbackServer() as server:
        url = server.add("feed.xml", rss("Mine", [("g1", "One")]), "application/rss+xml")
        PodcastRepo(store).add(url.replace("http://", "https://") + "/", title="Mine")
        page = _service(store, tmp_path).preview(url)
    assert page.subscribed is True
    assert page.episode_count == 1


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the daily", False),
        ("99% invisible", False),
        ("radiolab", False),
        ("Dr. Death", False),
        ("", False),
        ("https://example.org/feed.xml", True),
        ("feed://example.org/rss", True),
        ("itpc://example.org/rss", True),
        ("nytimes.com", True),
        ("example.org/podcast/feed", True),
        ("  feeds.feedburner.com/x  ", True),
        ("v1.2", False),
    ],
)
def test_search_or_address(text: str, address: bool) -> None:
    from player.services.discover import is_address

    assert is_address(text) is address
