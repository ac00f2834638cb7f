"""The sleep timer: its arithmetic (how long until playback stops, how loud it is meanwhile)
and :class:`SleepController`, which runs it for the player on every tick.

Kept apart from the player service so the rules are plain functions of (now, position, rate,
target end) and can be read in one screen: "after N minutes" counts wall-clock time whether or
not the episode is playing; "end of episode/chapter" counts media time divided by the speed, so
at 2x the fade still lasts the configured number of real seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from player.services.playback_state import SleepMode, SleepTimer


@dataclass(slots=True)
class SleepClock:
    """The armed mode; for "after N minutes" the wall-clock deadline, for "end of chapter" the
    media time the chapter ends (fixed when armed, so reaching the next chapter fires it)."""

    mode: SleepMode = SleepMode.OFF
    deadline: float | None = None
    target: float | None = None

    def arm(
        self, mode: SleepMode, deadline: float | None = None, target: float | None = None
    ) -> None:
        """Set the timer (a new setting replaces the old one)."""
        self.mode, self.deadline, self.target = mode, deadline, target

    def cancel(self) -> None:
        """Turn the timer off."""
        self.arm(SleepMode.OFF)

    def remaining(
        self, now: float, position: float, rate: float, episode_end: float | None
    ) -> float | None:
        """Wall-clock seconds until the timer fires; None when off or not computable yet.

        ``episode_end`` is the episode's length (what END_OF_EPISODE waits for).
        """
        if self.mode is SleepMode.OFF:
            return None
        if self.mode is SleepMode.AFTER_TIME:
            return None if self.deadline is None else self.deadline - now
        end = self.target if self.mode is SleepMode.END_OF_CHAPTER else episode_end
        if end is None:
            return None
        return (end - position) / max(rate, 0.01)

    def state(self, remaining: float | None, fade_seconds: float) -> SleepTimer:
        """The value the UI shows."""
        return SleepTimer(self.mode, remaining, fade_factor(remaining, fade_seconds) < 1.0)


def fade_factor(remaining: float | None, fade_seconds: float) -> float:
    """Volume multiplier: 1 until the last ``fade_seconds``, then down linearly to 0."""
    if remaining is None or fade_seconds <= 0 or remaining >= fade_seconds:
        return 1.0
    return max(0.0, remaining / fade_seconds)


@dataclass(frozen=True, slots=True)
class Playhead:
    """Where the player is, as the sleep timer needs it: media seconds, speed, length, and
    whether audio runs (only then does the volume fade and a firing timer pause)."""

    position: float
    rate: float
    duration: float | None
    playing: bool


class SleepController:
    """The sleep timer as the player runs it: armed by the listener, checked on every tick,
    fading the volume over the last seconds and stopping playback when it fires.

    It owns the fade factor (the player multiplies the listener's volume by it) and asks the
    player for nothing but a :class:`Playhead`; what firing does (pause, then move to where the
    next chapter starts) is the ``stop`` callable, so the rules can be tested with a fake clock.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        playhead: Callable[[], Playhead],
        fade_seconds: Callable[[], float],
        *,
        on_change: Callable[[SleepTimer], None],
        on_fade: Callable[[], None],
        stop: Callable[[float | None], None],
        fire_within: float,
    ) -> None:
        self._clock = clock
        self._playhead = playhead
        self._fade_seconds = fade_seconds
        self._on_change = on_change
        self._on_fade = on_fade
        self._stop = stop
        self._fire_within = fire_within
        self._timer = SleepClock()
        self._fade = 1.0

    @property
    def mode(self) -> SleepMode:
        """What the timer waits for."""
        return self._timer.mode

    @property
    def fade(self) -> float:
        """The volume multiplier now (1.0 unless fading)."""
        return self._fade

    @property
    def state(self) -> SleepTimer:
        """The timer with the time left as of now."""
        return self._timer.state(self._remaining(self._playhead()), self._fade_seconds())

    @property
    def stops_with_episode(self) -> bool:
        """The episode's end stops playback (no auto-advance to the next queue entry)."""
        return self.mode in (SleepMode.END_OF_EPISODE, SleepMode.END_OF_CHAPTER)

    def after(self, minutes: float) -> None:
        """Stop ``minutes`` from now (wall clock)."""
        self._arm(SleepMode.AFTER_TIME, deadline=self._clock() + max(0.0, minutes) * 60)

    def at_end_of_episode(self) -> None:
        """Stop when the episode ends."""
        self._arm(SleepMode.END_OF_EPISODE)

    def at_end_of_chapter(self, end: float | None) -> None:
        """Pause at ``end``, where the current chapter ends (None, no chapters: the episode's
        end)."""
        if end is None:
            self._arm(SleepMode.END_OF_EPISODE)
        else:
            self._arm(SleepMode.END_OF_CHAPTER, target=end)

    def moved(self, chapter_end: Callable[[], float | None]) -> None:
        """The listener jumped: "end of chapter" now means the chapter landed in."""
        if self.mode is SleepMode.END_OF_CHAPTER:
            self._timer.target = chapter_end()

    def cancel(self) -> None:
        """Turn the timer off and give the volume back."""
        if self.mode is SleepMode.OFF:
            return
        self._timer.cancel()
        self._set_fade(1.0)
        self._on_change(self.state)

    def tick(self) -> None:
        """Fade while playing near the end; fire within ``fire_within`` seconds of it."""
        if self.mode is SleepMode.OFF:
            return
        head = self._playhead()
        remaining = self._remaining(head)
        was_fading = self._fade < 1.0
        fading = fade_factor(remaining, self._fade_seconds()) if head.playing else 1.0
        self._set_fade(fading)
        if self._fade < 1.0 and not was_fading:
            self._on_change(self.state)
        if remaining is None or remaining > self._fire_within:
            return
        if self.mode is SleepMode.END_OF_EPISODE and head.playing:
            return  # the end of the media finishes the episode; it stops there
        if head.playing:
            target = self._timer.target
            if target is not None and head.duration and target >= head.duration:
                target = None  # the last chapter: its end is the episode's
            self._stop(target)  # resuming starts the next chapter, not its first second
        self.cancel()

    def _arm(
        self, mode: SleepMode, deadline: float | None = None, target: float | None = None
    ) -> None:
        self._timer.arm(mode, deadline, target)
        self._set_fade(1.0)
        self._on_change(self.state)

    def _remaining(self, head: Playhead) -> float | None:
        return self._timer.remaining(self._clock(), head.position, head.rate, head.duration)

    def _set_fade(self, factor: float) -> None:
        if abs(factor - self._fade) > 1e-3:
            self._fade = factor
            self._on_fade()
