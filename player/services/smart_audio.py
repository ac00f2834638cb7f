"""Smart audio while an episode plays: which silences to jump, where the outro starts, what
gain and compressor the engine applies; and an alarm that wakes the player at the moment a
silence begins.

:class:`SmartAudioPlan` is the per-episode decision (from the podcast's choices, the global
settings and the episode's stored analysis) and answers, for a position, "is something due
here" and "how long until the next thing". The player service
(:class:`~player.services.playback.PlaybackService`) acts on the answers: it seeks over a
silence without ending the listening span, finishes the episode where a silence or the outro
runs to the end (never seeking onto the last sample, where a player can get stuck), and counts
the seconds saved.

Why an alarm and not the tick: the owner ticks every 0.25 s, which at 3x is 0.75 s of audio,
longer than the pause a strong trim keeps. :class:`Alarm` is one daemon thread that sleeps until
the predicted moment (media distance divided by the speed) and ``post``\\ s the check to the
owner thread, so libVLC is still called from there only.
"""

from __future__ import annotations

import bisect
import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from player.domain.audio import TRIM_LEVELS, AudioAnalysis, silences_for
from player.domain.audio_effects import (
    NO_EFFECTS,
    AudioEffects,
    SmartAudio,
    loudness_gain,
)
from player.playback.engine import Post

END_SLACK = 0.3
"""A skip ending this close to the end of the episode finishes it instead of seeking."""

EARLY = 0.03
"""An alarm that fires this little before a silence starts acts on it (the position between
libVLC's reports is extrapolated, so it may read a hair short of the real one)."""


@dataclass(frozen=True, slots=True)
class Due:
    """What the player does now: jump to ``target`` (or finish the episode when ``finish``),
    saving ``seconds`` of silence (``kind`` "silence") or of outro (``kind`` "skips")."""

    target: float
    seconds: float
    kind: str
    finish: bool = False


@dataclass(frozen=True, slots=True)
class SmartAudioStatus:
    """What smart audio does for the loaded episode, for views and ``play --json``."""

    choices: SmartAudio = field(default_factory=SmartAudio)
    effects: AudioEffects = NO_EFFECTS
    applied: bool = True
    """False when the engine could not apply the effects (a libVLC without the filters)."""
    analysed: bool = False
    trim_ranges: int = 0

    @property
    def trimming(self) -> bool:
        """Whether silences are being trimmed (the window's indicator)."""
        return self.trim_ranges > 0


class SmartAudioPlan:
    """One episode's skips and effects; positions and lengths in seconds."""

    def __init__(
        self,
        choices: SmartAudio,
        analysis: AudioAnalysis | None,
        duration: float | None,
    ) -> None:
        self.choices = choices
        self.analysis = analysis
        level = choices.trim_silence if choices.trim_silence in TRIM_LEVELS else "off"
        self.skips = silences_for(analysis, level) if analysis is not None else []
        self._starts = [start for start, _end in self.skips]
        self.duration = duration
        gain = 0.0
        if choices.normalize and analysis is not None:
            gain = loudness_gain(
                analysis.loudness_lufs, analysis.true_peak_dbtp, choices.loudness_target
            )
        self.effects = AudioEffects(gain_db=round(gain, 2), voice_boost=choices.voice_boost)
        self.floor = 0.0
        """Skips ending at or before this are done (libVLC may report a position from before
        the seek for a moment; it must not trigger the same jump twice)."""

    @property
    def active(self) -> bool:
        """Whether anything can become due while playing (trims or an outro)."""
        return bool(self.skips) or self.choices.skip_outro > 0

    def set_duration(self, duration: float | None) -> None:
        """The media's length became known (the outro and the end are measured from it)."""
        self.duration = duration

    def start_at(self, position: float) -> tuple[float, float, float]:
        """Where playback opening at ``position`` really starts: past the intro when starting
        from the beginning, and past a silence it would open in. Returns (start, intro
        seconds skipped, silence seconds skipped)."""
        intro = 0.0
        if position <= 0.05 and self.choices.skip_intro > 0:
            limit = self._end() - 1.0 if self._end() else self.choices.skip_intro
            intro = max(0.0, min(self.choices.skip_intro, limit))
            position = intro
        silence = 0.0
        due = self._trim_at(position)
        if due is not None and not due.finish:
            silence, position = due.seconds, due.target
        return position, intro, silence

    def due(self, position: float) -> Due | None:
        """What to do at ``position``: nothing (None), a jump, or the end."""
        end = self._end()
        outro = self.choices.skip_outro
        if end and outro > 0 and position >= end - outro - EARLY:
            return Due(end, max(0.0, end - position), "skips", finish=True)
        return self._trim_at(position)

    def _trim_at(self, position: float) -> Due | None:
        index = bisect.bisect_right(self._starts, position + EARLY) - 1
        if index < 0:
            return None
        start, stop = self.skips[index]
        if stop <= position or stop <= self.floor + 1e-3:
            return None
        end = self._end()
        if end and stop >= end - END_SLACK:
            return Due(end, max(0.0, end - position), "silence", finish=True)
        return Due(stop, stop - max(position, start), "silence")

    def wait(self, position: float) -> float | None:
        """Media seconds from ``position`` until the next thing becomes due (None: nothing)."""
        candidates = []
        index = bisect.bisect_right(self._starts, position + EARLY)
        if index < len(self._starts):
            candidates.append(self._starts[index] - position)
        end = self._end()
        if end and self.choices.skip_outro > 0:
            candidates.append(end - self.choices.skip_outro - position)
        ahead = [c for c in candidates if c > 0]
        return min(ahead) if ahead else None

    def _end(self) -> float:
        if self.duration:
            return self.duration
        return self.analysis.duration if self.analysis is not None else 0.0


class Alarm:
    """Runs one function on the owner thread (through ``post``) after a delay.

    One alarm is pending at most: :meth:`set` replaces it, :meth:`cancel` drops it. The waiting
    happens on one daemon thread, started on first use; the function itself always runs on the
    owner thread, and only if no later :meth:`set` or :meth:`cancel` happened meanwhile.
    """

    def __init__(self, post: Post) -> None:
        self._post = post
        self._cond = threading.Condition()
        self._due: tuple[float, int, Callable[[], None]] | None = None
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._closed = False

    def set(self, delay: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` in ``delay`` seconds (owner thread)."""
        with self._cond:
            if self._closed:
                return
            self._generation += 1
            self._due = (time.monotonic() + max(0.0, delay), self._generation, callback)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="smart-audio", daemon=True)
                self._thread.start()
            self._cond.notify()

    def cancel(self) -> None:
        """Drop the pending call, if any."""
        with self._cond:
            self._generation += 1
            self._due = None
            self._cond.notify()

    def close(self) -> None:
        """Stop the thread; nothing fires after this."""
        with self._cond:
            self._closed = True
            self._due = None
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                due = self._due
                if due is None:
                    self._cond.wait()
                    continue
                remaining = due[0] - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                self._due = None
                self._post(functools.partial(self._fire, due[1], due[2]))

    def _fire(self, generation: int, callback: Callable[[], None]) -> None:
        with self._cond:
            current = generation == self._generation and not self._closed
        if current:
            callback()
