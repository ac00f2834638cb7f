"""Refreshing the episode list in place: the plan, made on a worker thread, of how the shown
rows become the fresh ones, and the release of dropped rows off the GUI thread.

Apart from the model because planning is plain data work (query, compare, decide what stays)
that must not touch the model, which only the GUI thread may change; the model applies the plan
with :func:`apply_merge` when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from player.domain.models import Episode
from player.domain.queries import EpisodeQuery
from player.qt.models.row_merge import MergePlan, plan_merge

PAGE_SIZE = 200


def _never() -> bool:
    return False


class PageLoader(Protocol):
    """``(query, offset, limit, after) -> (page, total)``: ``after`` is the last loaded episode
    (keyset paging), total only for the first page (else None). ``stale`` says the answer is no
    longer wanted (another query is shown now): the loader may give up and return ``([], None)``.
    """

    def __call__(
        self,
        query: EpisodeQuery,
        offset: int,
        limit: int,
        after: Episode | None,
        stale: Callable[[], bool] = _never,
    ) -> tuple[list[Episode], int | None]: ...


RowFetcher = Callable[[list[int]], list[Episode]]
"""``ids -> episodes`` (deleted ones left out): current data of rows a refresh keeps."""


def _up_to_last_shown(fresh: list[Episode], shown: set[int]) -> list[Episode]:
    """The fresh rows down to the last one already shown: what lies beyond it comes with the
    pages as the listener scrolls. Without the cut every refresh kept a page more than it
    showed (the soak benchmark saw the list, and the memory, grow by a page per refresh)."""
    if not shown:
        return fresh[:PAGE_SIZE]
    last = max((i for i, e in enumerate(fresh) if e.id in shown), default=-1)
    return fresh[: last + 1] if last >= 0 else fresh[:PAGE_SIZE]


def _episode_id(e: Episode) -> int:
    return e.id


_RELEASE_CHUNK = 500


def release(dropped: tuple[list[Episode], dict[int, tuple[str, ...]]]) -> None:
    """Worker thread: empty the containers so their items are freed here, a few at a time.

    Freeing is C code that holds the GIL until it is done: ``rows.clear()`` on 50,000 episodes
    kept the GUI thread out of Python for ~100 ms. Small slices give it a turn in between.
    """
    rows, texts = dropped
    while rows:
        del rows[-_RELEASE_CHUNK:]
    for key in list(texts):  # one deletion per bytecode step: the GUI thread can cut in
        del texts[key]


def plan_refresh(
    loader: PageLoader,
    fetch: RowFetcher,
    query: EpisodeQuery,
    old_ids: list[int],
    keep_unmatched: bool,
) -> tuple[MergePlan[Episode], int, int]:
    """Worker thread: (merge plan, episodes matching, rows kept though they no longer match)."""
    limit = len(old_ids) + PAGE_SIZE  # room for new episodes that push old ones down
    fresh, total = loader(query, 0, limit, None)
    fresh = _up_to_last_shown(fresh, set(old_ids))
    fresh_ids = {e.id for e in fresh}
    missing = [i for i in old_ids if i not in fresh_ids]
    # Of the shown rows not in the fresh result, those that still pass the filters
    # were only pushed beyond it (many new episodes came first): they go, and come
    # back in their place with the pages. Those that stopped matching stay, if asked.
    current = fetch(missing) if keep_unmatched and missing else []
    kept = [e for e in current if not query.admits(e)]
    merge = plan_merge(old_ids, fresh, kept, key=_episode_id)
    return merge, total or len(fresh), len(kept)
