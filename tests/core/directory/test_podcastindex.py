"""Podcast Index: the signature (with the documentation's example key), search, trending,
by GUID, and its two kinds of error body."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from player.directory.model import Chart, DirectoryError
from player.directory.podcastindex import (
    PodcastIndexProvider,
    auth_headers,
    authorization,
)
from tests.support.directory_servers import FakeDirectories

# The example credentials of Podcast Index's API documentation ("example code": PHP, C#...).
DOC_KEY = "UXKCGDSYGUUEVQJSYDZH"
DOC_SECRET = "yzJe2eE7XV-3eY576dyRZ6wXyAbndh6LUrCZ8KN|"
DOC_DATE = 1600000000
# The documentation gives the key and secret but no digest for a fixed date; this one was
# computed outside Python (``printf %s KEYSECRET1600000000 | sha1sum``, and ``openssl sha1``).
DOC_DIGEST = "f40c95359616cdf7a5069ce7dd0aa01b1c7c3f6c"


def test_authorization_matches_the_documented_recipe() -> None:
    assert authorization(DOC_KEY, DOC_SECRET, DOC_DATE) == DOC_DIGEST
    again = hashlib.sha1(f"{DOC_KEY}{DOC_SECRET}{DOC_DATE}".encode()).hexdigest()
    assert again == DOC_DIGEST and DOC_DIGEST.lower() == DOC_DIGEST
    headers = auth_headers(DOC_KEY, DOC_SECRET, DOC_DATE)
    assert headers["X-Auth-Key"] == DOC_KEY
    assert headers["X-Auth-Date"] == "1600000000"  # an integer, no decimal point
    assert headers["Authorization"] == DOC_DIGEST
    assert headers["User-Agent"].startswith("podcast-player/")


def _provider(fakes: FakeDirectories, secret: str | None = None) -> PodcastIndexProvider:
    pi = fakes.podcastindex
    return PodcastIndexProvider(pi.key, secret or pi.secret, clock=lambda: 1_733_000_000.5)


def test_requests_are_signed_and_search_maps_fields(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    answer = _provider(fakes).search(client, "daily", 10)
    sent = fakes.podcastindex.server.requests[0]
    assert sent.path.startswith("/api/1.0/search/byterm?q=daily")
    assert sent.headers["x-auth-date"] == "1733000000"
    assert sent.headers["authorization"] == authorization(
        fakes.podcastindex.key, fakes.podcastindex.secret, 1733000000
    )
    first = answer.results[0]
    assert first.title == "The Daily"
    assert first.podcast_guid == "7f0dbf1a-1111-5aaa-9bbb-000000000001"
    assert first.itunes_id == 1200361736
    assert first.episode_count == 2400
    assert first.newest == 1_733_300_000.0
    assert set(first.categories) == {"Technology", "News"}
    assert first.website == "https://example.org/"


def test_secret_is_not_in_the_repr(fakes: FakeDirectories) -> None:
    assert fakes.podcastindex.secret not in repr(_provider(fakes))


def test_wrong_secret_is_a_401_with_a_plain_string_body(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    with pytest.raises(DirectoryError) as caught:
        _provider(fakes, secret="wrong").search(client, "daily", 10)
    assert str(caught.value) == (
        "Podcast Index refused the credentials "
        "(401: Authorization header value either not set or blank.)."
    )


def test_a_400_json_error_body_gives_its_description(
    fakes: FakeDirectories, client: httpx.Client
) -> None:
    with pytest.raises(DirectoryError) as caught:
        _provider(fakes).search(client, "", 10)
    assert str(caught.value) == (
        "Podcast Index rejected the request (400: No search terms specified.)."
    )


def test_ampersand_and_hash_reach_the_server(fakes: FakeDirectories, client: httpx.Client) -> None:
    _provider(fakes).search(client, "Rock & Roll #1", 10)
    assert fakes.podcastindex.queries == ["Rock & Roll #1"]


def test_trending_in_a_category(fakes: FakeDirectories, client: httpx.Client) -> None:
    answer = _provider(fakes).charts(client, Chart("us", "1318"), 3)
    sent = fakes.podcastindex.server.requests[0].path
    assert sent.startswith("/api/1.0/podcasts/trending?") and "cat=Technology" in sent
    assert len(answer.results) == 3


def test_by_guid(fakes: FakeDirectories, client: httpx.Client) -> None:
    provider = _provider(fakes)
    found = provider.by_guid(client, "7f0dbf1a-2222-5aaa-9bbb-000000000002")
    assert found is not None and found.title == "Daily Tech News Show"
    assert provider.by_guid(client, "unknown") is None
