"""An engine that plays silently by the clock: for UI tests and machines without libVLC.

It keeps the same contract as the libVLC engine (events through ``post`` on the owner thread,
stale events dropped, missing and undecodable files reported as :class:`Failed`), so UI code
tested against it behaves the same against the real thing. It learns a file's length from its
tags (mutagen); that is also how it decides a file is undecodable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from player.domain.audio_effects import AudioEffects
from player.i18n import _
from player.playback.engine import Ended, Failed, LengthKnown, Paused, Started, TimeChanged
from player.playback.engine_base import EngineBase, undecodable
from player.playback.id3 import file_duration
from player.playback.locations import describe, local_path

Probe = Callable[[str], float | None]


class NullEngine(EngineBase):
    """Silent playback whose position follows the clock at the current rate."""

    name = "null"

    def __init__(self, probe: Probe = file_duration) -> None:
        super().__init__()
        self._probe = probe
        self._length: float | None = None
        self._start = 0.0
        self._started = False
        self._end_timer: threading.Timer | None = None

    def open(self, location: str, *, start: float = 0.0, video: bool = False) -> None:
        """Prepare ``location`` (video is never shown: there is nothing to show it with)."""
        self.stop()
        self._next_generation(location)
        self._start = max(0.0, start)
        self._set_anchor(self._start)

    def play(self) -> None:
        """Start by checking the file, or resume."""
        if not self._location:
            return
        if not self._started:
            path = local_path(self._location)
            if path is not None and not path.exists():
                missing = _("Cannot play {what}: the file is missing.")
                self._emit(Failed(missing.format(what=describe(self._location))))
                return
            length = self._probe(self._location)
            if not length:
                self._emit(Failed(undecodable(self._location)))
                return
            self._length, self._started = length, True
            self._emit(LengthKnown(length))
        self._playing = True
        self._set_anchor(self._anchor[0])
        self._emit(Started())
        self._emit(TimeChanged(self._anchor[0]))
        self._schedule_end()

    def _schedule_end(self) -> None:
        """Ended comes from a timer thread, as libVLC's comes from its own thread."""
        self._cancel_end()
        if not self._playing or self._length is None:
            return
        remaining = max(0.0, self._length - self._anchor[0]) / self._rate
        timer = threading.Timer(remaining, lambda: self._emit(Ended()))
        timer.daemon = True
        self._end_timer = timer
        timer.start()

    def _cancel_end(self) -> None:
        if self._end_timer is not None:
            self._end_timer.cancel()
            self._end_timer = None

    def pause(self) -> None:
        """Freeze the clock."""
        if self._started and self._playing:
            self._set_anchor(self.position())
            self._playing = False
            self._cancel_end()
            self._emit(Paused())

    def stop(self) -> None:
        """Forget the started media; the next play starts from 0."""
        self._cancel_end()
        self._next_generation(self._location)
        self._playing = False
        self._started = False
        self._length = None
        self._start = 0.0
        self._set_anchor(0.0)

    def seek(self, seconds: float) -> None:
        """Move the clock."""
        seconds = max(0.0, seconds)
        if self._length is not None:
            seconds = min(seconds, self._length)
        self._set_anchor(seconds)
        if not self._started:
            self._start = seconds
        self._emit(TimeChanged(seconds))
        self._schedule_end()

    def position(self) -> float:
        """Where the clock is, never past the end."""
        position, at = self._anchor
        if self._playing:
            position += (time.monotonic() - at) * self._rate
        return min(position, self._length) if self._length is not None else position

    def duration(self) -> float | None:
        """The length the probe gave."""
        return self._length

    def set_rate(self, rate: float) -> None:
        """Change the clock's speed."""
        if self._playing:
            self._set_anchor(self.position())
        self._store_rate(rate)
        self._schedule_end()

    def set_volume(self, volume: int) -> None:
        """Remember the volume."""
        self._store_volume(volume)

    def set_muted(self, muted: bool) -> None:
        """Remember the mute state."""
        self._muted = bool(muted)

    def set_audio_effects(self, effects: AudioEffects) -> bool:
        """Remember them (there are no samples to change)."""
        self._effects = effects
        return True

    def has_video_output(self) -> bool:
        """Never: the null engine shows nothing."""
        return False

    def release(self) -> None:
        """Stop; no events follow."""
        self.stop()
        self._next_generation("")
