"""A listener simulator: shows with publishing schedules, and a listener with habits who plays them.

Each listener gets a library (news, serials, talk shows, long-form shows and a few subscriptions
they almost never open) and a history of listening sessions over ``days`` days: sessions happen
at habitual moments (weekday commute, weekend morning...), each moment prefers some shows, and
within a show the listener picks the newest fresh news item, the next serial episode, or the
newest (sometimes an older) talk episode. They skip, abandon long episodes, resume interrupted
ones, binge serials, explore at random, and their tastes drift. Everything derives from one seed.

The simulator knows nothing about the scorer; ``README.md`` lists its assumptions.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.recommend.oracle import pick_chances, top5
from bench.recommend.populations import SLOTS, Population, SlotTemplate

TIMEZONE = ZoneInfo("Europe/Berlin")
START = datetime(2024, 1, 8, tzinfo=TIMEZONE)  # a Monday; 16 weeks later crosses the DST change
DAY = 86400.0
FINISHED_SLACK = 20.0  # seconds before the end that count as "heard to the end"


@dataclass(slots=True)
class SimEpisode:
    """One episode of a simulated show."""

    show: int
    index: int  # publication order within the show
    guid: str
    title: str
    published: float
    duration: int
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"


@dataclass(slots=True)
class SimShow:
    """A show, what kind it is, and how much this listener likes it."""

    key: str
    title: str
    genre: str  # news | serial | talk | long | dormant
    behaves_as: str  # the genre whose picking rule applies (dormant shows are news or talk)
    itunes_type: str
    episodes: list[SimEpisode] = field(default_factory=list)
    weight: float = 1.0
    skip: float = 0.0
    drift: tuple[float, float] = (1.0, 1.0)  # weight multiplier at the start and at the end


@dataclass(slots=True)
class Play:
    """One listening span, as a player would record it."""

    episode: SimEpisode
    start: float
    from_pos: int
    to_pos: int
    rate: float
    why: str = ""  # how it was picked (resume, binge, explore, habit: ...): a bench diagnostic
    oracle: tuple[str, ...] = ()  # the five likeliest picks by the listener's own rules


@dataclass(slots=True)
class Slot:
    """A listener's own version of a slot template."""

    template: SlotTemplate
    probability: float
    jitter_h: float
    show_weights: list[float]


@dataclass(slots=True)
class Listener:
    """A simulated listener: library, habits and the history they produced."""

    key: str
    shows: list[SimShow]
    slots: list[Slot]
    rate: float
    plays: list[Play] = field(default_factory=list)
    split: float = 0.0  # plays starting at or after this moment are held out


def _at(day: int, hour: float) -> float:
    """POSIX seconds of local ``hour`` on simulation day ``day`` (wall clock, DST-aware)."""
    date = START.date() + timedelta(days=day)
    minutes = int(round(hour * 60))
    local = datetime(date.year, date.month, date.day, tzinfo=TIMEZONE) + timedelta(minutes=minutes)
    # Adding a timedelta to an aware datetime keeps the wall clock, so DST is respected.
    return local.timestamp()


def _weekend(day: int) -> bool:
    return (START.date() + timedelta(days=day)).weekday() >= 5


# -- the library ----------------------------------------------------------------------------


def _episode(show: SimShow, rng: random.Random, published: float, minutes: float) -> SimEpisode:
    index = len(show.episodes)
    ep = SimEpisode(
        show=int(show.key[1:]),
        index=index,
        guid=f"{show.key}-{index:04d}",
        title=f"{show.title} #{index + 1}",
        published=published,
        duration=max(120, int(rng.gauss(minutes, minutes * 0.15) * 60)),
    )
    show.episodes.append(ep)
    return ep


def _daily(show: SimShow, rng: random.Random, days: int, minutes: float) -> None:
    weekends = rng.random() < 0.3
    for day in range(-45, days):
        if weekends or not _weekend(day):
            _episode(show, rng, _at(day, 5.5 + rng.random()), minutes)


def _periodic(show: SimShow, rng: random.Random, days: int, every: int, minutes: float) -> None:
    day = -365 + rng.randrange(every)
    number = 1
    while day < days:
        ep = _episode(show, rng, _at(day, 4 + rng.random() * 4), minutes)
        ep.number = number
        number += 1
        day += every


def _serial(show: SimShow, rng: random.Random, days: int) -> None:
    minutes = rng.uniform(35, 60)
    ongoing = rng.random() < 0.5
    seasons = rng.randint(1, 3)
    day = -300 if not ongoing else -30 - 7 * 10 * seasons
    for season in range(1, seasons + (2 if ongoing else 1)):
        trailer = _episode(show, rng, _at(day - 3, 6), 3)
        trailer.season, trailer.episode_type = season, "trailer"
        for number in range(1, rng.randint(6, 12) + 1):
            ep = _episode(show, rng, _at(day, 6), minutes)
            ep.season, ep.number = season, number
            day += 7
        day += 21
        if ongoing and season == seasons and day > -7:
            break
    if ongoing:  # the current season keeps going weekly through the simulation
        season = show.episodes[-1].season or 1
        number = show.episodes[-1].number or 0
        day = max(day, -7)
        while day < days:
            number += 1
            ep = _episode(show, rng, _at(day, 6), minutes)
            ep.season, ep.number = season, number
            day += 7


def _library(pop: Population, rng: random.Random) -> list[SimShow]:
    shows: list[SimShow] = []
    for genre, count in pop.shows.items():
        for _ in range(count):
            key = f"s{len(shows):02d}"
            behaves = genre if genre != "dormant" else rng.choice(("news", "talk"))
            kind = "serial" if genre == "serial" else "episodic"
            show = SimShow(key, f"{genre.title()} Show {key[1:]}", genre, behaves, kind)
            if behaves == "news":
                _daily(show, rng, pop.days, rng.uniform(8, 30))
            elif behaves == "serial":
                _serial(show, rng, pop.days)
            elif behaves == "talk":
                _periodic(show, rng, pop.days, rng.choice((7, 7, 3)), rng.uniform(40, 90))
            else:
                _periodic(show, rng, pop.days, 14, rng.uniform(90, 180))
            show.weight = 0.02 if genre == "dormant" else math.exp(rng.gauss(0, 0.8))
            show.skip = min(0.5, pop.skip_rate * math.exp(rng.gauss(0, 0.6)))
            shows.append(show)
    if rng.random() < pop.drift:
        liked = [s for s in shows if s.genre != "dormant"]
        found, tired = rng.sample(liked, 2)
        found.drift, tired.drift = (0.05, 2.0), (1.5, 0.1)
    return shows


def _slots(pop: Population, shows: list[SimShow], rng: random.Random) -> list[Slot]:
    count = rng.randint(*pop.slots_per_listener)
    required = [t for t in SLOTS if t.name in pop.required_slots]
    weekday = [t for t in SLOTS if not t.weekend and t not in required]
    weekend = [t for t in SLOTS if t.weekend]
    free = max(0, count - 1 - len(required))
    chosen = required + rng.sample(weekday, free) + rng.sample(weekend, 1)
    slots = []
    for template in chosen:
        weights = [
            template.genres.get(s.behaves_as, 0.0) * s.weight * math.exp(rng.gauss(0, 0.5))
            if s.genre != "dormant"
            else s.weight
            for s in shows
        ]
        slots.append(
            Slot(
                template,
                rng.uniform(*pop.slot_probability),
                rng.uniform(*pop.start_jitter_h),
                weights,
            )
        )
    return slots


# -- listening --------------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    """What the listener has done so far: statuses, positions, the serials' progress."""

    status: dict[str, str] = field(default_factory=dict)  # guid -> played|skipped|dropped|paused
    position: dict[str, int] = field(default_factory=dict)
    paused_at: dict[str, float] = field(default_factory=dict)
    busy_until: float = 0.0


class _Session:
    """One sitting: picks episodes until the time budget runs out."""

    def __init__(
        self,
        listener: Listener,
        pop: Population,
        state: _State,
        rng: random.Random,
        off_slot: bool = False,
    ):
        self.listener, self.pop, self.state, self.rng = listener, pop, state, rng
        # Labels only (no draw depends on them): how each pick happened, for the bench's
        # breakdown of misses. ``_how`` is set by the in-show rule that made the last pick.
        self.off_slot = off_slot
        self._how = ""
        self._oracle: tuple[str, ...] = ()

    def _unheard(self, show: SimShow, t: float) -> list[SimEpisode]:
        return [
            e
            for e in show.episodes
            if e.published <= t and e.guid not in self.state.status and e.episode_type == "full"
        ]

    def _pick_in_show(self, show: SimShow, t: float) -> SimEpisode | None:
        unheard = self._unheard(show, t)
        if not unheard:
            return None
        if show.behaves_as == "news":
            newest = unheard[-1]
            self._how = "news newest"
            return newest if t - newest.published < 1.5 * DAY else None
        if show.behaves_as == "serial":
            heard = [
                e.index
                for e in show.episodes
                if self.state.status.get(e.guid) in ("played", "skipped", "dropped")
            ]
            after = max(heard, default=-1)
            later = [e for e in unheard if e.index > after]
            self._how = "serial next"
            return later[0] if later else None
        newest = unheard[-1]
        if self.rng.random() < self.pop.newest_first and t - newest.published < 21 * DAY:
            self._how = "newest"
            return newest
        self._how = "one of 8 newest"
        return self.rng.choice(unheard[-8:])

    def _habitual(self, weights: list[float], t: float, used: set[int]) -> SimEpisode | None:
        frac = min(1.0, max(0.0, (t - START.timestamp()) / (self.pop.days * DAY)))
        options: list[tuple[float, SimEpisode, str]] = []
        for i, show in enumerate(self.listener.shows):
            a, b = show.drift
            w = weights[i] * (a + (b - a) * frac)
            if w <= 0 or i in used:
                continue
            ep = self._pick_in_show(show, t)
            if ep is not None:
                options.append((w, ep, self._how))
        if not options:
            return None
        # Drawing an index consumes the generator exactly as drawing the episode would.
        chosen = self.rng.choices(range(len(options)), [w for w, _, _ in options])[0]
        self._how = options[chosen][2]
        return options[chosen][1]

    def _explore(self, t: float) -> SimEpisode | None:
        show = self.rng.choice(self.listener.shows)
        unheard = self._unheard(show, t)
        return self.rng.choice(unheard) if unheard else None

    def _frac(self, t: float) -> float:
        return min(1.0, max(0.0, (t - START.timestamp()) / (self.pop.days * DAY)))

    def _resumable_candidate(self, t: float) -> SimEpisode | None:
        """The episode a first pick would resume (no draw: the oracle asks too)."""
        paused = [
            (at, g) for g, at in self.state.paused_at.items() if self.state.status[g] == "paused"
        ]
        recent = [(at, g) for at, g in paused if t - at < 10 * DAY]
        if not recent:
            return None
        guid = max(recent)[1]
        show = self.listener.shows[int(guid[1:3])]
        return next(e for e in show.episodes if e.guid == guid)

    def _resumable(self, t: float) -> SimEpisode | None:
        paused = [
            (at, g) for g, at in self.state.paused_at.items() if self.state.status[g] == "paused"
        ]
        recent = [(at, g) for at, g in paused if t - at < 10 * DAY]
        if not recent or self.rng.random() >= self.pop.resume_rate:
            return None
        guid = max(recent)[1]
        show = self.listener.shows[int(guid[1:3])]
        return next(e for e in show.episodes if e.guid == guid)

    def run(self, t: float, budget_s: float, weights: list[float], weekend: bool) -> float:
        """Play from ``t`` for up to ``budget_s`` wall seconds; returns when the sitting ended."""
        end = t + budget_s
        used: set[int] = set()
        previous: SimEpisode | None = None
        resumable = self._resumable_candidate(t)
        chances = pick_chances(self, None, resumable, weights, t, used, weekend, self._frac(t))
        ep = self._resumable(t)
        why = "resume"
        while t < end - 180:
            if ep is None:
                if previous is not None:
                    frac = self._frac(t)
                    chances = pick_chances(self, previous, None, weights, t, used, weekend, frac)
                ep, why = self._next(previous, weights, t, used, weekend)
            if ep is None:
                break
            used.add(ep.show)
            self._oracle = top5(chances)
            t, finished = self._listen(ep, t, end, why)
            if not finished and self.state.status[ep.guid] == "paused":
                break
            previous, ep = ep, None
            t += self.rng.uniform(0, 60)
        return t

    def _next(
        self,
        previous: SimEpisode | None,
        weights: list[float],
        t: float,
        used: set[int],
        weekend: bool,
    ) -> tuple[SimEpisode | None, str]:
        """The next pick and how it was made ("binge", "explore", "habit: newest"...)."""
        binge = self.pop.binge_weekend if weekend else self.pop.binge_weekday
        if (
            previous is not None
            and self.listener.shows[previous.show].behaves_as == "serial"
            and self.state.status.get(previous.guid) == "played"
            and self.rng.random() < binge
        ):
            nxt = self._pick_in_show(self.listener.shows[previous.show], t)
            if nxt is not None:
                return nxt, "binge"
        if self.rng.random() < self.pop.explore:
            return self._explore(t), "explore"
        ep = self._habitual(weights, t, used)
        if ep is not None and self.listener.shows[ep.show].genre == "dormant":
            self._how = "dormant show"
        place = "off-slot" if self.off_slot else "slot"
        return ep, f"{place}: {self._how}"

    def _listen(self, ep: SimEpisode, t: float, end: float, why: str) -> tuple[float, bool]:
        rng, state, rate = self.rng, self.state, self.listener.rate
        show = self.listener.shows[ep.show]
        start = state.position.get(ep.guid, 0)
        room = int((end - t) * rate)
        fresh = start == 0
        if fresh and rng.random() < show.skip:
            stop, status = start + rng.randint(30, 240), "skipped"
        elif fresh and ep.duration > 75 * 60 and rng.random() < self.pop.abandon_long:
            stop, status = int(ep.duration * rng.uniform(0.15, 0.35)), "dropped"
        else:
            stop, status = min(ep.duration, start + room), "paused"
        stop = min(stop, ep.duration, start + room)
        if stop >= ep.duration - FINISHED_SLACK:
            stop, status = ep.duration, "played"
        if stop <= start:
            return t, False
        self.listener.plays.append(Play(ep, t, start, stop, rate, why, self._oracle))
        state.status[ep.guid] = status
        state.position[ep.guid] = stop
        wall = (stop - start) / rate
        if status == "paused":
            state.paused_at[ep.guid] = t + wall
        return t + wall, status == "played"


def simulate(pop: Population, seed: int, index: int) -> Listener:
    """One listener of ``pop``: library and history, fully determined by (pop, seed, index)."""
    rng = random.Random(f"{pop.name}/{seed}/{index}")
    shows = _library(pop, rng)
    listener = Listener(
        key=f"{pop.name}-{seed}-{index}",
        shows=shows,
        slots=_slots(pop, shows, rng),
        rate=rng.choice((1.0, 1.0, 1.0, 1.25, 1.5)),
    )
    state = _State()
    uniform = [s.weight for s in shows]
    for day in range(pop.days):
        weekend = _weekend(day)
        sittings: list[tuple[float, float, list[float]]] = []  # uniform weights: off-slot
        for slot in listener.slots:
            if slot.template.weekend == weekend and rng.random() < slot.probability:
                hour = slot.template.hour + rng.gauss(0, slot.jitter_h)
                budget = rng.uniform(*slot.template.budget_min) * 60
                sittings.append((_at(day, hour), budget, slot.show_weights))
        if rng.random() < pop.off_slot_sessions:
            sittings.append((_at(day, rng.uniform(6, 23)), rng.uniform(15, 60) * 60, uniform))
        for t, budget, weights in sorted(sittings, key=lambda s: s[0]):
            if t < state.busy_until:
                continue
            session = _Session(listener, pop, state, rng, off_slot=weights is uniform)
            state.busy_until = session.run(t, budget, weights, weekend)
    listener.split = _at(int(pop.days * (1 - pop.heldout)), 0)
    return listener
