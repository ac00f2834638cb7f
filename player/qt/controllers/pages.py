"""The episode table's page loader, apart from the library controller.

The window's first frame needs it (the first page of episodes) and none of what the library
controller brings with it (its dialogs, refresh and subscribe), which is built after that frame.
"""

from __future__ import annotations

from player.domain.models import Episode
from player.domain.queries import EpisodeQuery
from player.qt.models.episode_refresh import PageLoader
from player.services.library import LibraryService


def episode_pages(library: LibraryService) -> PageLoader:
    """The episode table's loader (worker thread): a page, and the total with the first one."""

    def load(
        query: EpisodeQuery, offset: int, limit: int, after: Episode | None
    ) -> tuple[list[Episode], int | None]:
        page = library.episodes(query, limit=limit, offset=offset, after=after)
        total = library.count_episodes(query) if offset == 0 else None
        return page, total

    return load
