"""Transcripts in the store: fetched copies, failed URLs, and the full-text index of what was said.

Parsed segments are cached as JSON (a VTT is re-read in milliseconds, but the network is not
free, and offline the copy is all there is). The text goes into ``transcripts_fts``, a row per
chunk of a few segments keyed ``episode_id * 2**20 + n`` (see ``V7_TRANSCRIPTS``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

from player.domain.transcript import Segment, TranscriptHit
from player.storage.db import Store
from player.storage.episode_sql import fts_query
from player.storage.transcript_match import best_line, mark, query_terms

ROWS_PER_EPISODE = 1 << 20
"""Rowids ``episode_id * 2**20`` to ``+ 2**20 - 1`` hold one episode's segments."""

PER_EPISODE = 3
"""A library search lists at most this many places in one episode."""
CHUNK_SEGMENTS = 16
CHUNK_SECONDS = 75.0
"""A row of the index holds at most this many segments spanning at most this long."""


@dataclass(frozen=True, slots=True)
class CachedTranscript:
    """A fetched transcript's segments and the validators for a conditional request."""

    url: str
    segments: list[Segment]
    etag: str | None
    last_modified: str | None
    fetched_at: float


def segments_to_json(segments: list[Segment]) -> str:
    """Compact JSON rows ``[start, end, speaker, text]``."""
    return json.dumps([[s.start, s.end, s.speaker, s.text] for s in segments], ensure_ascii=False)


def segments_from_json(text: str) -> list[Segment]:
    """The inverse of :func:`segments_to_json`."""
    return [
        Segment(float(a), None if b is None else float(b), c, d) for a, b, c, d in json.loads(text)
    ]


class TranscriptRepo:
    """The ``transcript_cache``, ``transcript_failures``, ``transcript_index`` and
    ``transcripts_fts`` tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- the cache ---------------------------------------------------------------------

    def cached(self, url: str) -> CachedTranscript | None:
        """The cached copy of ``url``, if any."""
        rows = self.store.query(
            "SELECT url, etag, last_modified, fetched_at, segments FROM transcript_cache "
            "WHERE url = ?",
            (url,),
        )
        if not rows:
            return None
        r = rows[0]
        return CachedTranscript(
            r["url"],
            segments_from_json(r["segments"]),
            r["etag"],
            r["last_modified"],
            r["fetched_at"],
        )

    def put(
        self,
        url: str,
        segments: list[Segment],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Store (or replace) a fetched transcript; a URL that works is no longer failed."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO transcript_cache (url, etag, last_modified, fetched_at, segments) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, "
                "segments = excluded.segments",
                (url, etag, last_modified, time.time(), segments_to_json(segments)),
            )
            conn.execute("DELETE FROM transcript_failures WHERE url = ?", (url,))

    def touch(self, url: str) -> None:
        """The server said 304: the cached copy is still current."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE transcript_cache SET fetched_at = ? WHERE url = ?", (time.time(), url)
            )

    # -- failures ----------------------------------------------------------------------

    def fail(self, url: str, error: str, at: float | None = None) -> None:
        """Remember that ``url`` could not be fetched or read (the next link is tried)."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO transcript_failures (url, error, failed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET error = excluded.error, "
                "failed_at = excluded.failed_at",
                (url, error, time.time() if at is None else at),
            )

    def failures(self, urls: list[str]) -> dict[str, tuple[str, float]]:
        """``url -> (error, failed_at)`` for those of ``urls`` that failed."""
        if not urls:
            return {}
        marks = ",".join("?" * len(urls))
        rows = self.store.query(
            f"SELECT url, error, failed_at FROM transcript_failures WHERE url IN ({marks})",
            tuple(urls),
        )
        return {r["url"]: (r["error"], r["failed_at"]) for r in rows}

    def feed_language(self, episode_id: int) -> str:
        """The ``language`` of the episode's feed ("" when it gave none)."""
        value = self.store.scalar(
            "SELECT p.language FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            "WHERE e.id = ?",
            (episode_id,),
        )
        return str(value or "")

    # -- the index ---------------------------------------------------------------------

    def indexed_url(self, episode_id: int) -> str | None:
        """The URL whose text is indexed for the episode, or None."""
        value = self.store.scalar(
            "SELECT url FROM transcript_index WHERE episode_id = ?", (episode_id,)
        )
        return None if value is None else str(value)

    def indexed_version(self, episode_id: int) -> tuple[str, str] | None:
        """``(url, version)`` of the text indexed for the episode, or None."""
        rows = self.store.query(
            "SELECT url, version FROM transcript_index WHERE episode_id = ?", (episode_id,)
        )
        return (rows[0]["url"], rows[0]["version"]) if rows else None

    def index(self, episode_id: int, url: str, segments: list[Segment], version: str = "") -> None:
        """Make ``segments`` the episode's searchable text, replacing what was there.

        ``version`` tells one state of the document from the next (a local file's time and
        size), so an unchanged transcript is not indexed again.
        """
        base = episode_id * ROWS_PER_EPISODE
        rows = [
            (base + n, "\n".join(s.text for s in chunk), " ".join(repr(s.start) for s in chunk))
            for n, chunk in enumerate(chunks(segments)[: ROWS_PER_EPISODE - 1])
        ]
        with self.store.write() as conn:
            self._drop(conn, episode_id)
            conn.executemany(
                "INSERT INTO transcripts_fts (rowid, text, starts) VALUES (?, ?, ?)", rows
            )
            conn.execute(
                "INSERT INTO transcript_index (episode_id, url, version, segments, indexed_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (episode_id, url, version, len(segments), time.time()),
            )

    def unindex(self, episode_id: int) -> None:
        """Remove the episode's text from the index."""
        with self.store.write() as conn:
            self._drop(conn, episode_id)

    @staticmethod
    def _drop(conn: sqlite3.Connection, episode_id: int) -> None:
        base = episode_id * ROWS_PER_EPISODE
        conn.execute("DELETE FROM transcript_index WHERE episode_id = ?", (episode_id,))
        conn.execute(  # the trigger does this too; an index row may be missing
            "DELETE FROM transcripts_fts WHERE rowid BETWEEN ? AND ?",
            (base, base + ROWS_PER_EPISODE - 1),
        )

    def search(self, text: str, limit: int = 50) -> list[TranscriptHit]:
        """Places where what was said matches ``text`` (every word; the last a prefix).

        The most recently added episodes (highest ids) come first: rowid order read backwards,
        so the first hits arrive without ranking every match. At most :data:`PER_EPISODE` per
        episode.
        """
        match = fts_query(text)
        if not match or limit <= 0:
            return []
        cursor = self.store.rows(  # lazy: stop reading once there are enough
            "SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ? ORDER BY rowid DESC",
            (match,),
        )
        chosen: list[int] = []
        per: dict[int, int] = {}
        for (rowid,) in cursor:
            episode_id = rowid // ROWS_PER_EPISODE
            if per.get(episode_id, 0) >= PER_EPISODE:
                continue
            per[episode_id] = per.get(episode_id, 0) + 1
            chosen.append(rowid)
            if len(chosen) >= limit:
                break
        cursor.close()
        return self._hits(chosen, query_terms(text))

    def _hits(self, rowids: list[int], terms: list[str]) -> list[TranscriptHit]:
        """The matched line of each chunk: its start and its marked words."""
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = self.store.query(
            f"SELECT rowid, text, starts FROM transcripts_fts WHERE rowid IN ({marks})",
            tuple(rowids),
        )
        by_id = {r["rowid"]: (r["text"].split("\n"), r["starts"].split()) for r in rows}
        hits = []
        for rowid in rowids:
            lines, starts = by_id[rowid]
            n = best_line(lines, terms)
            hits.append(
                TranscriptHit(rowid // ROWS_PER_EPISODE, float(starts[n]), mark(lines[n], terms))
            )
        return hits


def chunks(segments: list[Segment]) -> list[list[Segment]]:
    """Consecutive segments in groups of at most :data:`CHUNK_SEGMENTS` or
    :data:`CHUNK_SECONDS`: fewer, larger rows make a common word's list shorter."""
    out: list[list[Segment]] = []
    for s in segments:
        text = s.text.replace("\n", " ")
        if not text:
            continue
        s = Segment(s.start, s.end, s.speaker, text)
        if out and len(out[-1]) < CHUNK_SEGMENTS and s.start - out[-1][0].start < CHUNK_SECONDS:
            out[-1].append(s)
        else:
            out.append([s])
    return out
