"""The player service: what the now-playing pane, the media keys and ``podcast-player play`` drive.

docs/PLAYBACK.md is its contract: what each command does in each :class:`Phase`, which events
come out, and the threading (everything runs on the owner thread; libVLC's callbacks and the
chapter fetch only ``post``). The moves between phases are the table in
:mod:`player.services.playback_phase`; the sleep timer is
:class:`~player.services.sleep_timer.SleepController` and the chapters are
:class:`~player.services.chapter_follow.ChapterFollower`. What is left here is the transport:
opening, saving the place, finishing, speed and volume.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from pathlib import Path

from player.domain.models import Chapter, Episode, EpisodeState
from player.playback.engine import (
    Ended,
    Engine,
    EngineEvent,
    Failed,
    LengthKnown,
    Post,
    Started,
    TimeChanged,
    clamp_rate,
    clamp_volume,
)
from player.playback.id3 import file_duration
from player.playback.locations import describe, playable_location
from player.services.chapter_follow import Background, ChapterFollower, run_in_thread
from player.services.chapters import ChapterService
from player.services.last_session import LastSession
from player.services.listening import ListeningLog
from player.services.playback_phase import Phase, PhaseMachine, Trigger
from player.services.playback_state import (
    EpisodeChanged,
    EpisodeFinished,
    PlaybackFailed,
    PlaybackSettings,
    PlayerEvent,
    PlayerState,
    PositionChanged,
    RateChanged,
    Seeked,
    SettingsChanged,
    SleepTimer,
    SleepTimerChanged,
    StateChanged,
    VolumeChanged,
)
from player.services.sleep_timer import Playhead, SleepController
from player.storage import EpisodeRepo, PodcastRepo, QueueRepo, SettingsRepo, Store

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25
"""How often the owner should call :meth:`PlaybackService.tick`."""

POSITION_EPSILON = 0.05

DEFAULT_RATE_KEY = "playback.rate"

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


class PlaybackService:
    """One player: the loaded episode, its transport, chapters, sleep timer and history."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        post: Post,
        clock: Callable[[], float] = time.time,
        settings: SettingsRepo | None = None,
        image_dir: Path | None = None,
        background: Background = run_in_thread,
        chapters: ChapterService | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self._post = post
        self._clock = clock
        self._settings_repo = settings or SettingsRepo(store)
        self._episodes = EpisodeRepo(store)
        self._podcasts = PodcastRepo(store)
        self._queue = QueueRepo(store)
        self._log = ListeningLog(store, clock)
        self._last = LastSession(self._settings_repo, self._episodes)
        self._listeners: list[Listener] = []
        self._settings = PlaybackSettings.load(self._settings_repo)
        self._machine = PhaseMachine(lambda state: self._emit(StateChanged(state)))
        chapter_service = chapters or ChapterService(store, image_dir=image_dir)
        self._chapters = ChapterFollower(chapter_service, self, self._emit, post, background)
        self._sleep = SleepController(
            clock,
            self._playhead,
            lambda: self._settings.fade_seconds,
            on_change=lambda sleep: self._emit(SleepTimerChanged(sleep)),
            on_fade=self._apply_volume,
            stop=self._stop_for_sleep,
            fire_within=TICK_SECONDS / 2,
        )

        self._episode: Episode | None = None
        self._media: _Media | None = None
        self._position = 0.0
        self._duration: float | None = None
        self._file_length: float | None = None  # measured from the local file: beats libVLC's
        self._rate = 1.0
        self._podcast_rate: float | None = None  # the loaded episode's podcast's own speed
        self._volume = clamp_volume(self._settings.volume)
        self._muted = False
        self._last_save = 0.0

        engine.set_listener(self._on_engine_event, post)
        engine.set_volume(self._volume)

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
    def rate(self) -> float:
        """Playback speed."""
        return self._rate

    @property
    def volume(self) -> int:
        """The listener's volume, 0-150 (a sleep fade does not change it)."""
        return self._volume

    @property
    def muted(self) -> bool:
        """Whether output is muted."""
        return self._muted

    @property
    def chapters(self) -> list[Chapter]:
        """The visible chapters of the loaded episode, ends filled in."""
        return list(self._chapters.track.chapters)

    @property
    def chapter_source(self) -> str:
        """Where the chapters came from ("json", "id3", "psc", or "" for none)."""
        return self._chapters.track.source

    @property
    def chapter_index(self) -> int:
        """Index of the current chapter, -1 when none."""
        return self._chapters.track.index

    @property
    def sleep(self) -> SleepTimer:
        """The sleep timer, with the time left as of now."""
        return self._sleep.state

    @property
    def settings(self) -> PlaybackSettings:
        """The playback settings in use."""
        return self._settings

    def reload_settings(self) -> None:
        """Pick up changed settings now (the settings dialog calls this)."""
        settings = PlaybackSettings.load(self._settings_repo)
        if settings != self._settings:
            self._settings = settings
            self._emit(SettingsChanged(settings))

    def resume_last_session(self) -> bool:
        """Load the episode that was in the player last time, paused at its place.

        What a listener expects after a restart: the episode is there, and "play" continues
        it. Nothing is loaded (False) when another episode already is, when the last one was
        heard to the end, or when it is gone from the library.
        """
        if self._episode is not None:
            return False
        episode_id = self._last.episode_to_resume()
        if episode_id is None:
            return False
        self.load(episode_id, autoplay=False)
        return True

    # -- loading -----------------------------------------------------------------------------

    def load(self, episode_id: int, autoplay: bool = True) -> None:
        """Load an episode at its saved place (:class:`NotFoundError` for an unknown id)."""
        episode = self._episodes.get(episode_id)
        self._leave_episode()
        self.reload_settings()
        self._episode = episode
        location, problem = playable_location(episode.download_path, episode.enclosure_url)
        self._file_length = None if problem else file_duration(location)
        self._duration = self._file_length or episode.duration
        self._position = resume_position(episode, self._settings.resume_rewind)
        self._podcast_rate = self._podcasts.get(episode.podcast_id).playback_rate
        self._apply_rate(self._podcast_rate or self._settings.default_rate)
        self._emit(EpisodeChanged(episode))
        self._chapters.load(episode)
        self._emit(PositionChanged(self._position, self._duration))
        self._chapters.follow(force=True)
        if autoplay:
            self.play()
        else:
            self._machine.fire(Trigger.CUE)

    def _leave_episode(self) -> None:
        """Save where we were before another episode (or nothing) takes over."""
        if self.phase is Phase.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        self._close(Trigger.LEAVE)

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
        return bool(duration) and duration - self._position <= self._settings.played_threshold

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
        if self.phase is not Phase.FAILED:
            self._log.save(self._episode.id, target, self._settings.learning)
        if playing:
            self._log.begin(self._episode.id, target, self._rate)
        self._emit(Seeked(target))
        self._emit(PositionChanged(target, self._duration))
        self._chapters.follow()
        # The listener moved: a timer for "the end of the chapter" means *this* chapter now.
        self._sleep.moved(lambda: self._chapters.track.end_at(target, self._duration))

    def skip_back(self) -> None:
        """Back by ``playback.skip_back_seconds``."""
        self.seek(self._current() - self._settings.skip_back)

    def skip_forward(self) -> None:
        """Forward by ``playback.skip_forward_seconds``."""
        self.seek(self._current() + self._settings.skip_forward)

    def _current(self) -> float:
        return self.engine.position() if self.phase is Phase.PLAYING else self._position

    def set_rate(self, rate: float) -> None:
        """Speed 0.5-3.0 in 0.1 steps, pitch kept. A new span starts at the new speed.

        The chosen speed becomes the default the next episodes start at, unless the playing
        podcast has its own speed: then it holds for this episode only.
        """
        rate = clamp_rate(rate)
        if rate == self._rate:
            return
        if self.phase is Phase.PLAYING and self._episode is not None:
            self._position = self.engine.position()
            self._save(close=True)
            self._log.begin(self._episode.id, self._position, rate)
        self._apply_rate(rate)
        if self._podcast_rate is None and rate != self._settings.default_rate:
            self._settings_repo.set(DEFAULT_RATE_KEY, rate)
            self._settings = dataclasses.replace(self._settings, default_rate=rate)

    def _apply_rate(self, rate: float) -> None:
        rate = clamp_rate(rate)
        self.engine.set_rate(rate)
        if rate != self._rate:
            self._rate = rate
            self._emit(RateChanged(rate))

    def set_volume(self, volume: float) -> None:
        """Volume 0-150 %."""
        volume = clamp_volume(volume)
        if volume != self._volume:
            self._volume = volume
            self._apply_volume()
            self._emit(VolumeChanged(self._volume, self._muted))

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute."""
        if bool(muted) != self._muted:
            self._muted = bool(muted)
            self.engine.set_muted(self._muted)
            self._emit(VolumeChanged(self._volume, self._muted))

    def _apply_volume(self) -> None:
        """The engine plays at the listener's volume times the sleep fade."""
        self.engine.set_volume(round(self._volume * self._sleep.fade))

    # -- chapters and queue ------------------------------------------------------------------

    def next_chapter(self) -> bool:
        """Jump to the next chapter's start; False when there is none."""
        start = self._chapters.track.next_start(self._current())
        if start is None:
            return False
        self.seek(start)
        return True

    def previous_chapter(self) -> bool:
        """Back to this chapter's start, or the one before when just past it; False: none."""
        start = self._chapters.track.previous_start(self._current(), self._rate)
        if start is None:
            return False
        self.seek(start)
        return True

    def next_in_queue(self) -> bool:
        """Load the queue entry after the current episode, keeping play/pause; False: none."""
        next_id = self._queue.next_after(self._episode.id if self._episode else None)
        if next_id is None:
            return False
        self.load(next_id, autoplay=self.phase in (Phase.PLAYING, Phase.LOADING))
        return True

    # -- sleep timer (the rules are in SleepController) --------------------------------------

    def sleep_after(self, minutes: float) -> None:
        """Stop playback ``minutes`` from now (wall clock), fading out over the last seconds."""
        self._sleep.after(minutes)

    def sleep_at_end_of_episode(self) -> None:
        """Stop when this episode ends (no auto-advance)."""
        self._sleep.at_end_of_episode()

    def sleep_at_end_of_chapter(self) -> None:
        """Pause at the end of the current chapter (the episode's end when it has none)."""
        self._sleep.at_end_of_chapter(self._chapters.track.end_at(self._current(), self._duration))

    def cancel_sleep(self) -> None:
        """Turn the sleep timer off and restore the volume."""
        self._sleep.cancel()

    def _playhead(self) -> Playhead:
        return Playhead(self._current(), self._rate, self._duration, self.phase is Phase.PLAYING)

    def _stop_for_sleep(self, resume_at: float | None) -> None:
        self.pause()
        if resume_at is not None:
            self.seek(resume_at)

    # -- video -------------------------------------------------------------------------------

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

    # -- the owner's periodic call -----------------------------------------------------------

    def tick(self) -> None:
        """Poll the position, save it when due, follow chapters, run the sleep timer."""
        if self.phase is Phase.PLAYING and self._episode is not None:
            self._set_position(self.engine.position())
            due = self._last_save + self._settings.save_interval - TICK_SECONDS
            if self._clock() >= due:
                self._save()
        elif self.phase is Phase.LOADING and self._loading_too_long():
            where = describe(self._episode.media_location) if self._episode else "the episode"
            self._fail(
                f"Cannot play {where}: nothing arrived within "
                f"{self._settings.load_timeout:g} seconds."
            )
        self._sleep.tick()

    def _loading_too_long(self) -> bool:
        media = self._media
        return media is not None and self._clock() - media.opened_at > self._settings.load_timeout

    def shutdown(self) -> None:
        """Quit: save the position, remember the volume, release the engine.

        The last call: the phase stays as it was (the CLI's last line reports it), and nothing
        is saved after this.
        """
        if self.phase is Phase.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        if self._volume != self._settings.volume:
            self._settings_repo.set("playback.volume", self._volume)
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
        self._log.begin(self._episode.id, self._position, self._rate)
        self._last_save = self._clock()
        self._apply_volume()
        self.engine.set_muted(self._muted)
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
        self._chapters.extend_to(duration)

    def _on_failed(self, reason: str) -> None:
        if self._positions_real():
            self._position = self.engine.position()
        self._save(close=True)  # when it did play (a stream that broke), keep the place
        self._fail(reason)

    def _fail(self, reason: str) -> None:
        log.info("playback failed: %s", reason)
        self._close(Trigger.FAIL)
        self._emit(PlaybackFailed(reason, self._episode.id if self._episode else None))

    def _finish(self, autoplay_next: bool) -> None:
        """Heard to the end: mark played, leave the queue, and move on (unless sleeping)."""
        episode = self._episode
        assert episode is not None
        sleeping = self._sleep.stops_with_episode
        next_id = None
        if self._settings.auto_advance and not sleeping:
            next_id = self._queue.next_after(episode.id)
        self._log.finish(episode.id, self._position, self._settings.learning)
        self._close_media()
        self._episode = self._episodes.get(episode.id)
        self._position = 0.0
        self._machine.fire(Trigger.FINISH)
        self._emit(EpisodeFinished(episode.id, next_id))
        if sleeping:
            self._sleep.cancel()
        if next_id is not None:
            self.load(next_id, autoplay=autoplay_next)
        else:
            self._emit(EpisodeChanged(self._episode))
            self._emit(PositionChanged(0.0, self._duration))
            self._chapters.follow()

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
        if episode is None:
            return
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
        self._chapters.follow()
