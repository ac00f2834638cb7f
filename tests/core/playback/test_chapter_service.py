"""Chapters into the store: JSON over HTTP with a cache, local JSON and ID3, all before playback."""

from __future__ import annotations

import json
import re
import time

import pytest

from player.domain.models import Chapter
from player.services.chapters import ChapterError, ChapterService
from player.services.playback_state import ChaptersChanged
from player.storage import EpisodeRepo, Store
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig

DOC = {
    "version": "1.2.0",
    "chapters": [
        {"startTime": 0, "title": "Intro", "img": "intro.png"},
        {"startTime": 1, "title": "Hidden marker", "toc": False},
        {"startTime": 2, "title": "Main", "url": "https://example.org/main"},
    ],
}


def test_http_json_chapters_are_fetched_once_then_revalidated(
    store: Store, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        server.add("/ch.json", json.dumps(DOC).encode(), "application/json+chapters")
        (episode_id,) = add_podcast(
            store, [item("e", media.tone(3.0), chapters_url=server.url("/ch.json"))]
        )
        episode = EpisodeRepo(store).get(episode_id)
        now = [time.time()]
        service = ChapterService(store, clock=lambda: now[0])
        assert service.prepare(episode) is True  # nothing cached: the network is needed
        service.ensure(episode)
        source, chapters = service.chosen(episode)
        assert source == "json" and [c.title for c in chapters] == ["Intro", "Main"]
        assert chapters[0].image_url == server.url("/intro.png")
        assert chapters[1].url == "https://example.org/main"
        # The hidden marker is stored (toc = 0) but never listed.
        assert [c.toc for c in EpisodeRepo(store).chapters(episode_id, "json")] == [
            True,
            False,
            True,
        ]
        service.ensure(episode)  # fresh copy: no request at all
        assert server.hits["/ch.json"] == 1
        now[0] += 2 * 24 * 3600  # two days later: revalidate, 304
        service.ensure(episode)
        assert (server.hits["/ch.json"], server.not_modified["/ch.json"]) == (2, 1)
        assert service.chosen(episode)[1] == chapters


def test_a_failed_fetch_keeps_the_cached_copy_and_other_sources(
    store: Store, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        server.add("/ch.json", json.dumps(DOC).encode(), "application/json")
        psc = (Chapter(start=0, title="From the feed"),)
        (episode_id,) = add_podcast(
            store,
            [item("e", server.url("/e.mp3"), chapters_url=server.url("/ch.json"), chapters=psc)],
        )
        episode = EpisodeRepo(store).get(episode_id)
        service = ChapterService(store, clock=lambda: time.time() + 3 * 24 * 3600)
        ChapterService(store).ensure(episode)
        server.remove("/ch.json")  # now 404
        service.fetch_json(episode)  # no exception: the cached copy stands
        assert service.chosen(episode)[0] == "json"
    other = add_podcast(
        store,
        [item("f", media.tone(3.0), chapters_url="http://127.0.0.1:9/none.json", chapters=psc)],
        url="https://example.org/other.xml",
    )[0]
    episode = EpisodeRepo(store).get(other)
    with pytest.raises(
        ChapterError, match=re.escape("Cannot fetch chapters from http://127.0.0.1:9")
    ):
        ChapterService(store).ensure(episode)
    assert ChapterService(store).chosen(episode) == ("psc", [Chapter(0, "From the feed")])


def test_loading_an_episode_fetches_json_chapters_in_the_background(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        server.add("/ch.json", json.dumps(DOC).encode(), "application/json")
        psc = (Chapter(start=0, title="From the feed"), Chapter(start=1.5, title="Later"))
        (episode_id,) = add_podcast(
            store, [item("e", media.tone(3.0), chapters_url=server.url("/ch.json"), chapters=psc)]
        )
        rig.player.load(episode_id, autoplay=False)
    # The rig runs background work inline; the result still arrives through the owner loop.
    assert rig.player.chapter_source == "psc"  # known before anything was fetched
    rig.wait(lambda: rig.player.chapter_source == "json", what="the JSON chapters")
    sources = [e.source for e in rig.of(ChaptersChanged)]
    assert sources == ["psc", "json"]
