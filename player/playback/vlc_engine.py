"""The libVLC engine: one ``vlc.Instance`` per process, one media player per engine.

libVLC calls our event callbacks on its own input thread and is not re-entrant, so the callbacks
here only build an :class:`~player.playback.engine.EngineEvent` and hand it to the owner thread
(:meth:`EngineBase._emit`); every libVLC call happens on the owner thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from player.domain.audio_effects import AudioEffects
from player.domain.errors import PlaybackError
from player.i18n import _
from player.playback.engine import (
    Ended,
    EngineEvent,
    Failed,
    LengthKnown,
    Paused,
    Started,
    TimeChanged,
)
from player.playback.engine_base import EngineBase
from player.playback.locations import describe
from player.playback.vlc_audio import AudioHook, audio_hook
from player.playback.vlc_loader import load_vlc

log = logging.getLogger(__name__)

BASE_OPTIONS: tuple[str, ...] = (
    "--quiet",
    "--ignore-config",  # the listener's VLC preferences must not change how the app plays
    "--no-video-title-show",  # no file name drawn over a video episode
    "--no-snapshot-preview",
    "--no-stats",
    "--no-sub-autodetect-file",
    "--no-metadata-network-access",  # the app fetches art itself; libVLC must not phone out
    "--no-lua",  # no playlist/extension scripts: faster start, nothing runs from the web
    "--no-xlib",  # Qt owns the X connection; libVLC's xcb outputs do not need Xlib
    "--audio-time-stretch",  # keep the pitch when the speed changes
    "--http-reconnect",  # a stream that drops resumes instead of ending the episode
)

AFILE_LEAD_SECONDS = 1.15
"""How far libVLC 3's ``afile`` output has written beyond the reported time (measured 1.15-1.20 s
of media at 1x and 2x with the default file caching): a seek cannot unwrite it, so smart audio
acts that much early. Outputs to a sound server (PulseAudio, ALSA) drop their buffer on a seek:
0 there."""

_instance: Any = None
_instance_outputs: tuple[str | None, str | None] = (None, None)
_instance_lock = threading.Lock()


def instance_options(aout: str | None = None, vout: str | None = None) -> list[str]:
    """The options the app's one ``vlc.Instance`` is created with."""
    options = list(BASE_OPTIONS)
    if aout:
        options.append(f"--aout={aout}")
    if vout:
        options.append(f"--vout={vout}")
    return options


def shared_instance(
    aout: str | None = None, vout: str | None = None, extra: Sequence[str] = ()
) -> Any:
    """The process's one ``vlc.Instance``, created on first use with these outputs.

    libVLC keeps global state per instance and is costly to start, so the app makes one. Asking
    later for *different* outputs is a programming error reported as :class:`PlaybackError`;
    None for either output means "whatever the app started with". ``extra`` options apply
    only if this call creates the instance (the played-output tests' ``--audiofile-file``).
    """
    global _instance, _instance_outputs
    vlc = load_vlc()
    with _instance_lock:
        if _instance is None:
            instance = vlc.Instance([*instance_options(aout, vout), *extra])
            if instance is None:
                raise PlaybackError(
                    _(
                        "libVLC refused to start with the audio output {value!r}; check the "
                        "name (for example 'dummy' or 'pulse')."
                    ).format(value=aout or "default")
                )
            _instance, _instance_outputs = instance, (aout, vout)
            log.info("libVLC %s started (aout=%s, vout=%s)", _version(vlc), aout, vout)
        elif any(
            wanted is not None and wanted != running
            for wanted, running in zip((aout, vout), _instance_outputs, strict=True)
        ):
            raise PlaybackError(
                _(
                    "libVLC is already running with outputs {instance_outputs}; one process "
                    "cannot switch to {value}."
                ).format(instance_outputs=_instance_outputs, value=(aout, vout))
            )
        return _instance


def _version(vlc: Any) -> str:
    return vlc.libvlc_get_version().decode(errors="replace")


class VlcEngine(EngineBase):
    """Plays through libVLC. Create it on the owner thread; call it only from there."""

    name = "vlc"

    def __init__(self, instance: Any = None, *, aout: str | None = None, vout: str | None = None):
        super().__init__()
        self._vlc = load_vlc()
        self._instance = instance if instance is not None else shared_instance(aout, vout)
        self._forced_vout = vout or (_instance_outputs[1] if instance is None else None)
        output = aout or (_instance_outputs[0] if instance is None else None)
        self._lead = AFILE_LEAD_SECONDS if output == "afile" else 0.0
        self._player = self._instance.media_player_new()
        # The UI (Qt) owns mouse and keys over the video surface (double-click, shortcuts).
        self._player.video_set_mouse_input(False)
        self._player.video_set_key_input(False)
        self._media: Any = None
        self._start = 0.0
        self._video = False
        self._started = False  # the media is handed to libVLC
        self._audible = False  # ...and libVLC said it is playing (the clock may run)
        self._wants_play = False
        self._callbacks: list[tuple[Any, Callable[..., None]]] = []
        self._hook: AudioHook | None = audio_hook(self._player)
        self._attach()

    # -- libVLC callbacks (libVLC's thread: build an event, hand it over, nothing else) ------

    def _attach(self) -> None:
        types = self._vlc.EventType
        handlers: Sequence[tuple[Any, Callable[[Any], EngineEvent]]] = (
            (types.MediaPlayerPlaying, lambda _e: Started()),
            (types.MediaPlayerPaused, lambda _e: Paused()),
            (types.MediaPlayerTimeChanged, lambda e: TimeChanged(e.u.new_time / 1000.0)),
            (types.MediaPlayerLengthChanged, lambda e: LengthKnown(e.u.new_length / 1000.0)),
            (types.MediaPlayerEndReached, lambda _e: Ended()),
            (types.MediaPlayerEncounteredError, lambda _e: Failed(self._open_error())),
        )
        manager = self._player.event_manager()
        for event_type, build in handlers:

            def callback(event: Any, build: Callable[[Any], EngineEvent] = build) -> None:
                self._emit(build(event))

            manager.event_attach(event_type, callback)
            self._callbacks.append((event_type, callback))

    def _open_error(self) -> str:
        # Reads only our own string: no libVLC call from its thread.
        return _("Cannot play {what}: it could not be opened or read.").format(
            what=describe(self._location)
        )

    def _on_event(self, event: EngineEvent) -> None:
        # Pause and resume change the clock when commanded (their events may arrive after a
        # later command); only the first start waits for libVLC, as opening takes a while.
        if isinstance(event, Started) and not self._audible:
            self._audible = True
            self._set_anchor(self._anchor[0])  # the clock runs from now, not from play()
            self._playing = self._wants_play
            self._apply_audio()

    # -- controls ----------------------------------------------------------------------------

    def open(self, location: str, *, start: float = 0.0, video: bool = False) -> None:
        """Prepare ``location``; the media object is made at :meth:`play` (start time known)."""
        self._close_media()
        self._next_generation(location)
        self._start = max(0.0, start)
        self._video = video
        self._set_anchor(self._start)

    def play(self) -> None:
        """Start (at the prepared start time) or resume after a pause."""
        if not self._location:
            return
        if not self._started:
            self._apply_effects()  # before the decoder starts: its filter chain is built with them
            self._player.set_media(self._new_media())
            self._started = True
            self._set_anchor(self._start)
        if self._player.play() == -1:
            self._started = False
            self._emit(Failed(self._open_error()))
            return
        self._player.set_rate(self._rate)
        self._wants_play = True
        if self._audible:
            self._set_anchor(self._anchor[0])
            self._playing = True

    def _new_media(self) -> Any:
        media = self._instance.media_new(self._location)
        if self._start > 0:
            media.add_option(f":start-time={self._start:.3f}")
        show_video = self._video and self._surface is not None
        if not show_video:
            media.add_option(":no-video")  # audio never opens a window, not even for cover art
        if self._forced_vout is None:
            # Binding a window makes libVLC pick its video output itself; an output forced at
            # start-up (--vout=dummy on machines without a display) must not be overridden.
            self._set_window(self._surface if show_video else None)
        self._media = media
        return media

    def _set_window(self, handle: int | None) -> None:
        if sys.platform.startswith("win"):
            self._player.set_hwnd(handle)
        elif sys.platform == "darwin":
            self._player.set_nsobject(handle)
        else:
            self._player.set_xwindow(handle or 0)

    def pause(self) -> None:
        """Pause (no-op before the media started)."""
        if self._started:
            self._set_anchor(self._extrapolated())
            self._playing = self._wants_play = False
            self._player.set_pause(1)

    def stop(self) -> None:
        """Stop; the next :meth:`play` reopens the media at its start."""
        self._close_media()
        self._next_generation(self._location)  # late events of the stopped media are dropped
        self._start = 0.0
        self._set_anchor(0.0)

    def _close_media(self) -> None:
        # stop() joins libVLC's input thread, so its last events are queued before we go on.
        self._playing = self._wants_play = self._audible = False
        if self._started:
            self._player.stop()
        self._started = False
        if self._media is not None:
            self._media.release()
            self._media = None

    def seek(self, seconds: float) -> None:
        """Jump (precise seek); before the start this moves the start time."""
        seconds = max(0.0, seconds)
        if self._started:
            self._player.set_time(int(seconds * 1000))
        else:
            self._start = seconds
        self._set_anchor(seconds)

    def position(self) -> float:
        """Seconds, extrapolated between libVLC's updates (which come about 3 times a second)."""
        return self._extrapolated()

    def duration(self) -> float | None:
        """Length in seconds once libVLC knows it."""
        if not self._started:
            return None
        length = self._player.get_length()
        return length / 1000.0 if length and length > 0 else None

    def set_rate(self, rate: float) -> None:
        """Speed with pitch kept (``--audio-time-stretch``)."""
        self._player.set_rate(self._store_rate(rate))

    def set_volume(self, volume: int) -> None:
        """Volume 0-150 %."""
        self._store_volume(volume)
        self._apply_audio()

    def set_muted(self, muted: bool) -> None:
        """Mute without losing the volume."""
        self._muted = bool(muted)
        self._apply_audio()

    def _apply_audio(self) -> None:
        # Before an audio output exists libVLC ignores these; Started applies them again.
        if self._started:
            self._player.audio_set_volume(self._volume)
            self._player.audio_set_mute(self._muted)

    @property
    def output_lead(self) -> float:
        """:data:`AFILE_LEAD_SECONDS` for the ``afile`` output, else 0."""
        return self._lead

    def set_audio_effects(self, effects: AudioEffects) -> bool:
        """Gain and compressor as filters of this player's audio output (:mod:`vlc_audio`);
        applied at once (libVLC rebuilds the filter chain) and kept for the next media."""
        if self._hook is None:
            return False
        self._effects = effects
        return self._apply_effects()

    def _apply_effects(self) -> bool:
        return self._hook is not None and self._hook.apply(self._effects)

    def has_video_output(self) -> bool:
        """Whether libVLC opened a video output for the current media."""
        return self._started and self._player.has_vout() > 0

    def release(self) -> None:
        """Stop, detach the callbacks and free the media player (once; later calls do nothing)."""
        if not self._callbacks:
            return
        self._close_media()
        self._next_generation("")
        manager = self._player.event_manager()
        for event_type, _callback in self._callbacks:
            manager.event_detach(event_type)
        self._callbacks.clear()
        self._player.release()
