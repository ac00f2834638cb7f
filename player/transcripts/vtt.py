"""WebVTT, leniently: a BOM, CRLF, ``WEBVTT - title``, a missing header, NOTE/STYLE/REGION
blocks, cue ids and settings, ``mm:ss.ttt`` and hours above 99 are all read."""

from __future__ import annotations

from player.domain.transcript import Segment
from player.transcripts.cue_text import segments_of
from player.transcripts.cues import scan_cues

_BLOCKS = ("NOTE", "STYLE", "REGION")


def _is_block(line: str) -> bool:
    """``NOTE``, ``NOTE text``, ``STYLE``, ``REGION`` open a block that is not a cue."""
    if line[0] not in "NSRW":
        return False
    for word in _BLOCKS:
        if line.startswith(word) and (len(line) == len(word) or line[len(word)] in " \t"):
            return True
    return line.startswith("WEBVTT")


def parse_vtt(text: str) -> list[Segment]:
    """Every cue of a VTT document as segments (speakers from voice tags or labels)."""
    return segments_of(scan_cues(text.splitlines(), _is_block))
