"""Chapter following on its own: a real store and chapter service, JSON chapters served over
loopback HTTP, and the background fetch and its hand-back run when the test says so."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from player.domain.models import Chapter, Episode
from player.services.chapter_follow import ChapterFollower
from player.services.chapters import ChapterService
from player.services.playback_state import ChapterChanged, ChaptersChanged, PlayerEvent
from player.storage import EpisodeRepo, Store
from tests.support.http_server import LoopbackServer, Reply
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory

JSON_DOC = {
    "version": "1.2.0",
    "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 2, "title": "Main"}],
}
FEED_CHAPTERS = (Chapter(start=0, title="From the feed"), Chapter(start=1.5, title="Later"))


@dataclass
class Player:
    """What the follower reads from the player, set by the test."""

    episode: Episode | None = None
    position: float = 0.0
    duration: float | None = 3.0


@dataclass
class Desk:
    """The follower, with its events, background jobs and posted calls kept for the test."""

    store: Store
    player: Player = field(default_factory=Player)
    events: list[PlayerEvent] = field(default_factory=list)
    jobs: list[Callable[[], None]] = field(default_factory=list)
    posted: list[Callable[[], None]] = field(default_factory=list)
    follower: ChapterFollower = field(init=False)

    def __post_init__(self) -> None:
        self.follower = ChapterFollower(
            ChapterService(self.store),
            self.player,
            self.events.append,
            self.posted.append,
            self.jobs.append,
        )

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def run_jobs(self) -> None:
        """The background thread's turn, then the owner thread's."""
        for job in self.jobs:
            job()
        for fn in self.posted:
            fn()
        self.jobs.clear()
        self.posted.clear()


def _episodes(store: Store, media: MediaFactory, server: LoopbackServer) -> tuple[Episode, Episode]:
    url = server.route("/ch.json", Reply(body=json.dumps(JSON_DOC).encode()))
    first, second = add_podcast(
        store,
        [
            item("a", media.tone(3.0), chapters_url=url, chapters=FEED_CHAPTERS),
            item("b", media.tone(3.0, 660), chapters=FEED_CHAPTERS),
        ],
    )
    repo = EpisodeRepo(store)
    return repo.get(first), repo.get(second)


def test_json_chapters_that_arrive_later_replace_the_feeds(
    store: Store, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        desk = Desk(store)
        episode, _ = _episodes(store, media, server)
        desk.player.episode = episode
        desk.follower.load(episode)
        assert desk.follower.track.source == "psc"  # at once, before any network
        assert len(desk.jobs) == 1 and not desk.posted
        desk.run_jobs()
    assert [e.source for e in desk.of(ChaptersChanged)] == ["psc", "json"]
    assert [c.title for c in desk.follower.track.chapters] == ["Intro", "Main"]
    assert desk.of(ChapterChanged)[-1] == ChapterChanged(0, desk.follower.track.chapters[0])


def test_chapters_of_an_episode_no_longer_loaded_are_not_applied(
    store: Store, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        desk = Desk(store)
        episode, other = _episodes(store, media, server)
        desk.player.episode = episode
        desk.follower.load(episode)
        desk.player.episode = other  # the listener moved on before the fetch came back
        desk.follower.load(other)
        desk.run_jobs()
        assert len(server.requests_for("/ch.json")) == 1  # fetched (and cached) all the same
    assert [e.source for e in desk.of(ChaptersChanged)] == ["psc"]  # the same list twice
    assert desk.follower.track.source == "psc"


def test_following_announces_a_chapter_only_when_it_changes(
    store: Store, media: MediaFactory
) -> None:
    with LoopbackServer() as server:
        desk = Desk(store)
        _, episode = _episodes(store, media, server)
    desk.player.episode = episode
    desk.follower.load(episode)
    assert desk.jobs == []  # no chapters file: nothing to fetch
    desk.follower.follow(force=True)
    desk.player.position = 0.5
    desk.follower.follow()
    desk.player.position = 1.6
    desk.follower.follow()
    desk.follower.follow()
    assert [e.index for e in desk.of(ChapterChanged)] == [0, 1]


def test_the_real_length_ends_the_last_chapter(store: Store, media: MediaFactory) -> None:
    with LoopbackServer() as server:
        desk = Desk(store)
        _, episode = _episodes(store, media, server)
    desk.player.episode, desk.player.duration = episode, None
    desk.follower.load(episode)
    assert desk.follower.track.chapters[-1].end is None
    desk.follower.extend_to(3.0)
    desk.follower.extend_to(3.0)  # the same length again: no news
    assert desk.follower.track.chapters[-1].end == 3.0
    assert len(desk.of(ChaptersChanged)) == 2
