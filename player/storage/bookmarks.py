"""Bookmarks in the store: add, edit, delete (and put back), list, import, re-link.

The identity columns are filled from the episode when a bookmark is made and never cleared, so
``episode_id`` may become NULL (the podcast was removed) without losing which episode it was;
:func:`relink_orphans` finds the episode again when its feed is written, by guid first and then
by enclosure URL.
"""

from __future__ import annotations

import builtins
import sqlite3
import time
import uuid
from collections.abc import Iterable, Sequence

from player.domain.bookmark import (
    ALL_BOOKMARKS,
    Bookmark,
    BookmarkQuery,
    BookmarkSort,
    ImportResult,
)
from player.domain.errors import NotFoundError
from player.i18n import _
from player.storage.db import Store
from player.storage.transcripts import ROWS_PER_EPISODE

_COLUMNS = (
    "id, uid, episode_id, start, end, title, note, created, modified, podcast_guid, feed_url, "
    "podcast_title, episode_guid, enclosure_url, episode_title"
)
_SELECT = f"SELECT {_COLUMNS} FROM bookmarks b"

_MATCH_BY_GUID = (
    "SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
    "WHERE ? <> '' AND e.guid = ? ORDER BY (p.url = ?) DESC, e.id LIMIT 1"
)
_MATCH_BY_URL = "SELECT id FROM episodes WHERE ? <> '' AND enclosure_url = ? ORDER BY id LIMIT 1"


def _bookmark(row: sqlite3.Row | tuple) -> Bookmark:
    (bid, uid, eid, start, end, title, note, created, modified, pguid, feed, ptitle, eguid,
     enclosure, etitle) = tuple(row)  # fmt: skip
    return Bookmark(
        id=bid,
        uid=uid,
        episode_id=eid,
        start=start,
        end=end,
        title=title,
        note=note,
        created=created,
        modified=modified,
        podcast_guid=pguid,
        feed_url=feed,
        podcast_title=ptitle,
        episode_guid=eguid,
        enclosure_url=enclosure,
        episode_title=etitle,
    )


def new_uid() -> str:
    """A bookmark's export id: random, so two devices never make the same one."""
    return str(uuid.uuid4())


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class BookmarkRepo:
    """The ``bookmarks`` table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading ---------------------------------------------------------------------------

    def get(self, bookmark_id: int) -> Bookmark:
        """One bookmark by row id; :class:`NotFoundError` when there is none."""
        rows = self.store.query(f"{_SELECT} WHERE id = ?", (bookmark_id,))
        if not rows:
            raise NotFoundError(_("No bookmark {bookmark_id}.").format(bookmark_id=bookmark_id))
        return _bookmark(rows[0])

    def by_uid(self, uid: str) -> Bookmark | None:
        """The bookmark an export called ``uid``, if it is here."""
        rows = self.store.query(f"{_SELECT} WHERE uid = ?", (uid,))
        return _bookmark(rows[0]) if rows else None

    def list(self, q: BookmarkQuery = ALL_BOOKMARKS) -> builtins.list[Bookmark]:
        """Bookmarks matching ``q``, in its order."""
        where: builtins.list[str] = []
        params: builtins.list[object] = []
        if q.episode_id is not None:
            where.append("b.episode_id = ?")
            params.append(q.episode_id)
        if q.podcast_id is not None:
            # Linked ones by their episode's podcast; orphans by the feed URL they remember.
            where.append(
                "(b.episode_id IN (SELECT id FROM episodes WHERE podcast_id = ?) OR "
                "(b.episode_id IS NULL AND b.feed_url = (SELECT url FROM podcasts WHERE id = ?)))"
            )
            params += [q.podcast_id, q.podcast_id]
        for word in q.text.split():
            where.append(
                "(b.title LIKE ? ESCAPE '\\' OR b.note LIKE ? ESCAPE '\\' OR "
                "b.episode_title LIKE ? ESCAPE '\\' OR b.podcast_title LIKE ? ESCAPE '\\')"
            )
            params += [_like(word)] * 4
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        if q.sort is BookmarkSort.POSITION:
            sql += (
                " ORDER BY b.podcast_title COLLATE NOCASE, b.episode_title COLLATE NOCASE, "
                "b.episode_guid, b.start, b.id"
            )
        else:
            sql += " ORDER BY b.created DESC, b.id DESC"
        if q.limit > 0:
            sql += f" LIMIT {int(q.limit)}"
        return [_bookmark(r) for r in self.store.query(sql, tuple(params))]

    def for_episode(self, episode_id: int) -> builtins.list[Bookmark]:
        """An episode's bookmarks in the order they occur (its tab, its slider marks)."""
        rows = self.store.query(f"{_SELECT} WHERE episode_id = ? ORDER BY start, id", (episode_id,))
        return [_bookmark(r) for r in rows]

    def all(self) -> builtins.list[Bookmark]:
        """Every bookmark, oldest first (what an export writes)."""
        return [_bookmark(r) for r in self.store.query(f"{_SELECT} ORDER BY created, id")]

    def count(self) -> int:
        """How many bookmarks there are."""
        return int(self.store.scalar("SELECT COUNT(*) FROM bookmarks") or 0)

    # -- writing ---------------------------------------------------------------------------

    def add(
        self,
        episode_id: int,
        start: float,
        end: float | None = None,
        title: str = "",
        note: str = "",
        at: float | None = None,
    ) -> Bookmark:
        """A new bookmark in an episode; the episode's identity is copied beside its id."""
        now = time.time() if at is None else at
        with self.store.write() as conn:
            row = conn.execute(
                "SELECT e.guid, e.enclosure_url, e.title, p.url, p.title, p.podcast_guid "
                "FROM episodes e JOIN podcasts p ON p.id = e.podcast_id WHERE e.id = ?",
                (episode_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(_("No episode {episode_id}.").format(episode_id=episode_id))
            guid, enclosure, etitle, feed, ptitle, pguid = row
            cursor = conn.execute(
                "INSERT INTO bookmarks (uid, episode_id, podcast_guid, feed_url, podcast_title, "
                "episode_guid, enclosure_url, episode_title, start, end, title, note, created, "
                "modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_uid(),
                    episode_id,
                    pguid or "",
                    feed,
                    ptitle,
                    guid,
                    enclosure,
                    etitle,
                    start,
                    end,
                    title,
                    note,
                    now,
                    now,
                ),
            )
            bookmark_id = int(cursor.lastrowid or 0)
        return self.get(bookmark_id)

    def update(
        self,
        bookmark_id: int,
        *,
        title: str | None = None,
        note: str | None = None,
        start: float | None = None,
        end: float | bool | None = False,
        at: float | None = None,
    ) -> Bookmark:
        """Change some fields (``end=False`` leaves the end as it is; None clears it)."""
        sets: builtins.list[str] = []
        params: builtins.list[object] = []
        for name, value in (("title", title), ("note", note), ("start", start)):
            if value is not None:
                sets.append(f"{name} = ?")
                params.append(value)
        if end is not False:
            sets.append("end = ?")
            params.append(end)
        sets.append("modified = ?")
        params.append(time.time() if at is None else at)
        with self.store.write() as conn:
            cursor = conn.execute(
                f"UPDATE bookmarks SET {', '.join(sets)} WHERE id = ?", (*params, bookmark_id)
            )
            if cursor.rowcount == 0:
                raise NotFoundError(_("No bookmark {bookmark_id}.").format(bookmark_id=bookmark_id))
        return self.get(bookmark_id)

    def delete(self, bookmark_ids: Sequence[int]) -> builtins.list[Bookmark]:
        """Delete bookmarks; returns them as they were, so :meth:`restore` can put them back."""
        if not bookmark_ids:
            return []
        marks = ",".join("?" * len(bookmark_ids))
        with self.store.write() as conn:
            rows = conn.execute(
                f"{_SELECT} WHERE id IN ({marks}) ORDER BY id", tuple(bookmark_ids)
            ).fetchall()
            conn.execute(f"DELETE FROM bookmarks WHERE id IN ({marks})", tuple(bookmark_ids))
        return [_bookmark(r) for r in rows]

    def restore(self, bookmarks: Iterable[Bookmark]) -> None:
        """Write bookmarks back exactly as they were (the undo of a delete or an edit)."""
        with self.store.write() as conn:
            for b in bookmarks:
                episode_id = b.episode_id
                if (
                    episode_id is not None
                    and not conn.execute(
                        "SELECT 1 FROM episodes WHERE id = ?", (episode_id,)
                    ).fetchone()
                ):
                    episode_id = None
                conn.execute(
                    f"INSERT OR REPLACE INTO bookmarks ({_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        b.id,
                        b.uid,
                        episode_id,
                        b.start,
                        b.end,
                        b.title,
                        b.note,
                        b.created,
                        b.modified,
                        b.podcast_guid,
                        b.feed_url,
                        b.podcast_title,
                        b.episode_guid,
                        b.enclosure_url,
                        b.episode_title,
                    ),
                )

    def import_many(self, bookmarks: Sequence[Bookmark]) -> ImportResult:
        """Merge bookmarks from an export (their ``id`` is ignored, ``episode_id`` found here).

        A ``uid`` already here is never added again: the copy with the later ``modified``
        wins. The episode is found by guid (the same feed URL preferred), then by enclosure
        URL; none found leaves it unlinked until the feed is subscribed to.
        """
        added = updated = unchanged = matched = 0
        with self.store.write() as conn:
            for b in bookmarks:
                episode_id = _match(conn, b)
                matched += episode_id is not None
                old = conn.execute(
                    "SELECT id, modified FROM bookmarks WHERE uid = ?", (b.uid,)
                ).fetchone()
                values = (episode_id, b.start, b.end, b.title, b.note, b.created, b.modified,
                          b.podcast_guid, b.feed_url, b.podcast_title, b.episode_guid,
                          b.enclosure_url, b.episode_title)  # fmt: skip
                if old is None:
                    conn.execute(
                        f"INSERT INTO bookmarks ({_COLUMNS}) "
                        "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (b.uid, *values),
                    )
                    added += 1
                elif b.modified > old[1]:
                    conn.execute(
                        "UPDATE bookmarks SET episode_id = ?, start = ?, end = ?, title = ?, "
                        "note = ?, created = ?, modified = ?, podcast_guid = ?, feed_url = ?, "
                        "podcast_title = ?, episode_guid = ?, enclosure_url = ?, "
                        "episode_title = ? WHERE id = ?",
                        (*values, old[0]),
                    )
                    updated += 1
                else:
                    unchanged += 1
        return ImportResult(added=added, updated=updated, unchanged=unchanged, matched=matched)

    def transcript_lines(self, episode_id: int) -> builtins.list[tuple[float, str]]:
        """``(start, text)`` of every indexed transcript line of the episode, in order (empty
        when it has no transcript): what an export quotes as the words said at a bookmark."""
        base = episode_id * ROWS_PER_EPISODE
        rows = self.store.query(
            "SELECT text, starts FROM transcripts_fts WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
            (base, base + ROWS_PER_EPISODE - 1),
        )
        return [
            (float(start), line)
            for r in rows
            for line, start in zip(r["text"].split("\n"), r["starts"].split(), strict=False)
        ]

    def relink(self, podcast_id: int | None = None) -> int:
        """Link unlinked bookmarks to episodes now here (all podcasts when None)."""
        with self.store.write() as conn:
            return relink_orphans(conn, podcast_id)


def _match(conn: sqlite3.Connection, b: Bookmark) -> int | None:
    """The episode here that ``b`` was made in: by guid, then by enclosure URL."""
    for sql, params in (
        (_MATCH_BY_GUID, (b.episode_guid, b.episode_guid, b.feed_url)),
        (_MATCH_BY_URL, (b.enclosure_url, b.enclosure_url)),
    ):
        row = conn.execute(sql, params).fetchone()
        if row is not None:
            return int(row[0])
    return None


def relink_orphans(conn: sqlite3.Connection, podcast_id: int | None = None) -> int:
    """Inside a write: give unlinked bookmarks their episode again (guid first, then URL).

    Called when a feed's new episodes are written (a re-subscription), so the bookmarks of a
    removed podcast come back with it. Costs one indexed look-up when nothing is unlinked.
    Returns how many were linked.
    """
    orphans = conn.execute(
        "SELECT id, episode_guid, feed_url, enclosure_url FROM bookmarks WHERE episode_id IS NULL"
    ).fetchall()
    linked = 0
    for bid, guid, feed, enclosure in orphans:
        scope = "" if podcast_id is None else " AND e.podcast_id = ?"
        extra: tuple[object, ...] = () if podcast_id is None else (podcast_id,)
        row = conn.execute(
            "SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            f"WHERE ? <> '' AND e.guid = ?{scope} ORDER BY (p.url = ?) DESC, e.id LIMIT 1",
            (guid, guid, *extra, feed),
        ).fetchone()
        if row is None:
            row = conn.execute(
                f"SELECT e.id FROM episodes e WHERE ? <> '' AND e.enclosure_url = ?{scope} "
                "ORDER BY e.id LIMIT 1",
                (enclosure, enclosure, *extra),
            ).fetchone()
        if row is not None:
            conn.execute("UPDATE bookmarks SET episode_id = ? WHERE id = ?", (row[0], bid))
            linked += 1
    return linked
