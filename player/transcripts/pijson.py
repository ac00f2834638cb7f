"""Podcast Index JSON transcripts (``application/json``): ``{"segments": [...]}``.

Segments carry ``startTime``/``endTime``/``speaker``/``body``; some writers use
``start``/``end``/``text`` instead, or give a bare list. Many files are word-level (one
segment per word, as in the namespace's own example): those words are merged into lines a
listener can read, ending a line at a sentence end, a speaker change, a pause or a length.
A missing ``endTime`` is None, an empty ``body`` is skipped, a missing speaker is None.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from player.domain.transcript import Segment, TranscriptError
from player.i18n import _
from player.transcripts.cue_text import clean

PAUSE = 2.0
"""Seconds of silence between two words that end a merged line."""
MAX_WORDS = 30
"""A merged line never gets longer than this many words."""
MIN_SENTENCE_WORDS = 4
"""A sentence end closes a merged line once it holds at least this many words."""
_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"')


@dataclass(slots=True)
class _Line:
    start: float
    end: float | None
    speaker: str | None
    words: list[str] = field(default_factory=list)


def parse_pijson(text: str) -> list[Segment]:
    """Segments of a Podcast Index JSON transcript, word-level segments merged into lines."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise TranscriptError(_("The JSON transcript is not valid JSON.")) from exc
    items = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise TranscriptError(_("The JSON transcript has no list of segments."))
    out: list[Segment] = []
    line: _Line | None = None
    for item in items:
        piece = _piece(item)
        if piece is None:
            continue
        start, end, speaker, body = piece
        wordish = len(body.split()) <= 2
        if line is not None and (not wordish or speaker != line.speaker or _closes(line, start)):
            out.append(_segment(line))
            line = None
        if not wordish:
            out.append(Segment(start, end, speaker, body))
            continue
        if line is None:
            line = _Line(start, end, speaker)
        line.words.append(body)
        line.end = end
    if line is not None:
        out.append(_segment(line))
    return out


def _piece(item: Any) -> tuple[float, float | None, str | None, str] | None:
    """One segment's fields, or None for one without a start or without text."""
    if not isinstance(item, dict):
        return None
    start = _seconds(item.get("startTime", item.get("start")))
    body = item.get("body", item.get("text"))
    if start is None or not isinstance(body, str):
        return None
    body = clean(body)
    if not body:
        return None
    end = _seconds(item.get("endTime", item.get("end")))
    if end is not None and end < start:
        end = None
    speaker = item.get("speaker")
    speaker = clean(speaker) or None if isinstance(speaker, str) else None
    return start, end, speaker, body


def _seconds(value: Any) -> float | None:
    """A time in seconds from a number or a numeric string; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def _closes(line: _Line, start: float) -> bool:
    """Whether the line ends before a word starting at ``start``."""
    if len(line.words) >= MAX_WORDS:
        return True
    last = line.end if line.end is not None else line.start
    if start - last > PAUSE:
        return True
    return len(line.words) >= MIN_SENTENCE_WORDS and line.words[-1].endswith(_SENTENCE_END)


def _segment(line: _Line) -> Segment:
    text = ""
    for word in line.words:
        glue = "" if not text or word[:1] in ",.;:!?)’'" else " "
        text += glue + word
    return Segment(line.start, line.end, line.speaker, text)
