"""Refreshing a loaded episode list in place: which rows go, which arrive, where.

A view the listener is looking at must not jump: after a refresh the rows that were shown
keep their order (their data is replaced), rows that are gone are removed, and new ones are
inserted where the query puts them. Applied as row removals and insertions (never a model
reset), so the selection and the scroll position survive. Planned on a worker thread: with
50,000 loaded rows the bookkeeping is too much for the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from player.domain.models import Episode


@dataclass(frozen=True, slots=True)
class MergePlan:
    """The new rows and the steps from the old rows to them."""

    rows: list[Episode]
    removals: list[tuple[int, int]]
    """``(first, last)`` runs of old rows to remove, last run first (indexes stay valid)."""
    insertions: list[tuple[int, int]]
    """``(first, last)`` runs of ``rows`` to insert after the removals, in ascending order."""


def plan_merge(
    old_ids: Sequence[int], fresh: Sequence[Episode], kept: Sequence[Episode]
) -> MergePlan:
    """Merge the query's ``fresh`` result into the rows shown (``old_ids``).

    ``kept`` are shown episodes that no longer match but stay (current data); shown rows in
    neither list are removed. Rows that were shown keep their relative order; a new row goes
    just before the first shown row that follows it in ``fresh``.
    """
    old_set = set(old_ids)
    fresh_at = {e.id: i for i, e in enumerate(fresh)}
    kept_by_id = {e.id: e for e in kept}
    rows: list[Episode] = []
    inserted: list[int] = []
    removed: list[int] = []
    next_fresh = 0
    for position, episode_id in enumerate(old_ids):
        at = fresh_at.get(episode_id)
        if at is not None:
            for candidate in fresh[next_fresh:at]:
                if candidate.id not in old_set:
                    inserted.append(len(rows))
                    rows.append(candidate)
            next_fresh = max(next_fresh, at + 1)
            rows.append(fresh[at])
        elif episode_id in kept_by_id:
            rows.append(kept_by_id[episode_id])
        else:
            removed.append(position)
    for candidate in fresh[next_fresh:]:
        if candidate.id not in old_set:
            inserted.append(len(rows))
            rows.append(candidate)
    return MergePlan(rows, _runs(removed)[::-1], _runs(inserted))


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Ascending indexes as ``(first, last)`` runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
