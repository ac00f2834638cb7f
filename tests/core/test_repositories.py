"""The repository methods the services' SQL moved into: same answers, same transactions."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from player.domain.models import EpisodeState, PlayEvent
from player.services.library import OPENED_LINKS_URL, LibraryService
from player.services.queue import QueueService
from player.services.up_next import UpNextService
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store
from player.storage.actions import EpisodeActionsRepo, ListenerState
from player.storage.candidates import CandidateRepo
from tests.support.library import add_podcast, item


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory library."""
    s = Store(None)
    yield s
    s.close()


def test_media_urls_reuse_a_library_episode_or_become_one_opened_link(store: Store) -> None:
    [known] = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    library = LibraryService(store)
    assert library.episode_for_media("https://example.org/a.mp3") == known

    first = library.episode_for_media("https://cdn.example.net/talk.mp4?token=1")
    again = library.episode_for_media("https://cdn.example.net/talk.mp4?token=1")
    assert first == again != known
    episode = EpisodeRepo(store).get(first)
    assert (episode.title, episode.enclosure_type) == ("talk.mp4", "video/mp4")
    opened = PodcastRepo(store).find_by_url(OPENED_LINKS_URL)
    assert opened is not None and episode.podcast_id == opened.id


def test_an_opened_link_and_its_podcast_are_written_together_or_not_at_all(store: Store) -> None:
    episodes = EpisodeRepo(store)
    with pytest.raises(RuntimeError), store.write() as conn:
        podcast_id = PodcastRepo(store).add(OPENED_LINKS_URL, title="Opened links")
        episodes.add_link(podcast_id, "https://example.org/x.mp3", "x.mp3", "audio/mpeg", conn)
        raise RuntimeError("the transaction fails after both writes")
    assert PodcastRepo(store).count() == 0
    assert episodes.find_by_media("https://example.org/x.mp3") is None


def test_the_queue_view_takes_each_podcast_rate_and_cover(store: Store) -> None:
    slow = add_podcast(store, [item("s", "https://example.org/s.mp3", duration=100)], title="S")
    fast = add_podcast(
        store, [item("f", "https://example.org/f.mp3", duration=100)], "https://b.org/f.xml"
    )
    podcasts = PodcastRepo(store)
    fast_show = EpisodeRepo(store).get(fast[0]).podcast_id
    podcasts.update(fast_show, playback_rate=2.0, image_url="https://b.org/cover.png")
    queue = QueueService(store)
    queue.add([*slow, *fast])
    view = queue.view()
    assert view.rates == {slow[0]: 1.0, fast[0]: 2.0}
    assert view.covers == {slow[0]: "", fast[0]: "https://b.org/cover.png"}
    assert view.seconds_left == pytest.approx(150.0)


def test_not_interested_marks_are_kept_restored_and_cleared_with_the_history(
    store: Store,
) -> None:
    a, b = add_podcast(
        store, [item("a", "https://example.org/a.mp3"), item("b", "https://example.org/b.mp3")]
    )
    marks = CandidateRepo(store)
    marks.dismiss(a, at=100.0)
    marks.dismiss(b)
    assert marks.dismissed_at(a) == 100.0
    marks.dismiss(a, at=200.0)
    marks.restore_dismissed(a, 100.0)
    assert marks.dismissed_at(a) == 100.0
    marks.restore_dismissed(b, None)
    assert marks.dismissed_at(b) is None
    assert marks.dismissed_count() == 1

    HistoryRepo(store).add(PlayEvent(episode_id=a, started_at=10.0, from_pos=0, to_pos=5))
    assert HistoryRepo(store).summary() == (1, 10.0, 10.0)
    UpNextService(store).clear_history()
    assert (marks.dismissed_count(), HistoryRepo(store).summary()) == (0, (0, None, None))


def test_imported_listener_state_is_read_and_set_inside_one_transaction(store: Store) -> None:
    [episode_id] = add_podcast(store, [item("a", "https://example.org/a.mp3")])
    repo = EpisodeActionsRepo(store)
    when = time.time()
    with pytest.raises(RuntimeError), store.write() as conn:
        repo.set_listener_state(episode_id, EpisodeState.PLAYED, 0, when, conn)
        assert repo.listener_state(episode_id, conn) == ListenerState(EpisodeState.PLAYED, when)
        raise RuntimeError("the import fails later")
    with store.write() as conn:
        assert repo.listener_state(episode_id, conn) == ListenerState(EpisodeState.NEW, None)
        repo.set_listener_state(episode_id, EpisodeState.NEW, 42.0, when, conn)
    episode = EpisodeRepo(store).get(episode_id)
    assert (episode.state, episode.position, episode.last_played) == (EpisodeState.NEW, 42.0, when)
    [key] = repo.episode_keys()
    assert key == (episode_id, "https://example.org/a.mp3", "a", "https://example.org/feed.xml")
