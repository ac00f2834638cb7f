"""One entry point for every format: decode the bytes, decide the format, parse.

The ``type`` attribute of ``podcast:transcript`` is often missing or wrong (``text/plain``
for SRT, ``application/octet-stream`` for everything), so the content decides when it is
clear (a ``WEBVTT`` header, a JSON document, a timing line, HTML tags) and the type and the
URL's extension only break ties. Whatever the input, the only exception is
:class:`TranscriptError`.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from player.domain.transcript import Segment, TranscriptError
from player.i18n import _
from player.transcripts.cues import TIMING
from player.transcripts.html import parse_html
from player.transcripts.pijson import parse_pijson
from player.transcripts.srt import parse_srt
from player.transcripts.text import parse_text
from player.transcripts.vtt import parse_vtt

log = logging.getLogger(__name__)

FORMATS = ("vtt", "json", "srt", "html", "text")
"""Every format, in the order the player prefers them when an episode offers several."""

PARSERS: dict[str, Callable[[str], list[Segment]]] = {
    "vtt": parse_vtt,
    "json": parse_pijson,
    "srt": parse_srt,
    "html": parse_html,
    "text": parse_text,
}

MAX_BYTES = 16 * 1024 * 1024
"""A ten-hour word-level JSON transcript is a few MB; anything larger is not a transcript."""

_TYPES = {
    "text/vtt": "vtt",
    "application/json": "json",
    "application/x-subrip": "srt",
    "application/srt": "srt",
    "text/srt": "srt",
    "text/x-srt": "srt",
    "application/x-srt": "srt",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_EXTENSIONS = {
    "vtt": "vtt",
    "webvtt": "vtt",
    "json": "json",
    "srt": "srt",
    "html": "html",
    "htm": "html",
    "txt": "text",
}
_HTML = re.compile(r"<(p|cite|time|html|body|div|br|span|script|iframe)[\s>/]", re.IGNORECASE)


def format_of(type_hint: str, url: str = "") -> str | None:
    """The format a ``type`` attribute or, failing that, a URL's extension names."""
    mime = type_hint.split(";")[0].strip().lower()
    if mime in _TYPES:
        return _TYPES[mime]
    if "json" in mime:
        return "json"
    path = urlsplit(url).path if url else ""
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return _EXTENSIONS.get(extension)


def decode(data: bytes) -> str:
    """Text from bytes: a BOM decides, then UTF-8, then Windows-1252 (never fails)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")


def sniff_format(text: str, type_hint: str = "", url: str = "") -> str:
    """The format of a decoded transcript: its content first, the type or URL when unclear."""
    head = text.lstrip("\ufeff \t\r\n")
    hinted = format_of(type_hint, url)
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{") or (head.startswith("[") and head[1:].lstrip()[:1] in ("{", "]")):
        return "json"
    if any(TIMING.match(line) for line in head[:4096].splitlines()):
        return "vtt" if hinted == "vtt" else "srt"
    if _HTML.search(head[:4096]):
        return "html"
    return "text" if hinted in (None, "vtt", "srt", "json") else hinted


def parse_transcript(data: bytes, type_hint: str, url: str = "") -> list[Segment]:
    """The segments of a transcript document in any supported format.

    Raises :class:`TranscriptError` (one sentence) when the document is too large, refused
    (scripted HTML), malformed beyond reading, or holds no text at all.
    """
    if len(data) > MAX_BYTES:
        raise TranscriptError(_("The transcript is too large to be one."))
    text = decode(data)
    kind = sniff_format(text, type_hint, url)
    try:
        segments = PARSERS[kind](text)
    except TranscriptError:
        raise
    except Exception as exc:  # a case no parser foresaw reads as unreadable, and is logged
        log.warning("the %s parser failed on %s", kind, url or "a transcript", exc_info=True)
        raise TranscriptError(
            _("The {upper} transcript could not be read.").format(upper=kind.upper())
        ) from exc
    if not segments:
        raise TranscriptError(_("The transcript has no text in it."))
    return segments


def is_timed(segments: list[Segment]) -> bool:
    """Whether the segments carry times (plain text paragraphs usually do not)."""
    return any(s.start > 0 or s.end is not None for s in segments)
