"""The sleep timer: after N minutes (a test clock moves the wall time), at the end of a chapter and
at the end of the episode, with the volume fading over the last seconds. Real libVLC plays."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.domain.models import EpisodeState
from player.playback.vlc_engine import VlcEngine
from player.services.playback_state import PlayerState, SleepMode, SleepTimerChanged
from player.services.sleep_timer import SleepClock, fade_factor
from player.storage import EpisodeRepo, QueueRepo, SettingsRepo, Store
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig


class StepClock:
    """Wall time that the test moves forward by hand (on top of the real time)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def clocked_rig(
    store: Store, vlc_engine: VlcEngine, clock: StepClock, tmp_path: Path
) -> Iterator[Rig]:
    player_rig = Rig.for_player(store, vlc_engine, clock=clock, image_dir=tmp_path / "images")
    yield player_rig
    player_rig.close()


def test_after_minutes_the_volume_fades_then_playback_stops(
    store: Store, clocked_rig: Rig, clock: StepClock, media: MediaFactory
) -> None:
    rig = clocked_rig
    (episode_id,) = add_podcast(store, [item("long", media.tone())])
    rig.player.load(episode_id)
    rig.wait_state(PlayerState.PLAYING)
    rig.player.set_volume(120)
    rig.player.sleep_after(1)
    assert rig.player.sleep.mode is SleepMode.AFTER_TIME
    assert rig.player.sleep.remaining == pytest.approx(60, abs=1)
    clock.offset += 55  # 5 s left of a 10 s fade: half the volume
    rig.wait(lambda: rig.engine.volume < 120, what="the fade")
    assert rig.engine.volume == pytest.approx(60, abs=4)
    assert rig.player.volume == 120  # the listener's setting is untouched
    assert any(e.sleep.fading for e in rig.of(SleepTimerChanged))
    clock.offset += 6
    rig.wait_state(PlayerState.PAUSED)
    assert rig.player.sleep.mode is SleepMode.OFF
    assert rig.engine.volume == 120  # back to normal for the morning
    saved = EpisodeRepo(store).get(episode_id).position
    assert saved == pytest.approx(rig.player.position, abs=0.01) and saved > 0


def test_at_the_end_of_the_chapter_playback_pauses_at_the_next_chapter(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    SettingsRepo(store).set("playback.sleep_fade_seconds", 1.5)
    (episode_id,) = add_podcast(store, [item("chaptered", media.chaptered())])
    rig.player.load(episode_id, autoplay=False)
    rig.player.seek(3.2)  # chapter two: 2.5 - 5.0
    rig.player.play()
    rig.wait_state(PlayerState.PLAYING)
    rig.player.sleep_at_end_of_chapter()
    volumes: list[int] = []
    rig.wait(
        lambda: volumes.append(rig.engine.volume) or rig.player.state is PlayerState.PAUSED,
        what="the pause at the chapter's end",
    )
    assert rig.player.position == 5.0  # ready to start chapter three
    assert rig.player.chapter_index == 2
    assert min(volumes) < 100  # it faded
    assert rig.engine.volume == 100 and rig.player.sleep.mode is SleepMode.OFF


def test_at_the_end_of_the_episode_it_does_not_advance(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    first, second = add_podcast(
        store, [item("first", media.tone(3.0)), item("second", media.tone(3.0, 660))]
    )
    QueueRepo(store).insert([first, second])
    rig.player.load(first)
    rig.player.set_rate(3.0)
    rig.player.sleep_at_end_of_episode()
    rig.wait_state(PlayerState.STOPPED)
    assert EpisodeRepo(store).get(first).state is EpisodeState.PLAYED
    assert rig.player.episode.id == first
    assert rig.player.sleep.mode is SleepMode.OFF


def test_cancel_restores_the_volume(store: Store, rig: Rig, media: MediaFactory) -> None:
    (episode_id,) = add_podcast(store, [item("short", media.tone(3.0))])
    SettingsRepo(store).set("playback.sleep_fade_seconds", 30)
    rig.player.load(episode_id)
    rig.player.sleep_at_end_of_episode()  # 3 s left of a 30 s fade: faded at once
    rig.wait(lambda: rig.engine.volume < 100, what="the fade")
    rig.player.cancel_sleep()
    assert rig.engine.volume == 100 and rig.player.sleep.remaining is None


def test_the_timer_arithmetic() -> None:
    timer = SleepClock()
    assert timer.remaining(now=0, position=0, rate=1, episode_end=100) is None
    timer.arm(SleepMode.AFTER_TIME, deadline=600)
    assert timer.remaining(now=100, position=0, rate=2, episode_end=None) == 500
    timer.arm(SleepMode.END_OF_EPISODE)
    assert timer.remaining(now=0, position=40, rate=2, episode_end=100) == 30  # wall seconds
    assert timer.remaining(now=0, position=40, rate=2, episode_end=None) is None
    timer.arm(SleepMode.END_OF_CHAPTER, target=50)
    assert timer.remaining(now=0, position=40, rate=1, episode_end=100) == 10
    assert fade_factor(None, 10) == 1.0 and fade_factor(20, 10) == 1.0
    assert fade_factor(2.5, 10) == 0.25 and fade_factor(-1, 10) == 0.0
