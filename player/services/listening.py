"""Never losing the listener's place, and remembering what they listened to.

A *span* is one stretch of continuous listening: it starts when audio starts and ends at a
pause, seek, speed change, stop, episode change or the end. Each save is one transaction holding
one small ``UPDATE`` of the position plus, when learning is on, the span's row: inserted at its
first save and extended at the next ones, so a crash (even ``kill -9``) loses at most one save
interval of position *and* of history, and the table gets one row per span, not one per save.

Each span also carries the seconds it saved the listener (:class:`TimeSaved`): by speed,
computed from its range and rate, and by trimmed silence and skipped intros/outros, which the
player reports with :meth:`ListeningLog.skipped` (a trim jump does not end the span: it is one
stretch of listening with the silences taken out).

The writes go through a :class:`~player.storage.writer.Writes` (the app's serial writer: the
player's owner thread never waits for the database); a position save still queued is replaced by
the next one of the same span, so a busy writer catches up with one write instead of many.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from player.domain.audio_effects import TimeSaved, span_time_saved
from player.domain.models import PlayEvent
from player.storage import EpisodeRepo, HistoryRepo, Store
from player.storage.queues import QueuesRepo
from player.storage.writer import InlineWriter, Writes

MIN_SPAN_SECONDS = 1.0
"""Spans shorter than this (a tap on play, then pause) are noise for the suggestions."""


@dataclass(slots=True, eq=False)
class _Span:
    """One span; compared (and hashed) by identity, as part of a save's coalescing key."""

    episode_id: int
    started_at: float
    from_pos: float
    rate: float
    silence: float = 0.0
    skips: float = 0.0
    jumped: float = 0.0
    """Seconds of ``from_pos``..position jumped over rather than played (trims inside it)."""
    event_id: int | None = None
    """Its ``play_events`` row once written (set on the writer's thread only)."""

    def saved(self, to_pos: float) -> TimeSaved:
        """What the span saved up to ``to_pos``."""
        played = max(0.0, to_pos - self.from_pos - self.jumped)
        return span_time_saved(played, self.rate, self.silence, self.skips)


class ListeningLog:
    """Writes positions, spans and "played" for the player service (owner thread only)."""

    def __init__(
        self, store: Store, clock: Callable[[], float] = time.time, writer: Writes | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.writer: Writes = writer if writer is not None else InlineWriter(store)
        self.episodes = EpisodeRepo(store)
        self.history = HistoryRepo(store)
        self.queues = QueuesRepo(store)
        self._span: _Span | None = None
        self._pending = (0.0, 0.0)  # silence, skips jumped before the span they belong to began
        self._saved = TimeSaved()  # closed spans of this log (this run of the player)

    def begin(self, episode_id: int, position: float, rate: float) -> None:
        """Audio started at ``position``: open a span (closing any left open)."""
        self._span = _Span(episode_id, self.clock(), max(0.0, position), rate)
        (self._span.silence, self._span.skips), self._pending = self._pending, (0.0, 0.0)

    def skipped(self, silence: float = 0.0, skips: float = 0.0) -> None:
        """Seconds jumped over as trimmed silence or as an intro/outro; counted in the open
        span, or in the next one (an intro is skipped before audio starts)."""
        if self._span is not None:
            self._span.silence += max(0.0, silence)
            self._span.jumped += max(0.0, silence)
            self._span.skips += max(0.0, skips)
        else:
            before_silence, before_skips = self._pending
            self._pending = (before_silence + max(0.0, silence), before_skips + max(0.0, skips))

    def forget_pending(self) -> None:
        """Another episode is loaded: what was skipped for the last one's next span is void."""
        self._pending = (0.0, 0.0)

    def time_saved(self, position: float | None = None) -> TimeSaved:
        """Seconds saved since this log was made: the closed spans, plus the open one up to
        ``position`` when given."""
        span = self._span
        if span is None or position is None:
            return self._saved
        return self._saved + span.saved(max(position, span.from_pos))

    def _closed(self, span: _Span | None, position: float) -> None:
        if span is not None:
            self._saved = self._saved + span.saved(max(position, span.from_pos))

    def save(self, episode_id: int, position: float, learning: bool, close: bool = False) -> None:
        """Save the position (and the open span up to it) in one transaction.

        ``close`` ends the span: the next audio opens a new one.
        """
        span, now = self._span, self.clock()
        saved = span.saved(max(position, span.from_pos)) if span is not None else None

        def write(conn: sqlite3.Connection) -> None:
            self.episodes.set_position(episode_id, position, conn)
            self._write_span(conn, span, episode_id, position, learning, saved, now)

        self.writer.save(("position", episode_id, span), write)
        if close:
            self._closed(span, position)
            self._span = None

    def close(self, position: float, learning: bool) -> None:
        """End the span without touching the position (the caller saves it separately)."""
        span = self._span
        if span is None:
            return
        saved, now = span.saved(max(position, span.from_pos)), self.clock()
        self.writer.save(
            ("close", span),
            lambda conn: self._write_span(
                conn, span, span.episode_id, position, learning, saved, now
            ),
        )
        self._closed(span, position)
        self._span = None

    def finish(self, episode_id: int, end: float, learning: bool) -> None:
        """The episode was heard to the end: close the span there, mark it played (position
        reset) and take it out of every queue, all or nothing."""
        span, now = self._span, self.clock()
        saved = span.saved(max(end, span.from_pos)) if span is not None else None

        def write(conn: sqlite3.Connection) -> None:
            self._write_span(conn, span, episode_id, end, learning, saved, now)
            self.episodes.mark_played([episode_id])
            self.queues.remove_everywhere([episode_id])  # heard: done in every queue

        self.writer.save(("finish", episode_id, object()), write)
        self._closed(span, end)
        self._span = None

    def _write_span(
        self,
        conn: sqlite3.Connection,
        span: _Span | None,
        episode_id: int,
        position: float,
        learning: bool,
        saved: TimeSaved | None,
        ended_at: float,
    ) -> None:
        """Writer thread: insert the span's row, or extend it to ``position``, with what it
        saved as of the save and the wall clock of the save (both taken on the owner thread:
        the span keeps counting meanwhile, and the writer may get to it later)."""
        if span is None or span.episode_id != episode_id or not learning:
            return
        to_pos = max(position, span.from_pos)
        saved = saved or TimeSaved()
        if span.event_id is not None:
            figures = (saved.speed, saved.silence, saved.skips)
            self.history.extend(span.event_id, to_pos, conn, figures, ended_at)
        elif to_pos - span.from_pos >= MIN_SPAN_SECONDS:
            event = PlayEvent(
                episode_id,
                span.started_at,
                span.from_pos,
                to_pos,
                span.rate,
                saved_speed=saved.speed,
                saved_silence=saved.silence,
                saved_skips=saved.skips,
                ended_at=ended_at,
            )
            span.event_id = self.history.add(event, conn)
