"""The window's playback engine, started on the first play rather than with the window.

libVLC is the biggest single part of the window's memory: its instance scans and loads VLC's
plugins (there is no plugin cache when only ``libvlc5`` and ``vlc-plugin-base`` are installed),
about 45 MiB resident and 100-200 ms of CPU. A window that is opened to browse, or left open
without playing, needs none of it. :class:`LazyEngine` answers for the real engine until
something is to be heard: it keeps what the player service sets (listener, media, start, rate,
volume, mute, effects, video surface) exactly as :class:`~player.playback.vlc_engine.VlcEngine`
keeps them before its first :meth:`play` (the position is the start, no length, no video
output, no events), and on the first :meth:`play` builds the real engine, hands it all of that,
and delegates from then on.
"""

from __future__ import annotations

from collections.abc import Callable

from player.domain.audio_effects import NO_EFFECTS, AudioEffects
from player.playback.engine import Engine, EngineListener, Post, clamp_rate, clamp_volume


class LazyEngine:
    """An :class:`~player.playback.engine.Engine` that builds ``factory()`` on the first play.

    ``can_filter`` says whether the real engine will be able to apply audio effects (what
    :meth:`set_audio_effects` answers until it exists); ``output_lead`` is the real engine's
    (it depends only on the audio output chosen at start-up).
    """

    name = "vlc"

    def __init__(
        self,
        factory: Callable[[], Engine],
        *,
        can_filter: Callable[[], bool],
        output_lead: float = 0.0,
    ) -> None:
        self._factory = factory
        self._can_filter = can_filter
        self._lead = output_lead
        self.real: Engine | None = None
        """The engine once built (tests and the log look)."""
        self._listener: EngineListener | None = None
        self._post: Post | None = None
        self._location = ""
        self._start = 0.0
        self._video = False
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self._effects: AudioEffects | None = None
        self._surface: int | None = None
        self._released = False

    def _engine(self) -> Engine:
        """The real engine, built now with everything set so far."""
        if self.real is None:
            real = self._factory()
            if self._post is not None:
                real.set_listener(self._listener, self._post)
            real.set_rate(self._rate)
            real.set_volume(self._volume)
            real.set_muted(self._muted)
            real.set_video_surface(self._surface)
            if self._effects is not None:
                real.set_audio_effects(self._effects)
            if self._location:
                real.open(self._location, start=self._start, video=self._video)
            self.real = real
        return self.real

    # -- the Engine protocol ---------------------------------------------------------------

    def set_listener(self, listener: EngineListener | None, post: Post) -> None:
        """Receive events through ``post``; kept for the real engine until it exists."""
        if self.real is not None:
            self.real.set_listener(listener, post)
        self._listener, self._post = listener, post

    def open(self, location: str, *, start: float = 0.0, video: bool = False) -> None:
        """Prepare ``location`` (the real engine, too, only prepares it until :meth:`play`)."""
        if self.real is not None:
            self.real.open(location, start=start, video=video)
            return
        self._location, self._start, self._video = location, max(0.0, start), video

    def play(self) -> None:
        """Start: the real engine is built now (once), given the prepared media, and plays."""
        if self._released:
            return
        if self.real is None and not self._location:
            return  # nothing to play: the real engine would do nothing either
        self._engine().play()

    def pause(self) -> None:
        """Pause (nothing to pause before the first play)."""
        if self.real is not None:
            self.real.pause()

    def stop(self) -> None:
        """Stop; the next play starts the media from its beginning."""
        if self.real is not None:
            self.real.stop()
            return
        self._start = 0.0

    def seek(self, seconds: float) -> None:
        """Jump; before the first play this moves where the media will start."""
        if self.real is not None:
            self.real.seek(seconds)
            return
        self._start = max(0.0, seconds)

    def position(self) -> float:
        """The real engine's position, else where the prepared media will start."""
        return self.real.position() if self.real is not None else self._start

    def duration(self) -> float | None:
        """Known once playing (the real engine, too, knows no length before it plays)."""
        return self.real.duration() if self.real is not None else None

    @property
    def rate(self) -> float:
        """Playback speed, 1.0 normal."""
        return self.real.rate if self.real is not None else self._rate

    def set_rate(self, rate: float) -> None:
        """Change speed (clamped as the real engine clamps it)."""
        if self.real is not None:
            self.real.set_rate(rate)
        self._rate = clamp_rate(rate)

    @property
    def volume(self) -> int:
        """Volume in percent as last set."""
        return self.real.volume if self.real is not None else self._volume

    def set_volume(self, volume: int) -> None:
        """Set the volume (clamped to 0-150)."""
        if self.real is not None:
            self.real.set_volume(volume)
        self._volume = clamp_volume(volume)

    @property
    def muted(self) -> bool:
        """Whether output is muted."""
        return self.real.muted if self.real is not None else self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute without changing the volume."""
        if self.real is not None:
            self.real.set_muted(muted)
        self._muted = bool(muted)

    @property
    def output_lead(self) -> float:
        """The real engine's lead (fixed by the audio output chosen at start-up)."""
        return self.real.output_lead if self.real is not None else self._lead

    def set_audio_effects(self, effects: AudioEffects) -> bool:
        """Apply now, or keep them for the real engine: then the answer is whether it can."""
        if self.real is not None:
            return self.real.set_audio_effects(effects)
        if not self._can_filter():
            return False
        self._effects = effects
        return True

    @property
    def audio_effects(self) -> AudioEffects:
        """The gain and compressor last applied."""
        if self.real is not None:
            return getattr(self.real, "audio_effects", self._effects or NO_EFFECTS)
        return self._effects or NO_EFFECTS

    def set_video_surface(self, handle: int | None) -> None:
        """The window id video is drawn into; kept for the real engine until it exists."""
        if self.real is not None:
            self.real.set_video_surface(handle)
        self._surface = handle or None

    def has_video_output(self) -> bool:
        """Whether a video output is open (never before the first play)."""
        return self.real is not None and self.real.has_video_output()

    def release(self) -> None:
        """Free the real engine if it was built; later plays do nothing."""
        self._released = True
        if self.real is not None:
            self.real.release()
