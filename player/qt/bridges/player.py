"""The player as the window, the media keys and the tray see it: a QObject facade.

It owns the periodic ``tick`` the playback service needs, hands libVLC's events to the GUI
thread (the service's ``post`` is :func:`~player.qt.workers.to_main`), and re-emits the
service's events as Qt signals in the app's vocabulary. Everything that shows or controls
playback subscribes to this one object (Picard's player facade is the model), so they can
never disagree about what is playing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from player.domain.audio_effects import TimeSaved
from player.domain.format import clock
from player.domain.models import Chapter, Episode
from player.i18n import _
from player.qt.workers import to_main
from player.services.playback import TICK_SECONDS, PlaybackService
from player.services.playback_state import (
    ChapterChanged,
    ChaptersChanged,
    EpisodeChanged,
    EpisodeFinished,
    ModeChanged,
    PlaybackFailed,
    PlayerEvent,
    PlayerState,
    PositionChanged,
    RateChanged,
    Seeked,
    SettingsChanged,
    SleepMode,
    SleepTimer,
    SleepTimerChanged,
    SmartAudioChanged,
    StateChanged,
    VolumeChanged,
)
from player.services.queue import QueueService
from player.services.smart_audio import SmartAudioStatus

log = logging.getLogger(__name__)

RATE_STEP = 0.1
POSITION_VIEW_SECONDS = 0.2
"""How often playing on moves what the window shows (the service keeps every position).

libVLC reports the time up to 20 times a second; each report repainted the slider (with its
chapter marks), two clocks, the playing row of the episode list and of the queue. Five a second
moves the slider smoothly (a pixel is seconds of a long episode) and costs a quarter."""
POSITION_JUMP_SECONDS = 1.0
"""A move at least this far from the last one shown (a seek, a skip) is shown at once."""


class PlayerBridge(QObject):
    """Signals and commands over :class:`PlaybackService`, on the GUI thread."""

    episodeChanged = Signal(object)
    """The loaded :class:`Episode`, or None."""
    stateChanged = Signal(PlayerState)
    positionChanged = Signal(float, float)
    """Position and duration (0 when unknown), in seconds."""
    seeked = Signal(float)
    rateChanged = Signal(float)
    volumeChanged = Signal(int, bool)
    chaptersChanged = Signal(list)
    chapterChanged = Signal(int)
    sleepChanged = Signal(str)
    """What the sleep timer will do, counting down ("Stops in 14:59"); "" when off."""
    settingsChanged = Signal()
    """Playback settings changed (the skip lengths on the buttons, for one)."""
    smartAudioChanged = Signal(object)
    """What smart audio does for the loaded episode (a :class:`SmartAudioStatus`): planned
    again for each episode, each change of the choices and each new analysis."""
    failed = Signal(str)
    finished = Signal(int, object)
    """Episode id that ended, and the id that follows (or None)."""
    queueChanged = Signal()
    modeChanged = Signal(str, float)
    """A :class:`ListeningMode` value ("normal", "preview", "live") and, for a preview, where
    it stops (0 otherwise)."""

    def __init__(
        self,
        service_factory: Callable[[Callable[[Callable[[], None]], None]], PlaybackService],
        queue: QueueService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # libVLC's events come back through to_main: always deferred, so a command that makes
        # the engine report at once (a file that cannot open) never re-enters the service.
        self.service = service_factory(to_main)
        self.queue = queue
        self._unsubscribe = self.service.subscribe(self._on_event)
        self._sleep_text = ""
        self.timer = QTimer(self)
        self.timer.setInterval(int(TICK_SECONDS * 1000))
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._shown = (-1.0, 0.0)
        """The last position and duration signalled."""
        self._position_due = QTimer(self)
        self._position_due.setSingleShot(True)
        self._position_due.setInterval(int(POSITION_VIEW_SECONDS * 1000))
        self._position_due.timeout.connect(self._show_position)
        self._latest = (0.0, 0.0)

    def _tick(self) -> None:
        """The service's periodic work, then the sleep timer's countdown (the service only
        reports when the timer is set, fades or fires; the label shows every second)."""
        self.service.tick()
        self._show_sleep(self.service.sleep)

    def _show_sleep(self, sleep: SleepTimer) -> None:
        text = describe_sleep(sleep)
        if text != self._sleep_text:
            self._sleep_text = text
            self.sleepChanged.emit(text)

    # -- state ----------------------------------------------------------------------------

    @property
    def episode(self) -> Episode | None:
        """What is loaded."""
        return self.service.episode

    @property
    def state(self) -> PlayerState:
        """stopped, loading, playing, paused or error (a StrEnum: ``state == "playing"`` works)."""
        return self.service.state

    @property
    def playing(self) -> bool:
        """Audio is running."""
        return self.service.state is PlayerState.PLAYING

    @property
    def position(self) -> float:
        """Seconds into the episode."""
        return self.service.position

    @property
    def duration(self) -> float | None:
        """The episode's length when known."""
        return self.service.duration

    @property
    def rate(self) -> float:
        """Playback speed."""
        return self.service.rate

    @property
    def volume(self) -> int:
        """0-150 percent."""
        return self.service.volume

    @property
    def muted(self) -> bool:
        """Muted or not."""
        return self.service.muted

    @property
    def chapters(self) -> list[Chapter]:
        """The episode's chapters."""
        return self.service.chapters

    @property
    def skip_lengths(self) -> tuple[float, float]:
        """Seconds that skip back and skip forward jump."""
        settings = self.service.settings
        return settings.skip_back, settings.skip_forward

    @property
    def smart_audio(self) -> SmartAudioStatus:
        """What smart audio does for the loaded episode."""
        return self.service.smart_audio

    @property
    def time_saved(self) -> TimeSaved:
        """Seconds saved by speed, trimmed silence and skips since the window opened."""
        return self.service.time_saved

    def has_next(self) -> bool:
        """Whether "next" has somewhere to go (queue entry after the current one)."""
        current = self.episode.id if self.episode else None
        return self.queue.repo.next_after(current) is not None

    # -- commands -----------------------------------------------------------------------------

    def play_episode(self, episode_id: int) -> None:
        """Load an episode (resuming where it was left) and play it."""
        self.service.load(episode_id, autoplay=True)

    def play(self) -> None:
        """Play or resume (plays the head of the queue when nothing is loaded)."""
        if self.episode is None:
            self._play_queue_head()
            return
        self.service.play()

    def _play_queue_head(self) -> None:
        """Nothing loaded: "play" means the first queue entry, playing at once."""
        head = self.queue.repo.next_after(None)
        if head is not None:
            self.service.load(head, autoplay=True)
            self.queueChanged.emit()

    def preview(self, episode_id: int, start: float, duration: float) -> None:
        """Play a soundbite: that range only, nothing saved, nothing marked heard."""
        self.service.preview(episode_id, start, duration)

    def end_preview(self) -> None:
        """Stop a soundbite preview; what was loaded before comes back, paused."""
        self.service.end_preview()

    def play_live(self, stream: Episode) -> None:
        """Listen to a live stream (no position saved, never "played")."""
        self.service.play_live(stream)

    def use_version(self, sources: list[str], media_type: str = "") -> bool:
        """Play another version of the loaded episode from the same place."""
        return self.service.use_version(sources, media_type)

    @property
    def media_url(self) -> str:
        """The address of the version that plays."""
        return self.service.media_url

    @property
    def mode(self) -> str:
        """ "normal", "preview" or "live"."""
        return str(self.service.mode)

    def resume_last_session(self) -> bool:
        """At start-up: show the episode from last time, paused at its place."""
        return self.service.resume_last_session()

    def pause(self) -> None:
        """Pause."""
        self.service.pause()

    def toggle(self) -> None:
        """Play/pause."""
        if self.episode is None:
            self._play_queue_head()
            return
        self.service.toggle()

    def stop(self) -> None:
        """Stop (the position is kept)."""
        self.service.stop()

    def seek(self, seconds: float) -> None:
        """Jump to a time."""
        self.service.seek(seconds)

    def skip_back(self) -> None:
        """Skip back by the configured amount."""
        self.service.skip_back()

    def skip_forward(self) -> None:
        """Skip forward by the configured amount."""
        self.service.skip_forward()

    def set_rate(self, rate: float) -> None:
        """Set the speed."""
        self.service.set_rate(rate)

    def slower(self) -> None:
        """One step slower."""
        self.service.set_rate(self.rate - RATE_STEP)

    def faster(self) -> None:
        """One step faster."""
        self.service.set_rate(self.rate + RATE_STEP)

    def set_volume(self, volume: int) -> None:
        """Set the volume (0-150)."""
        self.service.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute."""
        self.service.set_muted(muted)

    def toggle_mute(self) -> None:
        """Flip mute."""
        self.service.set_muted(not self.muted)

    def next_chapter(self) -> None:
        """Jump to the next chapter."""
        self.service.next_chapter()

    def previous_chapter(self) -> None:
        """Back to the chapter start, or the previous chapter near its start."""
        self.service.previous_chapter()

    def seek_chapter(self, index: int) -> None:
        """Jump to a chapter by index."""
        chapters = self.chapters
        if 0 <= index < len(chapters):
            self.service.seek(chapters[index].start)

    def next_in_queue(self) -> bool:
        """Play the next queue entry."""
        moved = self.service.next_in_queue()
        self.queueChanged.emit()
        return moved

    def restart_or_previous(self) -> None:
        """ "Previous": restart the episode (podcasts have no previous track)."""
        self.service.seek(0.0)

    def sleep(self, mode: SleepMode, minutes: int = 0) -> None:
        """Sleep timer: (AFTER_TIME, N minutes), (END_OF_CHAPTER, 0), (END_OF_EPISODE, 0) or
        (OFF, 0)."""
        if mode is SleepMode.AFTER_TIME:
            self.service.sleep_after(minutes)
        elif mode is SleepMode.END_OF_CHAPTER:
            self.service.sleep_at_end_of_chapter()
        elif mode is SleepMode.END_OF_EPISODE:
            self.service.sleep_at_end_of_episode()
        else:
            self.service.cancel_sleep()

    def reload_settings(self) -> None:
        """The listener changed settings: skip lengths, speed and the rest apply now."""
        self.service.reload_settings()

    def replan_smart_audio(self) -> None:
        """The smart-audio choices (global or the podcast's) or the episode's analysis changed:
        decide the loaded episode's trims and effects again, applied at once."""
        if self.service.episode is not None:
            self.service.set_smart_audio()

    def set_video_surface(self, handle: int | None) -> None:
        """Where video episodes are drawn."""
        self.service.set_video_surface(handle)

    def shutdown(self) -> None:
        """Save the position and release libVLC (once; later calls do nothing)."""
        if not self.timer.isActive():
            return
        self.timer.stop()
        self._unsubscribe()
        self.service.shutdown()

    # -- service events -> signals ------------------------------------------------------

    def _position(self, position: float, duration: float) -> None:
        """Signal a jump (or a new duration) at once, playing on at most every 0.2 s."""
        self._latest = (position, duration)
        shown_position, shown_duration = self._shown
        if abs(position - shown_position) >= POSITION_JUMP_SECONDS or duration != shown_duration:
            self._show_position()
        elif not self._position_due.isActive():
            self._position_due.start()

    def _show_position(self) -> None:
        self._position_due.stop()
        if self._latest != self._shown:
            self._shown = self._latest
            self.positionChanged.emit(*self._latest)

    def _on_event(self, event: PlayerEvent) -> None:
        if isinstance(event, EpisodeChanged):
            self.episodeChanged.emit(event.episode)
        elif isinstance(event, StateChanged):
            self.stateChanged.emit(event.state)
        elif isinstance(event, PositionChanged):
            self._position(event.position, event.duration or 0.0)
        elif isinstance(event, Seeked):
            self.seeked.emit(event.position)
        elif isinstance(event, RateChanged):
            self.rateChanged.emit(event.rate)
        elif isinstance(event, VolumeChanged):
            self.volumeChanged.emit(event.volume, event.muted)
        elif isinstance(event, ChaptersChanged):
            self.chaptersChanged.emit(list(event.chapters))
        elif isinstance(event, ChapterChanged):
            self.chapterChanged.emit(event.index)
        elif isinstance(event, SleepTimerChanged):
            self._show_sleep(event.sleep)
        elif isinstance(event, SettingsChanged):
            self.settingsChanged.emit()
        elif isinstance(event, SmartAudioChanged):
            self.smartAudioChanged.emit(event.status)
        elif isinstance(event, PlaybackFailed):
            self.failed.emit(event.reason)
        elif isinstance(event, ModeChanged):
            self.modeChanged.emit(str(event.mode), event.end or 0.0)
        elif isinstance(event, EpisodeFinished):
            self.finished.emit(event.episode_id, event.next_id)
            self.queueChanged.emit()


def describe_sleep(sleep: SleepTimer) -> str:
    """The sleep label: "Stops in 14:59", "Stops at the end of this episode, in 1:23", ""."""
    if sleep.mode is SleepMode.OFF:
        return ""
    left = "" if sleep.remaining is None else _countdown(sleep.remaining)
    if sleep.mode is SleepMode.AFTER_TIME:
        return _("Stops in {left}").format(left=left or "0:00")
    if sleep.mode is SleepMode.END_OF_EPISODE:
        if left:
            return _("Stops at the end of this episode, in {left}").format(left=left)
        return _("Stops at the end of this episode")
    if left:
        return _("Stops at the end of this chapter, in {left}").format(left=left)
    return _("Stops at the end of this chapter")


def _countdown(seconds: float) -> str:
    """Whole seconds left, rounded up (a fresh 15-minute timer reads 15:00, not 14:59)."""
    return clock(math.ceil(seconds - 1e-6))
