"""Reading a raw history: each listen's moment, and what it says about the listens around it.

A listen alone says little; its neighbours say more. Stopping early and playing something
else within minutes is a skip (or an abandoned episode); starting soon after the previous
listen ended is the same sitting; starting an episode from a position is a resume.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from player.recommend.facts import Listen, Moment

SITTING_GAP = 30 * 60.0  # a listen starting this soon after the last one is the same sitting
MOVED_ON_GAP = 10 * 60.0  # stopping and playing something else this soon means "not this one"
SKIP_SECONDS = 5 * 60.0
FINISHED_SLACK = 60.0
UTC_DAY = 86400


@dataclass(slots=True)
class Heard:
    """A listen with what it tells: its moment, and how it relates to the listens around it."""

    listen: Listen
    moment: Moment
    in_sitting: bool = False  # started soon after the previous listen ended
    resume: bool = False  # continued an episode from where it had stopped
    first: bool = True  # the first listen of this episode
    finished: bool = False
    moved_on: bool = False  # stopped before the end and something else played right after
    follows: int | None = None  # podcast of the previous listen, when in the same sitting

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
    Each moment is also remembered: a clock kept beside a history converts each listen once,
    not at every rebuild of the habits.
    """

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self._offsets: dict[int, float | None] = {}
        self._moments: dict[float, Moment] = {}

    def _offset(self, day: int) -> float | None:
        if day not in self._offsets:
            start = datetime.fromtimestamp(day * UTC_DAY, self.tz)
            end = datetime.fromtimestamp(day * UTC_DAY + UTC_DAY - 1, self.tz)
            a = _utcoffset(start)
            self._offsets[day] = a if a == _utcoffset(end) else None
        return self._offsets[day]

    def moment(self, ts: float) -> Moment:
        """The moment of ``ts`` on this clock."""
        known = self._moments.get(ts)
        if known is not None:
            return known
        offset = self._offset(int(ts // UTC_DAY))
        if offset is None:
            found = Moment.at_time(ts, self.tz)
        else:
            days, seconds = divmod(ts + offset, UTC_DAY)
            weekday = (int(days) + 3) % 7  # 1970-01-01 was a Thursday
            found = Moment(ts, seconds / 3600, weekday >= 5)
        self._moments[ts] = found
        return found


def _utcoffset(d: datetime) -> float:
    offset = d.utcoffset() if d.tzinfo is not None else d.astimezone().utcoffset()
    return (offset or timedelta()).total_seconds()


def annotate(
    listens: Sequence[Listen], tz: tzinfo | None, clock: LocalClock | None = None
) -> list[Heard]:
    """Each listen with its moment and its relation to its neighbours (oldest first).

    Written as one tight loop: it runs over every listen whenever the history changed. Pass
    the ``clock`` (of ``tz``) kept from the last call to reuse the moments it converted.
    """
    moment = (clock if clock is not None else LocalClock(tz)).moment
    heard: list[Heard] = []
    append = heard.append
    seen: set[int] = set()
    prev: Heard | None = None
    prev_end = 0.0
    for listen in listens:
        episode_id, _, started, from_pos, to_pos, rate, duration = listen[:7]
        if episode_id in seen:
            first, resume = False, from_pos > 60
        else:
            seen.add(episode_id)
            first, resume = True, False
        finished = bool(duration) and to_pos >= min(duration - FINISHED_SLACK, 0.95 * duration)
        in_sitting, follows = False, None
        if prev is not None:
            gap = started - prev_end
            if gap < SITTING_GAP:
                in_sitting, follows = True, prev.listen.podcast_id
            if gap < MOVED_ON_GAP and not prev.finished and episode_id != prev.listen.episode_id:
                prev.moved_on = True
        prev = Heard(listen, moment(started), in_sitting, resume, first, finished, False, follows)
        prev_end = started + max(0.0, to_pos - from_pos) / (rate or 1.0)  # listen.ended_at
        append(prev)
    return heard


def sittings(heard: list[Heard]) -> list[tuple[Moment, float]]:
    """Each sitting's start moment and wall-clock length."""
    out: list[tuple[Moment, float]] = []
    start: Heard | None = None
    end = 0.0
    for h in heard:
        if start is None or not h.in_sitting:
            if start is not None:
                out.append((start.moment, end - start.listen.started_at))
            start = h
        listen = h.listen
        end = listen.started_at + max(0.0, listen.to_pos - listen.from_pos) / (listen.rate or 1.0)
    if start is not None:
        out.append((start.moment, end - start.listen.started_at))
    return out
