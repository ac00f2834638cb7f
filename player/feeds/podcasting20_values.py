"""The values of Podcasting 2.0 attributes and texts, as the feed pass reads them: web URLs
resolved against the feed's, sources kept as written, GUIDs, numbers, booleans and times.

Each returns "" or None for what it cannot read, never raises: a feed's odd value costs that
one field, not the feed.
"""

from __future__ import annotations

import email.utils
import math
import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit


def web_url(value: str, base: str) -> str:
    """A web URL, resolved against the feed's; "" for anything but http(s)."""
    text = value.strip()
    if not text:
        return ""
    try:
        absolute = urljoin(base, text) if base else text
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return ""
    return absolute if scheme in ("http", "https") else ""


def source_url(value: str, base: str) -> str:
    """An alternate-enclosure source: web URLs resolved, other schemes (ipfs:, magnet:) kept
    as written so the player can say why it skips them."""
    text = value.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return text
    return web_url(text, base)


def uuid_or_empty(value: str) -> str:
    """A ``podcast:guid``: a UUID, lower-cased ("" for anything else)."""
    text = value.strip().lower()
    return text if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                text) else ""  # fmt: skip


def as_int(value: str) -> int | None:
    """A non-negative whole number (None for anything else)."""
    number = as_number(value)
    return int(number) if number is not None and number < 1e15 else None


def as_number(value: str) -> float | None:
    """A finite non-negative number (None for anything else)."""
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def as_bool(value: str) -> bool | None:
    """The spec's true/false (yes/no, 1/0 too); None for anything else."""
    text = value.strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    return None


def as_epoch(value: str) -> float | None:
    """ISO 8601 (what the spec asks for) or RFC 2822 (what some feeds write) -> epoch."""
    text = value.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
