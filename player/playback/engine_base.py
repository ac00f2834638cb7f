"""What every backend does the same way: hand events to the owner thread, drop stale ones,
remember volume/mute/rate itself, and turn "ended without ever playing" into an error.

Kept out of the backends so the libVLC engine and the null engine cannot drift apart on the
threading contract that the contract test suite checks.
"""

from __future__ import annotations

import threading
import time

from player.domain.audio_effects import NO_EFFECTS, AudioEffects
from player.i18n import _
from player.playback.engine import (
    Ended,
    EngineEvent,
    EngineListener,
    Failed,
    LengthKnown,
    Post,
    TimeChanged,
    clamp_rate,
    clamp_volume,
)
from player.playback.locations import describe

EXTRAPOLATE_LIMIT = 1.0
"""Seconds a position may run ahead of the decoder's last report (a stall must not run away)."""


def undecodable(location: str) -> str:
    """The sentence for media that opened but held nothing playable."""
    return _(
        "Cannot play {what}: it holds no audio or video that can be decoded "
        "(the data is corrupt or the format unsupported)."
    ).format(what=describe(location))


class EngineBase:
    """Listener plumbing and the state a backend keeps for itself."""

    name = "base"

    def __init__(self) -> None:
        self._listener: EngineListener | None = None
        self._post: Post | None = None
        self._generation = 0
        self._progressed = False
        self._location = ""
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self._surface: int | None = None
        self._effects: AudioEffects = NO_EFFECTS
        self._playing = False
        self._anchor = (0.0, time.monotonic())
        self._lock = threading.Lock()

    # -- events ------------------------------------------------------------------------------

    def set_listener(self, listener: EngineListener | None, post: Post) -> None:
        """Receive events through ``post`` (so on the owner thread); None stops them."""
        with self._lock:
            self._listener = listener
            self._post = post

    def _next_generation(self, location: str) -> None:
        """A new media replaces the old one: its late events must not reach the listener."""
        with self._lock:
            self._generation += 1
        self._location = location
        self._progressed = False
        self._playing = False

    def _emit(self, event: EngineEvent) -> None:
        """Called from any thread: queue ``event`` for the owner thread, tagged with the media
        it belongs to and the moment it happened (positions are extrapolated from that moment).
        """
        with self._lock:
            post, generation = self._post, self._generation
        if post is None:
            return
        at = time.monotonic()
        post(lambda: self._deliver(event, generation, at))

    def _deliver(self, event: EngineEvent, generation: int, at: float) -> None:
        """On the owner thread: update own state, drop stale events, call the listener."""
        if generation != self._generation or self._listener is None:
            return
        if isinstance(event, TimeChanged):
            self._anchor = (event.position, at)
            self._progressed = self._progressed or event.position > 0
        elif isinstance(event, LengthKnown):
            self._progressed = self._progressed or event.duration > 0
        elif isinstance(event, Ended):
            self._playing = False
            if not self._progressed:
                event = Failed(undecodable(self._location))
        elif isinstance(event, Failed):
            self._playing = False
        self._on_event(event)
        self._listener(event)

    def _on_event(self, event: EngineEvent) -> None:
        """Hook for a backend's own bookkeeping on the owner thread (before the listener)."""

    # -- position ----------------------------------------------------------------------------

    def _set_anchor(self, position: float) -> None:
        self._anchor = (max(0.0, position), time.monotonic())

    def _extrapolated(self) -> float:
        """The last reported position, moved on by the time since at the current rate."""
        position, at = self._anchor
        if not self._playing:
            return position
        ahead = min(EXTRAPOLATE_LIMIT, max(0.0, time.monotonic() - at)) * self._rate
        return position + ahead

    # -- state the backend keeps itself ------------------------------------------------------

    @property
    def rate(self) -> float:
        """Playback speed, 1.0 normal."""
        return self._rate

    def _store_rate(self, rate: float) -> float:
        # Re-anchor first so the extrapolation does not jump when the speed changes.
        self._set_anchor(self._extrapolated())
        self._rate = clamp_rate(rate)
        return self._rate

    @property
    def volume(self) -> int:
        """Volume in percent as last set (the dummy audio output reports 0 whatever we set)."""
        return self._volume

    def _store_volume(self, volume: float) -> int:
        self._volume = clamp_volume(volume)
        return self._volume

    @property
    def muted(self) -> bool:
        """Whether output is muted."""
        return self._muted

    @property
    def output_lead(self) -> float:
        """Audio committed beyond the position that a seek cannot take back: none here."""
        return 0.0

    @property
    def audio_effects(self) -> AudioEffects:
        """The gain and compressor last applied (:data:`NO_EFFECTS` until set)."""
        return self._effects

    def set_video_surface(self, handle: int | None) -> None:
        """Remember the window id; it applies from the next :meth:`open`."""
        self._surface = handle or None
