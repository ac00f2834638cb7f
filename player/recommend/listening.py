"""Reading a raw history: each listen's moment, and what it says about the listens around it.

A listen alone says little; its neighbours say more. Stopping early and playing something
else within minutes is a skip (or an abandoned episode); starting soon after the previous
listen ended is the same sitting; starting an episode from a position is a resume.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from player.recommend.facts import Listen, Moment

SITTING_GAP = 30 * 60.0  # a listen starting this soon after the last one is the same sitting
MOVED_ON_GAP = 10 * 60.0  # stopping and playing something else this soon means "not this one"
SKIP_SECONDS = 5 * 60.0
FINISHED_SLACK = 60.0
UTC_DAY = 86400
BINS_PER_HOUR = 4
BINS = 24 * BINS_PER_HOUR


def slot(m: Moment) -> int:
    """The quarter-hour bin of a moment, weekends after weekdays: habits are counted by bin."""
    return int(m.weekend) * BINS + min(BINS - 1, int(m.hour * BINS_PER_HOUR))


_new = tuple.__new__
"""Builds a named tuple from a tuple in C, without the generated ``__new__`` (~0.3 µs less,
for each of 3,000 records at every rebuild)."""


class Heard(NamedTuple):
    """A listen with what it tells: its moment, and how it relates to the listens around it.

    A named tuple, built once with every field known (:func:`annotate` looks one listen
    ahead): 3,000 of them are built at each rebuild of the habits.
    """

    listen: Listen
    slot: int  # the quarter-hour bin of its start (see :func:`slot`)
    in_sitting: bool = False  # started soon after the previous listen ended
    resume: bool = False  # continued an episode from where it had stopped
    first: bool = True  # the first listen of this episode
    finished: bool = False
    moved_on: bool = False  # stopped before the end and something else played right after
    follows: int | None = None  # podcast of the previous listen, when in the same sitting
    ended_at: float = 0.0  # the listen's ended_at, kept: sittings and resumes read it

    @property
    def heard_seconds(self) -> float:
        """Media seconds covered by this span."""
        return max(0.0, self.listen.to_pos - self.listen.from_pos)

    @property
    def skipped(self) -> bool:
        """Given up within minutes for something else."""
        return self.moved_on and self.heard_seconds < SKIP_SECONDS


class LocalClock:
    """POSIX seconds -> :class:`Moment`, fast: one UTC offset lookup per UTC day.

    ``datetime.fromtimestamp`` with a zone costs ~10 µs; a history of 10,000 listens would
    spend 0.1 s on it. Offsets change at most once a day (DST), so a day whose offset is the
    same at both ends is converted with arithmetic, and only change-over days the slow way.
    Each listen's bin is also remembered: a clock kept beside a history converts each listen
    once, not at every rebuild of the habits.
    """

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self._offsets: dict[int, float | None] = {}
        self._slots: dict[float, int] = {}

    def _offset(self, day: int) -> float | None:
        if day not in self._offsets:
            start = datetime.fromtimestamp(day * UTC_DAY, self.tz)
            end = datetime.fromtimestamp(day * UTC_DAY + UTC_DAY - 1, self.tz)
            a = _utcoffset(start)
            self._offsets[day] = a if a == _utcoffset(end) else None
        return self._offsets[day]

    @property
    def remembered(self) -> int:
        """How many start times' bins this clock remembers."""
        return len(self._slots)

    def _local(self, ts: float) -> tuple[float, bool] | None:
        """Seconds since local midnight and whether it is a weekend; None on a change-over day."""
        day = int(ts // UTC_DAY)
        offset = self._offsets[day] if day in self._offsets else self._offset(day)
        if offset is None:
            return None
        days, seconds = divmod(ts + offset, UTC_DAY)
        return seconds, (int(days) + 3) % 7 >= 5  # 1970-01-01 was a Thursday

    def moment(self, ts: float) -> Moment:
        """The moment of ``ts`` on this clock."""
        local = self._local(ts)
        if local is None:
            return Moment.at_time(ts, self.tz)
        return Moment(ts, local[0] / 3600, local[1])

    def slot(self, ts: float) -> int:
        """``slot(self.moment(ts))``, remembered, and without building the moment."""
        known = self._slots.get(ts)
        if known is not None:
            return known
        local = self._local(ts)
        if local is None:
            found = slot(Moment.at_time(ts, self.tz))
        else:
            hour = local[0] / 3600  # as Moment.hour
            found = local[1] * BINS + min(BINS - 1, int(hour * BINS_PER_HOUR))
        self._slots[ts] = found
        return found


def _utcoffset(d: datetime) -> float:
    offset = d.utcoffset() if d.tzinfo is not None else d.astimezone().utcoffset()
    return (offset or timedelta()).total_seconds()


def annotate(
    listens: Sequence[Listen], tz: tzinfo | None, clock: LocalClock | None = None
) -> list[Heard]:
    """Each listen with its time-of-week bin and its relation to its neighbours (oldest first).

    Written as one tight loop: it runs over every listen whenever the history changed. A
    listen's record is built when the next one is read, which tells whether it was dropped
    for something else. Pass the ``clock`` (of ``tz``) kept from the last call to reuse the
    bins it converted.
    """
    slot_of = (clock if clock is not None else LocalClock(tz)).slot
    heard: list[Heard] = []
    append = heard.append
    new = _new
    seen: set[int] = set()
    # The previous listen, waiting for the next one to tell whether it was dropped.
    before: Listen | None = None
    before_fields: tuple = ()  # Heard's first six fields
    before_follows: int | None = None
    before_episode = before_podcast = 0
    before_end = 0.0  # its ended_at
    before_finished = False
    for listen in listens:
        episode_id, podcast_id, started, from_pos, to_pos, rate, duration = listen[:7]
        if episode_id in seen:
            first, resume = False, from_pos > 60
        else:
            seen.add(episode_id)
            first, resume = True, False
        finished = to_pos >= min(duration - FINISHED_SLACK, 0.95 * duration) if duration else False
        in_sitting, follows = False, None
        if before is not None:
            gap = started - before_end
            if gap < SITTING_GAP:
                in_sitting, follows = True, before_podcast
            moved_on = gap < MOVED_ON_GAP and not before_finished and episode_id != before_episode
            append(new(Heard, (*before_fields, moved_on, before_follows, before_end)))
        before = listen
        before_fields = (listen, slot_of(started), in_sitting, resume, first, finished)
        before_follows = follows
        before_episode, before_podcast, before_finished = episode_id, podcast_id, finished
        before_end = started + max(0.0, to_pos - from_pos) / (rate or 1.0)  # listen.ended_at
    if before is not None:
        append(new(Heard, (*before_fields, False, before_follows, before_end)))
    return heard


def sittings(heard: list[Heard]) -> list[tuple[int, float]]:
    """Each sitting's start bin and wall-clock length."""
    out: list[tuple[int, float]] = []
    start: Heard | None = None
    end = 0.0
    for h in heard:
        if start is None or not h.in_sitting:
            if start is not None:
                out.append((start.slot, end - start.listen.started_at))
            start = h
        end = h.ended_at
    if start is not None:
        out.append((start.slot, end - start.listen.started_at))
    return out
