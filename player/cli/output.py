"""Printing for the command line: JSON shapes (a stable product surface) and text tables."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from player import APP_NAME
from player.domain.models import Episode, Podcast
from player.i18n import _

EXIT_BROKEN_PIPE = 141
"""What a shell reports for a program stopped by SIGPIPE (128 + 13), as ``yes | head`` gives."""


def no_podcasts() -> str:
    """What a listing of an empty library says, with the way out (in the listener's language)."""
    return _(
        "No podcasts yet. Subscribe to one with: {app} subscribe URL\n"
        "or import a list of them with: {app} import-opml FILE"
    ).format(app=APP_NAME)


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


def note(text: str) -> None:
    """A message for the person at the terminal (an empty result, a hint): on stderr, so that
    standard output holds only the rows and ``| wc -l`` or ``| cut`` still count them."""
    print(text, file=sys.stderr)


def finish_stdout() -> None:
    """Flush standard output now, inside the command's error handling.

    Output to a pipe is buffered; left to Python's exit, a reader that has gone (``| head``)
    makes that last flush fail outside any handler, as a traceback-like "Exception ignored".
    """
    if sys.stdout is not None:  # None for a window started without a console
        sys.stdout.flush()


def silence_stdout() -> None:
    """After a broken pipe: point standard output at the null device.

    Python flushes ``sys.stdout`` once more at exit; with the pipe gone that would fail again.
    The descriptor is replaced (not the object), so whatever still sits in the buffer goes
    nowhere quietly.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture it): nothing will flush it at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def terminal_width(largest: int = 120) -> int:
    """Columns to lay text out in: the terminal's (or ``COLUMNS``; 80 when not a terminal),
    kept between 40 and ``largest`` so very wide windows still give readable lines."""
    return max(40, min(largest, shutil.get_terminal_size((80, 24)).columns))


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters; past ``max_lines`` the last line
    ends in "..." (cut at a word when there is one)."""
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    if len(last) > width - 3:
        cut = last[: width - 3]
        last = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return [*lines[: max_lines - 1], last.rstrip(" ,;:-") + "..."]
