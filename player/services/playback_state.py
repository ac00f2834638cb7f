"""The player service's vocabulary: its states, the events listeners receive, the sleep timer's
state and the settings it plays by. Plain frozen dataclasses, so a Qt bridge or an MPRIS adaptor
can turn each into a signal or a D-Bus property without knowing the service's insides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from player.domain.models import Chapter, Episode
from player.storage import SettingsRepo

if TYPE_CHECKING:
    from player.services.smart_audio import SmartAudioStatus


class PlayerState(enum.StrEnum):
    """What the player is doing. ``LOADING``: opening media, nothing audible yet."""

    STOPPED = "stopped"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    ERROR = "error"


class SleepMode(enum.StrEnum):
    """When the sleep timer stops playback."""

    OFF = "off"
    AFTER_TIME = "after_time"
    END_OF_EPISODE = "end_of_episode"
    END_OF_CHAPTER = "end_of_chapter"


@dataclass(frozen=True, slots=True)
class SleepTimer:
    """The sleep timer as the UI shows it.

    ``remaining`` is wall-clock seconds until playback stops (None: off, or unknown because the
    length is not known yet); ``fading`` is True during the last seconds, while the volume drops.
    """

    mode: SleepMode = SleepMode.OFF
    remaining: float | None = None
    fading: bool = False


@dataclass(frozen=True, slots=True)
class PlayerEvent:
    """Base of what :meth:`PlaybackService.subscribe` callbacks receive (on the owner thread)."""


@dataclass(frozen=True, slots=True)
class EpisodeChanged(PlayerEvent):
    """Another episode is loaded (None: nothing), or the loaded one changed (marked played)."""

    episode: Episode | None


@dataclass(frozen=True, slots=True)
class StateChanged(PlayerEvent):
    """The player's state changed."""

    state: PlayerState


@dataclass(frozen=True, slots=True)
class PositionChanged(PlayerEvent):
    """Where playback is (seconds) and the length when known."""

    position: float
    duration: float | None


@dataclass(frozen=True, slots=True)
class Seeked(PlayerEvent):
    """The listener jumped (MPRIS reports this separately from normal progress)."""

    position: float


@dataclass(frozen=True, slots=True)
class RateChanged(PlayerEvent):
    """Playback speed changed."""

    rate: float


@dataclass(frozen=True, slots=True)
class VolumeChanged(PlayerEvent):
    """The listener's volume (0-150) or mute changed."""

    volume: int
    muted: bool


@dataclass(frozen=True, slots=True)
class ChaptersChanged(PlayerEvent):
    """The chapter list of the loaded episode, and which source it came from."""

    chapters: tuple[Chapter, ...]
    source: str


@dataclass(frozen=True, slots=True)
class ChapterChanged(PlayerEvent):
    """The current chapter (index into the list; -1 and None before the first chapter)."""

    index: int
    chapter: Chapter | None


@dataclass(frozen=True, slots=True)
class SleepTimerChanged(PlayerEvent):
    """The sleep timer was set, started fading, fired or was cancelled."""

    sleep: SleepTimer


@dataclass(frozen=True, slots=True)
class PlaybackFailed(PlayerEvent):
    """The episode cannot be played; ``reason`` is one sentence for the listener."""

    reason: str
    episode_id: int | None


@dataclass(frozen=True, slots=True)
class EpisodeFinished(PlayerEvent):
    """An episode was listened to the end and marked played; ``next_id`` is what comes next."""

    episode_id: int
    next_id: int | None


@dataclass(frozen=True, slots=True)
class SmartAudioChanged(PlayerEvent):
    """What smart audio does for the loaded episode (trim, gain, voice boost) was decided."""

    status: SmartAudioStatus


@dataclass(frozen=True, slots=True)
class SettingsChanged(PlayerEvent):
    """The playback settings changed (skip lengths, default speed...): views that show them
    (the skip buttons' "-10 s" / "+30 s") update."""

    settings: PlaybackSettings


@dataclass(frozen=True, slots=True)
class PlaybackSettings:
    """The settings playback uses, read once per loaded episode (or on :meth:`reload`)."""

    skip_back: float = 10
    skip_forward: float = 30
    resume_rewind: float = 2
    played_threshold: float = 15
    auto_advance: bool = True
    save_interval: float = 5
    default_rate: float = 1.0
    volume: int = 100
    fade_seconds: float = 10
    load_timeout: float = 30
    learning: bool = True

    @classmethod
    def load(cls, repo: SettingsRepo) -> PlaybackSettings:
        """Current values from the settings table (defaults for anything unset)."""
        values = repo.all()
        return cls(
            skip_back=float(values["playback.skip_back_seconds"]),
            skip_forward=float(values["playback.skip_forward_seconds"]),
            resume_rewind=float(values["playback.resume_rewind_seconds"]),
            played_threshold=float(values["playback.played_threshold_seconds"]),
            auto_advance=bool(values["playback.auto_advance"]),
            save_interval=float(values["playback.save_interval_seconds"]),
            default_rate=float(values["playback.rate"]),
            volume=int(values["playback.volume"]),
            fade_seconds=float(values["playback.sleep_fade_seconds"]),
            load_timeout=float(values["playback.load_timeout_seconds"]),
            learning=bool(values["recommend.learning"]),
        )
