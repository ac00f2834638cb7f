"""Chapters: parsing Podcasting 2.0 JSON chapters, and which source wins when there are several.

An episode can carry chapters three ways: ID3 ``CHAP`` frames inside the MP3 ("id3"), Podlove
Simple Chapters in the feed ("psc"), and a Podcasting 2.0 JSON file linked from the feed
("json"). The store keeps each source separately; :func:`choose_chapters` picks one.

The rule, in order:

1. **json** wins: it is what the publisher maintains today (it can be corrected after release),
   and it is the only source that can hide markers (``toc: false``) and carries images.
2. **id3** next: it is written into the very bytes being played, so its times are exact.
3. **psc** last: times only to the second in practice, and no images.

A source whose first chapter starts after the end of the media (known duration, plus a second of
tolerance) describes another cut of the file and is skipped. Sources are never merged: mixing
two lists with slightly different times gives doubled chapters a second apart.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlparse

from player.domain.errors import PlaybackError
from player.domain.models import Chapter
from player.i18n import _

PRECEDENCE: tuple[str, ...] = ("json", "id3", "psc")
"""Chapter sources, best first (see the module docstring for why)."""

DURATION_TOLERANCE = 1.0


class ChapterFormatError(PlaybackError):
    """A chapters document that is not Podcasting 2.0 JSON chapters."""


def parse_json_chapters(body: bytes | str, base_url: str = "") -> list[Chapter]:
    """Every entry of a JSON chapters document, hidden markers included (``toc=False``).

    Entries without a usable ``startTime`` are skipped; ``img`` and ``url`` are resolved
    against ``base_url``; a missing ``endTime`` stays None (the next start ends it). Raises
    :class:`ChapterFormatError` when the document is not JSON chapters at all.
    """
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ChapterFormatError(
            _("The chapters file is not valid JSON ({exc}).").format(exc=exc)
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("chapters"), list):
        raise ChapterFormatError(_("The chapters file has no 'chapters' list."))
    chapters = [c for c in (_entry(raw, base_url) for raw in doc["chapters"]) if c is not None]
    chapters.sort(key=lambda c: c.start)
    return chapters


def _entry(raw: Any, base_url: str) -> Chapter | None:
    if not isinstance(raw, dict):
        return None
    start = _seconds(raw.get("startTime"))
    if start is None:
        return None
    end = _seconds(raw.get("endTime"))
    return Chapter(
        start=start,
        end=end if end is not None and end > start else None,
        title=str(raw.get("title") or "").strip(),
        url=_link(raw.get("url"), base_url),
        image_url=_link(raw.get("img"), base_url),
        toc=raw.get("toc") is not False,
    )


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _link(value: Any, base_url: str) -> str:
    """An absolute http(s) or file link, or "" (no ``javascript:`` or other schemes)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    url = urljoin(base_url, value.strip()) if base_url else value.strip()
    return url if urlparse(url).scheme in ("http", "https", "file") else ""


def visible(chapters: Sequence[Chapter]) -> list[Chapter]:
    """The chapter list a listener sees and jumps through: hidden markers left out."""
    return [c for c in chapters if c.toc]


def choose_chapters(
    by_source: Mapping[str, Sequence[Chapter]], duration: float | None = None
) -> tuple[str, list[Chapter]]:
    """The winning source's visible chapters, with every ``end`` filled in.

    Returns ``("", [])`` when no source has chapters that fit the media.
    """
    for source in PRECEDENCE:
        marks = visible(by_source.get(source, ()))
        if not marks:
            continue
        if duration and marks[0].start > duration + DURATION_TOLERANCE:
            continue
        return source, with_ends(marks, duration)
    return "", []


def with_ends(chapters: Sequence[Chapter], duration: float | None) -> list[Chapter]:
    """Fill missing ends: the next chapter's start, the media's end for the last one.

    The last chapter keeps ``end=None`` while the duration is unknown.
    """
    ordered = sorted(chapters, key=lambda c: c.start)
    out = []
    for i, chapter in enumerate(ordered):
        following = ordered[i + 1].start if i + 1 < len(ordered) else duration
        end = chapter.end
        if following is not None and (end is None or end > following):
            end = following
        out.append(dataclasses.replace(chapter, end=end))
    return out


def chapter_at(chapters: Sequence[Chapter], position: float) -> int:
    """Index of the chapter playing at ``position`` (the last one started), -1 before the first.

    ``chapters`` must be sorted by start, as :func:`choose_chapters` returns them.
    """
    index = -1
    for i, chapter in enumerate(chapters):
        if chapter.start <= position + 1e-6:
            index = i
        else:
            break
    return index
