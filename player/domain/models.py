"""Domain records. Times are POSIX seconds (UTC) as floats; positions are seconds of media.

These are immutable value objects: repositories build them from rows and services pass them
to the UI, so nothing outside ``storage`` ever sees a database row.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

LOCAL_FEED_PREFIX = "local:"
"""Podcasts whose URL starts with this are made by the app (media opened by link), not feeds:
never refreshed, never exported."""


class EpisodeState(enum.StrEnum):
    """Whether the listener has finished an episode. "In progress" is derived from position."""

    NEW = "new"
    PLAYED = "played"


@dataclass(frozen=True, slots=True)
class Podcast:
    """A subscription: one feed URL and what the feed last said about itself."""

    id: int
    url: str
    title: str
    author: str = ""
    description: str = ""
    link: str = ""
    image_url: str = ""
    folder: str = ""
    kind: str = "episodic"
    etag: str | None = None
    last_modified: str | None = None
    last_checked: float | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    gone: bool = False
    added_at: float = 0.0
    user_agent: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    """The plaintext column of old versions, read only until start-up moves it into the
    keyring (it stays only where no keyring exists); the app never writes one. Not in repr."""
    playback_rate: float | None = None
    trim_silence: str | None = None  # smart audio: None = the global setting (audio.*)
    normalize_loudness: bool | None = None
    voice_boost: bool | None = None
    skip_intro: float = 0.0
    skip_outro: float = 0.0
    auto_download: int = 0
    keep_downloads: int = 0
    keep_days: int = 0
    episode_count: int = 0
    unplayed_count: int = 0


@dataclass(frozen=True, slots=True)
class Transcript:
    """A ``podcast:transcript`` link of an episode."""

    url: str
    type: str = ""
    language: str = ""
    rel: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter mark. ``end`` is None when the source did not give one (the next start is it)."""

    start: float
    title: str
    end: float | None = None
    url: str = ""
    image_url: str = ""
    toc: bool = True


@dataclass(frozen=True, slots=True)
class Episode:
    """One item of a feed, plus the listener's state for it."""

    id: int
    podcast_id: int
    guid: str
    title: str
    description: str = ""
    link: str = ""
    published: float | None = None
    first_seen: float = 0.0
    enclosure_url: str = ""
    enclosure_type: str = ""
    enclosure_length: int | None = None
    duration: float | None = None
    image_url: str = ""
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"
    explicit: bool | None = None
    chapters_url: str = ""
    chapters_type: str = ""
    state: EpisodeState = EpisodeState.NEW
    position: float = 0.0
    last_played: float | None = None
    download_path: str = ""
    download_manual: bool = False
    in_feed: bool = True
    podcast_title: str = ""
    transcripts: tuple[Transcript, ...] = field(default_factory=tuple)

    @property
    def in_progress(self) -> bool:
        """Started but not finished: what "In progress" lists and "resume" uses."""
        return self.state is EpisodeState.NEW and self.position > 0

    @property
    def is_video(self) -> bool:
        """Video enclosures get a video surface; everything else never opens one."""
        return self.enclosure_type.lower().startswith("video/")

    @property
    def media_location(self) -> str:
        """The downloaded file when there is one, else the enclosure URL (streaming)."""
        return self.download_path or self.enclosure_url


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """An episode's place in the play queue (0 is next)."""

    position: int
    episode: Episode


@dataclass(frozen=True, slots=True)
class PlayEvent:
    """One listening span: the history that "up next" learns from."""

    episode_id: int
    started_at: float
    from_pos: float
    to_pos: float
    rate: float = 1.0
    source: str = "local"
    ended_at: float | None = None
    """Wall-clock end of the span (None: recorded before V10; statistics estimate it)."""
    id: int | None = None
    saved_speed: float = 0.0
    """Seconds of the listener's time saved by the speed (negative below 1x)."""
    saved_silence: float = 0.0
    """Seconds of silence trimmed out of the span."""
    saved_skips: float = 0.0
    """Seconds skipped as the podcast's intro or outro."""
