"""Plain text transcripts (``text/plain``): paragraphs, untimed unless a line says its time.

Paragraphs are separated by blank lines; a file without blank lines has one paragraph per
line. ``Name:`` labels give the speaker (carried over to the paragraphs after). A paragraph
that starts with a timestamp (``[00:01:02]``, ``(1:02)``, ``01:02 -``) is timed by it; the
others are untimed: start 0 and no end (see :func:`player.transcripts.parse.is_timed`), or
the previous timed start, so the order stays.
"""

from __future__ import annotations

import re

from player.domain.transcript import Segment
from player.transcripts.cue_text import clean
from player.transcripts.speakers import split_label
from player.transcripts.timecode import TIMESTAMP, parse_timestamp

_STAMP = re.compile(rf"^[\[(]?({TIMESTAMP})[\])]?\s*[-–:]?\s+")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``, each with its lines joined."""
    lines = text.splitlines()
    if not any(not line.strip() for line in lines):
        return [line.strip() for line in lines if line.strip()]
    out, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def parse_text(text: str) -> list[Segment]:
    """Segments of a plain text transcript."""
    out: list[Segment] = []
    speaker: str | None = None
    start = 0.0
    for paragraph in paragraphs(text):
        stamp = _STAMP.match(paragraph)
        if stamp is not None:
            seconds = parse_timestamp(stamp.group(1))
            if seconds is not None:
                start = seconds
                paragraph = paragraph[stamp.end() :]
        label, rest = split_label(paragraph)
        if label is not None:
            speaker, paragraph = label, rest
        said = clean(paragraph)
        if said:
            out.append(Segment(start, None, speaker, said))
    return out
