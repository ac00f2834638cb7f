"""Rates read off the whole history: how often this listener resumes, tries new shows,
drops long episodes, and at what speed they listen.

Each is a count over the listens smoothed towards a prior (:func:`_ratio`), so a short history
gives the prior and a long one the listener's own habit.
"""

from __future__ import annotations

from player.recommend.listening import Heard

DAY = 86400.0
FRESH_AGE = 8 * DAY
"""A first listen this soon after release is "newest first" evidence, not "in order": a weekly
show heard a few days after each release is heard newest first (at 3 days, irregular listeners'
talk shows looked like serials and their newest episodes lost to the oldest unheard)."""


def long_drop(heard: list[Heard], lengths: list[float]) -> float:
    """How often an episode much longer than the usual sitting was dropped after a while."""
    if not lengths:
        return 0.2
    too_long = 1.5 * sorted(lengths)[len(lengths) // 2]  # than the usual sitting
    long = [
        h
        for h in heard
        if h.first and h.listen.duration and h.listen.duration / (h.listen.rate or 1) > too_long
    ]
    dropped = sum(h.moved_on and not h.finished and not h.skipped for h in long)
    return _ratio(dropped, len(long), 0.2)


def _ratio(hits: int, total: int, prior: float, weight: float = 3.0) -> float:
    return (hits + weight * prior) / (total + weight)


def novelty(heard: list[Heard]) -> float:
    """How often a listen is of a show never heard before (after the first 20 listens)."""
    known = {h.listen.podcast_id for h in heard[:20]}
    novel = 0
    for h in heard[20:]:
        podcast_id = h.listen.podcast_id
        if podcast_id not in known:
            novel += 1
            known.add(podcast_id)
    return _ratio(novel, max(0, len(heard) - 20), 0.05, weight=10.0)


def entry_fresh(heard: list[Heard]) -> float:
    """How often a show is first heard by its way in: an episode under :data:`FRESH_AGE` old, or
    episode 1 (a series from its start); the rest begin somewhere in the back catalogue."""
    seen: set[int] = set()
    entries = hits = 0
    for h in heard:
        listen = h.listen
        if listen.podcast_id in seen:
            continue
        seen.add(listen.podcast_id)
        entries += 1
        fresh = listen.published is not None and listen.started_at - listen.published < FRESH_AGE
        hits += fresh or listen.number == 1
    return _ratio(hits, entries, 0.5)


def sitting_ratios(heard: list[Heard]) -> tuple[float, float, float]:
    """P(resume) at the start of a sitting and within one; P(the same show again) within one."""
    starts = resumed_at_start = within = resumed_within = fresh = same = 0
    for h in heard:
        if not h.in_sitting:
            starts += 1
            resumed_at_start += h.resume
        elif h.resume:
            within += 1
            resumed_within += 1
        else:
            within += 1
            fresh += 1
            same += h.follows == h.listen.podcast_id
    return (
        _ratio(resumed_at_start, starts, 0.3),
        _ratio(resumed_within, within, 0.1),
        _ratio(same, fresh, 0.2),
    )


def resume_latest(heard: list[Heard]) -> float:
    """How often a resume picks up the episode stopped last among those still in progress (the
    one up next offers first), not an older one."""
    # Episodes left in progress, the one left last at the end (listens come in time order):
    # a dict keeps insertion order, so the last one is found without a search.
    stopped: dict[int, None] = {}
    resumes = hits = 0
    for h in heard:
        episode_id = h.listen.episode_id
        if h.resume:
            resumes += 1
            hits += bool(stopped) and episode_id == next(reversed(stopped))
        stopped.pop(episode_id, None)
        if not (h.finished or h.moved_on):
            stopped[episode_id] = None  # interrupted: one to pick up (dropped or done: not)
    return _ratio(hits, resumes, 0.5)


def usual_rate(heard: list[Heard]) -> float:
    """The median playback rate of the last 50 listens (1 with none): remaining media time
    divided by it is the wall time an episode still needs."""
    rates = sorted(h.listen.rate or 1.0 for h in heard[-50:])
    return rates[len(rates) // 2] if rates else 1.0
