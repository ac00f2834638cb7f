"""A cue's text lines -> who said what: voices, ``Name:`` labels, tags and entities.

- ``<v Alice>``, ``<v.loud Alice Smith>``: the voice, on any line of the cue (a cue with two
  voices becomes two segments with the cue's times).
- ``Name: text`` where no voice tag says otherwise (SRT, Descript's VTT).
- A cue naming nobody was said by the previous cue's speaker.
- Tags (``<c.yellow>``, ``<i>``, ``<00:00:01.000>``, SSA's ``{\\an8}``) are dropped and
  entities (``&amp;``, ``&#8217;``) decoded, after the voice is read.
"""

from __future__ import annotations

import html
import re

from player.domain.transcript import Segment
from player.transcripts.cues import RawCue
from player.transcripts.speakers import split_label

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def clean(text: str) -> str:
    """Plain text: no tags, entities decoded, runs of white space made one space."""
    if "<" in text or "{" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def speak(lines: list[str], previous: str | None) -> list[tuple[str | None, str]]:
    """``(speaker, text)`` pieces of one cue; ``previous`` is the speaker before it."""
    pieces: list[tuple[str | None, list[str]]] = []
    speaker = previous
    for line in lines:
        voice = _VOICE.search(line)
        if voice is not None:
            name = clean(voice.group(1) or "") or None
            before, after = line[: voice.start()], line[voice.end() :]
            if clean(before):
                _add(pieces, speaker, before)
            speaker = name
            pieces.append((speaker, []))
            _add(pieces, speaker, after)
            continue
        label, rest = split_label(clean(line))
        if label is not None:
            speaker = label
            pieces.append((speaker, []))
            _add(pieces, speaker, rest)
            continue
        _add(pieces, speaker, line)
    out = []
    for who, parts in pieces:
        text = clean(" ".join(parts))
        if text:
            out.append((who, text))
    return out


def _add(pieces: list[tuple[str | None, list[str]]], speaker: str | None, text: str) -> None:
    if not pieces or pieces[-1][0] != speaker:
        pieces.append((speaker, []))
    pieces[-1][1].append(text)


def segments_of(cues: list[RawCue]) -> list[Segment]:
    """Cues -> segments, carrying a speaker over cues that name nobody."""
    out: list[Segment] = []
    speaker: str | None = None
    for cue in cues:
        for who, said in speak(cue.lines, speaker):
            out.append(Segment(cue.start, cue.end, who, said))
            speaker = who
    return out
