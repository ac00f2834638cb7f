"""HTML fragments and plain text transcripts, and choosing the format."""

from __future__ import annotations

import pytest

from player.domain.transcript import Segment, TranscriptError
from player.transcripts import parse_transcript, sniff_format
from player.transcripts.parse import is_timed


def test_podcast_index_html_fragment() -> None:
    html = (
        b"<cite>Kevin:</cite>\n<time>0:00</time>\n<p>Hello &amp; welcome.</p>\n"
        b"<cite>Alice:</cite>\n<time>1:02:03</time>\n<p>Thanks, <b>Kevin</b>.</p>\n<p>More.</p>"
    )
    assert parse_transcript(html, "text/html") == [
        Segment(0.0, None, "Kevin", "Hello & welcome."),
        Segment(3723.0, None, "Alice", "Thanks, Kevin."),
        Segment(3723.0, None, "Alice", "More."),
    ]


def test_full_document_with_head_and_body() -> None:
    html = (
        b"<html><head><title>T</title><style>p{}</style></head><body><p>Only this</p></body></html>"
    )
    assert parse_transcript(html, "text/html") == [Segment(0.0, None, None, "Only this")]


@pytest.mark.parametrize(
    "evil",
    [
        b"<p>hi</p><script>alert(1)</script>",
        b'<p onclick="steal()">hi</p>',
        b'<p><a href="javascript:alert(1)">x</a></p>',
        b'<p><a href=" JavaScript:alert(1)">x</a></p>',
        b'<iframe src="https://x"></iframe><p>hi</p>',
        b"<p>hi</p><object data='x.swf'></object>",
    ],
)
def test_scripted_html_is_refused(evil: bytes) -> None:
    with pytest.raises(TranscriptError, match="scripts"):
        parse_transcript(evil, "text/html")


def test_plain_text_is_untimed_paragraphs() -> None:
    text = b"Alice: First paragraph\nwrapped here.\n\nSecond one.\n\nBob: Third."
    segments = parse_transcript(text, "text/plain")
    assert [(s.speaker, s.text) for s in segments] == [
        ("Alice", "First paragraph wrapped here."),
        ("Alice", "Second one."),
        ("Bob", "Third."),
    ]
    assert not is_timed(segments)


def test_plain_text_with_timestamps_is_timed() -> None:
    segments = parse_transcript(b"[00:01:02] Alice: Hi\n[1:02:03] Bob: Bye", "text/plain")
    assert [(s.start, s.speaker, s.text) for s in segments] == [
        (62.0, "Alice", "Hi"),
        (3723.0, "Bob", "Bye"),
    ]
    assert is_timed(segments)


@pytest.mark.parametrize(
    ("body", "hint", "url", "expected"),
    [
        (b"WEBVTT\n\n", "application/octet-stream", "", "vtt"),
        (b'{"segments": []}', "text/plain", "", "json"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nx", "", "https://a/t.srt", "srt"),
        (b"00:01.000 --> 00:02.000\nx", "text/vtt", "", "vtt"),
        (b"<p>x</p>", "", "", "html"),
        (b"just words", "", "https://a/t.vtt", "text"),
        (b"just words", "text/html", "", "html"),
    ],
)
def test_sniffing_prefers_the_content(body: bytes, hint: str, url: str, expected: str) -> None:
    assert sniff_format(body.decode(), hint, url) == expected


def test_empty_and_oversized_input() -> None:
    with pytest.raises(TranscriptError, match="no text"):
        parse_transcript(b"WEBVTT\n\n", "text/vtt")
    with pytest.raises(TranscriptError, match="too large"):
        parse_transcript(b" " * (16 * 1024 * 1024 + 1), "text/plain")


def test_windows_1252_bytes_decode() -> None:
    assert parse_transcript("caf\xe9".encode("cp1252"), "text/plain")[0].text == "café"
