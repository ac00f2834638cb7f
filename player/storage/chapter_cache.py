"""Fetched chapter documents (Podcasting 2.0 JSON) with their HTTP validators.

Chapter files rarely change, but a publisher may fix them: keeping the body with its ETag and
Last-Modified lets the player revalidate cheaply (a 304) and still show chapters offline.
"""

from __future__ import annotations

import time

from player.domain.http_cache import CachedDocument
from player.storage.db import Store


class ChapterCacheRepo:
    """The ``chapter_cache`` table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, url: str) -> CachedDocument | None:
        """The cached document for ``url``, if any."""
        rows = self.store.query(
            "SELECT url, body, etag, last_modified, fetched_at FROM chapter_cache WHERE url = ?",
            (url,),
        )
        if not rows:
            return None
        r = rows[0]
        return CachedDocument(
            url=r["url"],
            body=bytes(r["body"]),
            etag=r["etag"],
            last_modified=r["last_modified"],
            fetched_at=r["fetched_at"],
        )

    def put(
        self, url: str, body: bytes, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """Store (or replace) a fetched document."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO chapter_cache (url, etag, last_modified, body, fetched_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, body = excluded.body, "
                "fetched_at = excluded.fetched_at",
                (url, etag, last_modified, body, time.time()),
            )

    def touch(self, url: str) -> None:
        """The server said 304: the cached body is still current."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE chapter_cache SET fetched_at = ? WHERE url = ?", (time.time(), url)
            )
