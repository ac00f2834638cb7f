"""The listening-session log read for statistics: plain rows, fetched in a few indexed scans.

Everything is computed from ``play_events`` (the one history: "up next" learns from the same
rows). A span's wall-clock end is ``ended_at``; spans recorded before V10 have none, and their
end is estimated as ``started_at + (to_pos - from_pos) / rate``, the time the media took to
play at its speed. The local calendar (days, hours, weeks) is the service's business: SQLite's
``localtime`` would follow the C library's zone, not the one the listener asked for.
"""

from __future__ import annotations

from typing import Any

from player.storage.db import Store

_END = "COALESCE(pe.ended_at, pe.started_at + (pe.to_pos - pe.from_pos) / MAX(pe.rate, 0.01))"
"""A span's wall-clock end, estimated for spans recorded before ``ended_at`` existed."""

LONGEST_SPAN_SECONDS = 86_400.0
"""A span started up to this long before a range may still reach into it (a whole day of
continuous listening); the scan is ``started_at`` bounded, so the index serves it."""

SpanRow = tuple[Any, ...]
"""started_at, ended_at (or the estimate), from_pos, to_pos, rate, saved_speed, saved_silence,
saved_skips, episode_id, podcast_id. Plain tuples, built in C: a year is thousands of rows."""


class StatisticsRepo:
    """Reads for :mod:`player.services.statistics`; nothing here writes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def spans(self, low: float | None, high: float | None) -> list[SpanRow]:
        """Spans whose wall-clock interval overlaps ``[low, high)`` (None: unbounded), in no
        particular order (sorting them would cost more than everything done with them)."""
        clauses, params = [], []
        if low is not None:
            clauses.append("pe.started_at >= ?")
            params.append(low - LONGEST_SPAN_SECONDS)
        if high is not None:
            clauses.append("pe.started_at < ?")
            params.append(high)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (
            f"SELECT pe.started_at, {_END}, pe.from_pos, pe.to_pos, pe.rate, pe.saved_speed, "
            "pe.saved_silence, pe.saved_skips, pe.episode_id, e.podcast_id "
            f"FROM play_events pe JOIN episodes e ON e.id = pe.episode_id {where}"
        )
        rows = self.store.rows(sql, tuple(params)).fetchall()
        if low is None:
            return rows
        return [r for r in rows if r[1] > low]

    def episode_listens(self) -> list[tuple[int, float, float, float | None, bool]]:
        """Every episode ever listened to: (episode, first span's start, last span's end,
        published, played now), in one grouped scan of the log. An episode played now whose
        last listen ended in a range was finished in it."""
        sql = (
            "SELECT f.episode_id, f.first, f.last, e.published, e.state = 'played' "
            f"FROM (SELECT pe.episode_id, MIN(pe.started_at) AS first, MAX({_END}) AS last "
            "FROM play_events pe GROUP BY pe.episode_id) f JOIN episodes e ON e.id = f.episode_id"
        )
        return [
            (int(r[0]), float(r[1]), float(r[2]), r[3], bool(r[4])) for r in self.store.rows(sql)
        ]

    def podcast_titles(self) -> dict[int, str]:
        """Podcast id -> title, for naming the per-show rows."""
        return {int(r[0]): str(r[1]) for r in self.store.rows("SELECT id, title FROM podcasts")}

    def first_listen(self) -> float | None:
        """When the log begins (None: nothing recorded yet)."""
        value = self.store.scalar("SELECT MIN(started_at) FROM play_events")
        return None if value is None else float(value)

    def scan_baseline(self) -> tuple[int, float]:
        """A plain COUNT/SUM over the whole log: the floor a statistics run is measured against
        (``bench/bench_stats.py``)."""
        row = self.store.rows(
            "SELECT COUNT(*), COALESCE(SUM(to_pos - from_pos), 0) FROM play_events"
        ).fetchone()
        return int(row[0]), float(row[1])
