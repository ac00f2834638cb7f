"""The tags in use across the library, for the episode list's tag filter."""

from __future__ import annotations

from player.storage.db import Store

_DISTINCT = (
    "SELECT tag FROM podcast_tags UNION SELECT tag FROM episode_tags ORDER BY 1 COLLATE NOCASE"
)


def distinct_tags(store: Store) -> list[str]:
    """Every tag on a show or an episode, once (tags compare without case), A to Z.

    Both tables have an index on ``tag``, so this reads two indexes, not the episodes.
    """
    return [str(row[0]) for row in store.query(_DISTINCT)]
