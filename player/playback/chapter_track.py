"""The chapter list of the loaded episode and where the listener is in it.

Pure bookkeeping (no I/O, no engine), so the player service only asks "did the chapter change?",
"where does the next one start?" and the rules for jumping live in one small place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from player.domain.models import Chapter
from player.playback.chapters import chapter_at, with_ends

PREVIOUS_CHAPTER_GRACE = 3.0
"""Seconds (of real time) into a chapter after which "previous" restarts it instead, as a CD
player's back button does."""


@dataclass
class ChapterTrack:
    """Visible chapters (ends filled in), their source, and the current index (-1: none)."""

    chapters: list[Chapter] = field(default_factory=list)
    source: str = ""
    index: int = -1

    def replace(self, source: str, chapters: list[Chapter], duration: float | None) -> bool:
        """Take a new list; True when it differs from the current one."""
        chapters = with_ends(chapters, duration)
        if (source, chapters) == (self.source, self.chapters):
            return False
        self.source, self.chapters = source, chapters
        return True

    def extend_to(self, duration: float) -> bool:
        """The media's real length is known: the last chapter ends there. True if it changed."""
        refreshed = with_ends(self.chapters, duration)
        if refreshed == self.chapters:
            return False
        self.chapters = refreshed
        return True

    def follow(self, position: float) -> bool:
        """Move the current index to ``position``; True when it changed."""
        index = chapter_at(self.chapters, position)
        changed = index != self.index
        self.index = index
        return changed

    @property
    def current(self) -> Chapter | None:
        """The chapter at the current index."""
        return self.chapters[self.index] if 0 <= self.index < len(self.chapters) else None

    def next_start(self, position: float) -> float | None:
        """Where the chapter after the one at ``position`` starts; None at the last one."""
        index = chapter_at(self.chapters, position)
        return self.chapters[index + 1].start if index + 1 < len(self.chapters) else None

    def previous_start(self, position: float, rate: float) -> float | None:
        """Where "previous chapter" goes from ``position``: this chapter's start, or the one
        before when within the grace period of this one's start; None before the first."""
        index = chapter_at(self.chapters, position)
        if index < 0:
            return None
        if position - self.chapters[index].start < PREVIOUS_CHAPTER_GRACE * rate and index > 0:
            index -= 1
        return self.chapters[index].start

    def end_at(self, position: float, duration: float | None) -> float | None:
        """Where the chapter at ``position`` ends; None without chapters."""
        index = chapter_at(self.chapters, position)
        if index < 0:
            return None
        return self.chapters[index].end or duration
