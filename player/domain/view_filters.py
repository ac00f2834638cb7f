"""The episode list's filters and ordering as one plain value per sidebar view.

A listener who narrows "New" to short downloaded episodes expects it to look like that the
next time they come back to "New", even after a restart, while a show keeps its own order
(oldest first for a serial). The value is kept apart from :class:`EpisodeQuery` because it
holds *relative* choices ("last 7 days") that become bounds only when a query is made.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace
from typing import Any

from player.domain.queries import EpisodeQuery, EpisodeSort
from player.i18n import N_, _

DAY = 86_400.0


class StateFilter(enum.StrEnum):
    """Which listening state the list keeps."""

    ALL = "all"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    PLAYED = "played"


class DownloadFilter(enum.StrEnum):
    """Whether the list keeps downloaded episodes, the others, or both."""

    ANY = "any"
    YES = "yes"
    NO = "no"


class DatePreset(enum.StrEnum):
    """Publication-date choices; relative ones are resolved against the clock at query time."""

    ANY = "any"
    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"
    THIS_YEAR = "this_year"
    OLDER_THAN_A_YEAR = "older_than_a_year"
    CUSTOM = "custom"


STATE_LABELS = {
    StateFilter.ALL: N_("All"),
    StateFilter.NEW: N_("New"),
    StateFilter.IN_PROGRESS: N_("In progress"),
    StateFilter.PLAYED: N_("Played"),
}
DOWNLOAD_LABELS = {
    DownloadFilter.ANY: N_("Any"),
    DownloadFilter.YES: N_("Downloaded"),
    DownloadFilter.NO: N_("Not downloaded"),
}
DATE_LABELS = {
    DatePreset.ANY: N_("Any date"),
    DatePreset.LAST_7_DAYS: N_("Last 7 days"),
    DatePreset.LAST_30_DAYS: N_("Last 30 days"),
    DatePreset.THIS_YEAR: N_("This year"),
    DatePreset.OLDER_THAN_A_YEAR: N_("Older than a year"),
    DatePreset.CUSTOM: N_("Custom dates…"),
}
DURATION_PRESETS: tuple[tuple[str, float | None, float | None], ...] = (
    (N_("Under 15 min"), None, 15 * 60.0),
    (N_("15–45 min"), 15 * 60.0, 45 * 60.0),
    (N_("Over 45 min"), 45 * 60.0, None),
)
"""(label, min seconds, max seconds): the lengths listeners pick most (a commute, a walk)."""


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g}"


def duration_label(low: float | None, high: float | None) -> str:
    """ "15–45 min" for a preset's bounds, "10–20 min"/"≥ 10 min" for custom ones."""
    for label, lo, hi in DURATION_PRESETS:
        if (lo, hi) == (low, high):
            return _(label)
    if low is not None and high is not None:
        return _("{low}–{high} min").format(low=_minutes(low), high=_minutes(high))
    if low is not None:
        return _("≥ {minutes} min").format(minutes=_minutes(low))
    if high is not None:
        return _("≤ {minutes} min").format(minutes=_minutes(high))
    return _("Any length")


def _day(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d")


@dataclass(frozen=True, slots=True)
class EpisodeFilters:
    """What the listener narrowed a view to. The default filters nothing."""

    state: StateFilter = StateFilter.ALL
    downloaded: DownloadFilter = DownloadFilter.ANY
    min_duration: float | None = None
    max_duration: float | None = None
    """Seconds; an episode of unknown length passes neither bound."""
    dates: DatePreset = DatePreset.ANY
    published_after: float | None = None
    published_before: float | None = None
    """Epoch seconds, used by :attr:`DatePreset.CUSTOM` only (``after <= published < before``)."""
    tag: str = ""

    @property
    def active(self) -> bool:
        """Whether anything is filtered (the bar then says so, and offers to clear it)."""
        return self != EpisodeFilters()

    def date_bounds(self, now: float) -> tuple[float | None, float | None]:
        """(after, before) in epoch seconds for the date choice, as of ``now``."""
        if self.dates is DatePreset.LAST_7_DAYS:
            return now - 7 * DAY, None
        if self.dates is DatePreset.LAST_30_DAYS:
            return now - 30 * DAY, None
        if self.dates is DatePreset.THIS_YEAR:
            year = dt.datetime.fromtimestamp(now).year
            return dt.datetime(year, 1, 1).timestamp(), None
        if self.dates is DatePreset.OLDER_THAN_A_YEAR:
            return None, now - 365 * DAY
        if self.dates is DatePreset.CUSTOM:
            return self.published_after, self.published_before
        return None, None

    def apply(self, base: EpisodeQuery, now: float) -> EpisodeQuery:
        """``base`` (the view's own query) narrowed by these filters; a view's own condition
        stays (the "New" view filtered to "Played" is empty, and says why)."""
        after, before = self.date_bounds(now)
        return replace(
            base,
            unplayed=base.unplayed or self.state is StateFilter.NEW,
            in_progress=base.in_progress or self.state is StateFilter.IN_PROGRESS,
            played=base.played or self.state is StateFilter.PLAYED,
            downloaded=base.downloaded or self.downloaded is DownloadFilter.YES,
            not_downloaded=base.not_downloaded or self.downloaded is DownloadFilter.NO,
            min_duration=self.min_duration if base.min_duration is None else base.min_duration,
            max_duration=self.max_duration if base.max_duration is None else base.max_duration,
            published_after=after if base.published_after is None else base.published_after,
            published_before=before if base.published_before is None else base.published_before,
            tag=self.tag or base.tag,
        )

    def describe(self) -> list[str]:
        """Short labels of what is on, for the bar's chip ("New", "15–45 min", "#news")."""
        parts: list[str] = []
        if self.state is not StateFilter.ALL:
            parts.append(_(STATE_LABELS[self.state]))
        if self.downloaded is not DownloadFilter.ANY:
            parts.append(_(DOWNLOAD_LABELS[self.downloaded]))
        if self.min_duration is not None or self.max_duration is not None:
            parts.append(duration_label(self.min_duration, self.max_duration))
        if self.dates is DatePreset.CUSTOM:
            after, before = self.published_after, self.published_before
            if after is not None and before is not None:
                parts.append(f"{_day(after)} – {_day(before - DAY)}")
            elif after is not None:
                parts.append(_("since {day}").format(day=_day(after)))
            elif before is not None:
                parts.append(_("before {day}").format(day=_day(before)))
        elif self.dates is not DatePreset.ANY:
            parts.append(_(DATE_LABELS[self.dates]))
        if self.tag:
            parts.append(f"#{self.tag}")
        return parts

    def to_json(self) -> dict[str, Any]:
        """Only what differs from the default: the stored settings stay small and readable."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value != getattr(_NO_FILTERS, name):
                out[name] = str(value) if isinstance(value, enum.Enum) else value
        return out

    @classmethod
    def from_json(cls, data: object) -> EpisodeFilters:
        """Tolerant of a hand-edited or older value: what it cannot read is left unfiltered."""
        if not isinstance(data, dict):
            return cls()
        values: dict[str, Any] = data

        def number(key: str) -> float | None:
            value = values.get(key)
            return float(value) if isinstance(value, int | float) else None

        def choice(key: str, kind: type[enum.StrEnum], default: Any) -> Any:
            try:
                return kind(values.get(key, default))
            except ValueError:
                return default

        tag = data.get("tag")
        return cls(
            state=choice("state", StateFilter, StateFilter.ALL),
            downloaded=choice("downloaded", DownloadFilter, DownloadFilter.ANY),
            min_duration=number("min_duration"),
            max_duration=number("max_duration"),
            dates=choice("dates", DatePreset, DatePreset.ANY),
            published_after=number("published_after"),
            published_before=number("published_before"),
            tag=tag if isinstance(tag, str) else "",
        )


_NO_FILTERS = EpisodeFilters()
NO_FILTERS = _NO_FILTERS
"""The filters of a view the listener never narrowed."""


@dataclass(frozen=True, slots=True)
class ViewPrefs:
    """One sidebar view's remembered filters and order (the search text is not kept)."""

    filters: EpisodeFilters = _NO_FILTERS
    sort: EpisodeSort = EpisodeSort.NEWEST
    descending: bool | None = True

    def to_json(self) -> dict[str, Any]:
        """The stored form (see :meth:`from_json`)."""
        return {
            "filters": self.filters.to_json(),
            "sort": str(self.sort),
            "descending": self.descending,
        }

    @classmethod
    def from_json(cls, data: object) -> ViewPrefs:
        """Read back a stored value; an unknown order falls back to newest first."""
        if not isinstance(data, dict):
            return cls()
        try:
            sort = EpisodeSort(data.get("sort", "newest"))
        except ValueError:
            sort = EpisodeSort.NEWEST
        if sort is EpisodeSort.RELEVANCE:  # best match belongs to a search, never kept
            sort = EpisodeSort.NEWEST
        descending = data.get("descending", True)
        return cls(
            filters=EpisodeFilters.from_json(data.get("filters")),
            sort=sort,
            descending=descending if isinstance(descending, bool) else None,
        )


DEFAULT_PREFS = ViewPrefs()
