"""Refreshing a shown list in place: which rows go, which arrive, where.

A view the listener is looking at must not jump: after a refresh the rows that were shown
keep their order (their data is replaced), rows that are gone are removed, and new ones are
inserted where the fresh list puts them. Applied as row removals and insertions (never a
model reset), so the selection and the scroll position survive. The episode list plans this
on a worker thread (with 50,000 loaded rows the bookkeeping is too much for the GUI thread);
the sidebar uses it for podcasts added or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MergePlan(Generic[T]):
    """The new rows and the steps from the old rows to them."""

    rows: list[T]
    removals: list[tuple[int, int]]
    """``(first, last)`` runs of old rows to remove, last run first (indexes stay valid)."""
    insertions: list[tuple[int, int]]
    """``(first, last)`` runs of ``rows`` to insert after the removals, in ascending order."""


def plan_merge(
    old_ids: Sequence[Hashable],
    fresh: Sequence[T],
    kept: Sequence[T],
    key: Callable[[T], Hashable],
) -> MergePlan[T]:
    """Merge the ``fresh`` list into the rows shown (their ``key`` values: ``old_ids``).

    ``kept`` are shown rows that are no longer in ``fresh`` but stay (with current data);
    shown rows in neither list are removed. Rows that were shown keep their relative order;
    a new row goes just before the first shown row that follows it in ``fresh``.
    """
    old_set = set(old_ids)
    fresh_at = {key(e): i for i, e in enumerate(fresh)}
    kept_by_id = {key(e): e for e in kept}
    rows: list[T] = []
    inserted: list[int] = []
    removed: list[int] = []
    next_fresh = 0
    for position, episode_id in enumerate(old_ids):
        at = fresh_at.get(episode_id)
        if at is not None:
            for candidate in fresh[next_fresh:at]:
                if key(candidate) not in old_set:
                    inserted.append(len(rows))
                    rows.append(candidate)
            next_fresh = max(next_fresh, at + 1)
            rows.append(fresh[at])
        elif episode_id in kept_by_id:
            rows.append(kept_by_id[episode_id])
        else:
            removed.append(position)
    for candidate in fresh[next_fresh:]:
        if key(candidate) not in old_set:
            inserted.append(len(rows))
            rows.append(candidate)
    return MergePlan(rows, _runs(removed)[::-1], _runs(inserted))


def apply_merge(model: QAbstractItemModel, rows: list[T], plan: MergePlan[T]) -> None:
    """Turn ``rows`` (the list ``model`` shows) into ``plan.rows``, telling the views each
    removal and insertion as it happens (their selection and scroll follow the rows)."""
    for first, last in plan.removals:
        model.beginRemoveRows(QModelIndex(), first, last)
        del rows[first : last + 1]
        model.endRemoveRows()
    for first, last in plan.insertions:
        model.beginInsertRows(QModelIndex(), first, last)
        rows[first:first] = plan.rows[first : last + 1]
        model.endInsertRows()


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Ascending indexes as ``(first, last)`` runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
