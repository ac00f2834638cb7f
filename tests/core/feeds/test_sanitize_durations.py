"""Show-note sanitising and itunes:duration forms."""

from __future__ import annotations

import contextlib
import html
import re

import pytest
from feedparser.html import _cp1252
from hypothesis import given
from hypothesis import strategies as st

from player.feeds.durations import parse_duration
from player.feeds.fastitems import _finish
from player.feeds.sanitize import _TOKEN, BLOCK_TAGS, html_to_text, sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi <script>alert(1)</script><b>there</b></p>", "<p>Hi <b>there</b></p>"),
        ('<a href="javascript:alert(1)" onclick="x()">l</a>', "<a>l</a>"),
        ('<img src="http://tracker/x.png" onerror="x()">ok', "ok"),
        ("<iframe src='https://evil/'>inside</iframe>after", "after"),
        ("<style>p{}</style><form><input></form>text", "text"),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("a < b &amp; c", "a &lt; b &amp; c"),
        ("Line one\nline two\n\nPara", "<p>Line one<br>line two</p><p>Para</p>"),
    ],
)
def test_show_notes_keep_formatting_and_lose_everything_active(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty, "https://example.org/ep/1") == clean


def test_links_are_resolved_and_marked() -> None:
    html = sanitize_html('<a href="/notes" title="N">n</a>', "https://example.org/ep/1")
    assert html == (
        '<a href="https://example.org/notes" title="N" rel="noopener noreferrer nofollow">n</a>'
    )
    assert html_to_text("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul>") == "One & two\na\nb"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("3600", 3600), ("3600.5", 3600.5), ("59:30", 3570), ("1:02:03", 3723),
        ("01:02:03.250", 3723.25), ("1,5", 1.5), (" 12:34 ", 754), ("0", None), ("", None),
        ("-5", None), ("1:75", None), ("abc", None), ("1:2:3:4", None), ("99999999", None),
    ],
)  # fmt: skip
def test_itunes_duration_forms(value: str, seconds: float | None) -> None:
    assert parse_duration(value) == seconds


def _html_to_text_reference(text: str) -> str:
    """html_to_text as first written: whitespace collapsed line by line, every time."""
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
        if (match.group(2) or "").lower() in BLOCK_TAGS:
            parts.append("\n")
    parts.append(text[position:])
    joined = html.unescape("".join(parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        "<b>",
        "</b>",
        "<li>",
        " ",
        "  ",
        "\t",
        "\r\n",
        "\n",
        "\f",
        "\v",
        "\xa0",
        "&nbsp;",
        "&amp;",
        "word",
        "é",
        "\u2003",
        '<a href="x">',
        "</a>",
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_html_to_text_matches_its_reference_on_any_mix_of_tags_and_spaces(text: str) -> None:
    assert html_to_text(text) == _html_to_text_reference(text)


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40))
def test_finishing_a_text_value_takes_a_shortcut_only_where_it_changes_nothing(text: str) -> None:
    slow = text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        slow = slow.encode("iso-8859-1").decode("utf-8")
    assert _finish(text) == slow.translate(_cp1252)
