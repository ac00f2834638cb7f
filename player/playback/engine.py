"""The small interface every playback backend offers, and the events it reports.

The player service talks to an :class:`Engine`, never to libVLC directly, so the same service
drives the real libVLC engine in the app and a null engine in UI tests, and one contract test
suite checks both.

Threading contract (libVLC is not re-entrant, see DESIGN.md):

- Every method is called on the *owner* thread (the GUI thread in the app, the thread running an
  :class:`~player.services.event_loop.EventLoop` in the CLI and tests).
- A backend may notice things on its own threads (libVLC calls back from its input thread). It
  never answers there: it hands the event to the owner thread with the ``post`` function given to
  :meth:`Engine.set_listener`, and the listener then runs on the owner thread, where calling the
  engine again is safe.
- Events of media that was replaced by a later :meth:`Engine.open` are dropped, so a listener
  never sees the end of the previous episode after the next one started loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from player.domain.audio_effects import AudioEffects

Post = Callable[[Callable[[], None]], None]
"""Hands a function to the owner thread, to be run there soon (thread-safe, never blocks)."""

RATE_MIN = 0.5
RATE_MAX = 3.0
VOLUME_MAX = 150


@dataclass(frozen=True, slots=True)
class EngineEvent:
    """Base of what an engine reports; delivered on the owner thread."""


@dataclass(frozen=True, slots=True)
class Started(EngineEvent):
    """Audio (or video) is running: the first moment the listener can hear something."""


@dataclass(frozen=True, slots=True)
class Paused(EngineEvent):
    """Playback is paused and can resume where it is."""


@dataclass(frozen=True, slots=True)
class TimeChanged(EngineEvent):
    """The media clock moved (or was moved by a seek) to ``position`` seconds."""

    position: float


@dataclass(frozen=True, slots=True)
class LengthKnown(EngineEvent):
    """The media's length in seconds, as the decoder measured it."""

    duration: float


@dataclass(frozen=True, slots=True)
class Ended(EngineEvent):
    """The media played to its end."""


@dataclass(frozen=True, slots=True)
class Failed(EngineEvent):
    """The media cannot be played; ``reason`` is one sentence for the listener."""

    reason: str


EngineListener = Callable[[EngineEvent], None]


@runtime_checkable
class Engine(Protocol):
    """What the player service needs from a backend. Positions and lengths are seconds."""

    name: str
    """Short backend name for logs and test ids ("vlc", "null")."""

    def set_listener(self, listener: EngineListener | None, post: Post) -> None:
        """Receive events through ``post`` (so on the owner thread); None stops them."""

    def open(self, location: str, *, start: float = 0.0, video: bool = False) -> None:
        """Prepare a local path or URL, to start at ``start`` on the next :meth:`play`.

        ``video`` says the media is a video episode: it is shown only when a surface is set,
        and nothing else ever opens a video output.
        """

    def play(self) -> None:
        """Start or resume; a :class:`Started` event follows (or :class:`Failed`)."""

    def pause(self) -> None:
        """Pause; a :class:`Paused` event follows."""

    def stop(self) -> None:
        """Stop and close the media; the next :meth:`play` opens it again at its start."""

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds``; before the media started this moves where it will start."""

    def position(self) -> float:
        """Where playback is now, in seconds (smooth between decoder updates)."""

    def duration(self) -> float | None:
        """Length in seconds once known, else None."""

    @property
    def rate(self) -> float:
        """Playback speed, 1.0 normal."""

    def set_rate(self, rate: float) -> None:
        """Change speed with the pitch kept (clamped to 0.5-3.0)."""

    @property
    def volume(self) -> int:
        """Output volume in percent, 0-150, as last set (not as the output reports it)."""

    def set_volume(self, volume: int) -> None:
        """Set the volume (clamped to 0-150)."""

    @property
    def muted(self) -> bool:
        """Whether output is muted."""

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute without changing the volume."""

    @property
    def output_lead(self) -> float:
        """Media seconds the audio output has committed beyond :meth:`position` that a seek can
        no longer take back (0 for outputs that drop their buffer on a seek)."""

    def set_audio_effects(self, effects: AudioEffects) -> bool:
        """Apply a gain and the voice-boost compressor to the samples, from now on (also to
        the next media); False when this backend cannot, and then nothing changes."""

    def set_video_surface(self, handle: int | None) -> None:
        """The native window id video is drawn into (X11 window id on Linux); None: no video."""

    def has_video_output(self) -> bool:
        """Whether a video output is open right now (audio episodes: always False)."""

    def release(self) -> None:
        """Stop and free the backend; no events follow."""


def clamp_rate(rate: float) -> float:
    """Rates the player offers: 0.5-3.0 in steps of 0.1."""
    return round(min(RATE_MAX, max(RATE_MIN, float(rate))) * 10) / 10


def clamp_volume(volume: float) -> int:
    """Volumes the player offers: whole percent, 0-150."""
    return int(round(min(VOLUME_MAX, max(0, float(volume)))))
