"""Only real media lands: magic numbers of real files made by ffmpeg, and what is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from player.services.downloads.sniff import SNIFF_BYTES, media_kind, refused_content_type

EXPECTED = {
    "tone.mp3": ".mp3",
    "tone.ogg": ".ogg",
    "tone.opus": ".opus",
    "tone.flac": ".flac",
    "tone.wav": ".wav",
    "tone.m4a": ".m4a",
    "tone.aac": ".aac",
    "tone.webm": ".webm",
    "demo.mp3": ".mp3",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_media_is_recognised(media: dict[str, Path], name: str) -> None:
    head = media[name].read_bytes()[:SNIFF_BYTES]
    assert media_kind(head) == EXPECTED[name]


def test_mp3_without_id3_tag_is_recognised_by_frame_sync() -> None:
    assert media_kind(bytes([0xFF, 0xFB, 0x90, 0x64]) + b"\0" * 60) == ".mp3"


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>Not found</body></html>",
        b'{"error": "not found"}',
        b"<?xml version='1.0'?><rss></rss>",
        b"%PDF-1.7",
        b"\x89PNG\r\n\x1a\n",
        b"",
        b"ID",
        os.urandom(0) + b"\x00" * 64,
        b"\xff\xe8",  # reserved MPEG version bits: not a frame header
    ],
)
def test_non_media_is_refused(head: bytes) -> None:
    assert media_kind(head) is None


def test_document_content_types_are_refused() -> None:
    for kind in ("text/html; charset=utf-8", "TEXT/PLAIN", "application/json", "image/png"):
        assert refused_content_type(kind)
    for kind in ("audio/mpeg", "video/mp4", "application/octet-stream", "binary/octet-stream", ""):
        assert not refused_content_type(kind)
