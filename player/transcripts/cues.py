"""The cue structure VTT and SRT share: a timing line ``start --> end``, then text lines.

One lenient scanner serves both formats, because real files mix their habits: SRT without
numbers or with ``.`` millis, VTT without its header, a blank line inside a cue's text, no
final newline. A cue's text runs until the next timing line; a number or id right before a
timing line is that cue's id, not text. Tags, entities and voices are handled per line by
:mod:`player.transcripts.cue_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from player.transcripts.timecode import TIMESTAMP, parse_timestamp

TIMING = re.compile(rf"^\s*({TIMESTAMP})\s*-->\s*({TIMESTAMP})(?:\s.*)?$")
"""``00:00:01.000 --> 00:00:02.000 align:left`` (VTT settings after the end are ignored)."""


@dataclass(slots=True)
class RawCue:
    """One cue before its text is cleaned: its times and its text lines."""

    start: float
    end: float
    lines: list[str] = field(default_factory=list)


def scan_cues(lines: Iterable[str], is_block: Callable[[str], bool] | None = None) -> list[RawCue]:
    """Every cue in ``lines``.

    ``is_block`` tells whether a line after a blank line opens a block that is not cue text
    (VTT's NOTE, STYLE, REGION): such a block runs to the next blank line and is skipped.
    """
    cues: list[RawCue] = []
    current: RawCue | None = None
    tail: list[str] = []  # the lines since the last timing line, "" for each blank line
    skipping = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            skipping = False
            tail.append("")
            continue
        if skipping:
            continue
        if is_block is not None and (not tail or tail[-1] == "") and is_block(stripped):
            skipping = True
            continue
        match = TIMING.match(stripped) if "-->" in stripped else None
        if match is None:
            tail.append(stripped)
            continue
        if current is not None:
            current.lines = _text_of(tail)
        tail = []
        start, end = parse_timestamp(match.group(1)), parse_timestamp(match.group(2))
        current = None if start is None or end is None else RawCue(start, max(start, end))
        if current is not None:
            cues.append(current)
    if current is not None:
        current.lines = [line for line in tail if line]
    return cues


def _text_of(tail: list[str]) -> list[str]:
    """A cue's text lines, without the next cue's id (a line after a blank, or a number).

    Text after a blank line inside a cue still belongs to it (SRT writers do this).
    """
    if (
        tail
        and tail[-1]
        and (
            (len(tail) == 1 and tail[0].isdigit())
            or (len(tail) > 1 and (tail[-2] == "" or tail[-1].isdigit()))
        )
    ):
        tail = tail[:-1]
    return [line for line in tail if line]
