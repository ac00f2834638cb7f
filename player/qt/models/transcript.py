"""The transcript as a list model: one row per segment, the playing one and the find matches
marked by role.

A model (not a widget per line) because a three-hour conversation has thousands of segments:
the view paints only the rows on screen, and following playback is a bisect over the sorted
start times and two ``dataChanged`` rows, whatever the length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication

from player.domain.format import clock
from player.domain.transcript import Segment

Index = QModelIndex | QPersistentModelIndex


class TranscriptRole(IntEnum):
    """What the view and the tests read besides the displayed text."""

    SEGMENT = Qt.ItemDataRole.UserRole + 1
    START = Qt.ItemDataRole.UserRole + 2
    CURRENT = Qt.ItemDataRole.UserRole + 3
    MATCH = Qt.ItemDataRole.UserRole + 4


def copy_line(segment: Segment) -> str:
    """One segment as the clipboard gets it: ``[12:34] Alice: text`` (no speaker: no name)."""
    who = f"{segment.speaker}: " if segment.speaker else ""
    return f"[{clock(segment.start)}] {who}{segment.text}"


class TranscriptModel(QAbstractListModel):
    """Segments in time order; ``current`` is the row playing, ``matches`` the find hits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.segments: list[Segment] = []
        self.starts: list[float] = []
        self._lines: list[str] = []
        self._folded: list[str] = []
        self.current = -1
        self.matches: list[int] = []
        self._match_set: frozenset[int] = frozenset()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ---------------------------------------------------------------------------

    def set_segments(self, segments: Sequence[Segment]) -> None:
        """Show a new transcript (sorted by start: sources are not always in order)."""
        self.beginResetModel()
        self.segments = sorted(segments, key=lambda s: s.start)
        self.starts = [s.start for s in self.segments]
        self._lines = self._display_lines(self.segments)
        self._folded = [s.text.casefold() for s in self.segments]
        self.current = -1
        self.matches = []
        self._match_set = frozenset()
        self.endResetModel()

    @staticmethod
    def _display_lines(segments: Sequence[Segment]) -> list[str]:
        """The time, then the speaker's name where the speaker changes (not on every line)."""
        lines = []
        previous: str | None = None
        for segment in segments:
            speaker = segment.speaker
            head = f"{speaker}\n" if speaker and speaker != previous else ""
            previous = speaker or previous
            lines.append(f"{clock(segment.start)}   {head}{segment.text}")
        return lines

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.segments)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.segments):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._lines[row]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return copy_line(self.segments[row])
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row == self.current else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row)
        if role == TranscriptRole.SEGMENT:
            return self.segments[row]
        if role == TranscriptRole.START:
            return self.segments[row].start
        if role == TranscriptRole.CURRENT:
            return row == self.current
        if role == TranscriptRole.MATCH:
            return row in self._match_set
        return None

    def _background(self, row: int) -> QColor | None:
        """The playing line in a tint of the palette's highlight; find matches in amber."""
        if row in self._match_set:
            return QColor(255, 193, 7, 110)
        if row == self.current:
            tint = QColor(QGuiApplication.palette().highlight().color())
            tint.setAlpha(60)
            return tint
        return None

    # -- following playback ----------------------------------------------------------------

    def row_at(self, seconds: float) -> int:
        """The segment playing at ``seconds`` (the last one started): a bisect, -1 before the
        first. A gap between cues keeps the line just said, as a reader expects."""
        return bisect_right(self.starts, seconds) - 1

    def set_current(self, row: int) -> bool:
        """Mark ``row`` as playing; True when it changed (two rows repaint, not the list)."""
        if row == self.current:
            return False
        old, self.current = self.current, row
        for changed in (old, row):
            if 0 <= changed < len(self.segments):
                index = self.index(changed)
                self.dataChanged.emit(index, index)
        return True

    # -- find ------------------------------------------------------------------------------

    def find(self, text: str) -> list[int]:
        """Mark the rows whose text holds ``text`` (any case); returns them in order."""
        needle = text.strip().casefold()
        old = self._match_set
        self.matches = (
            [r for r, line in enumerate(self._folded) if needle in line] if needle else []
        )
        self._match_set = frozenset(self.matches)
        changed = old ^ self._match_set
        if changed:  # one span, not a signal per row: a common word matches thousands
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
        return self.matches

    def copy_text(self, rows: Sequence[int]) -> str:
        """The rows as the clipboard gets them, in time order, one line each."""
        return "\n".join(copy_line(self.segments[r]) for r in sorted(rows))
