"""Signals from the listener's own history: what they finish, skip, resume, binge, and when.

A :class:`Profile` is built from the listens before a moment. Every number in it is counted
from the listener's own behaviour and smoothed towards a neutral prior, so a short history gives
mild habits and a long one firm habits.

Building reads every listen once; asking about a moment reads only small aggregates (listens
binned by quarter hour and day type), so a built profile can be reused for any later moment
while the history has not changed (:meth:`Profile.at_moment`). That is what keeps suggestions
fast with 10,000 listens.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo

from player.recommend.facts import Listen, Moment, Show
from player.recommend.history_rates import (
    FRESH_AGE,
    entry_fresh,
    long_drop,
    novelty,
    resume_latest,
    sitting_ratios,
    usual_rate,
)
from player.recommend.listening import (
    BINS,
    BINS_PER_HOUR,
    SKIP_SECONDS,
    Heard,
    LocalClock,
    annotate,
    sittings,
    slot,
)

DAY = 86400.0
AFFINITY_HALF_LIFE = 28 * DAY  # tastes drift: a show heard a month ago counts half
CONTEXT_HALF_LIFE = 45 * DAY  # routines change more slowly than tastes
HOUR_WIDTH = 1.0  # hours: how far a habit at 8:00 reaches (8:30 counts, 11:00 hardly)
OTHER_DAY_TYPE = 0.2  # a weekday habit says a little about weekends, and back
TREND_WINDOW = 14 * DAY
HABIT_PRIOR_WEIGHT = 2.0  # pseudo-listens of overall affinity mixed into each moment's habits


def decay(age: float, half_life: float) -> float:
    """Weight of something ``age`` seconds old (1 now, 1/2 after one half-life)."""
    return 0.5 ** (max(0.0, age) / half_life)


def _kernel(hour_a: float, weekend_a: bool, hour_b: float, weekend_b: bool) -> float:
    """How much a listen at hour ``b`` says about hour ``a`` (1: same hour and day type)."""
    diff = abs(hour_a - hour_b) % 24
    diff = min(diff, 24 - diff)
    same = 1.0 if weekend_a == weekend_b else OTHER_DAY_TYPE
    return same * math.exp(-0.5 * (diff / HOUR_WIDTH) ** 2)


def _slot_kernels(m: Moment) -> tuple[float, ...]:
    """_kernel(m, centre of each bin), for all 2 x 96 bins."""
    return _kernels_at(m.hour, m.weekend)


@functools.lru_cache(maxsize=16)
def _kernels_at(hour: float, weekend: bool) -> tuple[float, ...]:
    # Asked three or four times per suggestion, for the same moment: 192 exponentials each.
    return tuple(
        _kernel(hour, weekend, (b % BINS + 0.5) / BINS_PER_HOUR, b >= BINS) for b in range(2 * BINS)
    )


@dataclass(slots=True)
class ShowHabit:
    """What the history says about one show."""

    show_id: int
    affinity: float = 0.0  # listens decayed to the profile's last listen (skips count a third)
    starts: list[float] = field(default_factory=list)  # start times, oldest first
    context: dict[int, float] = field(default_factory=dict)  # slot -> decayed listens
    in_order: float = 0.0  # evidence that episodes are heard in publication order
    newest: float = 0.0  # evidence that episodes are heard while fresh
    ages: list[float] = field(default_factory=list)  # how old episodes were when first heard
    furthest: Listen | None = None  # the latest-published episode done with (for "next")
    skipped: int = 0
    followed_by: int = 0  # listens in the same sitting after this show...
    followed_by_same: int = 0  # ...that were this show again (not a resume)

    @property
    def listens(self) -> int:
        """How many listens of this show there are."""
        return len(self.starts)


@dataclass(slots=True)
class Profile:
    """The listener's habits; ``at`` is the moment being asked about."""

    at: float
    tz: tzinfo | None
    heard: list[Heard]
    shows: dict[int, ShowHabit]
    last_by_episode: dict[int, Heard]
    sitting_bins: dict[int, list[float]]  # slot -> wall seconds of each sitting started there
    resume_at_start: float
    resume_in_sitting: float
    same_show_in_sitting: float
    novelty: float  # chance that a listen is a show never heard before
    entry_fresh: float  # chance a show is first heard by its newest episode (or its first)
    long_drop: float  # chance an episode much longer than a usual sitting is dropped early
    resume_latest: float  # chance a resume is of the episode interrupted most recently
    rate: float  # the usual playback rate (media seconds per wall second)
    total_affinity: float
    reference: float  # when the decayed weights were computed (the last listen's start)
    dismissed: Mapping[int, int] = field(default_factory=dict)  # show -> "not interested" clicks
    _shares: dict[tuple[float, float, bool], dict[int, float]] = field(
        default_factory=dict, init=False, repr=False
    )
    usual_cache: dict[int, float | None] = field(default_factory=dict, repr=False, compare=False)
    """Usual sitting lengths by quarter-hour bin: shared by the copies :meth:`at_moment` makes
    (the history is the same), so a suggestion a minute later does not sort the sittings again."""

    def at_moment(self, at: float, dismissed: Mapping[int, int] | None = None) -> Profile:
        """The same habits asked about a later moment (the history must not have changed)."""
        return dataclasses.replace(self, at=max(at, self.reference), dismissed=dismissed or {})

    @property
    def empty(self) -> bool:
        """No history at all: suggestions fall back to sensible defaults."""
        return not self.heard

    @property
    def last(self) -> Heard | None:
        """The most recent listen."""
        return self.heard[-1] if self.heard else None

    def recent(self, show_id: int) -> int:
        """Listens of a show in the last two weeks."""
        habit = self.shows.get(show_id)
        if habit is None:
            return 0
        return len(habit.starts) - bisect.bisect_left(habit.starts, self.at - TREND_WINDOW)

    def _context_factor(self) -> float:
        return decay(self.at - self.reference, CONTEXT_HALF_LIFE)

    def show_shares(self, moment: Moment) -> dict[int, float]:
        """P(show | this moment): listens near this hour and day type, smoothed by affinity."""
        key = (moment.at, moment.hour, moment.weekend)
        if key not in self._shares:
            self._shares[key] = self._compute_shares(moment)
        return self._shares[key]

    def _compute_shares(self, moment: Moment) -> dict[int, float]:
        kernels = _slot_kernels(moment)
        factor = self._context_factor()
        near = {
            show_id: factor * sum(kernels[s] * w for s, w in habit.context.items())
            for show_id, habit in self.shows.items()
        }
        total = sum(near.values())
        shares = {}
        for show_id, habit in self.shows.items():
            prior = habit.affinity / self.total_affinity if self.total_affinity else 0.0
            shares[show_id] = (near[show_id] + HABIT_PRIOR_WEIGHT * prior) / (
                total + HABIT_PRIOR_WEIGHT
            )
        return shares

    def context_mass(self, moment: Moment) -> float:
        """How many (decayed) listens happened near this moment: the confidence of a habit."""
        kernels = _slot_kernels(moment)
        return self._context_factor() * sum(
            kernels[s] * w for habit in self.shows.values() for s, w in habit.context.items()
        )

    def sitting_length(self, moment: Moment) -> float | None:
        """Wall seconds the listener usually listens for at this moment (None: no idea yet).

        The median of the sittings that started near this hour and day type, each weighted by
        how near: one three-hour Sunday among twenty half-hour mornings does not make the
        usual morning longer, as it would a mean.
        """
        key = slot(moment)
        if key in self.usual_cache:
            return self.usual_cache[key]
        # At the centre of the moment's quarter hour: the same answer for the whole bin.
        centre = (key % BINS + 0.5) / BINS_PER_HOUR
        kernels = _kernels_at(centre, moment.weekend)
        weighted: list[tuple[float, float]] = []
        for s, lengths in self.sitting_bins.items():
            k = kernels[s]
            if k > 1e-3:
                weighted.extend((length, k) for length in lengths)
        total = sum(k for _, k in weighted)
        usual: float | None = None
        if total > 0.5:
            weighted.sort()
            half, seen = total / 2, 0.0
            for length, k in weighted:
                seen += k
                if seen >= half:
                    usual = length
                    break
        self.usual_cache[key] = usual
        return usual

    def in_order(self, show: Show) -> float:
        """P(the listener hears this show oldest-first), the feed's itunes:type as the prior."""
        habit = self.shows.get(show.id)
        prior = 0.9 if show.kind == "serial" else 0.15
        if habit is None:
            return prior
        evidence = habit.in_order + habit.newest
        return (habit.in_order + 2 * prior) / (evidence + 2)

    def fresh_window(self, show_id: int) -> float:
        """Seconds over which this show's new episodes lose their pull (news: about a day)."""
        habit = self.shows.get(show_id)
        if habit is None or not habit.ages:
            return 7 * DAY
        ages = sorted(habit.ages)
        median = ages[len(ages) // 2]
        return min(60 * DAY, max(DAY, 2.5 * median))

    def same_show_next(self, show_id: int) -> float:
        """P(the next listen in this sitting is this show again), per show with a global prior."""
        habit = self.shows.get(show_id)
        if habit is None:
            return self.same_show_in_sitting
        return (habit.followed_by_same + 2 * self.same_show_in_sitting) / (habit.followed_by + 2)


def _show_habits(
    heard: list[Heard], last_by_episode: dict[int, Heard], reference: float
) -> dict[int, ShowHabit]:
    """Each show's habit, in one pass over the listens (the hot loop of a rebuild)."""
    shows: dict[int, ShowHabit] = {}
    latest_first: dict[int, float] = {}  # per show: the latest-published episode begun so far
    affinity_rate = math.log(2) / AFFINITY_HALF_LIFE
    context_rate = math.log(2) / CONTEXT_HALF_LIFE
    exp = math.exp
    fresh_age = FRESH_AGE
    for listen, s, _, resume, first, _, moved_on, follows, _ in heard:
        podcast_id, started, from_pos, to_pos = listen[1:5]
        habit = shows.get(podcast_id)
        if habit is None:
            habit = shows[podcast_id] = ShowHabit(podcast_id)
        habit.starts.append(started)
        age = reference - started
        if moved_on and to_pos - from_pos < SKIP_SECONDS:  # skipped: counts a third
            habit.skipped += 1
            habit.affinity += 1 / 3 * exp(-age * affinity_rate)
            context_weight = 1 / 3 * exp(-age * context_rate)
        else:
            habit.affinity += 1.0 * exp(-age * affinity_rate)
            context_weight = 1.0 * exp(-age * context_rate)
        context = habit.context
        context[s] = context.get(s, 0.0) + context_weight
        if follows is not None and not resume:
            before = shows.get(follows)
            if before is None:
                before = shows[follows] = ShowHabit(follows)
            before.followed_by += 1
            before.followed_by_same += follows == podcast_id
        published = listen[7]
        if not first or published is None:
            continue
        age = started - published
        habit.ages.append(age if age > 0.0 else 0.0)
        latest = latest_first.get(podcast_id)
        if age < fresh_age:
            habit.newest += 1
        elif latest is not None and published > latest:
            habit.in_order += 1
        if latest is None or published > latest:
            latest_first[podcast_id] = published
    furthest: dict[int, tuple[float, int]] = {}  # per show: (published, number) of its furthest
    for h in last_by_episode.values():
        # Done with (heard to the end, or dropped): "next in order" starts after it. An episode
        # interrupted by the end of a sitting is still the current one.
        if not (h.finished or h.moved_on):
            continue
        listen = h.listen
        place = (listen.published or 0.0, listen.number or 0)
        best = furthest.get(listen.podcast_id)
        if best is None or place > best:
            furthest[listen.podcast_id] = place
            shows[listen.podcast_id].furthest = listen
    return shows


def build_profile(
    listens: Sequence[Listen],
    at: float,
    tz: tzinfo | None,
    dismissed_by_show: Mapping[int, int] | None = None,
    clock: LocalClock | None = None,
) -> Profile:
    """Read the habits in ``listens`` (oldest first, none after ``at``).

    ``clock`` (of ``tz``) is the one kept beside these listens, to reuse their bins.
    """
    heard = annotate(listens, tz, clock)
    reference = heard[-1].listen.started_at if heard else at
    last_by_episode = {h.listen.episode_id: h for h in heard}
    shows = _show_habits(heard, last_by_episode, reference)
    bins: dict[int, list[float]] = {}
    all_sittings = sittings(heard)
    for s, length in all_sittings:
        bins.setdefault(s, []).append(length)
    resume_at_start, resume_in_sitting, same_show_in_sitting = sitting_ratios(heard)
    return Profile(
        at=max(at, reference),
        tz=tz,
        heard=heard,
        shows=shows,
        last_by_episode=last_by_episode,
        sitting_bins=bins,
        resume_at_start=resume_at_start,
        resume_in_sitting=resume_in_sitting,
        same_show_in_sitting=same_show_in_sitting,
        novelty=novelty(heard),
        entry_fresh=entry_fresh(heard),
        long_drop=long_drop(heard, [length for _, length in all_sittings]),
        resume_latest=resume_latest(heard),
        rate=usual_rate(heard),
        total_affinity=sum(s.affinity for s in shows.values()),
        reference=reference,
        dismissed=dict(dismissed_by_show or {}),
    )
