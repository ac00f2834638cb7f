"""Episodes: paged listing with filters and sorting, full-text search, listener state."""

from __future__ import annotations

import builtins
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

from player.domain.errors import NotFoundError
from player.domain.models import Chapter, Episode, Transcript
from player.domain.playlists import PlaylistRules
from player.domain.queries import ALL_EPISODES, EpisodeQuery, EpisodeSort
from player.i18n import _
from player.storage import search_index
from player.storage.db import Store
from player.storage.episode_sql import (
    KEYS,
    descending,
    fts_query,
    order_clause,
    where_clause,
)
from player.storage.rows import EPISODE_COLUMNS, chapter_from_row, episode_from_row


class EpisodeRepo:
    """Episodes in the store, as the library views and the player need them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -------------------------------------------------------------------------

    def _index_current(self, q: EpisodeQuery) -> None:
        """Before a search reads the index: episodes written since the last catch-up join it
        (new episodes are indexed in bulk, so a search is right mid-import or after a crash)."""
        if q.text:
            search_index.ensure_current(self.store)

    def _playlist(
        self, q: EpisodeQuery, rules: PlaylistRules | None
    ) -> tuple[EpisodeQuery, PlaylistRules | None, bool]:
        """``q`` with the playlist's ordering (a search within it keeps "best match"), its
        rules, and whether the playlist asked for is missing (then nothing matches)."""
        if rules is None and q.playlist_id is not None:
            text = self.store.scalar("SELECT rules FROM playlists WHERE id = ?", (q.playlist_id,))
            if text is None:
                return q, None, True
            rules = PlaylistRules.from_json(str(text))
        if rules is not None and not (q.sort is EpisodeSort.RELEVANCE and fts_query(q.text)):
            q = replace(q, sort=rules.sort, descending=rules.descending)
        return q, rules, False

    def list(
        self,
        q: EpisodeQuery = ALL_EPISODES,
        limit: int | None = None,
        offset: int = 0,
        after: Episode | None = None,
        *,
        rules: PlaylistRules | None = None,
        now: float | None = None,
    ) -> list[Episode]:
        """One page of the episodes matching ``q`` (all of them when ``limit`` is None).

        ``after`` (the last episode of the previous page) pages by key instead of by offset
        where the ordering allows it: the cost of a page then does not grow with how far the
        listener scrolled (50,000 rows in, OFFSET would walk 50,000 index entries each time).

        With ``q.playlist_id`` (or unsaved ``rules``: the editor's preview) the playlist's
        rules filter, and its order and limit apply; ``now`` anchors its age rules.
        """
        sql, params = self._select(q, limit, offset, after, rules, now)
        return [episode_from_row(r) for r in self.store.query(sql, tuple(params))]

    def ids(
        self,
        q: EpisodeQuery = ALL_EPISODES,
        *,
        rules: PlaylistRules | None = None,
        now: float | None = None,
    ) -> builtins.list[int]:
        """The ids :meth:`list` would return, in order, without building episodes (queueing a
        playlist of thousands: 3,500 episodes took 37 ms as objects, a few as ids)."""
        sql, params = self._select(q, None, 0, None, rules, now, columns="e.id")
        return [int(r[0]) for r in self.store.rows(sql, tuple(params))]

    def _select(
        self,
        q: EpisodeQuery,
        limit: int | None,
        offset: int,
        after: Episode | None,
        rules: PlaylistRules | None,
        now: float | None,
        columns: str = EPISODE_COLUMNS,
    ) -> tuple[str, builtins.list[object]]:
        """The SELECT of :meth:`list` and its parameters."""
        self._index_current(q)
        q, rules, missing = self._playlist(q, rules)
        joins, where, params = where_clause(q, True, rules, missing, now)
        key = KEYS.get(q.sort)
        if after is not None and key is not None:
            comparison = "<" if descending(q, key) else ">"
            where += " AND " if where else "WHERE "
            where += f"({key.expression}, e.id) {comparison} (?, ?)"
            params += [key.value(after), after.id]
            offset = 0
        order, order_params = order_clause(q)
        sql = f"SELECT {columns} FROM episodes e {joins} {where} ORDER BY {order}"
        params += order_params
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return sql, params

    def query_plan(
        self,
        q: EpisodeQuery = ALL_EPISODES,
        limit: int | None = None,
        *,
        rules: PlaylistRules | None = None,
        counting: bool = False,
    ) -> builtins.list[str]:
        """SQLite's ``EXPLAIN QUERY PLAN`` of a listing (or of its count): which indexes a
        playlist's rules use (the benchmark prints it; tests check the index is used)."""
        if counting:
            sql, params = self._count_sql(q, rules, None)
        else:
            sql, params = self._select(q, limit, 0, None, rules, None)
        rows = self.store.query(f"EXPLAIN QUERY PLAN {sql}", tuple(params))
        return [str(r["detail"]) for r in rows]

    def count(
        self,
        q: EpisodeQuery = ALL_EPISODES,
        *,
        rules: PlaylistRules | None = None,
        now: float | None = None,
    ) -> int:
        """How many episodes match ``q`` (what a paged view needs to size itself); a
        playlist's count is at most its limit."""
        sql, params = self._count_sql(q, rules, now)
        return int(self.store.scalar(sql, tuple(params)) or 0)

    def _count_sql(
        self, q: EpisodeQuery, rules: PlaylistRules | None, now: float | None
    ) -> tuple[str, builtins.list[object]]:
        self._index_current(q)
        q, rules, missing = self._playlist(q, rules)
        joins, where, params = where_clause(q, False, rules, missing, now)
        if not q.text and q.sort is not EpisodeSort.PODCAST:
            joins = ""  # the join only adds the podcast title; counting does not need it
        return f"SELECT COUNT(*) FROM episodes e {joins} {where}", params

    def search(self, text: str, limit: int = 50) -> builtins.list[Episode]:
        """Full-text search over titles, descriptions and podcast titles, best match first
        (title matches, then podcast-name matches, then the rest; newest first within each)."""
        return self.list(EpisodeQuery(text=text, sort=EpisodeSort.RELEVANCE), limit=limit)

    def get(self, episode_id: int) -> Episode:
        """One episode with its transcripts; :class:`NotFoundError` when absent."""
        rows = self.store.query(
            f"SELECT {EPISODE_COLUMNS} FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            "WHERE e.id = ?",
            (episode_id,),
        )
        if not rows:
            raise NotFoundError(
                _("There is no episode with id {episode_id}.").format(episode_id=episode_id)
            )
        return episode_from_row(rows[0], self.transcripts(episode_id))

    def exists(self, episode_id: int) -> bool:
        """Whether an episode with this id is stored (without reading it)."""
        return self.store.scalar("SELECT 1 FROM episodes WHERE id = ?", (episode_id,)) is not None

    def find_by_media(self, url: str) -> int | None:
        """The id of an episode whose enclosure (or downloaded file) is ``url``, if any."""
        value = self.store.scalar(
            "SELECT id FROM episodes WHERE enclosure_url = ? OR download_path = ? LIMIT 1",
            (url, url),
        )
        return None if value is None else int(str(value))

    def add_link(
        self,
        podcast_id: int,
        url: str,
        title: str,
        media_type: str,
        conn: sqlite3.Connection | None = None,
    ) -> int:
        """The id of the episode of ``podcast_id`` for a media URL, added when new (its guid is
        the URL); inside the caller's transaction when given one."""
        if conn is None:
            with self.store.write() as c:
                return self.add_link(podcast_id, url, title, media_type, c)
        now = time.time()
        conn.execute(
            "INSERT OR IGNORE INTO episodes (podcast_id, guid, title, enclosure_url, "
            "enclosure_type, first_seen, published) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (podcast_id, url, title, url, media_type, now, now),
        )
        found = conn.execute(
            "SELECT id FROM episodes WHERE podcast_id = ? AND guid = ?", (podcast_id, url)
        ).fetchone()
        return int(found[0])

    def get_many(self, ids: Sequence[int]) -> builtins.list[Episode]:
        """Episodes by id, in the order asked (missing ids are skipped)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.store.query(
            f"SELECT {EPISODE_COLUMNS} FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            f"WHERE e.id IN ({marks})",
            tuple(ids),
        )
        by_id = {r["id"]: episode_from_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def transcripts(self, episode_id: int) -> tuple[Transcript, ...]:
        """The ``podcast:transcript`` links of an episode, in feed order."""
        rows = self.store.query(
            "SELECT url, type, language, rel FROM transcripts WHERE episode_id = ? ORDER BY id",
            (episode_id,),
        )
        return tuple(Transcript(r["url"], r["type"], r["language"], r["rel"]) for r in rows)

    def chapters(self, episode_id: int, source: str) -> builtins.list[Chapter]:
        """Stored chapters of one source ("id3", "psc" or "json"), by start time."""
        rows = self.store.query(
            'SELECT start, "end", title, url, image_url, toc FROM chapters '
            "WHERE episode_id = ? AND source = ? ORDER BY start, id",
            (episode_id, source),
        )
        return [chapter_from_row(r) for r in rows]

    def chapter_sources(self, episode_id: int) -> set[str]:
        """Which chapter sources the store has for an episode."""
        rows = self.store.query(
            "SELECT DISTINCT source FROM chapters WHERE episode_id = ?", (episode_id,)
        )
        return {r["source"] for r in rows}

    # -- listener state ------------------------------------------------------------------

    def set_position(
        self, episode_id: int, position: float, conn: sqlite3.Connection | None = None
    ) -> None:
        """Remember where the listener is (and when they last played the episode)."""
        sql = "UPDATE episodes SET position = ?, last_played = ? WHERE id = ?"
        args = (max(0.0, position), time.time(), episode_id)
        if conn is not None:
            conn.execute(sql, args)
            return
        with self.store.write() as c:
            c.execute(sql, args)

    def mark_played(self, episode_ids: Iterable[int], played: bool = True) -> None:
        """Mark episodes played (position reset) or unplayed again.

        The time of the mark is the listener's latest touch (``last_played``): a sync server's
        older position for the episode must not undo it.
        """
        ids = list(episode_ids)
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        state = "played" if played else "new"
        with self.store.write() as conn:
            conn.execute(
                f"UPDATE episodes SET state = ?, position = 0, last_played = ? "
                f"WHERE id IN ({marks})",
                (state, time.time(), *ids),
            )

    def mark_podcast_played(self, podcast_id: int) -> int:
        """Mark every episode of a show played; returns how many changed."""
        with self.store.write() as conn:
            cur = conn.execute(
                "UPDATE episodes SET state = 'played', position = 0, last_played = ? "
                "WHERE podcast_id = ? AND state = 'new'",
                (time.time(), podcast_id),
            )
            return cur.rowcount

    def set_download(self, episode_id: int, path: str, manual: bool = False) -> None:
        """Record (or with ``path=''`` forget) the downloaded file of an episode."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE episodes SET download_path = ?, download_manual = ?, downloaded_at = ? "
                "WHERE id = ?",
                (path, int(manual and bool(path)), time.time() if path else None, episode_id),
            )

    def set_duration(self, episode_id: int, duration: float) -> None:
        """Store a duration measured from the media (more exact than the feed's)."""
        with self.store.write() as conn:
            conn.execute("UPDATE episodes SET duration = ? WHERE id = ?", (duration, episode_id))

    def replace_chapters(self, episode_id: int, source: str, chapters: Sequence[Chapter]) -> None:
        """Store the chapters one source gave for an episode, replacing that source's old ones."""
        with self.store.write() as conn:
            write_chapters(conn, episode_id, source, chapters)


def write_chapters(
    conn: sqlite3.Connection, episode_id: int, source: str, chapters: Sequence[Chapter]
) -> None:
    """Replace one source's chapters inside the caller's transaction."""
    conn.execute("DELETE FROM chapters WHERE episode_id = ? AND source = ?", (episode_id, source))
    conn.executemany(
        'INSERT INTO chapters (episode_id, source, start, "end", title, url, image_url, toc) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (episode_id, source, c.start, c.end, c.title, c.url, c.image_url, int(c.toc))
            for c in chapters
        ],
    )
