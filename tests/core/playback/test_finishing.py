"""Reaching the end: played, position reset, out of the queue, on to the next; and the history."""

from __future__ import annotations

import pytest

from player.domain.models import EpisodeState
from player.services.playback_state import EpisodeChanged, EpisodeFinished, PlayerState
from player.storage import EpisodeRepo, HistoryRepo, QueueRepo, SettingsRepo, Store
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig


def _two_short_episodes(store: Store, media: MediaFactory) -> tuple[int, int]:
    first, second = add_podcast(
        store, [item("first", media.tone(3.0)), item("second", media.tone(3.0, 660))]
    )
    QueueRepo(store).insert([first, second])
    return first, second


def test_the_end_marks_played_and_advances_the_queue(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    first, second = _two_short_episodes(store, media)
    rig.player.load(first)
    rig.player.set_rate(3.0)
    rig.wait(lambda: rig.player.episode.id == second and rig.player.state is PlayerState.PLAYING)
    done = EpisodeRepo(store).get(first)
    assert done.state is EpisodeState.PLAYED and done.position == 0
    assert QueueRepo(store).ids() == [second]
    assert rig.of(EpisodeFinished) == [EpisodeFinished(first, second)]
    assert [e.episode.id for e in rig.of(EpisodeChanged)] == [first, second]
    # The whole listen is one span, from 0 to the end, at 3x.
    (span,) = HistoryRepo(store).list(first)
    assert span.from_pos == pytest.approx(0, abs=0.05) and span.rate == 3.0
    assert span.to_pos == pytest.approx(3.0, abs=0.1)


def test_without_auto_advance_the_player_stops_at_the_end(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    SettingsRepo(store).set("playback.auto_advance", False)
    first, second = _two_short_episodes(store, media)
    rig.player.load(first)
    rig.player.set_rate(3.0)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait_state(PlayerState.STOPPED)
    assert rig.player.episode.id == first and rig.player.episode.state is EpisodeState.PLAYED
    assert QueueRepo(store).ids() == [second]


def test_stopping_in_the_last_seconds_finishes_the_episode(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    long, other = add_podcast(store, [item("long", media.tone()), item("other", media.tone(3.0))])
    QueueRepo(store).insert([long, other])
    rig.player.load(long)
    rig.wait_state(PlayerState.PLAYING)
    rig.player.seek(50.0)  # 10 s before the end: inside the 15 s threshold
    rig.wait_position(50.3)
    rig.player.stop()
    assert EpisodeRepo(store).get(long).state is EpisodeState.PLAYED
    assert QueueRepo(store).ids() == [other]
    # The next entry is ready but does not start by itself after a stop.
    assert rig.player.episode.id == other and rig.player.state is PlayerState.PAUSED


def test_stopping_earlier_keeps_the_place(store: Store, rig: Rig, media: MediaFactory) -> None:
    (episode_id,) = add_podcast(store, [item("long", media.tone())])
    rig.player.load(episode_id)
    rig.wait_state(PlayerState.PLAYING)
    rig.player.seek(20.0)
    rig.wait_position(20.3)
    rig.player.stop()
    saved = EpisodeRepo(store).get(episode_id)
    assert saved.state is EpisodeState.NEW and 20.3 <= saved.position < 21.5
    assert rig.player.state is PlayerState.STOPPED
    rig.player.play()  # play after stop starts where it stopped
    rig.wait_state(PlayerState.PLAYING)
    assert saved.position <= rig.player.position < saved.position + 1.0


def test_history_is_recorded_only_while_learning_is_on(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode_id,) = add_podcast(store, [item("long", media.tone())])
    SettingsRepo(store).set("recommend.learning", False)
    rig.player.load(episode_id)
    rig.wait_position(1.5)
    rig.player.pause()
    assert HistoryRepo(store).count() == 0
    assert EpisodeRepo(store).get(episode_id).position >= 1.5  # the place is saved regardless
    SettingsRepo(store).set("recommend.learning", True)
    rig.player.reload_settings()
    rig.player.play()
    rig.wait_position(3.0)
    rig.player.pause()
    (span,) = HistoryRepo(store).list(episode_id)
    assert span.from_pos >= 1.5 and span.to_pos == pytest.approx(rig.player.position, abs=0.01)


def test_next_in_queue_moves_on_without_finishing(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    first, second = _two_short_episodes(store, media)
    rig.player.load(first)
    rig.wait_state(PlayerState.PLAYING)
    assert rig.player.next_in_queue()
    assert rig.player.episode.id == second and rig.player.state is PlayerState.LOADING
    rig.wait_position(0.3)
    assert EpisodeRepo(store).get(first).state is EpisodeState.NEW
    assert rig.player.next_in_queue() is False  # the queue has nothing after the last entry
