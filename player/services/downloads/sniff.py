"""Is this answer really media? The content type and the first bytes decide.

Hosts answer a missing file with a 200 HTML page, captive portals with a login form, and
misconfigured CDNs with ``application/octet-stream`` for everything. So a body is accepted
only when its content type is not plainly a document *and* its first bytes carry the magic
number of a format podcasts use.
"""

from __future__ import annotations

SNIFF_BYTES = 64
"""How many leading bytes :func:`media_kind` wants (fewer work at the end of a tiny file)."""

_DOCUMENT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/xhtml",
    "application/rss",
    "application/atom",
    "application/javascript",
    "application/pdf",
    "image/",
)


def refused_content_type(content_type: str) -> bool:
    """A content type that is certainly not an episode (HTML, text, JSON, XML, images...)."""
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith(_DOCUMENT_TYPES)


def media_kind(head: bytes) -> str | None:
    """The extension of the format ``head`` starts with, or None when it is not known media.

    Recognised: MP3 (ID3 tag or MPEG audio frame sync), AAC in ADTS frames, MP4/M4A/MOV
    (``ftyp`` box), Ogg (Vorbis; Opus), FLAC, WAV (RIFF/WAVE), WebM/Matroska (EBML).
    """
    if head.startswith(b"ID3"):
        return ".mp3"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return ".m4a" if head[8:11] == b"M4A" else ".mp4"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"free", b"wide", b"skip"):
        return ".mp4"
    if head.startswith(b"OggS"):
        return ".opus" if b"OpusHead" in head else ".ogg"
    if head.startswith(b"fLaC"):
        return ".flac"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return ".wav"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ".webm"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return _mpeg_sync_kind(head[1])
    return None


def _mpeg_sync_kind(second: int) -> str | None:
    """Classify an 11-bit frame sync: layer bits 00 with the 12-bit sync are ADTS AAC."""
    layer = (second >> 1) & 0b11
    version = (second >> 3) & 0b11
    if layer == 0:
        return ".aac" if second & 0xF0 == 0xF0 else None
    if version == 0b01:  # reserved MPEG version: not a real frame header
        return None
    return ".mp3"
