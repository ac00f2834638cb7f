"""The end of an episode with named queues, on the real libVLC engine (dummy output): the
player goes on in the active queue when that queue's auto-advance and the player's own
setting both allow it, and "next" follows the active queue."""

from __future__ import annotations

from player.domain.models import EpisodeState
from player.services.playback_state import EpisodeFinished, PlayerState
from player.services.queue import QueueService
from player.storage import SettingsRepo, Store
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig


def _three(store: Store, media: MediaFactory) -> tuple[QueueService, list[int], int]:
    ids = add_podcast(
        store,
        [
            item("first", media.tone(3.0)),
            item("second", media.tone(3.0, 660)),
            item("third", media.tone(3.0, 550)),
        ],
    )
    queues = QueueService(store)
    long = queues.create("Long listens")
    queues.add([ids[0], ids[1]])  # Next up: first, second
    queues.add([ids[0], ids[2]], queue_id=long)  # Long listens: first, third
    return queues, ids, long


def test_the_end_goes_on_in_the_active_queue(store: Store, rig: Rig, media: MediaFactory) -> None:
    queues, (first, second, third), long = _three(store, media)
    queues.set_active(long)
    rig.player.load(first)
    rig.player.set_rate(3.0)
    rig.wait(lambda: rig.player.episode.id == third and rig.player.state is PlayerState.PLAYING)
    assert rig.of(EpisodeFinished) == [EpisodeFinished(first, third)]
    assert queues.ids(long) == [third]
    assert queues.ids() == [third]
    assert queues.ids(1) == [second]  # heard: it left Next up too


def test_a_queue_without_auto_advance_stops_at_the_end(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    queues, (first, _second, third), long = _three(store, media)
    queues.set_active(long)
    queues.set_auto_advance(long, False)
    rig.player.load(first)
    rig.player.set_rate(3.0)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait_state(PlayerState.STOPPED)
    assert rig.player.episode.id == first and rig.player.episode.state is EpisodeState.PLAYED
    assert rig.of(EpisodeFinished) == [EpisodeFinished(first, None)]
    assert queues.ids(long) == [third]
    # "Next" by hand still moves on in that queue.
    assert rig.player.next_in_queue()
    assert rig.player.episode.id == third


def test_the_players_own_setting_must_allow_it_too(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    queues, (first, second, _third), _long = _three(store, media)
    SettingsRepo(store).set("playback.auto_advance", False)
    rig.player.reload_settings()
    rig.player.load(first)  # Next up is active and advances; the player's setting says no
    rig.player.set_rate(3.0)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait_state(PlayerState.STOPPED)
    assert rig.of(EpisodeFinished) == [EpisodeFinished(first, None)]
    assert queues.ids() == [second]


def test_next_follows_a_switch_of_queue(store: Store, rig: Rig, media: MediaFactory) -> None:
    queues, (first, second, third), long = _three(store, media)
    rig.player.load(first)
    rig.wait_state(PlayerState.PLAYING)
    queues.set_active(long)  # switched while playing: "next" reads the active queue now
    assert rig.player.next_in_queue()
    assert rig.player.episode.id == third
    queues.set_active(1)
    assert rig.player.next_in_queue()  # third is not in Next up: its head comes
    assert rig.player.episode.id == first
    assert rig.player.next_in_queue()
    assert rig.player.episode.id == second
