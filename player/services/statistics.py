"""Listening statistics: totals, days/weeks/months/shows, a weekday-by-hour heatmap, time
saved, completion and release-to-play, over a date range in the listener's local time.

The raw material is the session log (``play_events``): each span has a wall-clock start and
end and the media range it played at its speed. A span's seconds are credited to the local
hours (and so the days) it actually covered, split at each hour boundary: AntennaPod credits
all of an episode's listening to the last day it was played, which makes a long episode heard
over a week look like one huge day. A span reaching across a range's edge counts only for the
part inside. The split is in Python: the zone's offset is looked up once per UTC day, and
hours and days are plain arithmetic on it (on the days the clocks change, the zone is asked
once per quarter hour instead), so a year of listening takes milliseconds
(``bench/bench_stats.py``).

Time saved: the span's ``saved_speed``, ``saved_silence`` and ``saved_skips``, written by the
player as it plays (smart audio, issue 17). A span that has no ``saved_speed`` but was played
faster or slower than 1x (recorded before those columns were filled) gets it computed here
from its range and rate, the same formula the player uses: that figure is exact, since the
media range and speed are known. Trimmed silence and skips cannot be recovered for such spans
and stay 0.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from player.domain.statistics import (
    Bucket,
    ReleaseBand,
    Statistics,
    Streak,
    TimeSavedSplit,
    YearReview,
)
from player.i18n import N_
from player.storage import Store
from player.storage.statistics import StatisticsRepo

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
"""The proleptic ordinal of the epoch's day (a Thursday, weekday 3)."""
QUARTER = 900
"""Seconds in a quarter hour. Local hours are looked up once per quarter of the clock: every
time zone in use today is offset by a multiple of 15 minutes, so no local hour begins inside
one; a cached hour is still checked against the instant, so an odd offset (a historical zone,
a ``TZ`` of seconds) only costs more look-ups."""
STREAK_MIN_SECONDS = 60.0
"""A day counts toward a streak (and as an active day) with at least a minute of listening."""
TOP_SHOWS = 5
RELEASE_BANDS: tuple[tuple[str, float], ...] = (
    (N_("Same day"), 86_400.0),
    (N_("Within a week"), 7 * 86_400.0),
    (N_("Within a month"), 30 * 86_400.0),
    (N_("Later"), float("inf")),
)
"""Release-to-first-play bands: label (English, translated where shown) and upper bound in
seconds."""


class Calendar:
    """The listener's local calendar: a ``tzinfo`` (``None``: the system's local time, as the C
    library knows it, daylight saving included)."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz

    @property
    def name(self) -> str:
        """The zone's name for reports (``Europe/Berlin``, or the system's abbreviation)."""
        if self.tz is None:
            return time.tzname[time.localtime().tm_isdst > 0]
        return str(getattr(self.tz, "key", None) or self.tz.tzname(None) or "local")

    def local(self, ts: float) -> datetime:
        """The local wall-clock time of an instant."""
        return datetime.fromtimestamp(ts, self.tz)

    def offset(self, ts: float) -> float:
        """Seconds east of UTC at an instant."""
        if self.tz is None:
            return float(time.localtime(ts).tm_gmtoff)
        delta = self.local(ts).utcoffset()
        return 0.0 if delta is None else delta.total_seconds()

    def steady_offset(self, utc_midnight: float) -> float:
        """The offset through a whole UTC day, or NaN when it changes during it (the clocks
        go forward or back that day)."""
        first, last = self.offset(utc_midnight), self.offset(utc_midnight + 86_399.0)
        return first if first == last else float("nan")

    def midnight(self, day: date) -> float:
        """The instant a local day begins."""
        return datetime(day.year, day.month, day.day, tzinfo=self.tz).timestamp()

    def today(self) -> date:
        """Today's local date."""
        return self.local(time.time()).date()


@dataclass(slots=True)
class _Acc:
    """Running sums for one bucket."""

    listened: float = 0.0
    media: float = 0.0
    speed: float = 0.0
    silence: float = 0.0
    skips: float = 0.0

    def add(
        self, listened: float, media: float, speed: float, silence: float, skips: float
    ) -> None:
        self.listened += listened
        self.media += media
        self.speed += speed
        self.silence += silence
        self.skips += skips

    def merge(self, other: _Acc) -> None:
        self.add(other.listened, other.media, other.speed, other.silence, other.skips)

    def bucket(self, key: str, label: str, episodes: int) -> Bucket:
        saved = TimeSavedSplit(self.speed, self.silence, self.skips)
        return Bucket(key, label, self.listened, self.media, saved, episodes)


def _credit(
    day_sums: dict[int, list[float]],
    day_episodes: dict[int, set[int]],
    ordinal: int,
    fraction: float,
    seconds: float,
    part: tuple[float, float, float, float],
    episode_id: int,
) -> None:
    """Add ``seconds`` of a span to a day, with ``fraction`` of the span's media and savings
    inside the range (``part``)."""
    sums = day_sums.get(ordinal)
    if sums is None:
        sums = day_sums[ordinal] = [0.0] * 5
    sums[0] += seconds
    sums[1] += part[0] * fraction
    sums[2] += part[1] * fraction
    sums[3] += part[2] * fraction
    sums[4] += part[3] * fraction
    day_episodes[ordinal].add(episode_id)


def speed_saved(media: float, rate: float, silence: float) -> float:
    """Seconds a span saved by its speed: the media it played (less trimmed silence) took
    ``1/rate`` of its length (negative below 1x)."""
    if rate <= 0 or rate == 1.0:
        return 0.0
    played = max(0.0, media - silence)
    return played - played / rate


class ListeningStatistics:
    """Computes :class:`Statistics` and :class:`YearReview` from the store (any thread: reads
    only, on the calling thread's connection)."""

    def __init__(self, store: Store, tz: tzinfo | None = None) -> None:
        self.repo = StatisticsRepo(store)
        self.calendar = Calendar(tz)

    def range_of(self, since: date | None, until: date | None) -> tuple[float | None, float | None]:
        """Local dates (``until`` inclusive) as instants ``[low, high)``."""
        low = self.calendar.midnight(since) if since is not None else None
        high = self.calendar.midnight(until + timedelta(days=1)) if until is not None else None
        return low, high

    def compute(self, since: date | None = None, until: date | None = None) -> Statistics:
        """Statistics for the local days ``since`` to ``until`` (inclusive; None: unbounded)."""
        low, high = self.range_of(since, until)
        return self._compute(low, high)

    def _compute(self, low: float | None, high: float | None) -> Statistics:
        cal = self.calendar
        rows = self.repo.spans(low, high)
        titles = self.repo.podcast_titles()
        hours: dict[int, tuple[float, int, int]] = {}
        offsets: dict[int, float] = {}
        heat = [0.0] * (7 * 24)
        # Running sums as plain lists [listened, media, speed, silence, skips]: this loop
        # runs once per span, and in-place list arithmetic is the cheapest Python has.
        day_sums: dict[int, list[float]] = {}
        day_episodes: dict[int, set[int]] = defaultdict(set)
        show_sums: dict[int, list[float]] = {}
        show_episodes: dict[int, set[int]] = defaultdict(set)
        lo = -float("inf") if low is None else low
        hi = float("inf") if high is None else high
        for started, ended, from_pos, to_pos, rate, s_speed, s_silence, s_skips, ep, pod in rows:
            wall = ended - started
            if wall <= 0:
                continue
            media = to_pos - from_pos if to_pos > from_pos else 0.0
            if not s_speed and rate != 1.0:
                s_speed = speed_saved(media, rate, s_silence)
            a = started if started > lo else lo
            b = ended if ended < hi else hi
            if b <= a:
                continue
            inside = b - a
            share = inside / wall
            media, s_speed = media * share, s_speed * share
            s_silence, s_skips = s_silence * share, s_skips * share
            sums = show_sums.get(pod)
            if sums is None:
                sums = show_sums[pod] = [0.0] * 5
            sums[0] += inside
            sums[1] += media
            sums[2] += s_speed
            sums[3] += s_silence
            sums[4] += s_skips
            show_episodes[pod].add(ep)
            # Split at local hour boundaries; consecutive pieces of one day are summed first,
            # so most spans (inside one day) touch the day's sums once.
            part = (media, s_speed, s_silence, s_skips)
            x, run_day, run = a, -1, 0.0
            while x < b:
                utc_day = int(x // 86_400)
                offset = offsets.get(utc_day)
                if offset is None:
                    offset = offsets[utc_day] = cal.steady_offset(utc_day * 86_400.0)
                if offset == offset:  # not NaN: one offset all this UTC day, plain arithmetic
                    local = x + offset
                    local_day = int(local // 86_400)
                    hour_start = x - local % 3600.0
                    ordinal = local_day + EPOCH_ORDINAL
                    cell = ((local_day + 3) % 7) * 24 + int(local % 86_400 // 3600)
                    info = (hour_start, ordinal, cell)
                else:  # the day the clocks change: ask the zone, once per quarter hour
                    q = int(x // QUARTER)
                    cached = hours.get(q)
                    if cached is None or not cached[0] <= x < cached[0] + 3600.0:
                        dt = cal.local(x)
                        hour_start = x - (dt.minute * 60 + dt.second + dt.microsecond / 1e6)
                        cached = (hour_start, dt.toordinal(), dt.weekday() * 24 + dt.hour)
                        hours[q] = cached
                    info = cached
                hour_start, ordinal, cell = info
                end = hour_start + 3600.0
                if end > b:
                    end = b
                elif end <= x:  # a clock oddity (a zone change inside the hour): step on
                    end = min(b, x + QUARTER - x % QUARTER)
                heat[cell] += end - x
                if ordinal == run_day:
                    run += end - x
                else:
                    if run:
                        _credit(day_sums, day_episodes, run_day, run / inside, run, part, ep)
                    run_day, run = ordinal, end - x
                x = end
            _credit(day_sums, day_episodes, run_day, run / inside, run, part, ep)
        days = {k: _Acc(*v) for k, v in day_sums.items()}
        shows = {k: _Acc(*v) for k, v in show_sums.items()}
        total = _Acc()
        for acc in shows.values():
            total.merge(acc)

        started_in, finished_in, delays = self._episode_facts(lo, hi)
        played_now = sum(1 for played in started_in.values() if played)
        first_day, last_day = self._day_span(low, high, days)
        day_rows = _day_buckets(first_day, last_day, days, day_episodes)
        show_rows = sorted(
            (
                acc.bucket(str(pod), titles.get(pod, f"Podcast {pod}"), len(show_episodes[pod]))
                for pod, acc in shows.items()
            ),
            key=lambda b: (-b.listened, b.label),
        )
        return Statistics(
            low=low,
            high=high,
            timezone=cal.name,
            listened=total.listened,
            media=total.media,
            saved=TimeSavedSplit(total.speed, total.silence, total.skips),
            episodes_listened=len(set().union(*show_episodes.values())),
            episodes_started=len(started_in),
            episodes_finished=finished_in,
            completion_rate=(played_now / len(started_in)) if started_in else None,
            days=day_rows,
            weeks=_grouped(first_day, last_day, days, day_episodes, _week_key),
            months=_grouped(first_day, last_day, days, day_episodes, _month_key),
            shows=tuple(show_rows),
            heatmap=tuple(tuple(heat[w * 24 : w * 24 + 24]) for w in range(7)),
            release_to_play=tuple(delays),
            release_bands=_bands(delays),
        )

    def _episode_facts(self, lo: float, hi: float) -> tuple[dict[int, bool], int, list[float]]:
        """Episodes first played in the range (-> played now?), how many were finished in it,
        and the release-to-first-play delays."""
        started: dict[int, bool] = {}
        delays: list[float] = []
        finished = 0
        for episode_id, first, last, published, played in self.repo.episode_listens():
            if lo <= first < hi:
                started[episode_id] = played
                if published is not None:
                    delays.append(max(0.0, first - published))
            if played and lo <= last < hi:
                finished += 1
        return started, finished, delays

    def _day_span(
        self, low: float | None, high: float | None, days: dict[int, _Acc]
    ) -> tuple[int, int]:
        """The local days the rows cover: the range's own, else the first and last listened
        (an empty, unbounded range is just today)."""
        cal = self.calendar
        today = cal.today().toordinal()
        first = cal.local(low).toordinal() if low is not None else min(days, default=today)
        if high is not None:
            last = cal.local(high - 1).toordinal()
        else:
            last = max(today, max(days) if days else today)
        return first, max(first, last)

    def year_review(self, year: int) -> YearReview:
        """The review page for a local calendar year."""
        stats = self.compute(date(year, 1, 1), date(year, 12, 31))
        active = [d for d in stats.days if d.listened >= STREAK_MIN_SECONDS]
        busiest = max(stats.days, key=lambda d: d.listened, default=None)
        hour_totals = [sum(stats.heatmap[w][h] for w in range(7)) for h in range(24)]
        best_hour = max(range(24), key=lambda h: hour_totals[h])
        return YearReview(
            year=year,
            stats=stats,
            top_shows=stats.shows[:TOP_SHOWS],
            longest_streak=longest_streak(d.key for d in active),
            busiest_day=busiest if busiest is not None and busiest.listened > 0 else None,
            active_days=len(active),
            busiest_hour=best_hour if hour_totals[best_hour] > 0 else None,
        )

    def years(self) -> list[int]:
        """Local years from the first listen to this one, newest first (the review's choices)."""
        first = self.repo.first_listen()
        this_year = self.calendar.today().year
        start = self.calendar.local(first).year if first is not None else this_year
        return list(range(this_year, min(start, this_year) - 1, -1))


def longest_streak(iso_days: Iterable[str]) -> Streak:
    """The longest run of consecutive dates among ``iso_days`` (sorted ISO dates)."""
    best = Streak(0)
    run_first: date | None = None
    previous: date | None = None
    length = 0
    for text in iso_days:
        day = date.fromisoformat(text)
        if previous is not None and day - previous == timedelta(days=1):
            length += 1
        else:
            run_first, length = day, 1
        previous = day
        if length > best.days and run_first is not None:
            best = Streak(length, run_first.isoformat(), day.isoformat())
    return best


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _day_buckets(
    first: int, last: int, days: dict[int, _Acc], episodes: dict[int, set[int]]
) -> tuple[Bucket, ...]:
    """Every day from ``first`` to ``last`` (ordinals), empty days too: charts need the gaps."""
    rows = []
    empty = _Acc()
    for ordinal in range(first, last + 1):
        day = date.fromordinal(ordinal)
        acc = days.get(ordinal, empty)
        rows.append(acc.bucket(day.isoformat(), _day_label(day), len(episodes.get(ordinal, ()))))
    return tuple(rows)


def _week_key(day: date) -> tuple[str, str]:
    iso = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return f"{iso.year}-W{iso.week:02d}", f"{monday.day} {monday:%b} {monday.year}"


def _month_key(day: date) -> tuple[str, str]:
    return f"{day.year}-{day.month:02d}", f"{day:%b} {day.year}"


def _grouped(
    first: int,
    last: int,
    days: dict[int, _Acc],
    episodes: dict[int, set[int]],
    key_of: Callable[[date], tuple[str, str]],
) -> tuple[Bucket, ...]:
    """Days folded into weeks or months (``key_of(date) -> (key, label)``), in order."""
    order: list[tuple[str, str]] = []
    sums: dict[str, _Acc] = {}
    eps: dict[str, set[int]] = {}
    for ordinal in range(first, last + 1):
        key, label = key_of(date.fromordinal(ordinal))
        if key not in sums:
            order.append((key, label))
            sums[key], eps[key] = _Acc(), set()
        acc = days.get(ordinal)
        if acc is not None:
            sums[key].merge(acc)
            eps[key] |= episodes.get(ordinal, set())
    return tuple(sums[key].bucket(key, label, len(eps[key])) for key, label in order)


def _bands(delays: list[float]) -> tuple[ReleaseBand, ...]:
    counts = [0] * len(RELEASE_BANDS)
    for delay in delays:
        for i, (_label, bound) in enumerate(RELEASE_BANDS):
            if delay < bound:
                counts[i] += 1
                break
    return tuple(
        ReleaseBand(label, n) for (label, _b), n in zip(RELEASE_BANDS, counts, strict=True)
    )
