"""A fetched document kept with its HTTP validators, so a later fetch can revalidate it.

A value the chapter service reads (the ETag and Last-Modified it sends, the body it falls back
to offline) and :class:`~player.storage.chapter_cache.ChapterCacheRepo` stores.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CachedDocument:
    """A cached body, its validators and when it was last fetched or revalidated."""

    url: str
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: float
