"""``itunes:duration`` in every form feeds use: seconds, MM:SS, H:MM:SS, with fractions."""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_MAX_SECONDS = 7 * 24 * 3600  # a week: anything longer is junk, not a podcast episode


def parse_duration(value: object) -> float | None:
    """Seconds, or None when the value is missing or cannot be a duration.

    Accepts "3600", "3600.5", "59:30", "1:02:03", "01:02:03.250", "1,5" and stray spaces;
    rejects negatives, minutes or seconds >= 60 in clock forms, and absurd lengths.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    parts = [p.strip() for p in text.split(":")]
    if len(parts) > 3 or not all(_NUMBER.match(p) for p in parts):
        return None
    numbers = [float(p.replace(",", ".")) for p in parts]
    if any(not math.isfinite(n) for n in numbers):
        return None
    if len(numbers) > 1 and any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0.0
    for n in numbers:
        seconds = seconds * 60 + n
    if seconds <= 0 or seconds > _MAX_SECONDS:
        return None
    return seconds
