"""Timestamps as transcripts write them: ``01:02:03.456``, ``1:02:03,4``, ``02:03.456``,
``100:00:00.000``."""

from __future__ import annotations

import re

TIMESTAMP = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,9})?"
"""Hours are optional and unbounded (a 120-hour stream exists); the fraction may use ``,``."""

_PARTS = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,9}))?\s*$")


def parse_timestamp(text: str) -> float | None:
    """Seconds for a ``[h:]mm:ss[.fff]`` timestamp, or None when ``text`` is not one."""
    match = _PARTS.match(text)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if (int(minutes) > 59 and hours is not None) or int(seconds) > 59:
        return None
    value: float = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return float(round(value, 6))


def format_clock(seconds: float) -> str:
    """``mm:ss`` below an hour, ``h:mm:ss`` above: how the CLI and the window show a time."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
