"""Shows the listener turned away: dismissed suggestions and past unsubscriptions.

"New shows you would like" must never offer a show the listener said no to, twice: once by
"Not interested" on a suggestion, once by unsubscribing. Neither needs a table of its own (a
few hundred entries at most, read once per suggestion round), so both are JSON lists in the
``settings`` key/value table under keys no setting uses. Writing them here, not through
:class:`~player.storage.settings.CachedSettings`, keeps the window's settings cache out of it:
an unsubscription made by the command line while the window runs is still seen.

Each mark keeps the feed URL as stored and the ``podcast:guid`` when known: a show that moved
its feed is still recognised by its GUID.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

from player.storage.db import Store

DISMISSED_KEY = "shows.dismissed"
UNSUBSCRIBED_KEY = "shows.unsubscribed"
MAX_MARKS = 2000
"""The oldest marks are forgotten past this many (a list read whole at every round)."""


@dataclass(frozen=True, slots=True)
class ShowMark:
    """One show turned away: its feed URL, GUID (may be ""), and when."""

    url: str
    guid: str = ""
    at: float = 0.0


class ShowMarksRepo:
    """Reads and appends the two lists."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def dismissed(self) -> list[ShowMark]:
        """Suggestions the listener dismissed, oldest first."""
        return _decode(
            self.store.scalar("SELECT value FROM settings WHERE key = ?", (DISMISSED_KEY,))
        )

    def unsubscribed(self) -> list[ShowMark]:
        """Shows the listener unsubscribed from, oldest first."""
        return _decode(
            self.store.scalar("SELECT value FROM settings WHERE key = ?", (UNSUBSCRIBED_KEY,))
        )

    def dismiss(self, url: str, guid: str = "", at: float | None = None) -> None:
        """Remember a "Not interested" on a suggested show."""
        with self.store.write() as conn:
            append_mark(conn, DISMISSED_KEY, ShowMark(url, guid, time.time() if at is None else at))

    def clear_dismissed(self) -> None:
        """Forget every dismissal (the suggestions' "start again")."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (DISMISSED_KEY,))


def record_unsubscribe(conn: sqlite3.Connection, podcast_id: int) -> None:
    """Inside the unsubscribe's own transaction: remember the show's URL and GUID first.

    Called by :meth:`~player.storage.podcasts.PodcastRepo.delete`, so every way of
    unsubscribing (the window, the command line, an account sync) is recorded, and a delete
    that fails records nothing.
    """
    row = conn.execute(
        "SELECT url, podcast_guid FROM podcasts WHERE id = ?", (podcast_id,)
    ).fetchone()
    if row is None:
        return
    append_mark(conn, UNSUBSCRIBED_KEY, ShowMark(str(row[0]), str(row[1] or ""), time.time()))


def append_mark(conn: sqlite3.Connection, key: str, mark: ShowMark) -> None:
    """Add ``mark`` to the list under ``key`` (read and written in the caller's transaction)."""
    raw = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    marks = [m for m in _decode(raw[0] if raw else None) if m.url != mark.url]
    marks.append(mark)
    payload = [{"url": m.url, "guid": m.guid, "at": m.at} for m in marks[-MAX_MARKS:]]
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(payload)),
    )


def _decode(raw: object) -> list[ShowMark]:
    """The stored list; anything unreadable is an empty list (a mark is never worth a crash)."""
    if raw is None:
        return []
    try:
        data = json.loads(str(raw))
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    marks = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            at = item.get("at")
            marks.append(
                ShowMark(
                    item["url"],
                    str(item.get("guid") or ""),
                    float(at) if isinstance(at, (int, float)) else 0.0,
                )
            )
    return marks
