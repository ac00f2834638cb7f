"""The ``downloads`` table (one row per episode being or having been downloaded) and the
questions auto-download and cleanup ask about downloaded episodes.

A row is the durable half of a transfer: the partial file's path and the validator (ETag or
Last-Modified) are written before any byte lands, so a crash or a restart can resume with
``If-Range``. The byte count here is informational; the partial file's size is the truth.
"""

from __future__ import annotations

import builtins
import sqlite3
import time
from collections.abc import Iterable, Sequence

from player.domain.downloads import DownloadedFile, DownloadRecord, DownloadStatus
from player.storage.db import Store
from player.storage.episodes import EpisodeRepo

_COLUMNS = (
    "d.episode_id, d.status, d.priority, d.manual, d.partial_path, d.bytes_done, d.bytes_total, "
    "d.validator, d.error, d.updated_at, e.title AS episode_title, "
    "p.title AS podcast_title, e.download_path"
)
_FROM = "downloads d JOIN episodes e ON e.id = d.episode_id JOIN podcasts p ON p.id = e.podcast_id"
_STATUS_ORDER = (
    "CASE d.status WHEN 'running' THEN 0 WHEN 'queued' THEN 1 WHEN 'paused' THEN 2 "
    "WHEN 'failed' THEN 3 ELSE 4 END"
)


def _record(row: sqlite3.Row) -> DownloadRecord:
    return DownloadRecord(
        episode_id=row["episode_id"],
        status=DownloadStatus(row["status"]),
        priority=row["priority"],
        manual=bool(row["manual"]),
        partial_path=row["partial_path"],
        bytes_done=row["bytes_done"],
        bytes_total=row["bytes_total"],
        validator=row["validator"],
        error=row["error"],
        updated_at=row["updated_at"],
        episode_title=row["episode_title"] or "",
        podcast_title=row["podcast_title"] or "",
        download_path=row["download_path"] or "",
    )


class DownloadRepo:
    """Download rows and the downloaded-episode queries of auto-download and cleanup."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._episodes = EpisodeRepo(store)

    # -- reading -------------------------------------------------------------------------

    def get(self, episode_id: int) -> DownloadRecord | None:
        """The download row of an episode, if there is one."""
        sql = f"SELECT {_COLUMNS} FROM {_FROM} WHERE d.episode_id = ?"
        rows = self.store.query(sql, (episode_id,))
        return _record(rows[0]) if rows else None

    def list(self) -> list[DownloadRecord]:
        """Every row: running first, then queued (by priority), paused, failed, done."""
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM {_FROM} "
            f"ORDER BY {_STATUS_ORDER}, d.priority DESC, d.updated_at, d.episode_id"
        )
        return [_record(r) for r in rows]

    def pending(self) -> builtins.list[DownloadRecord]:
        """What a restart should continue: queued rows and rows a crash left running."""
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE d.status IN ('queued', 'running') "
            "ORDER BY d.priority DESC, d.updated_at, d.episode_id"
        )
        return [_record(r) for r in rows]

    # -- the life of a transfer ----------------------------------------------------------

    def enqueue(self, episode_id: int, manual: bool, priority: int) -> None:
        """Queue a download; an existing row keeps its partial file and validator for resume.

        A manual request upgrades an automatic one (never the reverse), so the user's wish
        wins both the queue order and cleanup's protection. A running row stays running.
        """
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO downloads (episode_id, status, priority, manual, updated_at) "
                "VALUES (?, 'queued', ?, ?, ?) "
                "ON CONFLICT (episode_id) DO UPDATE SET error = NULL, "
                "status = CASE status WHEN 'running' THEN 'running' ELSE 'queued' END, "
                "priority = MAX(priority, excluded.priority), "
                "manual = MAX(manual, excluded.manual), updated_at = excluded.updated_at",
                (episode_id, priority, int(manual), time.time()),
            )

    def start(self, episode_id: int, partial_path: str) -> None:
        """Mark a transfer running and remember where its bytes go."""
        self._update(episode_id, status="running", partial_path=partial_path, error=None)

    def set_response(
        self, episode_id: int, validator: str | None, bytes_done: int, bytes_total: int | None
    ) -> None:
        """Remember the server's validator and size before the body is written."""
        self._update(
            episode_id, validator=validator, bytes_done=bytes_done, bytes_total=bytes_total
        )

    def set_progress(self, episode_id: int, bytes_done: int) -> None:
        """Record how far a transfer got (for listings; resume trusts the file's size)."""
        self._update(episode_id, bytes_done=bytes_done)

    def set_status(self, episode_id: int, status: DownloadStatus, error: str | None = None) -> None:
        """Queued, paused or failed (with its one-sentence error)."""
        self._update(episode_id, status=status.value, error=error)

    def complete(self, episode_id: int, path: str, size: int) -> None:
        """The file is in place: the episode points at it and the row says done, together."""
        with self.store.write() as conn:
            manual = conn.execute(
                "SELECT manual FROM downloads WHERE episode_id = ?", (episode_id,)
            ).fetchone()
            self._episodes.set_download(episode_id, path, manual=bool(manual and manual[0]))
            conn.execute(
                "UPDATE downloads SET status = 'done', partial_path = '', bytes_done = ?, "
                "bytes_total = ?, error = NULL, updated_at = ? WHERE episode_id = ?",
                (size, size, time.time(), episode_id),
            )

    def forget(self, episode_id: int) -> None:
        """Drop the row and the episode's file reference (the episode and its position stay)."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM downloads WHERE episode_id = ?", (episode_id,))
            self._episodes.set_download(episode_id, "")

    def _update(self, episode_id: int, **fields: object) -> None:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.store.write() as conn:
            conn.execute(
                f"UPDATE downloads SET {assignments}, updated_at = ? WHERE episode_id = ?",
                (*fields.values(), time.time(), episode_id),
            )

    # -- auto-download and cleanup -------------------------------------------------------

    def auto_candidates(self, podcast_id: int, episode_ids: Sequence[int]) -> builtins.list[int]:
        """Of ``episode_ids``, the podcast's unheard, undownloaded, never-dismissed episodes with
        media that no download row mentions (a paused or failed one is the user's business),
        newest first."""
        if not episode_ids:
            return []
        marks = ",".join("?" * len(episode_ids))
        rows = self.store.query(
            f"SELECT e.id FROM episodes e WHERE e.podcast_id = ? AND e.id IN ({marks}) "
            "AND e.state = 'new' AND e.position = 0 AND e.enclosure_url != '' "
            "AND e.download_path = '' "
            "AND e.id NOT IN (SELECT episode_id FROM downloads) "
            "AND e.id NOT IN (SELECT episode_id FROM dismissed) "
            "ORDER BY COALESCE(e.published, e.first_seen) DESC, e.id DESC",
            (podcast_id, *episode_ids),
        )
        return [r[0] for r in rows]

    def downloaded_files(
        self, podcast_ids: Iterable[int] | None = None
    ) -> builtins.list[DownloadedFile]:
        """Downloaded episodes (of some podcasts, or all), newest first, with what cleanup
        must respect: played state, position, manual flag and queue membership."""
        sql = (
            "SELECT e.id, e.podcast_id, e.download_path, e.download_manual, e.state, e.position, "
            "e.published, e.first_seen, e.last_played, e.downloaded_at, "
            "EXISTS (SELECT 1 FROM queue q WHERE q.episode_id = e.id) AS queued "
            "FROM episodes e WHERE e.download_path != ''"
        )
        params: tuple[int, ...] = ()
        if podcast_ids is not None:
            params = tuple(podcast_ids)
            sql += f" AND e.podcast_id IN ({','.join('?' * len(params)) or 'NULL'})"
        sql += " ORDER BY COALESCE(e.published, e.first_seen) DESC, e.id DESC"
        return [
            DownloadedFile(
                episode_id=r["id"],
                podcast_id=r["podcast_id"],
                path=r["download_path"],
                manual=bool(r["download_manual"]),
                played=r["state"] == "played",
                position=r["position"],
                published=r["published"] if r["published"] is not None else r["first_seen"],
                last_played=r["last_played"],
                downloaded_at=r["downloaded_at"],
                queued=bool(r["queued"]),
            )
            for r in self.store.query(sql, params)
        ]
