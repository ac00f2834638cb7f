"""Podcasts (subscriptions): reading them with their counts, adding, updating, removing."""

from __future__ import annotations

import builtins
import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import Any

from player.domain.errors import NotFoundError
from player.domain.models import LOCAL_FEED_PREFIX, Podcast
from player.i18n import _
from player.storage.db import Store
from player.storage.rows import PODCAST_COLUMNS, podcast_from_row
from player.storage.show_marks import record_unsubscribe

_COUNTS = (
    "(SELECT COUNT(*) FROM episodes e WHERE e.podcast_id = p.id) AS episode_count, "
    "(SELECT COUNT(*) FROM episodes e WHERE e.podcast_id = p.id AND e.state = 'new') "
    "AS unplayed_count"
)

SETTABLE = frozenset(
    {
        "title", "author", "description", "link", "image_url", "folder", "kind", "etag",
        "last_modified", "body_hash", "last_checked", "last_error", "last_error_at", "gone",
        "url", "user_agent", "username", "playback_rate", "auto_download",
        "keep_downloads", "keep_days", "trim_silence", "normalize_loudness", "voice_boost",
        "skip_intro", "skip_outro",
    }
)  # fmt: skip
"""Columns ``update`` may set. Not ``password``: feed passwords live in the keyring (see
:mod:`player.storage.legacy_passwords` for the old plaintext column)."""


class PodcastRepo:
    """Subscriptions in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self) -> list[Podcast]:
        """All subscriptions with episode and unplayed counts, by title."""
        rows = self.store.query(
            f"SELECT {PODCAST_COLUMNS}, {_COUNTS} FROM podcasts p ORDER BY lower(p.title), p.id"
        )
        return [podcast_from_row(r) for r in rows]

    def get(self, podcast_id: int) -> Podcast:
        """One subscription by id, with counts; :class:`NotFoundError` when absent."""
        rows = self.store.query(
            f"SELECT {PODCAST_COLUMNS}, {_COUNTS} FROM podcasts p WHERE p.id = ?", (podcast_id,)
        )
        if not rows:
            raise NotFoundError(
                _("There is no podcast with id {podcast_id}.").format(podcast_id=podcast_id)
            )
        return podcast_from_row(rows[0])

    def find_by_url(self, url: str) -> Podcast | None:
        """The subscription with this feed URL, if any."""
        rows = self.store.query(f"SELECT {PODCAST_COLUMNS} FROM podcasts p WHERE p.url = ?", (url,))
        return podcast_from_row(rows[0]) if rows else None

    def add(self, url: str, title: str = "", folder: str = "") -> int:
        """Subscribe to ``url`` (idempotent: an existing subscription keeps its id)."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO podcasts (url, title, folder, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING",
                (url, title, folder, time.time()),
            )
            return int(conn.execute("SELECT id FROM podcasts WHERE url = ?", (url,)).fetchone()[0])

    def update(self, podcast_id: int, **fields: Any) -> None:
        """Set columns of one podcast. Unknown names are a programming error, not user input."""
        with self.store.write() as conn:
            set_podcast_fields(conn, podcast_id, fields)

    def update_many(self, changes: Iterable[tuple[int, Mapping[str, object]]]) -> None:
        """Set columns of many podcasts in one transaction (a refresh's 304s and failures)."""
        with self.store.write() as conn:
            for podcast_id, fields in changes:
                set_podcast_fields(conn, podcast_id, fields)

    def for_refresh(
        self, podcast_ids: Iterable[int] | None = None
    ) -> builtins.list[tuple[Podcast, str]]:
        """Subscriptions to refresh (not gone) with their last body hash; no counts (fast)."""
        rows = self.store.query(
            f"SELECT {PODCAST_COLUMNS}, p.body_hash FROM podcasts p "
            "WHERE p.gone = 0 AND p.url NOT LIKE ? ORDER BY p.id",
            (LOCAL_FEED_PREFIX + "%",),
        )
        wanted = None if podcast_ids is None else set(podcast_ids)
        return [
            (podcast_from_row(r), r["body_hash"] or "")
            for r in rows
            if wanted is None or r["id"] in wanted
        ]

    def find_by_urls(self, urls: Iterable[str]) -> dict[str, int]:
        """Ids of the subscriptions among ``urls`` (for imports that skip known feeds)."""
        wanted = set(urls)
        return {
            url: pid
            for pid, url in self.store.query("SELECT id, url FROM podcasts")
            if url in wanted
        }

    def body_hash(self, podcast_id: int) -> str | None:
        """The hash of the last parsed body, to skip parsing when a server ignores ETags."""
        value = self.store.scalar("SELECT body_hash FROM podcasts WHERE id = ?", (podcast_id,))
        return None if value is None else str(value)

    def delete(self, podcast_id: int, *, record: bool = True) -> None:
        """Unsubscribe: the podcast and (by cascade) its episodes, queue entries and history.

        ``record`` remembers the show as unsubscribed, so "new shows you would like" never
        offers it back; False for a removal that is no decision of the listener's (an import
        stopped before the feed arrived).
        """
        with self.store.write() as conn:
            if record:
                record_unsubscribe(conn, podcast_id)
            cur = conn.execute("DELETE FROM podcasts WHERE id = ?", (podcast_id,))
            if cur.rowcount == 0:
                raise NotFoundError(
                    _("There is no podcast with id {podcast_id}.").format(podcast_id=podcast_id)
                )

    def rates_and_images(self, podcast_ids: Iterable[int]) -> dict[int, tuple[float | None, str]]:
        """Per podcast id: its own playback rate (None: the default applies) and cover URL."""
        ids = tuple(set(podcast_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.store.query(
            f"SELECT id, playback_rate, image_url FROM podcasts WHERE id IN ({marks})", ids
        )
        return {r["id"]: (r["playback_rate"], r["image_url"] or "") for r in rows}

    def count(self) -> int:
        """How many subscriptions there are."""
        return int(self.store.scalar("SELECT COUNT(*) FROM podcasts") or 0)


def set_podcast_fields(
    conn: sqlite3.Connection, podcast_id: int, fields: Mapping[str, object]
) -> None:
    """Set columns of one podcast inside the caller's transaction."""
    unknown = set(fields) - SETTABLE
    if unknown:
        raise ValueError(f"not podcast columns: {sorted(unknown)}")
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(f"UPDATE podcasts SET {assignments} WHERE id = ?", (*fields.values(), podcast_id))
