"""The player service: what the now-playing pane, the media keys and ``podcast-player play`` drive.

docs/PLAYBACK.md is its contract: what each command does in each phase, which events come out,
and the threading (everything runs on the owner thread; libVLC's callbacks and the chapter fetch
only ``post``). The phases and the media are :class:`~player.services.transport.Transport`'s;
this class adds what surrounds an episode: loading it, finishing it and moving on in the queue,
speed and volume, smart audio (trimmed silence, even loudness, voice boost, skipped intros and
outros: :mod:`player.services.smart_audio`), and two helpers of their own, the sleep timer
(:class:`~player.services.sleep_timer.SleepController`) and the chapters
(:class:`~player.services.chapter_follow.ChapterFollower`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from player.domain.audio_effects import TimeSaved
from player.domain.errors import PlayerError
from player.domain.models import Chapter, Episode, EpisodeState
from player.playback.engine import Engine, Post, clamp_rate, clamp_volume
from player.services.chapter_follow import Background, ChapterFollower, run_in_thread
from player.services.chapters import ChapterService
from player.services.last_session import LastSession
from player.services.listening import ListeningLog
from player.services.media_sources import episode_plan, plan_of
from player.services.playback_phase import Phase, Trigger
from player.services.playback_state import (
    EpisodeChanged,
    EpisodeFinished,
    ListeningMode,
    ModeChanged,
    PlaybackFailed,
    PlaybackSettings,
    PositionChanged,
    RateChanged,
    Seeked,
    SettingsChanged,
    SleepTimer,
    SleepTimerChanged,
    VolumeChanged,
)
from player.services.queue import PlayerQueue
from player.services.sleep_timer import Playhead, SleepController
from player.services.smart_audio import SmartAudioStatus
from player.services.smart_follow import SmartAudioFollower
from player.services.transport import TICK_SECONDS, Transport
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
            on_fade=self._apply_volume,
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
        self._as_loaded: Episode | None = None  # the episode before another version was chosen
        self._fallbacks: list[str] = []  # the playing version's further sources, in order
        self._return_to: int | None = None  # what was loaded before a preview took over
        self._p20 = Podcasting20Repo(store)
        self._volume = clamp_volume(self._settings.volume)
        self._muted = False
        engine.set_volume(self._volume)

    # -- read-only state (the phase, episode and position are Transport's) -------------------

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
        self._set_mode(ListeningMode.NORMAL)
        self.reload_settings()
        self._take_version(episode)
        self._podcast_rate = self._podcasts.get(episode.podcast_id).playback_rate
        self._apply_rate(self._podcast_rate or self._settings.default_rate)
        self._log.forget_pending()
        self._smart.plan(episode, self._duration)
        self._emit(EpisodeChanged(episode))
        self._chapters.load(episode)
        self._emit(PositionChanged(self._position, self._duration))
        self._chapters.follow(force=True)
        if autoplay:
            self.play()
        else:
            self._machine.fire(Trigger.CUE)

    def _take_version(self, episode: Episode) -> None:
        """Take ``episode`` as the feed gave it (its own enclosure, no other version yet);
        the mirrors the feed lists for that same file are tried when it fails to open."""
        self._as_loaded = None
        self._fallbacks = []
        self._take(episode)
        if episode.id and not episode.download_path:
            try:
                versions = self._p20.episode_extras(episode.id).alternate_enclosures
            except PlayerError:
                versions = ()
            urls = episode_plan(episode, versions).urls
            self._fallbacks = [u for u in urls if u != episode.enclosure_url]

    def _set_mode(self, mode: ListeningMode, end: float | None = None) -> None:
        if mode is not self._mode or end != self._preview_end:
            self._mode = mode
            self._preview_end = end
            if mode is not ListeningMode.PREVIEW:
                self._return_to = None
            self._emit(ModeChanged(mode, end))

    # -- previews, live streams and versions (docs/PLAYBACK.md: "Listening modes") -----------

    def preview(self, episode_id: int, start: float, duration: float) -> None:
        """Play ``duration`` seconds of an episode from ``start`` (a soundbite), then go back to
        what was loaded before, paused. Nothing is saved meanwhile: no position, no history,
        never "played" (:class:`NotFoundError` for an unknown id)."""
        episode = self._episodes.get(episode_id)
        before = self._return_to if self._mode is ListeningMode.PREVIEW else None
        if before is None and self._episode is not None and self.recording:
            before = self._episode.id
        self._leave_episode()
        self._take_version(episode)
        start = max(0.0, float(start))
        self._position = start
        self._set_mode(ListeningMode.PREVIEW, start + max(0.5, float(duration)))
        self._return_to = before
        self._emit(EpisodeChanged(episode))
        self._chapters.load(episode)
        self._emit(PositionChanged(self._position, self._duration))
        self._chapters.follow(force=True)
        self.play()

    def end_preview(self) -> None:
        """Stop a preview early; what was loaded before comes back, paused at its place."""
        if self._mode is ListeningMode.PREVIEW:
            self._range_over()

    def _range_over(self) -> None:
        episode = self._episode
        back = self._return_to
        if self.phase not in (Phase.IDLE, Phase.STOPPED):
            self._close(Trigger.STOP)
        self._set_mode(ListeningMode.NORMAL)
        target = back if back is not None else (episode.id if episode is not None else None)
        if target is None:
            return
        try:
            self.load(target, autoplay=False)
        except PlayerError:  # what was loaded before is gone from the library meanwhile
            if episode is not None and episode.id != target:
                self.load(episode.id, autoplay=False)

    def play_live(self, stream: Episode) -> None:
        """Play a live stream (an episode that is not in the library: a live item's
        enclosure). No position is saved and it is never marked played; it plays at 1x."""
        self._leave_episode()
        self._take_version(stream)
        self._position = 0.0
        self._duration = None
        self._set_mode(ListeningMode.LIVE)
        self._apply_rate(1.0)
        self._emit(EpisodeChanged(stream))
        self._emit(PositionChanged(0.0, None))
        self.play()

    @property
    def media_url(self) -> str:
        """The address of the version that plays (the loaded episode's enclosure, or the
        alternate the listener chose)."""
        return self._episode.enclosure_url if self._episode is not None else ""

    def use_version(self, sources: list[str], media_type: str = "") -> bool:
        """Play another version of the loaded episode (an alternate enclosure: audio only,
        lower bitrate, another language, video) from the same place. ``sources`` are its
        addresses in the feed's order: ones this player cannot open (ipfs, torrents, onion
        services) are skipped and the others tried in turn. The feed's own enclosure (and
        its download) comes back when it is the first usable source. False (and a
        ``PlaybackFailed``) when none of them can be used."""
        episode = self._episode
        if episode is None:
            return False
        plan = plan_of(sources)
        if not plan.urls:
            why = "; ".join(sorted({reason for _url, reason in plan.skipped})) or "no address"
            self._emit(PlaybackFailed(f"This version cannot be played here ({why}).", episode.id))
            return False
        base = self._as_loaded or episode
        if plan.urls[0] == base.enclosure_url:
            chosen = base
        else:
            chosen = dataclasses.replace(
                base,
                enclosure_url=plan.urls[0],
                enclosure_type=media_type or base.enclosure_type,
                download_path="",
            )
        playing = self.phase in (Phase.PLAYING, Phase.LOADING)
        self._position = self._current()
        self._save(close=True)
        had_media = self.phase.media_open
        self._close_media()
        if had_media and not playing:
            self._machine.fire(Trigger.PARK)
        self._episode = chosen
        self._as_loaded = base
        self._fallbacks = list(plan.urls[1:])
        self._file_length = None
        self._emit(EpisodeChanged(chosen))
        if playing:
            self._open_and_play(chosen)
        return True

    def _next_source(self) -> bool:
        episode = self._episode
        if not self._fallbacks or episode is None:
            return False
        if self.phase not in (Phase.LOADING, Phase.PLAYING):
            return False
        url = self._fallbacks.pop(0)
        self._episode = dataclasses.replace(episode, enclosure_url=url, download_path="")
        self._close_media()
        self._open_and_play(self._episode)
        return True

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

    # -- the owner's periodic call ---------------------------------------------------------

    def tick(self) -> None:
        """Poll the position, save it when due, follow chapters, run the sleep timer."""
        super().tick()
        self._sleep.tick()
        self._smart.follow()

    def shutdown(self) -> None:
        """Quit: remember the volume, then save the position and release the engine."""
        if self._volume != self._settings.volume:
            self._settings_repo.set("playback.volume", self._volume)
        self._smart.close()
        super().shutdown()

    # -- finishing ---------------------------------------------------------------------------

    def _finish(self, autoplay_next: bool) -> None:
        """Heard to the end: mark played, leave the queue, and move on (unless sleeping)."""
        episode = self._episode
        assert episode is not None
        if not self.recording:  # a preview or a live stream ended: nothing was heard
            if self._mode is ListeningMode.PREVIEW:
                self._range_over()
            else:
                self._close_media()
                self._machine.fire(Trigger.FINISH)
                self._emit(EpisodeChanged(episode))
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

    def _apply_audio(self) -> None:
        self._apply_volume()
        self.engine.set_muted(self._muted)
        self._post(self._smart.follow)  # audio starts: the next silence's alarm (once PLAYING)
