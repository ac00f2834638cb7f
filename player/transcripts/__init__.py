"""Transcripts in every ``podcast:transcript`` format, read by parsers of our own.

A core layer next to ``feeds`` and ``playback``: it imports only ``player.domain`` and itself,
so services, the CLI and benchmarks can use it without Qt or the network. The libraries each
miss cases real files have (webvtt-py reads one voice and rejects files without the header,
pysrt is GPL and drops text after a blank line), so every format gets a small lenient reader
that turns it into :class:`player.domain.transcript.Segment` values.
"""

from __future__ import annotations

from player.transcripts.parse import parse_transcript, sniff_format

__all__ = ["parse_transcript", "sniff_format"]
