"""Reading directory JSON defensively: every field may be missing, null or the wrong type.

Directories are written by many hands over many years (fyyd's ``categories`` is a number or a
list, iTunes ids come as numbers or strings); a provider maps fields through these helpers so a
strange value becomes "unknown", never an exception that loses the other results.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_int(value: object) -> int | None:
    """An integer from a number, a numeric string, or nothing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def as_str(value: object) -> str:
    """A string field, stripped; null, lists and objects become ""."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()


def as_time(value: object) -> float | None:
    """POSIX seconds from Unix seconds, ISO 8601 (``2024-01-02T03:04:05Z``) or
    ``2024-01-02 03:04:05`` (fyyd, taken as UTC); None when unreadable or zero."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(text) if int(text) > 0 else None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def as_list(value: object) -> list[object]:
    """A JSON value that should be a list: a single object becomes a list of one."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
