"""The parallel search: every provider at once, one failing never fails the search."""

from __future__ import annotations

import threading

import httpx

from player.directory.fyyd import FyydProvider
from player.directory.gpodder import GpodderProvider
from player.directory.itunes import ITunesProvider
from player.directory.model import Provider, ProviderAnswer
from player.directory.podcastindex import PodcastIndexProvider
from player.directory.search import ask_all
from tests.support.directory_servers import FakeDirectories
from tests.support.http_server import closed_port_url


def _all(fakes: FakeDirectories) -> list[Provider]:
    pi = fakes.podcastindex
    return [
        ITunesProvider(),
        PodcastIndexProvider(pi.key, pi.secret),
        FyydProvider(),
        GpodderProvider(),
    ]


def _search(provider: Provider, client: httpx.Client) -> ProviderAnswer:
    return provider.search(client, "daily", 30)


def test_providers_are_asked_in_parallel(fakes: FakeDirectories, client: httpx.Client) -> None:
    fakes.set_latency(0.3)
    answer = ask_all(_all(fakes), _search, query="daily", client=client)
    assert answer.errors == {}
    assert set(answer.answered) == {"itunes", "podcastindex", "fyyd", "gpodder"}
    # in series it would take 4 x 0.3 s (and iTunes' look-up makes it 5 x)
    assert answer.seconds < 1.2, answer.seconds
    assert answer.results[0].title == "The Daily"
    assert answer.results[0].sources == ("itunes", "podcastindex", "fyyd", "gpodder")


def test_one_provider_down_is_an_error_beside_the_others_results(
    fakes: FakeDirectories,
    client: httpx.Client,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    fakes.fyyd.status = 503
    monkeypatch.setenv("PODCAST_PLAYER_GPODDER_URL", closed_port_url(""))
    answer = ask_all(_all(fakes), _search, query="daily", client=client)
    assert answer.errors == {
        "fyyd": "fyyd is having trouble: the server answered 503.",
        "gpodder": "gpodder.net cannot be reached (connection refused).",
    }
    assert set(answer.answered) == {"itunes", "podcastindex"}
    assert [r.title for r in answer.results][:2] == ["The Daily", "Daily Tech News Show"]


def test_the_whole_search_has_a_deadline(fakes: FakeDirectories, client: httpx.Client) -> None:
    fakes.gpodder.latency = 1.5
    answer = ask_all(_all(fakes), _search, query="daily", client=client, deadline=0.6)
    assert answer.errors == {"gpodder": "gpodder.net did not answer within 0.6 s."}
    assert answer.seconds < 1.2
    assert "itunes" in answer.answered
    # the straggler is abandoned, not awaited; let it end before the fixtures close the client
    for thread in threading.enumerate():
        if thread.name.startswith("directory"):
            thread.join(timeout=5)


def test_a_provider_bug_is_contained(fakes: FakeDirectories, client: httpx.Client) -> None:
    class Broken:
        name = "broken"
        label = "Broken"

        def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
            raise KeyError("oops")

        def charts(self, client, chart, limit):  # type: ignore[no-untyped-def]
            raise KeyError("oops")

    answer = ask_all([ITunesProvider(), Broken()], _search, query="daily", client=client)
    assert answer.errors == {"broken": "Broken failed unexpectedly (KeyError)."}
    assert answer.answered == ("itunes",)


def test_cached_answers_skip_the_request(fakes: FakeDirectories, client: httpx.Client) -> None:
    stored: dict[str, ProviderAnswer] = {}
    providers = [ITunesProvider(), FyydProvider()]

    def store(provider: Provider, answer: ProviderAnswer) -> None:
        stored[provider.name] = answer

    first = ask_all(providers, _search, client=client, store=store)
    assert set(stored) == {"itunes", "fyyd"}
    before = len(fakes.itunes.server.requests)
    second = ask_all(providers, _search, client=client, lookup=lambda p: stored.get(p.name))
    assert len(fakes.itunes.server.requests) == before
    assert [r.feed_url for r in second.results] == [r.feed_url for r in first.results]
