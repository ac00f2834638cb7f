"""Episodes: paged listing with filters and sorting, full-text search, listener state."""

from __future__ import annotations

import builtins
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from player.domain.errors import NotFoundError
from player.domain.models import Chapter, Episode, Transcript
from player.domain.playlists import PlaylistRules
from player.domain.queries import ALL_EPISODES, EpisodeQuery, EpisodeSort
from player.i18n import _
from player.storage import search_index
from player.storage.db import Store
from player.storage.folders import in_folder
from player.storage.playlist_sql import IN_PROGRESS, compile_rules
from player.storage.rows import EPISODE_COLUMNS, chapter_from_row, episode_from_row


@dataclass(frozen=True, slots=True)
class _SortKey:
    """How one ordering sorts: an indexed key expression, its default direction, and how to
    read that key from an episode (for keyset paging)."""

    expression: str
    descending: bool
    value: Callable[[Episode], object]


# ``published`` is never NULL once stored (a missing date becomes the first-seen time), so
# the plain column sorts and uses its index; expressions here match the indexes exactly.
_KEYS = {
    EpisodeSort.NEWEST: _SortKey("e.published", True, lambda e: e.published),
    EpisodeSort.OLDEST: _SortKey("e.published", False, lambda e: e.published),
    EpisodeSort.TITLE: _SortKey("e.title COLLATE NOCASE", False, lambda e: e.title),
    EpisodeSort.DURATION: _SortKey("IFNULL(e.duration, 0)", True, lambda e: e.duration or 0),
    EpisodeSort.NUMBER: _SortKey(
        "IFNULL(e.season, 0) * 1000000 + IFNULL(e.episode_number, 0)",
        False,
        lambda e: (e.season or 0) * 1000000 + (e.episode_number or 0),
    ),
}
_PODCAST_ORDER = "p.title COLLATE NOCASE ASC, e.published DESC, e.id DESC"


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _fts_terms(text: str) -> list[str]:
    """The words of a search as safe FTS5 phrases; the last one is a prefix.

    Each word is quoted (so ``AND``, ``-`` or ``"`` in the text cannot break the syntax) and
    the last one is a prefix, because the search runs as the listener types.
    """
    quoted = [f'"{w}"' for w in _TOKEN.findall(text)]
    if quoted:
        quoted[-1] += "*"
    return quoted


def fts_query(text: str) -> str:
    """Turn what a listener types into a safe FTS5 query: every word must match."""
    return " ".join(_fts_terms(text))


_IN_COLUMN = "(e.id IN (SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH ?))"
"""One word's tier test. The parentheses matter: ``+`` binds tighter than ``IN``, so without
them ``a IN (...) + b IN (...)`` summed nothing (every tier after the first word was wrong)."""


def _relevance_order(text: str) -> tuple[str, list[object]]:
    """Best match first: words found in the title, then in the podcast's name, then newest.

    A listener looking for "chapters" wants the episode called "Chapters..." above one that
    mentions chapters in its notes, and among equal matches the recent one. bm25 alone mixes
    these up (a long description full of the word outranks a title), so the tiers are counted
    explicitly: one uncorrelated column-filtered MATCH per word, each run once per query.

    Each of those MATCHes is the whole search and the word in its column: only the episodes
    the search found are ever ordered, and so the cost of a tier follows the search's matches,
    not how common the word is in the library (a word in 84,000 of 1,000,000 titles cost 35 ms
    per tier, for a search that found 2,000 episodes).
    """
    terms = _fts_terms(text)
    whole = " ".join(terms)
    found = " + ".join([_IN_COLUMN] * len(terms))
    params: list[object] = [f"({whole}) AND (title : {t})" for t in terms]
    params += [f"({whole}) AND (podcast_title : {t})" for t in terms]
    return f"({found}) DESC, ({found}) DESC, e.published DESC, e.id DESC", params


class EpisodeRepo:
    """Episodes in the store, as the library views and the player need them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -------------------------------------------------------------------------

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

    def _rules_clause(
        self, rules: PlaylistRules, now: float | None, listing: bool
    ) -> tuple[list[str], list[object]]:
        """A playlist's conditions; with a limit, one ``e.id IN`` its first N in its own order
        (other filters of the view then narrow those N, as a filter narrows any list)."""
        compiled = compile_rules(rules, now, listing=listing or rules.limit is not None)
        if rules.limit is None:
            return compiled.clauses, compiled.params
        inner = ("WHERE " + " AND ".join(compiled.clauses)) if compiled.clauses else ""
        order, order_params = self._order(
            EpisodeQuery(sort=rules.sort, descending=rules.descending)
        )
        sql = (
            "e.id IN (SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            f"{inner} ORDER BY {order} LIMIT ?)"
        )
        return [sql], [*compiled.params, *order_params, rules.limit]

    def _where(
        self,
        q: EpisodeQuery,
        listing: bool = False,
        rules: PlaylistRules | None = None,
        missing: bool = False,
        now: float | None = None,
    ) -> tuple[str, str, list[object]]:
        joins = "JOIN podcasts p ON p.id = e.podcast_id"
        clauses: list[str] = []
        params: list[object] = []
        if q.text:
            search_index.ensure_current(self.store)  # new episodes join the index in bulk
            match = fts_query(q.text)
            if not match:
                clauses.append("0")
            else:
                joins += " JOIN episodes_fts f ON f.rowid = e.id"
                clauses.append("episodes_fts MATCH ?")
                params.append(match)
        # With a search the full-text index must drive the query: "+" keeps SQLite from
        # walking an episodes index and re-running the MATCH for every row it finds there
        # (for "New" and 50,000 unplayed episodes that took two minutes). Listing without a
        # search, "+" on the state keeps SQLite on the sort index (most episodes are unplayed)
        # instead of sorting the whole library for each page.
        plain = "+" if q.text else ""
        state = "+" if q.text or listing else ""
        if q.podcast_id is not None:
            clauses.append(f"{plain}e.podcast_id = ?")
            params.append(q.podcast_id)
        if q.unplayed:
            clauses.append(f"{state}e.state = 'new'")
        if q.in_progress:
            # From the partial index of started episodes: left to itself SQLite walks
            # ``episodes_state`` through every unplayed episode for a position (1,000,000 of
            # them: half a second, at start-up on the GUI thread when resuming).
            clauses.append(IN_PROGRESS)
        if q.downloaded:
            clauses.append(f"{plain}e.download_path != ''")
        if q.not_downloaded:
            clauses.append(f"{plain}e.download_path = ''")
        if (q.played and (q.unplayed or q.in_progress)) or (q.downloaded and q.not_downloaded):
            # A view's own condition and a filter that contradict it ("New" filtered to
            # played): nothing matches, and a constant false keeps SQLite from walking the
            # whole sort index to learn that.
            clauses.append("0")
        if q.played:
            clauses.append(f"{state}e.state = 'played'")
        if q.folder is not None:
            inside, inside_params = in_folder(q.folder)
            clauses.append(f"{plain}e.podcast_id IN (SELECT id FROM podcasts WHERE {inside})")
            params += inside_params
        if q.tag:
            clauses.append(
                f"({plain}e.id IN (SELECT episode_id FROM episode_tags WHERE tag = ?) "
                f"OR {plain}e.podcast_id IN (SELECT podcast_id FROM podcast_tags WHERE tag = ?))"
            )
            params += [q.tag, q.tag]
        for bound, op in (
            (q.min_duration, "e.duration >= ?"),
            (q.max_duration, "e.duration <= ?"),
            (q.published_after, "e.published >= ?"),
            (q.published_before, "e.published < ?"),
        ):
            if bound is not None:
                clauses.append(plain + op)
                params.append(bound)
        if missing:
            clauses.append("0")
        elif rules is not None:
            more, more_params = self._rules_clause(rules, now, listing)
            clauses += more
            params += more_params
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return joins, where, params

    def _descending(self, q: EpisodeQuery, key: _SortKey) -> bool:
        return key.descending if q.descending is None else q.descending

    def _order(self, q: EpisodeQuery) -> tuple[str, list[object]]:
        """The ORDER BY clause of ``q`` and the parameters it binds."""
        if q.sort is EpisodeSort.RELEVANCE:
            if fts_query(q.text):
                return _relevance_order(q.text)
            q = replace(q, sort=EpisodeSort.NEWEST)
        if q.sort is EpisodeSort.PODCAST:
            return _PODCAST_ORDER, []
        key = _KEYS[q.sort]
        direction = "DESC" if self._descending(q, key) else "ASC"
        return f"{key.expression} {direction}, e.id {direction}", []

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
        q, rules, missing = self._playlist(q, rules)
        joins, where, params = self._where(q, True, rules, missing, now)
        key = _KEYS.get(q.sort)
        if after is not None and key is not None:
            comparison = "<" if self._descending(q, key) else ">"
            where += " AND " if where else "WHERE "
            where += f"({key.expression}, e.id) {comparison} (?, ?)"
            params += [key.value(after), after.id]
            offset = 0
        order, order_params = self._order(q)
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
        q, rules, missing = self._playlist(q, rules)
        joins, where, params = self._where(q, False, rules, missing, now)
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
