"""The sleep timer's arithmetic: how long until playback stops, and how loud it is meanwhile.

Kept apart from the player service so the rules are plain functions of (now, position, rate,
target end) and can be read in one screen: "after N minutes" counts wall-clock time whether or
not the episode is playing; "end of episode/chapter" counts media time divided by the speed, so
at 2x the fade still lasts the configured number of real seconds.
"""

from __future__ import annotations

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
