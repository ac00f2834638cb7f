"""The disk cache: kept for a while, never errors, corrupt files ignored."""

from __future__ import annotations

from pathlib import Path

from player.directory.cache import SEARCH_SECONDS, DirectoryCache
from player.directory.model import DirectoryResult, ProviderAnswer, Skipped

REQUEST = {"q": "daily", "limit": 30}


def _answer() -> ProviderAnswer:
    result = DirectoryResult(
        "The Daily",
        "https://x.org/rss",
        sources=("itunes",),
        categories=("News",),
        itunes_id=5,
        newest=1.5,
    )
    return ProviderAnswer("itunes", (result,), skipped=(Skipped("Gone", "no feed"),))


def test_round_trip_and_expiry(tmp_path: Path) -> None:
    now = [1000.0]
    cache = DirectoryCache(tmp_path, clock=lambda: now[0])
    assert cache.put("itunes", "search", REQUEST, _answer())
    got = cache.get("itunes", "search", {"limit": 30, "q": "daily"}, SEARCH_SECONDS)
    assert got is not None
    assert got.results == _answer().results and got.skipped == _answer().skipped
    assert cache.get("itunes", "search", {"q": "other", "limit": 30}, SEARCH_SECONDS) is None
    assert cache.get("fyyd", "search", REQUEST, SEARCH_SECONDS) is None
    now[0] += SEARCH_SECONDS + 1
    assert cache.get("itunes", "search", REQUEST, SEARCH_SECONDS) is None


def test_errors_and_uncacheable_answers_are_not_stored(tmp_path: Path) -> None:
    cache = DirectoryCache(tmp_path)
    assert not cache.put("itunes", "search", REQUEST, ProviderAnswer("itunes", error="403"))
    assert not cache.put("itunes", "search", REQUEST, ProviderAnswer("itunes", cacheable=False))
    assert list(tmp_path.iterdir()) == []


def test_corrupt_files_are_ignored_and_removed(tmp_path: Path) -> None:
    cache = DirectoryCache(tmp_path)
    cache.put("itunes", "search", REQUEST, _answer())
    path = cache.path("itunes", "search", REQUEST)
    for garbage in (b"{not json", b"[]", b'{"format": 1, "stored": 1}', b"\xff\xfe"):
        path.write_bytes(garbage)
        assert cache.get("itunes", "search", REQUEST, 1e12) is None
    assert not path.exists()
    assert cache.get("itunes", "search", REQUEST, SEARCH_SECONDS) is None  # and still no error
