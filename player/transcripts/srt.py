"""SubRip, leniently: missing or out-of-order numbers, ``.`` millis, one-digit hours, a blank
line inside a cue, no final newline, ``Name:`` speaker labels (but not ``10: 30`` or ``Note:``)."""

from __future__ import annotations

from player.domain.transcript import Segment
from player.transcripts.cue_text import segments_of
from player.transcripts.cues import scan_cues


def parse_srt(text: str) -> list[Segment]:
    """Every cue of an SRT document as segments, in the order of their start times."""
    segments = segments_of(scan_cues(text.splitlines()))
    return sorted(segments, key=lambda s: s.start)
