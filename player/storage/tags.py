"""Tags: free words on podcasts and on episodes (case-insensitive: "News" is "news").

The columns are ``COLLATE NOCASE``, so comparisons and the primary keys ignore case; the
spelling first given is the one kept and listed.
"""

from __future__ import annotations

from collections.abc import Iterable

from player.domain.errors import NotFoundError
from player.i18n import _
from player.storage.db import Store

_TABLES = {"podcast": ("podcast_tags", "podcast_id", "podcasts"),
           "episode": ("episode_tags", "episode_id", "episodes")}  # fmt: skip


class TagRepo:
    """Tags in the store, for podcasts (``kind="podcast"``) or episodes (``kind="episode"``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, kind: str, item_id: int, tags: Iterable[str]) -> None:
        """Tag one podcast or episode (tags it has already, in any case, are kept as they are)."""
        table, column, owner = _TABLES[kind]
        with self.store.write() as conn:
            if conn.execute(f"SELECT 1 FROM {owner} WHERE id = ?", (item_id,)).fetchone() is None:
                raise NotFoundError(
                    _("There is no {kind} with id {item_id}.").format(kind=kind, item_id=item_id)
                )
            conn.executemany(
                f"INSERT INTO {table} ({column}, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(item_id, t) for t in tags],
            )

    def remove(self, kind: str, item_id: int, tags: Iterable[str]) -> int:
        """Take tags off one podcast or episode (any case); how many were there."""
        table, column, _owner = _TABLES[kind]
        with self.store.write() as conn:
            removed = 0
            for tag in tags:
                cur = conn.execute(
                    f"DELETE FROM {table} WHERE {column} = ? AND tag = ?", (item_id, tag)
                )
                removed += cur.rowcount
            return removed

    def of(self, kind: str, item_id: int) -> list[str]:
        """The tags of one podcast or episode, alphabetically."""
        table, column, _owner = _TABLES[kind]
        rows = self.store.query(
            f"SELECT tag FROM {table} WHERE {column} = ? ORDER BY tag COLLATE NOCASE", (item_id,)
        )
        return [r[0] for r in rows]

    def counts(self) -> list[tuple[str, int, int]]:
        """Every tag in use with how many podcasts and how many episodes carry it,
        alphabetically (one row per tag whatever its case)."""
        rows = self.store.query(
            "SELECT tag, SUM(p) AS podcasts, SUM(e) AS episodes FROM ("
            "SELECT tag COLLATE NOCASE AS tag, 1 AS p, 0 AS e FROM podcast_tags "
            "UNION ALL SELECT tag COLLATE NOCASE, 0, 1 FROM episode_tags) "
            "GROUP BY tag COLLATE NOCASE ORDER BY tag COLLATE NOCASE"
        )
        return [(r["tag"], int(r["podcasts"]), int(r["episodes"])) for r in rows]
