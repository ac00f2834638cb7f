"""Bookmarks: a place (or a range) in an episode the listener wants to find again.

A bookmark carries the episode's identity (podcast guid, feed URL, titles, episode guid,
enclosure URL) beside the row id of the episode, so it outlives the download, the episode
leaving the feed and the podcast being removed; ``uid`` is the stable id an export carries, so
an import never makes a second copy.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class BookmarkSort(enum.Enum):
    """How a list of bookmarks is ordered."""

    CREATED = "created"
    """Newest first (the library view's default)."""
    POSITION = "position"
    """By episode, then by place in it: how an episode's tab lists them."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """One bookmark as stored. Times are seconds of media; ``created``/``modified`` epoch."""

    id: int
    uid: str
    episode_id: int | None
    start: float
    end: float | None = None
    title: str = ""
    note: str = ""
    created: float = 0.0
    modified: float = 0.0
    podcast_guid: str = ""
    feed_url: str = ""
    podcast_title: str = ""
    episode_guid: str = ""
    enclosure_url: str = ""
    episode_title: str = ""

    @property
    def label(self) -> str:
        """What a list shows first: the title, else the note's first line, else nothing."""
        return self.title or self.note.split("\n", 1)[0]


@dataclass(frozen=True, slots=True)
class BookmarkQuery:
    """Which bookmarks to list: words in title, note or episode, one podcast, one episode."""

    text: str = ""
    podcast_id: int | None = None
    episode_id: int | None = None
    sort: BookmarkSort = BookmarkSort.CREATED
    limit: int = 0
    """0: all of them."""


ALL_BOOKMARKS = BookmarkQuery()
"""Every bookmark, newest first."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: new bookmarks, ones replaced by a newer copy, ones already here,
    and how many of the imported ones found their episode in this library."""

    added: int
    updated: int
    unchanged: int
    matched: int
