"""The player service: what the now-playing pane, the media keys and ``podcast-player play`` drive.

How to drive it (the contract the Qt bridge and the MPRIS adaptor rely on)
------------------------------------------------------------------------

Construction::

    engine = VlcEngine(aout="dummy")                  # one vlc.Instance per process, shared
    player = PlaybackService(store, engine, post=post, clock=time.time,
                             settings=SettingsRepo(store), image_dir=paths.cache / "chapters")

- ``post(fn)`` hands ``fn`` to the owner thread (thread-safe, non-blocking). Qt passes a function
  that queues onto the GUI thread (a queued signal / ``QTimer.singleShot(0, ...)`` from a
  ``QObject`` living there); the CLI and tests pass :meth:`EventLoop.post`.
- Every method and property is used on the owner thread. libVLC's callbacks only ``post``.
- The owner calls :meth:`PlaybackService.tick` every :data:`TICK_SECONDS` (200-250 ms). A tick
  polls the position, saves it (at least every ``playback.save_interval_seconds`` while playing:
  one small transaction), follows the current chapter and runs the sleep timer and its fade.
- Background work (fetching HTTP chapter files) runs through ``background(fn)`` (default: a
  daemon thread); its result comes back through ``post``.
- :meth:`PlaybackService.shutdown` on quit saves the position and releases the engine.

Listeners: ``subscribe(callback)`` receives the dataclasses of
:mod:`player.services.playback_state` (EpisodeChanged, StateChanged, PositionChanged, Seeked,
RateChanged, VolumeChanged, ChaptersChanged, ChapterChanged, SleepTimerChanged, PlaybackFailed,
EpisodeFinished, SettingsChanged), always on the owner thread. The read-only properties
(``episode``, ``state``, ``position``, ``duration``, ``rate``, ``volume``, ``muted``,
``chapters``, ``chapter_index``, ``sleep``) give the same information for a UI that has just
been built.

What it promises
----------------

- The position is saved while playing (every save interval) and on pause, seek, stop, episode
  change, failure after playing and shutdown; loading resumes there minus
  ``playback.resume_rewind_seconds``.
- Listening spans go to ``play_events`` only while ``recommend.learning`` is on.
- Speed sticks: a new episode starts at its podcast's own speed when it has one, else at
  ``playback.rate``; the speed the listener picks (:meth:`PlaybackService.set_rate`) becomes
  ``playback.rate``, except while a podcast with its own speed plays (that speed is the
  podcast's setting, changed in its settings).
- The episode that last played (its place was saved) is kept in ``playback.last_episode_id``, so a
  restart can show it again, paused at its place (:meth:`PlaybackService.resume_last_session`);
  media that never plays changes nothing.
- The end of an episode, or a stop within ``playback.played_threshold_seconds`` of it, marks it
  played (position reset), takes it out of the queue and, with ``playback.auto_advance``, loads
  the next queue entry (playing at the end; ready but paused after a stop).
- Bad media ends in ``ERROR`` with a :class:`PlaybackFailed` reason and no store change; any
  method (``load`` another, ``play`` to retry) works afterwards.
- Chapters come from the store (feed's Podlove chapters), the local file's ID3 tags and the JSON
  chapters file (local/cached at once, HTTP in the background); see
  :mod:`player.playback.chapters` for which source wins.
- Audio episodes never open a video window (libVLC's ``:no-video``); a video episode is drawn
  into the surface given to :meth:`PlaybackService.set_video_surface` (without one, it plays as
  audio). When libVLC was started with an explicit video output (``--vout=dummy`` in tests and
  headless runs), video goes there instead of the surface.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from player.domain.errors import NotFoundError, PlayerError
from player.domain.models import Chapter, Episode, EpisodeState
from player.playback.chapter_track import ChapterTrack
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
from player.services.chapters import ChapterService
from player.services.listening import ListeningLog
from player.services.playback_state import (
    ChapterChanged,
    ChaptersChanged,
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
    SleepMode,
    SleepTimer,
    SleepTimerChanged,
    StateChanged,
    VolumeChanged,
)
from player.services.sleep_timer import SleepClock, fade_factor
from player.storage import (
    EpisodeQuery,
    EpisodeRepo,
    PodcastRepo,
    QueueRepo,
    SettingsRepo,
    Store,
)
from player.storage.writer import Writes

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25
"""How often the owner should call :meth:`PlaybackService.tick`."""

POSITION_EPSILON = 0.05

LAST_EPISODE_KEY = "playback.last_episode_id"
DEFAULT_RATE_KEY = "playback.rate"

Listener = Callable[[PlayerEvent], None]
Background = Callable[[Callable[[], None]], None]


def run_in_thread(work: Callable[[], None]) -> None:
    """The default ``background``: a daemon thread per job (jobs are rare and short)."""
    threading.Thread(target=work, name="playback-background", daemon=True).start()


def resume_position(episode: Episode, rewind: float) -> float:
    """Where loading an episode starts: its saved place minus a short rewind; 0 once played."""
    if episode.state is EpisodeState.PLAYED or episode.position <= 0:
        return 0.0
    return max(0.0, episode.position - rewind)


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
        writer: Writes | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self._post = post
        self._clock = clock
        self._settings_repo = settings or SettingsRepo(store)
        self._background = background
        self._episodes = EpisodeRepo(store)
        self._podcasts = PodcastRepo(store)
        self._queue = QueueRepo(store)
        self._log = ListeningLog(store, clock, writer)  # the window's writer: saves never wait
        self._chapter_service = chapters or ChapterService(store, image_dir=image_dir)
        self._listeners: list[Listener] = []
        self._settings = PlaybackSettings.load(self._settings_repo)

        self._episode: Episode | None = None
        self._state = PlayerState.STOPPED
        self._position = 0.0
        self._duration: float | None = None
        self._rate = 1.0
        self._podcast_rate: float | None = None  # the loaded episode's podcast's own speed
        self._remembered_id: int | None = None  # what playback.last_episode_id holds
        self._volume = clamp_volume(self._settings.volume)
        self._muted = False
        self._track = ChapterTrack()
        self._sleep = SleepClock()
        self._fade = 1.0
        self._opened = False  # the engine holds the episode's media
        self._started = False  # ...and has played it (positions from it are real)
        self._last_save = 0.0
        self._loading_since = 0.0
        self._exact_duration = False  # measured from the local file: libVLC's guess can't beat it
        # The media has a length or a moving clock, so its positions are real (a corrupt file
        # "starts" then ends with neither): only then are positions saved.
        self._heard = False

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
    def state(self) -> PlayerState:
        """What the player is doing."""
        return self._state

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
        return list(self._track.chapters)

    @property
    def chapter_source(self) -> str:
        """Where the chapters came from ("json", "id3", "psc", or "" for none)."""
        return self._track.source

    @property
    def chapter_index(self) -> int:
        """Index of the current chapter, -1 when none."""
        return self._track.index

    @property
    def sleep(self) -> SleepTimer:
        """The sleep timer, with the time left as of now."""
        return self._sleep.state(self._sleep_remaining(), self._settings.fade_seconds)

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
        episode_id = self._settings_repo.get(LAST_EPISODE_KEY)
        if episode_id is None:  # not recorded yet (a library from before this was kept)
            episode_id = self._last_in_progress()
        if not isinstance(episode_id, int):
            return False
        try:
            episode = self._episodes.get(episode_id)
        except NotFoundError:
            return False
        if episode.state is EpisodeState.PLAYED:
            return False
        self._remembered_id = episode.id
        self.load(episode.id, autoplay=False)
        return True

    def _last_in_progress(self) -> int | None:
        """The half-heard episode played most recently (in-progress lists are short)."""
        started = self._episodes.list(EpisodeQuery(in_progress=True))
        latest = max(started, key=lambda e: e.last_played or 0.0, default=None)
        return latest.id if latest is not None else None

    # -- loading -----------------------------------------------------------------------------

    def load(self, episode_id: int, autoplay: bool = True) -> None:
        """Load an episode at its saved place (:class:`NotFoundError` for an unknown id)."""
        episode = self._episodes.get(episode_id)
        self._leave_episode()
        self.reload_settings()
        self._episode = episode
        self._opened = self._started = False
        location, problem = playable_location(episode.download_path, episode.enclosure_url)
        exact = None if problem else file_duration(location)
        self._duration = exact or episode.duration
        self._exact_duration = exact is not None
        self._position = resume_position(episode, self._settings.resume_rewind)
        self._podcast_rate = self._podcasts.get(episode.podcast_id).playback_rate
        self._apply_rate(self._podcast_rate or self._settings.default_rate)
        self._emit(EpisodeChanged(episode))
        self._load_chapters(episode)
        self._emit(PositionChanged(self._position, self._duration))
        self._update_chapter(force=True)
        if autoplay:
            self.play()
        else:
            self._set_state(PlayerState.PAUSED)

    def _leave_episode(self) -> None:
        """Save where we were before another episode (or nothing) takes over."""
        if self._state is PlayerState.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        if self._opened:
            self.engine.stop()
        self._opened = self._started = False
        # Quietly: the new episode's state (loading, paused, error) is announced right after.
        self._state = PlayerState.STOPPED

    def _load_chapters(self, episode: Episode) -> None:
        try:
            needs_network = self._chapter_service.prepare(episode)
        except PlayerError as exc:
            log.info("chapters of episode %d: %s", episode.id, exc)
            needs_network = False
        self._apply_chapters()
        if needs_network:
            self._background(lambda: self._fetch_chapters(episode))

    def _fetch_chapters(self, episode: Episode) -> None:
        """Background thread: fetch the JSON chapters, then hand over to the owner thread."""
        try:
            self._chapter_service.fetch_json(episode)
        except PlayerError as exc:
            log.info("chapters of episode %d: %s", episode.id, exc)
            return
        self._post(lambda: self._chapters_arrived(episode.id))

    def _chapters_arrived(self, episode_id: int) -> None:
        if self._episode is not None and self._episode.id == episode_id:
            self._apply_chapters()
            self._update_chapter()

    def _apply_chapters(self) -> None:
        if self._episode is None:
            return
        source, chapters = self._chapter_service.chosen(self._episode, self._duration)
        if self._track.replace(source, chapters, self._duration):
            self._emit(ChaptersChanged(tuple(self._track.chapters), source))

    # -- transport ---------------------------------------------------------------------------

    def play(self) -> None:
        """Play the loaded episode (resume, restart after stop, or retry after an error)."""
        if self._episode is None or self._state in (PlayerState.PLAYING, PlayerState.LOADING):
            return
        if not self._opened:
            self._open_and_play(self._episode)
            return
        # Resuming: libVLC's "playing" may arrive after a later pause, so do not wait for it.
        self.engine.play()
        self._on_audio()

    def _open_and_play(self, episode: Episode) -> None:
        """Hand the media to the engine at the current position and start it."""
        location, problem = playable_location(episode.download_path, episode.enclosure_url)
        if problem:
            self._fail(problem)
            return
        self.engine.open(location, start=self._position, video=episode.is_video)
        self._opened, self._started, self._heard = True, False, False
        self._loading_since = self._clock()
        self._set_state(PlayerState.LOADING)
        self.engine.play()

    def pause(self) -> None:
        """Pause and save the position."""
        if self._state is PlayerState.LOADING:
            # Nothing audible yet: drop the half-opened media, keep the place.
            self.engine.stop()
            self._opened = self._started = False
            self._set_state(PlayerState.PAUSED)
        elif self._state is PlayerState.PLAYING:
            self._position = self.engine.position()
            self.engine.pause()
            self._save(close=True)
            self._set_state(PlayerState.PAUSED)

    def toggle(self) -> None:
        """Play when paused or stopped, pause when playing."""
        if self._state in (PlayerState.PLAYING, PlayerState.LOADING):
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop. Within the played threshold of the end this finishes the episode."""
        if self._episode is None or self._state is PlayerState.STOPPED:
            return
        if self._state is PlayerState.PLAYING:
            self._position = self.engine.position()
        if self._started and self._near_end():
            self._finish(autoplay_next=False)
            return
        self._save(close=True)
        self.engine.stop()
        self._opened = self._started = False
        self._set_state(PlayerState.STOPPED)

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
        playing = self._state is PlayerState.PLAYING
        if playing:
            self._position = self.engine.position()
        self._save(close=True)
        self.engine.seek(target)
        self._position = target
        if self._state is not PlayerState.ERROR:
            self._log.save(self._episode.id, target, self._settings.learning)
        if playing:
            self._log.begin(self._episode.id, target, self._rate)
        self._emit(Seeked(target))
        self._emit(PositionChanged(target, self._duration))
        self._update_chapter()
        if self._sleep.mode is SleepMode.END_OF_CHAPTER:
            # The listener moved: sleep after *this* chapter.
            self._sleep.target = self._track.end_at(target, self._duration)

    def skip_back(self) -> None:
        """Back by ``playback.skip_back_seconds``."""
        self.seek(self._current() - self._settings.skip_back)

    def skip_forward(self) -> None:
        """Forward by ``playback.skip_forward_seconds``."""
        self.seek(self._current() + self._settings.skip_forward)

    def _current(self) -> float:
        return self.engine.position() if self._state is PlayerState.PLAYING else self._position

    def set_rate(self, rate: float) -> None:
        """Speed 0.5-3.0 in 0.1 steps, pitch kept. A new span starts at the new speed.

        The chosen speed becomes the default the next episodes start at, unless the playing
        podcast has its own speed: then it holds for this episode only.
        """
        rate = clamp_rate(rate)
        if rate == self._rate:
            return
        if self._state is PlayerState.PLAYING and self._episode is not None:
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
        self.engine.set_volume(round(self._volume * self._fade))

    # -- chapters and queue ------------------------------------------------------------------

    def next_chapter(self) -> bool:
        """Jump to the next chapter's start; False when there is none."""
        start = self._track.next_start(self._current())
        if start is None:
            return False
        self.seek(start)
        return True

    def previous_chapter(self) -> bool:
        """Back to this chapter's start, or the one before when just past it; False: none."""
        start = self._track.previous_start(self._current(), self._rate)
        if start is None:
            return False
        self.seek(start)
        return True

    def next_in_queue(self) -> bool:
        """Load the queue entry after the current episode, keeping play/pause; False: none."""
        next_id = self._queue.next_after(self._episode.id if self._episode else None)
        if next_id is None:
            return False
        self.load(next_id, autoplay=self._state in (PlayerState.PLAYING, PlayerState.LOADING))
        return True

    # -- sleep timer -------------------------------------------------------------------------

    def sleep_after(self, minutes: float) -> None:
        """Stop playback ``minutes`` from now (wall clock), fading out over the last seconds."""
        self._arm_sleep(SleepMode.AFTER_TIME, self._clock() + max(0.0, minutes) * 60)

    def sleep_at_end_of_episode(self) -> None:
        """Stop when this episode ends (no auto-advance)."""
        self._arm_sleep(SleepMode.END_OF_EPISODE)

    def sleep_at_end_of_chapter(self) -> None:
        """Pause at the end of the current chapter (the episode's end when it has none)."""
        end = self._track.end_at(self._current(), self._duration)
        if end is None:
            self._arm_sleep(SleepMode.END_OF_EPISODE)
        else:
            self._arm_sleep(SleepMode.END_OF_CHAPTER, target=end)

    def cancel_sleep(self) -> None:
        """Turn the sleep timer off and restore the volume."""
        if self._sleep.mode is SleepMode.OFF:
            return
        self._sleep.cancel()
        self._set_fade(1.0)
        self._emit(SleepTimerChanged(self.sleep))

    def _arm_sleep(
        self, mode: SleepMode, deadline: float | None = None, target: float | None = None
    ) -> None:
        self._sleep.arm(mode, deadline, target)
        self._set_fade(1.0)
        self._emit(SleepTimerChanged(self.sleep))

    def _sleep_remaining(self) -> float | None:
        return self._sleep.remaining(self._clock(), self._current(), self._rate, self._duration)

    def _set_fade(self, factor: float) -> None:
        if abs(factor - self._fade) > 1e-3:
            self._fade = factor
            self._apply_volume()

    def _run_sleep_timer(self) -> None:
        if self._sleep.mode is SleepMode.OFF:
            return
        remaining = self._sleep_remaining()
        playing = self._state is PlayerState.PLAYING
        was_fading = self._fade < 1.0
        self._set_fade(fade_factor(remaining, self._settings.fade_seconds) if playing else 1.0)
        if self._fade < 1.0 and not was_fading:
            self._emit(SleepTimerChanged(self.sleep))
        if remaining is None or remaining > TICK_SECONDS / 2:
            return
        if self._sleep.mode is SleepMode.END_OF_EPISODE and playing:
            return  # the end of the media finishes the episode; it stops there
        target = self._sleep.target
        if playing:
            self.pause()
            if target is not None and (not self._duration or target < self._duration):
                self.seek(target)  # resuming starts the next chapter, not its first second
        self.cancel_sleep()

    # -- video -------------------------------------------------------------------------------

    def set_video_surface(self, handle: int | None) -> None:
        """Draw video episodes into this native window (None: no video)."""
        self.engine.set_video_surface(handle)
        episode = self._episode
        if episode is None or not episode.is_video or not self._opened:
            return
        # libVLC binds the window when media starts: reopen at the same place.
        playing = self._state in (PlayerState.PLAYING, PlayerState.LOADING)
        self._position = self._current()
        self._save(close=True)
        self.engine.stop()
        self._opened = self._started = False
        if playing:
            self._open_and_play(episode)

    # -- the owner's periodic call -----------------------------------------------------------

    def tick(self) -> None:
        """Poll the position, save it when due, follow chapters, run the sleep timer."""
        if self._state is PlayerState.PLAYING and self._episode is not None:
            self._set_position(self.engine.position())
            due = self._last_save + self._settings.save_interval - TICK_SECONDS
            if self._clock() >= due:
                self._save()
        elif self._state is PlayerState.LOADING and self._loading_too_long():
            self.engine.stop()
            self._opened = False
            where = describe(self._episode.media_location) if self._episode else "the episode"
            self._fail(
                f"Cannot play {where}: nothing arrived within "
                f"{self._settings.load_timeout:g} seconds."
            )
        self._run_sleep_timer()

    def _loading_too_long(self) -> bool:
        return self._clock() - self._loading_since > self._settings.load_timeout

    def shutdown(self) -> None:
        """Quit: save the position, remember the volume, release the engine."""
        if self._state is PlayerState.PLAYING:
            self._position = self.engine.position()
        if self._episode is not None:
            self._save(close=True)
        if self._volume != self._settings.volume:
            self._settings_repo.set("playback.volume", self._volume)
        self.engine.set_listener(None, self._post)
        self.engine.release()
        self._opened = self._started = False
        self._listeners.clear()

    # -- engine events (owner thread) --------------------------------------------------------

    def _on_engine_event(self, event: EngineEvent) -> None:
        if self._episode is None:
            return
        if isinstance(event, Started):
            if self._state is PlayerState.LOADING:
                self._started = True
                self._on_audio()
        elif isinstance(event, TimeChanged):
            if self._started and self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
                self._heard = self._heard or event.position > 0
                self._set_position(event.position)
        elif isinstance(event, LengthKnown):
            self._on_length(event.duration)
        elif isinstance(event, Ended):
            self._position = self._duration or self._position
            self._finish(autoplay_next=True)
        elif isinstance(event, Failed):
            self._on_failed(event.reason)

    def _on_audio(self) -> None:
        """Audio runs (first start or resume): a span begins here."""
        assert self._episode is not None
        self._position = self.engine.position()
        self._log.begin(self._episode.id, self._position, self._rate)
        self._last_save = self._clock()
        self._apply_volume()
        self.engine.set_muted(self._muted)
        self._set_state(PlayerState.PLAYING)

    def _on_length(self, duration: float) -> None:
        self._heard = self._heard or duration > 0
        if self._exact_duration or duration <= 0:
            return
        if self._duration and abs(duration - self._duration) < 1e-3:
            return
        self._duration = duration
        self._emit(PositionChanged(self._position, duration))
        if self._track.extend_to(duration):
            self._emit(ChaptersChanged(tuple(self._track.chapters), self._track.source))

    def _on_failed(self, reason: str) -> None:
        if self._started and self._heard:
            self._position = self.engine.position()
        self._save(close=True)  # when it did play (a stream that broke), keep the place
        self.engine.stop()
        self._opened = self._started = False
        self._fail(reason)

    def _fail(self, reason: str) -> None:
        log.info("playback failed: %s", reason)
        self._set_state(PlayerState.ERROR)
        self._emit(PlaybackFailed(reason, self._episode.id if self._episode else None))

    def _finish(self, autoplay_next: bool) -> None:
        """Heard to the end: mark played, leave the queue, and move on (unless sleeping)."""
        episode = self._episode
        assert episode is not None
        sleeping = self._sleep.mode in (SleepMode.END_OF_EPISODE, SleepMode.END_OF_CHAPTER)
        next_id = None
        if self._settings.auto_advance and not sleeping:
            next_id = self._queue.next_after(episode.id)
        self._log.finish(episode.id, self._position, self._settings.learning)
        self.engine.stop()
        self._opened = self._started = False
        self._episode = dataclasses.replace(episode, state=EpisodeState.PLAYED, position=0.0)
        self._position = 0.0
        self._set_state(PlayerState.STOPPED)
        self._emit(EpisodeFinished(episode.id, next_id))
        if sleeping:
            self.cancel_sleep()
        if next_id is not None:
            self.load(next_id, autoplay=autoplay_next)
        else:
            self._emit(EpisodeChanged(self._episode))
            self._emit(PositionChanged(0.0, self._duration))
            self._update_chapter()

    # -- helpers -----------------------------------------------------------------------------

    def _save(self, close: bool = False) -> None:
        """Save the position (and the open span) once the media really plays."""
        episode = self._episode
        if episode is None:
            return
        if self._started and self._heard:
            self._log.save(episode.id, self._position, self._settings.learning, close=close)
            self._last_save = self._clock()
            if episode.id != self._remembered_id:  # it really played: show it after a restart
                self._settings_repo.set(LAST_EPISODE_KEY, episode.id)
                self._remembered_id = episode.id
        elif close:
            self._log.close(self._position, self._settings.learning)

    def _set_position(self, position: float) -> None:
        if abs(position - self._position) < POSITION_EPSILON:
            return
        self._position = position
        self._emit(PositionChanged(position, self._duration))
        self._update_chapter()

    def _update_chapter(self, force: bool = False) -> None:
        if self._track.follow(self._position) or force:
            self._emit(ChapterChanged(self._track.index, self._track.current))

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self._emit(StateChanged(state))
