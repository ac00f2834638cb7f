"""One episode's media through the player's phases: open, play, pause, stop, seek, fail, end.

This is the state machine half of the player service (docs/PLAYBACK.md): the phase
(:mod:`player.services.playback_phase`), what the engine holds, the position and when it is
saved, and the engine's events. :class:`~player.services.playback.PlaybackService` builds on it
with what surrounds an episode (which one, the queue, chapters, the sleep timer, speed and volume)
and fills in the four hooks at the bottom of :class:`Transport`.
"""

from __future__ import annotations

import abc
import dataclasses
import logging
from collections.abc import Callable

from player.domain.models import Episode, EpisodeState
from player.i18n import _
from player.playback.engine import (
    Ended,
    Engine,
    EngineEvent,
    Failed,
    LengthKnown,
    Post,
    Started,
    TimeChanged,
)
from player.playback.id3 import file_duration
from player.playback.locations import describe, playable_location
from player.services.last_session import LastSession
from player.services.listening import ListeningLog
from player.services.playback_phase import Phase, PhaseMachine, Trigger
from player.services.playback_state import (
    ListeningMode,
    PlaybackFailed,
    PlaybackSettings,
    PlayerEvent,
    PlayerState,
    PositionChanged,
    Seeked,
    StateChanged,
)

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25
"""How often the owner should call ``tick``."""

POSITION_EPSILON = 0.05

Listener = Callable[[PlayerEvent], None]


def resume_position(episode: Episode, rewind: float) -> float:
    """Where loading an episode starts: its saved place minus a short rewind; 0 once played."""
    if episode.state is EpisodeState.PLAYED or episode.position <= 0:
        return 0.0
    return max(0.0, episode.position - rewind)


@dataclasses.dataclass(slots=True)
class _Media:
    """What is known about the media the engine holds; dropped when it closes."""

    opened_at: float  # the load timeout counts from here
    heard: bool = False  # a length or a moving clock: its positions are real (a corrupt file
    # "starts", then ends with neither), so only then are they saved


class Transport(abc.ABC):
    """The loaded episode's media, its phase and its place (owner thread only)."""

    def __init__(
        self,
        engine: Engine,
        post: Post,
        clock: Callable[[], float],
        log: ListeningLog,
        last: LastSession,
        settings: PlaybackSettings,
    ) -> None:
        self.engine = engine
        self._post = post
        self._clock = clock
        self._log = log
        self._last = last
        self._settings = settings
        self._listeners: list[Listener] = []
        self._machine = PhaseMachine(lambda state: self._emit(StateChanged(state)))
        self._episode: Episode | None = None
        self._media: _Media | None = None
        self._position = 0.0
        self._duration: float | None = None
        self._file_length: float | None = None  # measured from the local file: beats libVLC's
        self._rate = 1.0
        self._last_save = 0.0
        self._mode = ListeningMode.NORMAL
        self._preview_end: float | None = None  # a preview stops here (media seconds)
        engine.set_listener(self._on_engine_event, post)

    # -- listeners ---------------------------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Receive player events on the owner thread; returns a function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _emit(self, event: PlayerEvent) -> None:
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # a broken view must not break playback
                log.exception("player listener %r failed on %s", callback, event)

    # -- read-only state ---------------------------------------------------------------------

    @property
    def episode(self) -> Episode | None:
        """The loaded episode."""
        return self._episode

    @property
    def phase(self) -> Phase:
        """Where the player is in its state machine (docs/PLAYBACK.md)."""
        return self._machine.phase

    @property
    def state(self) -> PlayerState:
        """What the player is doing, as listeners see it."""
        return self._machine.state

    @property
    def position(self) -> float:
        """Seconds into the loaded episode (as of the last tick or event)."""
        return self._position

    @property
    def duration(self) -> float | None:
        """Length in seconds: the media's once known, the feed's before."""
        return self._duration

    @property
    def mode(self) -> ListeningMode:
        """Normal listening, a soundbite preview or a live stream (the last two save nothing)."""
        return self._mode

    @property
    def recording(self) -> bool:
        """Whether positions, spans and "played" are written (only in normal listening)."""
        return self._mode is ListeningMode.NORMAL

    # -- taking an episode -------------------------------------------------------------------

    def _leave_episode(self) -> None:
        """Save where we were before another episode (or nothing) takes over."""
        if self.phase is Phase.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        self._close(Trigger.LEAVE)

    def _take(self, episode: Episode) -> None:
        """The new episode, at its saved place, its length measured from a local file."""
        self._episode = episode
        location, problem = playable_location(episode.download_path, episode.enclosure_url)
        self._file_length = None if problem else file_duration(location)
        self._duration = self._file_length or episode.duration
        self._position = resume_position(episode, self._settings.resume_rewind)

    # -- transport ---------------------------------------------------------------------------

    def play(self) -> None:
        """Play the loaded episode (resume, restart after stop, or retry after an error)."""
        if self._episode is None or self.phase in (Phase.PLAYING, Phase.LOADING):
            return
        if self.phase is Phase.PAUSED:
            # Resuming: libVLC's "playing" may arrive after a later pause, so do not wait for it.
            self.engine.play()
            if self.phase is Phase.PAUSED:  # an engine that failed at once has moved us on
                self._on_audio(Trigger.RESUME)
        else:
            self._open_and_play(self._episode)

    def _open_and_play(self, episode: Episode) -> None:
        """Hand the media to the engine at the current position and start it."""
        location, problem = playable_location(episode.download_path, episode.enclosure_url)
        if problem:
            self._fail(problem)
            return
        self.engine.open(location, start=self._position, video=episode.is_video)
        self._media = _Media(opened_at=self._clock())
        self._machine.fire(Trigger.OPEN)
        self.engine.play()

    def pause(self) -> None:
        """Pause and save the position."""
        if self.phase is Phase.LOADING:
            self._close(Trigger.PARK)  # nothing audible yet: drop the media, keep the place
        elif self.phase is Phase.PLAYING:
            self._position = self.engine.position()
            self.engine.pause()
            self._save(close=True)
            self._machine.fire(Trigger.PAUSE)

    def toggle(self) -> None:
        """Play when paused or stopped, pause when playing."""
        if self.phase in (Phase.PLAYING, Phase.LOADING):
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop. Within the played threshold of the end this finishes the episode."""
        if self._episode is None or self.phase is Phase.STOPPED:
            return
        if self.phase is Phase.PLAYING:
            self._position = self.engine.position()
        if self.phase.has_played and self._near_end():
            self._finish(autoplay_next=False)
            return
        self._save(close=True)
        self._close(Trigger.STOP)

    def _near_end(self) -> bool:
        duration = self._duration
        if not duration:
            return False
        return duration - self._position <= self._settings.played_threshold

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the episode) and save the new place."""
        if self._episode is None:
            return
        target = max(0.0, float(seconds))
        if self._duration:
            target = min(target, self._duration)
        playing = self.phase is Phase.PLAYING
        if playing:
            self._position = self.engine.position()
        self._save(close=True)
        self.engine.seek(target)
        self._position = target
        if self.phase is not Phase.FAILED and self.recording:
            self._log.save(self._episode.id, target, self._settings.learning)
        if playing and self.recording:
            self._log.begin(self._episode.id, target, self._rate)
        self._emit(Seeked(target))
        self._emit(PositionChanged(target, self._duration))
        self._moved(jumped=True)

    def _current(self) -> float:
        return self.engine.position() if self.phase is Phase.PLAYING else self._position

    def set_video_surface(self, handle: int | None) -> None:
        """Draw video episodes into this native window (None: no video)."""
        self.engine.set_video_surface(handle)
        episode = self._episode
        if episode is None or not episode.is_video or not self.phase.media_open:
            return
        # libVLC binds the window when media starts: reopen at the same place.
        playing = self.phase in (Phase.PLAYING, Phase.LOADING)
        self._position = self._current()
        self._save(close=True)
        if playing:
            self._close_media()
            self._open_and_play(episode)
        else:
            self._close(Trigger.PARK)

    def tick(self) -> None:
        """Poll the position and save it when due; give up on media that never arrives."""
        if self.phase is Phase.PLAYING and self._episode is not None:
            self._set_position(self.engine.position())
            if self._preview_end is not None and self._position >= self._preview_end:
                self._range_over()
                return
            due = self._last_save + self._settings.save_interval - TICK_SECONDS
            if self._clock() >= due:
                self._save()
        elif self.phase is Phase.LOADING and self._loading_too_long():
            if self._next_source():
                return
            where = describe(self._episode.media_location) if self._episode else _("the episode")
            self._fail(
                _("Cannot play {what}: nothing arrived within {seconds} seconds.").format(
                    what=where, seconds=f"{self._settings.load_timeout:g}"
                )
            )

    def _loading_too_long(self) -> bool:
        media = self._media
        return media is not None and self._clock() - media.opened_at > self._settings.load_timeout

    def shutdown(self) -> None:
        """Quit: save the position and release the engine.

        The last call: the phase stays as it was (the CLI's last line reports it), and nothing
        is saved after this.
        """
        if self.phase is Phase.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        self.engine.set_listener(None, self._post)
        self.engine.release()
        self._media = None
        self._listeners.clear()

    # -- engine events (owner thread; a closed phase has no media to hear from) --------------

    def _on_engine_event(self, event: EngineEvent) -> None:
        if self._episode is None or not self.phase.media_open:
            return
        if isinstance(event, Started):
            if self.phase is Phase.LOADING:
                self._on_audio(Trigger.START)
        elif isinstance(event, TimeChanged):
            if self.phase.has_played and self._media is not None:
                self._media.heard = self._media.heard or event.position > 0
                self._set_position(event.position)
        elif isinstance(event, LengthKnown):
            self._on_length(event.duration)
        elif isinstance(event, Ended):
            self._position = self._duration or self._position
            self._finish(autoplay_next=True)
        elif isinstance(event, Failed):
            self._on_failed(event.reason)

    def _on_audio(self, trigger: Trigger) -> None:
        """Audio runs (first start or resume): a span begins here."""
        assert self._episode is not None
        self._position = self.engine.position()
        if self.recording:
            self._log.begin(self._episode.id, self._position, self._rate)
        self._last_save = self._clock()
        self._apply_audio()
        self._machine.fire(trigger)

    def _on_length(self, duration: float) -> None:
        if self._media is not None:
            self._media.heard = self._media.heard or duration > 0
        if self._file_length is not None or duration <= 0:
            return
        if self._duration and abs(duration - self._duration) < 1e-3:
            return
        self._duration = duration
        self._emit(PositionChanged(self._position, duration))
        self._length_changed(duration)

    def _on_failed(self, reason: str) -> None:
        if not self._positions_real() and self._next_source():
            return  # the media never played: its next source may
        if self._positions_real():
            self._position = self.engine.position()
        self._save(close=True)  # when it did play (a stream that broke), keep the place
        self._fail(reason)

    def _fail(self, reason: str) -> None:
        log.info("playback failed: %s", reason)
        self._close(Trigger.FAIL)
        self._emit(PlaybackFailed(reason, self._episode.id if self._episode else None))

    # -- helpers -----------------------------------------------------------------------------

    def _close_media(self) -> None:
        """The engine lets go of the media (a closed phase holds none, so nothing to stop)."""
        if self.phase.media_open:
            self.engine.stop()
        self._media = None

    def _close(self, trigger: Trigger) -> None:
        """Let the media go and take the trigger's move (stop, park, fail, leave)."""
        self._close_media()
        self._machine.fire(trigger)

    def _positions_real(self) -> bool:
        """The media has started and shown a length or a moving clock."""
        return self.phase.has_played and self._media is not None and self._media.heard

    def _save(self, close: bool = False) -> None:
        """Save the position (and the open span) once the media really plays."""
        episode = self._episode
        if episode is None or not self.recording:
            return  # a preview or a live stream leaves no trace
        if self._positions_real():
            self._log.save(episode.id, self._position, self._settings.learning, close=close)
            self._last_save = self._clock()
            self._last.remember(episode.id)  # it really played: show it after a restart
        elif close:
            self._log.close(self._position, self._settings.learning)

    def _set_position(self, position: float) -> None:
        if abs(position - self._position) < POSITION_EPSILON:
            return
        self._position = position
        self._emit(PositionChanged(position, self._duration))
        self._moved(jumped=False)

    # -- hooks: what the player service adds around the media --------------------------------

    @abc.abstractmethod
    def _finish(self, autoplay_next: bool) -> None:
        """Heard to the end (``autoplay_next``: by playing, not by a stop near it)."""

    @abc.abstractmethod
    def _moved(self, jumped: bool) -> None:
        """The position changed (``jumped``: by a seek, not by playing on)."""

    @abc.abstractmethod
    def _length_changed(self, duration: float) -> None:
        """The media's length is known and differs from what was assumed."""

    def _range_over(self) -> None:
        """A preview reached the end of its range (the player service says what follows)."""
        self.pause()

    def _next_source(self) -> bool:
        """The media failed before playing: open the episode's next source instead; False
        when it has none (then the failure stands)."""
        return False

    @abc.abstractmethod
    def _apply_audio(self) -> None:
        """Audio starts: the engine gets the volume, the sleep fade and mute again."""
