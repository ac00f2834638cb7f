"""The player service: what the now-playing pane, the media keys and ``podcast-player play`` drive.

docs/PLAYBACK.md is its contract: what each command does in each phase, which events come out,
and the threading (everything runs on the owner thread; libVLC's callbacks and the chapter fetch
only ``post``). The phases and the media are :class:`~player.services.transport.Transport`'s;
this class adds what surrounds an episode: loading it, finishing it and moving on in the queue,
speed and volume, smart audio (trimmed silence, even loudness, voice boost, skipped intros and
outros: :mod:`player.services.smart_audio`). Helpers of its own hold the rest: the sleep timer
(:class:`~player.services.sleep_timer.SleepController`), the chapters
(:class:`~player.services.chapter_follow.ChapterFollower`), smart audio's follower
(:class:`~player.services.smart_follow.SmartAudioFollower`), the listening modes: previews,
live streams, versions (:class:`~player.services.listening_modes.ListeningModes`), and the
volume (:class:`~player.services.volume.Volume`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from player.domain.audio_effects import TimeSaved
from player.domain.models import Chapter, Episode, EpisodeState
from player.playback.engine import Engine, Post, clamp_rate
from player.services.chapter_follow import Background, ChapterFollower, run_in_thread
from player.services.chapters import ChapterService
from player.services.last_session import LastSession
from player.services.listening import ListeningLog
from player.services.listening_modes import ListeningModes
from player.services.playback_phase import Phase, Trigger
from player.services.playback_state import (
    EpisodeChanged,
    EpisodeFinished,
    ListeningMode,
    PlaybackSettings,
    PositionChanged,
    RateChanged,
    Seeked,
    SettingsChanged,
    SleepTimer,
    SleepTimerChanged,
)
from player.services.queue import PlayerQueue
from player.services.sleep_timer import Playhead, SleepController
from player.services.smart_audio import SmartAudioStatus
from player.services.smart_follow import SmartAudioFollower
from player.services.transport import TICK_SECONDS, Transport
from player.services.volume import Volume
from player.storage import EpisodeRepo, PodcastRepo, SettingsRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from player.storage.podcasting20 import Podcasting20Repo
from player.storage.writer import Writes

__all__ = ["TICK_SECONDS", "PlaybackService"]

DEFAULT_RATE_KEY = "playback.rate"


class PlaybackService(Transport):
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
        self._settings_repo = settings or SettingsRepo(store)
        self._episodes = EpisodeRepo(store)
        self._podcasts = PodcastRepo(store)
        self._queue = PlayerQueue(store)  # the active queue, read at each use
        super().__init__(
            engine,
            post,
            clock,
            ListeningLog(store, clock, writer),  # the window's writer: saves never wait
            LastSession(self._settings_repo, self._episodes),
            PlaybackSettings.load(self._settings_repo),
        )
        chapter_service = chapters or ChapterService(store, image_dir=image_dir)
        self._chapters = ChapterFollower(chapter_service, self, self._emit, post, background)
        self._sleep = SleepController(
            clock,
            self._playhead,
            lambda: self._settings.fade_seconds,
            on_change=lambda sleep: self._emit(SleepTimerChanged(sleep)),
            on_fade=lambda: self._volume.apply(),
            stop=self._stop_for_sleep,
            fire_within=TICK_SECONDS / 2,
        )
        self._podcast_rate: float | None = None  # the loaded episode's podcast's own speed
        self._smart = SmartAudioFollower(
            engine,
            post,
            self._podcasts,
            self._settings_repo,
            AudioAnalysisRepo(store),
            self._log,
            self._emit,
            playing=lambda: self.phase is Phase.PLAYING and self._episode is not None,
            rate=lambda: self._rate,
            jump=self._jumped_over,
            finish=self._finish_at,
        )
        self._modes = ListeningModes(self, self._episodes, Podcasting20Repo(store))
        self._volume = Volume(engine, self._emit, lambda: self._sleep.fade, self._settings.volume)

    # -- read-only state (the phase, episode and position are Transport's) -------------------

    @property
    def rate(self) -> float:
        """Playback speed."""
        return self._rate

    @property
    def volume(self) -> int:
        """The listener's volume, 0-150 (a sleep fade does not change it)."""
        return self._volume.level

    @property
    def muted(self) -> bool:
        """Whether output is muted."""
        return self._volume.muted

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
    def smart_audio(self) -> SmartAudioStatus:
        """What smart audio does for the loaded episode."""
        return self._smart.status

    @property
    def time_saved(self) -> TimeSaved:
        """Seconds saved by speed, trimmed silence and skips since this player was made."""
        playing = self.phase is Phase.PLAYING
        return self._log.time_saved(self.engine.position() if playing else self._position)

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
        self._modes.set_mode(ListeningMode.NORMAL)
        self.reload_settings()
        self._modes.take(episode)
        self._podcast_rate = self._podcasts.get(episode.podcast_id).playback_rate
        self._apply_rate(self._podcast_rate or self._settings.default_rate)
        self._log.forget_pending()
        self._smart.plan(episode, self._duration)
        self._announce(episode)
        if autoplay:
            self.play()
        else:
            self._machine.fire(Trigger.CUE)

    def _announce(self, episode: Episode) -> None:
        """Tell listeners about the episode just taken, its chapters and its place."""
        self._emit(EpisodeChanged(episode))
        self._chapters.load(episode)
        self._emit(PositionChanged(self._position, self._duration))
        self._chapters.follow(force=True)

    # -- previews, live streams and versions (the rules are in ListeningModes) ---------------

    def preview(self, episode_id: int, start: float, duration: float) -> None:
        """A soundbite, then back to what was loaded (:meth:`ListeningModes.preview`)."""
        self._modes.preview(episode_id, start, duration)

    def end_preview(self) -> None:
        """Stop a preview early; what was loaded before comes back, paused at its place."""
        self._modes.end_preview()

    def play_live(self, stream: Episode) -> None:
        """Play a live stream, saving nothing (:meth:`ListeningModes.play_live`)."""
        self._modes.play_live(stream)

    @property
    def media_url(self) -> str:
        """The address of the version that plays (the loaded episode's enclosure, or the
        alternate the listener chose)."""
        return self._episode.enclosure_url if self._episode is not None else ""

    def use_version(self, sources: list[str], media_type: str = "") -> bool:
        """Another version of the loaded episode (:meth:`ListeningModes.use_version`)."""
        return self._modes.use_version(sources, media_type)

    # -- skips, speed and volume -------------------------------------------------------------

    def skip_back(self) -> None:
        """Back by ``playback.skip_back_seconds``."""
        self.seek(self._current() - self._settings.skip_back)

    def skip_forward(self) -> None:
        """Forward by ``playback.skip_forward_seconds``."""
        self.seek(self._current() + self._settings.skip_forward)

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
        self._smart.follow()  # the alarm's wait is in wall time: it depends on the speed
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
        self._volume.set_level(volume)

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute."""
        self._volume.set_muted(muted)

    # -- smart audio -------------------------------------------------------------------------

    def set_smart_audio(
        self,
        trim_silence: str | None = None,
        normalize: bool | None = None,
        voice_boost: bool | None = None,
    ) -> None:
        """Override the podcast's and the global choices for this player (``play
        --trim-silence``...); None keeps a choice as stored. Applies to the loaded episode now."""
        self._smart.override(trim_silence, normalize, voice_boost)
        if self._episode is not None:
            self._smart.plan(self._episode, self._duration)
            self._smart.follow()

    def _open_and_play(self, episode: Episode) -> None:
        """Open past the intro (from the start) or past a silence it would open in."""
        self._position = self._smart.start_at(self._position)
        super()._open_and_play(episode)

    def _jumped_over(self, target: float) -> None:
        """Smart audio seeked over a silence: the place, the events, the chapter."""
        self._position = target
        self._emit(Seeked(target))
        self._emit(PositionChanged(target, self._duration))
        self._chapters.follow()

    def _finish_at(self, position: float) -> None:
        """The rest is silence or outro: the episode ends here."""
        self._position = position
        self._finish(autoplay_next=True)

    # -- chapters and queue ------------------------------------------------------------------

    def next_chapter(self) -> bool:
        """Jump to the next chapter's start; False when there is none."""
        return self._seek_to(self._chapters.track.next_start(self._current()))

    def previous_chapter(self) -> bool:
        """Back to this chapter's start, or the one before when just past it; False: none."""
        return self._seek_to(self._chapters.track.previous_start(self._current(), self._rate))

    def _seek_to(self, start: float | None) -> bool:
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

    # -- the owner's periodic call ---------------------------------------------------------

    def tick(self) -> None:
        """Poll the position, save it when due, follow chapters, run the sleep timer."""
        super().tick()
        self._sleep.tick()
        self._smart.follow()

    def shutdown(self) -> None:
        """Quit: remember the volume, then save the position and release the engine."""
        self._volume.save(self._settings_repo, self._settings.volume)
        self._smart.close()
        super().shutdown()

    # -- finishing ---------------------------------------------------------------------------

    def _finish(self, autoplay_next: bool) -> None:
        """Heard to the end: mark played, leave the queue, and move on (unless sleeping)."""
        episode = self._episode
        assert episode is not None
        if not self.recording:  # a preview or a live stream ended: nothing was heard
            self._modes.ended(episode)
            return
        sleeping = self._sleep.stops_with_episode
        next_id = None
        if self._settings.auto_advance and not sleeping:
            next_id = self._queue.advance_after(episode.id)  # and the queue's own switch
        self._log.finish(episode.id, self._position, self._settings.learning)
        self._close_media()
        # The finish is written by the writer, maybe not yet: the episode as it now is.
        self._episode = dataclasses.replace(episode, state=EpisodeState.PLAYED, position=0.0)
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

    # -- Transport's hooks -------------------------------------------------------------------

    def _moved(self, jumped: bool) -> None:
        self._chapters.follow()
        if jumped:  # the listener seeked: every silence after the new place is ahead again
            self._smart.moved()
        if jumped:  # the listener moved: "the end of the chapter" means *this* chapter now
            self._sleep.moved(lambda: self._chapters.track.end_at(self._position, self._duration))

    def _length_changed(self, duration: float) -> None:
        self._chapters.extend_to(duration)
        self._smart.set_duration(duration)

    def _range_over(self) -> None:
        self._modes.range_over()

    def _next_source(self) -> bool:
        return self._modes.next_source()

    def _apply_audio(self) -> None:
        self._volume.apply_all()
        self._post(self._smart.follow)  # audio starts: the next silence's alarm (once PLAYING)
