"""Printing for the command line: JSON shapes (a stable product surface) and text tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from player.domain.models import Episode, Podcast


def iso(ts: float | None) -> str | None:
    """POSIX seconds -> ISO 8601 in UTC (what ``--json`` prints for times)."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def podcast_json(p: Podcast) -> dict[str, Any]:
    """The ``podcasts --json`` object. Fields are only ever added, never renamed."""
    return {
        "id": p.id,
        "title": p.title,
        "url": p.url,
        "author": p.author,
        "link": p.link,
        "image_url": p.image_url,
        "folder": p.folder,
        "episode_count": p.episode_count,
        "unplayed_count": p.unplayed_count,
        "last_checked": iso(p.last_checked),
        "last_error": p.last_error,
        "gone": p.gone,
    }


def episode_json(e: Episode) -> dict[str, Any]:
    """The ``episodes --json`` / ``search --json`` object."""
    return {
        "id": e.id,
        "podcast_id": e.podcast_id,
        "podcast": e.podcast_title,
        "title": e.title,
        "guid": e.guid,
        "published": iso(e.published),
        "duration": e.duration,
        "state": "in_progress" if e.in_progress else e.state.value,
        "position": e.position,
        "enclosure_url": e.enclosure_url,
        "enclosure_type": e.enclosure_type,
        "description": e.description,
        "downloaded": bool(e.download_path),
        "in_feed": e.in_feed,
    }


def print_json(value: Any, out: TextIO | None = None) -> None:
    """Pretty JSON to stdout, UTF-8 kept readable."""
    out = out or sys.stdout
    json.dump(value, out, indent=2, ensure_ascii=False)
    out.write("\n")


def clock(seconds: float | None) -> str:
    """1:02:03 / 2:03 style, as players show durations."""
    if seconds is None:
        return "--:--"
    total = int(round(seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], out: TextIO | None = None
) -> None:
    """Aligned columns; the last column is never padded (titles can be long)."""
    out = out or sys.stdout
    table = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers) - 1)]
    for row in table:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)] + [row[-1]]
        out.write("  ".join(cells).rstrip() + "\n")
