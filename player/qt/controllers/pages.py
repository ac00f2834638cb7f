"""The episode table's page loader, apart from the library controller.

The window's first frame needs it (the first page of episodes) and none of what the library
controller brings with it (its dialogs, refresh and subscribe), which is built after that frame.
"""

from __future__ import annotations

from collections.abc import Callable

from player.domain.errors import AbandonedError
from player.domain.models import Episode
from player.domain.queries import EpisodeQuery
from player.qt.models.episode_refresh import PageLoader
from player.services.library import LibraryService


def episode_pages(library: LibraryService) -> PageLoader:
    """The episode table's loader (worker thread): a page, and the total with the first one."""

    def load(
        query: EpisodeQuery,
        offset: int,
        limit: int,
        after: Episode | None,
        stale: Callable[[], bool] = lambda: False,
    ) -> tuple[list[Episode], int | None]:
        try:
            with library.abandoned_when(stale):
                page = library.episodes(query, limit=limit, offset=offset, after=after)
                total = library.count_episodes(query) if offset == 0 else None
        except AbandonedError:  # a search typed past: its answer would be dropped anyway
            return [], None
        return page, total

    return load
