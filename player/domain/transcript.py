"""Transcripts in one shape whatever the file format (VTT, SRT, Podcast Index JSON, HTML, text).

The parsers in ``player.transcripts`` produce these; storage indexes them for search; the window
shows and follows them. Times are seconds of media; ``end`` is None when the source gave none
(the next segment's start is then the end), ``speaker`` None when unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from player.domain.errors import PlayerError


@dataclass(frozen=True, slots=True)
class Segment:
    """One timed piece of what was said (a cue, a line, a paragraph of untimed text)."""

    start: float
    end: float | None
    speaker: str | None
    text: str


@dataclass(frozen=True, slots=True)
class TranscriptHit:
    """A place in an episode where a library-wide search matched what was said."""

    episode_id: int
    start: float
    snippet: str
    """The matched words in context, matches marked with ``[`` and ``]``."""


class TranscriptError(PlayerError):
    """A transcript that cannot be read; ``str()`` is one sentence for the listener."""
