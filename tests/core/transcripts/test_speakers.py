"""The ``Name:`` label rule, on its own."""

from __future__ import annotations

import pytest

from player.transcripts.speakers import split_label
from player.transcripts.timecode import format_clock, parse_timestamp


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Michael: Hello", ("Michael", "Hello")),
        ("Chelsea Dole: Thanks", ("Chelsea Dole", "Thanks")),
        ("Leo Dion (host): Before we begin", ("Leo Dion (host)", "Before we begin")),
        ("José María: hola", ("José María", "hola")),
        ("10: 30 to them", (None, "10: 30 to them")),
        ("Note: an aside", (None, "Note: an aside")),
        ("NOTE: an aside", (None, "NOTE: an aside")),
        ("https://example.org", (None, "https://example.org")),
        ("and he said: no", (None, "and he said: no")),
        ("The Big Question Of Our Time Today: x", (None, "The Big Question Of Our Time Today: x")),
        ("Speaker1: hi", ("Speaker1", "hi")),
        ("Speaker 2: yes", ("Speaker 2", "yes")),
        ("3 Doors Down: a band", (None, "3 Doors Down: a band")),
        ("Ann:", (None, "Ann:")),
    ],
)
def test_split_label(line: str, expected: tuple[str | None, str]) -> None:
    assert split_label(line) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00:01.500", 1.5),
        ("1:02:03,4", 3723.4),
        ("02:03", 123.0),
        ("100:00:00.000", 360000.0),
        ("00:60:00.000", None),
        ("1:2", None),
        ("", None),
    ],
)
def test_parse_timestamp(text: str, seconds: float | None) -> None:
    assert parse_timestamp(text) == seconds


def test_format_clock() -> None:
    assert [format_clock(x) for x in (0, 65.9, 3723)] == ["00:00", "01:05", "1:02:03"]
