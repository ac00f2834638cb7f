"""The "up next" score: the chance that each candidate is what the listener plays next.

The score mixes four ways a next listen happens, each weighted by how often it happened in the
listener's own history:

* **resume**: they go back to an episode they were in the middle of;
* **same show**: in the middle of a sitting, they go on with the show they just heard (a serial
  binge), in that show's usual order;
* **habit**: they pick one of their shows, the way they usually do at this hour and day type,
  and within the show the episode they usually would (the next one for shows heard in order,
  the freshest for shows heard newest first, so news loses its value within days);
* **something new**: a show they have not heard yet (with no history, this is all there is).

Everything is computed from the candidates handed in, so the caller bounds the work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from player.domain.models import EpisodeState
from player.recommend.facts import EpisodeFacts, Moment, Show
from player.recommend.listening import SITTING_GAP
from player.recommend.profile import DAY, Profile, decay
from player.recommend.time_fit import NO_FIT, Available, Fit, fit

RESUME_HALF_LIFE = 3 * DAY  # a half-heard episode from last week pulls less than yesterday's
ORDER_STEPS = (0.8, 0.12, 0.05)  # the next episode in order, the one after, the one after that
NEWEST_RATIO = 0.5  # each older unheard episode of a newest-first show counts half as much
FRESH_FLOOR = 0.02
SIDE_EPISODE = 0.3  # trailers and bonus episodes: rarely what a listener is waiting for
DROPPED = 0.1  # an episode they stopped early and moved on from
STARTED_ASIDE = 0.1  # a started episode left for others: hardly one of the show's new ones
DISMISSED_SHOW = 0.75  # per "not interested" click on the show's episodes


@dataclass(slots=True)
class Scored:
    """A candidate with its score and the pieces of it, for the reason and the signals."""

    episode: EpisodeFacts
    parts: dict[str, float] = field(default_factory=dict)
    track: str = ""  # "order" or "newest": how the episode stands within its show
    position_in_order: int | None = None  # 0: the next one in order
    fit: Fit = NO_FIT
    dropped: bool = False

    @property
    def score(self) -> float:
        """The sum of the parts: an estimate of P(this is the next listen)."""
        return sum(self.parts.values())

    @property
    def main(self) -> str:
        """The part that contributed most (ties broken by name, for determinism)."""
        return max(sorted(self.parts), key=lambda k: self.parts[k]) if self.parts else "new"


def order_key(e: EpisodeFacts) -> tuple[float, int, int]:
    """Publication order, then episode number, then id: "oldest first" within a show."""
    return (e.published or 0.0, e.number or 0, e.id)


def _in_progress(e: EpisodeFacts) -> bool:
    return e.position > 0 and e.state == EpisodeState.NEW  # an EpisodeState or its value


@dataclass(slots=True)
class ShowChoice:
    """P(episode | show) for one show's candidates, and how each episode got it."""

    weights: dict[int, float]
    track: dict[int, str]
    order_index: dict[int, int]


def within_show(
    profile: Profile,
    show: Show,
    episodes: Sequence[EpisodeFacts],
    resumable: int | None = None,
) -> ShowChoice:
    """Spread one show's probability over its candidates: by order, or by freshness.

    ``resumable``: the started episode the listener would pick up (see :func:`_add_resume`).
    """
    p_order = profile.in_order(show)
    habit = profile.shows.get(show.id)
    furthest = habit.furthest if habit else None
    after = (furthest.published or 0.0, furthest.number or 0) if furthest else None
    sequence = sorted(
        (
            e
            for e in episodes
            if e.episode_type == "full"
            and (after is None or (e.published or 0.0, e.number or 0) > after)
        ),
        key=order_key,
    )
    order_index = {e.id: i for i, e in enumerate(sequence[: len(ORDER_STEPS)])}
    window = profile.fresh_window(show.id)
    # A started episode is not one of the show's new ones: going back to it is a resume (its
    # own part). Only the one the listener would pick up keeps its place among the newest;
    # the others are ranked aside and count little (they were left for something else).
    newest = sorted(episodes, key=lambda e: (-(e.published or 0.0), -e.id))
    counted = [e for e in newest if e.id == resumable or not _in_progress(e)]
    fresh_rank = {e.id: rank for rank, e in enumerate(counted)}
    weights: dict[int, float] = {}
    track: dict[int, str] = {}
    for overall, e in enumerate(newest):
        rank = fresh_rank.get(e.id, overall)
        aside = 1.0 if e.id in fresh_rank else STARTED_ASIDE
        age = max(0.0, profile.at - (e.published or profile.at))
        fresh = max(FRESH_FLOOR, math.exp(-age / window)) * NEWEST_RATIO ** (rank + 1) * aside
        ordered = ORDER_STEPS[order_index[e.id]] if e.id in order_index else 0.0
        by_order, by_fresh = p_order * ordered, (1 - p_order) * fresh
        side = 1.0 if e.episode_type == "full" else SIDE_EPISODE
        weights[e.id] = (by_order + by_fresh) * side
        track[e.id] = "order" if by_order >= by_fresh else "newest"
    return ShowChoice(weights, track, order_index)


def _entry_weights(shows: Mapping[int, Show], episodes: Sequence[EpisodeFacts]) -> dict[int, float]:
    """P(episode | trying a show not heard yet): the show's way in, freshest shows first.

    A serial's way in is its first unheard episode; any other show's is its newest.
    """
    by_show: dict[int, list[EpisodeFacts]] = {}
    for e in episodes:
        by_show.setdefault(e.podcast_id, []).append(e)
    entries: list[tuple[float, int, EpisodeFacts]] = []  # (newest release of the show, show, entry)
    for show_id, eps in by_show.items():
        show = shows.get(show_id)
        full = [e for e in eps if e.episode_type == "full"] or eps
        serial = show is not None and show.kind == "serial"
        entry = min(full, key=order_key) if serial else max(full, key=order_key)
        entries.append((max(e.published or 0.0 for e in eps), show_id, entry))
    entries.sort(key=lambda t: (-t[0], t[1]))
    return {e.id: NEWEST_RATIO ** (rank + 1) for rank, (_, _, e) in enumerate(entries)}


def _current_sitting(profile: Profile, moment: Moment) -> set[int]:
    """Shows heard in the sitting still going on at ``moment`` (empty when there is none)."""
    last = profile.last
    if last is None or moment.at - last.listen.ended_at >= SITTING_GAP:
        return set()
    shows = set()
    for h in reversed(profile.heard):
        shows.add(h.listen.podcast_id)
        if not h.in_sitting:
            break
    return shows


def score_candidates(
    profile: Profile,
    shows: Mapping[int, Show],
    candidates: Sequence[EpisodeFacts],
    moment: Moment,
    time: Available | None = None,
) -> list[Scored]:
    """Score every candidate (unplayed, published by ``moment``, not dismissed or queued).

    ``time``: how long the listener can listen now (see :mod:`player.recommend.time_fit`).
    """
    scored = {e.id: Scored(e) for e in candidates}
    sitting = _current_sitting(profile, moment)
    last = profile.last
    if sitting and last is not None:
        p_resume = profile.resume_in_sitting
        p_same = profile.same_show_next(last.listen.podcast_id)
    else:
        p_resume, p_same = profile.resume_at_start, 0.0
    # A new show's way in (its newest, a serial's first) is what a listener who tries a show
    # plays only as often as they have begun shows that way.
    p_new = profile.novelty if not profile.empty else 1.0
    p_entry = p_new * profile.entry_fresh if not profile.empty else 1.0
    p_habit = max(0.0, 1.0 - p_resume - p_same - p_new)

    resumable = _add_resume(profile, scored, p_resume)
    by_show: dict[int, list[EpisodeFacts]] = {}
    for e in candidates:
        by_show.setdefault(e.podcast_id, []).append(e)
    shares = profile.show_shares(moment) if not profile.empty else {}
    habit_total = sum(v for k, v in shares.items() if k not in sitting) or 1.0
    for show_id, eps in by_show.items():
        show = shows.get(show_id, Show(show_id, ""))
        habit = profile.shows.get(show_id)
        if habit is None or habit.listens == 0:
            continue
        choice = within_show(profile, show, eps, resumable)
        share = 0.0 if show_id in sitting else shares.get(show_id, 0.0) / habit_total
        share *= DISMISSED_SHOW ** profile.dismissed.get(show_id, 0)
        same = p_same if last is not None and show_id == last.listen.podcast_id else 0.0
        for e in eps:
            s = scored[e.id]
            s.track = choice.track[e.id]
            s.position_in_order = choice.order_index.get(e.id)
            s.fit = fit(profile, e, time)
            weight = choice.weights[e.id] * s.fit.factor * (DROPPED if s.dropped else 1.0)
            if share:
                s.parts["habit"] = p_habit * share * weight
            if same:
                s.parts["same show"] = same * weight
    unheard = [e for e in candidates if not _heard(profile, e)]
    for episode_id, weight in _entry_weights(shows, unheard).items():
        scored[episode_id].parts["new"] = p_entry * weight
    if time is not None and time.asked:
        # Stated time applies to everything: what is left of an episode to resume, a new show.
        for s in scored.values():
            if s.fit is NO_FIT:
                s.fit = fit(profile, s.episode, time)
            for part in ("resume", "new"):
                if part in s.parts:
                    s.parts[part] *= s.fit.factor
    return list(scored.values())


def _heard(profile: Profile, e: EpisodeFacts) -> bool:
    habit = profile.shows.get(e.podcast_id)
    return habit is not None and habit.listens > 0


def _add_resume(profile: Profile, scored: dict[int, Scored], p_resume: float) -> int | None:
    """Give started episodes the resume part; returns the one stopped last (None: none)."""
    pull: dict[int, float] = {}
    stops: dict[int, float] = {}
    for s in scored.values():
        e = s.episode
        if not _in_progress(e):
            continue
        h = profile.last_by_episode.get(e.id)
        s.dropped = h is not None and h.moved_on
        if s.dropped:
            continue
        stopped = h.listen.ended_at if h is not None else (e.last_played or profile.at)
        pull[e.id] = decay(profile.at - stopped, RESUME_HALF_LIFE)
        stops[e.id] = stopped
    if not pull:
        return None
    # The episode stopped last is the one usually picked up (as often as the history says);
    # the others share the rest, the more recent the more.
    latest = max(stops, key=lambda i: (stops[i], i))
    others = sum(w for i, w in pull.items() if i != latest)
    p_latest = profile.resume_latest if others else 1.0
    for episode_id, w in pull.items():
        share = p_latest * w if episode_id == latest else (1 - p_latest) * w / max(1.0, others)
        scored[episode_id].parts["resume"] = p_resume * share
    return latest


def rank(scored: Sequence[Scored], limit: int) -> list[Scored]:
    """Best first; ties go to the newer episode, then the lower id, so the order is stable."""
    ordered = sorted(
        (s for s in scored if s.score > 0),
        key=lambda s: (-round(s.score, 12), -(s.episode.published or 0.0), s.episode.id),
    )
    return ordered[:limit]
