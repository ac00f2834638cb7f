"""The sleep timer's rules on their own: a clock the test moves, a playhead the test sets, and
a record of what the timer asked the player to do (the player side is in test_sleep_timer.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from player.services.playback_state import SleepMode, SleepTimer
from player.services.sleep_timer import Playhead, SleepController


@dataclass
class Bench:
    """The controller with a hand-moved clock and playhead, and what it did."""

    now: float = 1000.0
    head: Playhead = field(default_factory=lambda: Playhead(0.0, 1.0, 600.0, playing=True))
    fade_seconds: float = 10.0
    changes: list[SleepTimer] = field(default_factory=list)
    fades: list[float] = field(default_factory=list)
    stops: list[float | None] = field(default_factory=list)
    timer: SleepController = field(init=False)

    def __post_init__(self) -> None:
        self.timer = SleepController(
            lambda: self.now,
            lambda: self.head,
            lambda: self.fade_seconds,
            on_change=self.changes.append,
            on_fade=lambda: self.fades.append(self.timer.fade),
            stop=self.stops.append,
            fire_within=0.125,
        )

    def at(self, position: float, playing: bool = True) -> None:
        self.head = Playhead(position, self.head.rate, self.head.duration, playing)


@pytest.fixture
def bench() -> Bench:
    return Bench()


def test_after_minutes_fades_over_the_last_seconds_then_stops(bench: Bench) -> None:
    bench.timer.after(2)
    assert bench.changes[-1] == SleepTimer(SleepMode.AFTER_TIME, 120.0, False)
    bench.now += 110  # 10 s left: the fade starts (not yet audible)
    bench.timer.tick()
    assert bench.timer.fade == 1.0 and bench.stops == []
    bench.now += 5  # half-way through the fade
    bench.timer.tick()
    assert bench.timer.fade == pytest.approx(0.5)
    assert bench.changes[-1].fading  # announced once, when the fade began
    bench.now += 2.5
    bench.timer.tick()
    assert bench.timer.fade == pytest.approx(0.25)
    assert sum(c.fading for c in bench.changes) == 1
    bench.now += 2.45  # within half a tick of the deadline: it fires
    bench.timer.tick()
    assert bench.stops == [None]
    assert bench.timer.mode is SleepMode.OFF and bench.timer.fade == 1.0
    assert bench.fades[-1] == 1.0  # the player restored the volume
    assert bench.changes[-1] == SleepTimer(SleepMode.OFF, None, False)


def test_a_timer_that_runs_out_while_paused_only_switches_off(bench: Bench) -> None:
    bench.timer.after(1)
    bench.at(30.0, playing=False)
    bench.now += 55
    bench.timer.tick()
    assert bench.timer.fade == 1.0  # nothing to fade while silent
    bench.now += 5
    bench.timer.tick()
    assert bench.stops == [] and bench.timer.mode is SleepMode.OFF


def test_end_of_chapter_counts_media_time_at_the_speed_and_resumes_at_the_next(
    bench: Bench,
) -> None:
    bench.head = Playhead(position=100.0, rate=2.0, duration=600.0, playing=True)
    bench.timer.at_end_of_chapter(140.0)
    assert bench.timer.state.remaining == 20.0  # 40 media seconds at 2x
    bench.at(139.9)
    bench.timer.tick()
    assert bench.stops == [140.0]  # pause there, ready for the next chapter
    assert bench.timer.mode is SleepMode.OFF


def test_the_last_chapter_ends_with_the_episode_so_nothing_to_seek_to(bench: Bench) -> None:
    bench.timer.at_end_of_chapter(600.0)
    bench.at(599.95)
    bench.timer.tick()
    assert bench.stops == [None]


def test_no_chapters_means_the_end_of_the_episode(bench: Bench) -> None:
    bench.timer.at_end_of_chapter(None)
    assert bench.timer.mode is SleepMode.END_OF_EPISODE
    assert bench.timer.stops_with_episode
    bench.at(599.95)
    bench.timer.tick()  # while playing, the media's own end stops it
    assert bench.stops == [] and bench.timer.mode is SleepMode.END_OF_EPISODE


def test_a_jump_retargets_only_an_end_of_chapter_timer(bench: Bench) -> None:
    bench.timer.at_end_of_chapter(140.0)
    bench.timer.moved(lambda: 300.0)
    bench.at(290.0)
    assert bench.timer.state.remaining == 10.0
    bench.timer.after(5)
    bench.timer.moved(lambda: pytest.fail("an after-minutes timer does not follow chapters"))
    assert bench.timer.mode is SleepMode.AFTER_TIME and not bench.timer.stops_with_episode


def test_cancel_restores_the_volume_and_says_so_once(bench: Bench) -> None:
    bench.timer.at_end_of_episode()
    bench.at(595.0)
    bench.timer.tick()
    assert bench.timer.fade == pytest.approx(0.5)
    bench.timer.cancel()
    bench.timer.cancel()  # already off: no second announcement
    assert bench.timer.fade == 1.0 and bench.fades[-1] == 1.0
    assert [c.mode for c in bench.changes] == [SleepMode.END_OF_EPISODE] * 2 + [SleepMode.OFF]
