"""Listening statistics as values: what the ``stats`` command prints and the Statistics view
draws. Seconds are floats throughout; the front ends round them for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BucketKind(StrEnum):
    """How the rows of a statistics run are grouped."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SHOW = "show"


@dataclass(frozen=True, slots=True)
class TimeSavedSplit:
    """Seconds of the listener's time saved, by cause (speed is negative below 1x)."""

    speed: float = 0.0
    silence: float = 0.0
    skips: float = 0.0

    @property
    def total(self) -> float:
        """All causes together."""
        return self.speed + self.silence + self.skips

    def __add__(self, other: TimeSavedSplit) -> TimeSavedSplit:
        return TimeSavedSplit(
            self.speed + other.speed, self.silence + other.silence, self.skips + other.skips
        )


@dataclass(frozen=True, slots=True)
class Bucket:
    """One row: a day, ISO week, month or show, and what was listened in it."""

    key: str
    """Stable: ``2026-12-07``, ``2026-W49``, ``2026-12``, or the podcast id as text."""
    label: str
    """For people: ``Mon 7 Dec``, ``30 Nov 2026``, ``Dec 2026``, or the show's title."""
    listened: float = 0.0
    """Wall-clock seconds of listening that fell in the bucket."""
    media: float = 0.0
    """Seconds of the episodes played in it (more than ``listened`` above 1x)."""
    saved: TimeSavedSplit = field(default_factory=TimeSavedSplit)
    episodes: int = 0
    """Distinct episodes listened to in it."""


@dataclass(frozen=True, slots=True)
class ReleaseBand:
    """How many episodes were first played within a span of time after their release."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Statistics:
    """Everything about one date range, computed in one pass over its spans."""

    low: float | None
    """Start of the range (epoch seconds, a local midnight), None: from the first listen."""
    high: float | None
    """End of the range (exclusive), None: up to now."""
    timezone: str
    listened: float
    media: float
    saved: TimeSavedSplit
    episodes_listened: int
    episodes_started: int
    """Episodes whose first listen ever fell in the range."""
    episodes_finished: int
    """Episodes marked played whose last listen fell in the range."""
    completion_rate: float | None
    """Of the episodes started in the range, the share now played (None: none started)."""
    days: tuple[Bucket, ...]
    weeks: tuple[Bucket, ...]
    months: tuple[Bucket, ...]
    shows: tuple[Bucket, ...]
    """Most listened first."""
    heatmap: tuple[tuple[float, ...], ...]
    """Seconds by weekday (Monday first) and local hour (0-23), credited to the hours each
    span actually covered."""
    release_to_play: tuple[float, ...]
    """Seconds from release to first play, for the episodes started in the range."""
    release_bands: tuple[ReleaseBand, ...]

    def buckets(self, kind: BucketKind) -> tuple[Bucket, ...]:
        """The rows for ``kind``."""
        return {
            BucketKind.DAY: self.days,
            BucketKind.WEEK: self.weeks,
            BucketKind.MONTH: self.months,
            BucketKind.SHOW: self.shows,
        }[kind]

    @property
    def release_to_play_median(self) -> float | None:
        """The middle delay from release to first play (None: no dated episode started)."""
        values = sorted(self.release_to_play)
        if not values:
            return None
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@dataclass(frozen=True, slots=True)
class Streak:
    """Consecutive local days with listening."""

    days: int
    first: str = ""
    """ISO date of its first day ('' when there is none)."""
    last: str = ""


@dataclass(frozen=True, slots=True)
class YearReview:
    """The yearly review page: a year's totals, top shows, longest streak and busiest day."""

    year: int
    stats: Statistics
    top_shows: tuple[Bucket, ...]
    longest_streak: Streak
    busiest_day: Bucket | None
    active_days: int
    busiest_hour: int | None
    """Local hour (0-23) with the most listening over the year."""
