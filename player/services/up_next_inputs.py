"""Loading what the "up next" scorer needs, with a bounded number of indexed queries.

The library may hold 200,000 episodes; scoring them all would take seconds. Candidates are the
few episodes a listener could plausibly want next: the ones in progress, the newest in the
library, and per show they have heard its newest unheard episodes and the next ones in order.
The reads are :class:`~player.storage.candidates.CandidateRepo`'s, each on an index, so the
cost follows the history, not the library.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from player.recommend import Candidate, Profile, Show
from player.storage.candidates import CandidateRepo

NEWEST_IN_LIBRARY = 30  # the library-wide newest unheard: defaults and shows not tried yet
PER_SHOW = 3  # per heard show: this many newest, and this many next in order
MAX_HEARD_SHOWS = 150  # the shows with the most listens, when a history covers even more

_candidate = functools.partial(tuple.__new__, Candidate)
_show = functools.partial(tuple.__new__, Show)
"""Rows whose columns are the record's fields, in order, as records (built in C: 500 shows
and 450 candidates per suggestion)."""


def load_shows(repo: CandidateRepo) -> dict[int, Show]:
    """Every subscription's title and declared kind."""
    return {row[0]: _show(row) for row in repo.show_rows()}


def candidate_ids(
    repo: CandidateRepo, profile: Profile, shows: dict[int, Show], at: float
) -> set[int]:
    """The ids worth scoring at ``at`` (unheard and published by then)."""
    found: set[int] = set(repo.in_progress_ids(at))
    newest = repo.newest_unheard_ids(at, NEWEST_IN_LIBRARY)
    found.update(newest)
    heard = sorted(profile.shows.values(), key=lambda h: (-h.listens, h.show_id))
    for habit in heard[:MAX_HEARD_SHOWS]:
        found.update(repo.newest_unheard_of_show(habit.show_id, at, PER_SHOW))
        after = habit.furthest.published if habit.furthest is not None else None
        found.update(repo.next_unheard_of_show(habit.show_id, after, at, PER_SHOW))
    for show_id in _untried_serials(repo, newest, profile, shows):
        found.update(repo.next_unheard_of_show(show_id, None, at, PER_SHOW))
    return found


def _untried_serials(
    repo: CandidateRepo, newest: list[int], profile: Profile, shows: dict[int, Show]
) -> list[int]:
    """Serials among the recently active shows that the listener has not started yet."""
    active = repo.podcasts_of(newest)
    return sorted(
        s for s in active if s not in profile.shows and shows.get(s, Show(s, "")).kind == "serial"
    )


def load_candidates(
    repo: CandidateRepo, ids: Iterable[int], exclude: Iterable[int]
) -> list[Candidate]:
    """The candidate ids minus dismissed and queued ones, in id order, as light records.

    Only the facts scoring reads: a full episode costs ~10 µs to build, more than scoring it,
    so ``suggest`` reads in full only the few it suggests.
    """
    skip = set(exclude)
    wanted = sorted(i for i in ids if i not in skip)
    by_id = {row[0]: row for row in repo.candidate_rows(wanted)}
    return [_candidate(by_id[i]) for i in wanted if i in by_id]
