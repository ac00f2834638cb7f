"""The one clock format (``player.domain.format.clock``) reads back, and never runs backwards."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from player.domain.format import clock
from player.feeds.durations import parse_duration

_SHAPE = re.compile(r"^(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))$")
_seconds = st.floats(min_value=0, max_value=1000 * 3600, allow_nan=False)


def read_back(text: str) -> int:
    """Seconds of a clock text, checking its shape on the way (m:ss, or h:mm:ss with h >= 1)."""
    match = _SHAPE.match(text)
    assert match, f"{text!r} is not m:ss or h:mm:ss"
    if match.group(1) is not None:
        minutes = int(match.group(1))
        assert minutes < 60, f"{text!r}: an hour or more must show the hours"
        return minutes * 60 + int(match.group(2))
    hours = int(match.group(3))
    assert hours >= 1 and not match.group(3).startswith("0"), f"{text!r}: no zero hours"
    return hours * 3600 + int(match.group(4)) * 60 + int(match.group(5))


@given(_seconds)
def test_a_clock_reads_back_as_the_rounded_seconds(seconds: float) -> None:
    text = clock(seconds)
    assert read_back(text) == round(seconds)
    if 0 < round(seconds) <= 7 * 24 * 3600:  # what feeds may say: the parser reads ours too
        assert parse_duration(text) == round(seconds)


@given(_seconds, _seconds)
def test_a_later_time_never_reads_earlier(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert read_back(clock(low)) <= read_back(clock(high))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.4, "0:59"), (59.6, "1:00"), (754, "12:34"), (3599.6, "1:00:00"),
     (3723, "1:02:03"), (100 * 3600, "100:00:00"), (-3, "0:00")],
)  # fmt: skip
def test_clock_examples(seconds: float, text: str) -> None:
    assert clock(seconds) == text


def test_unknown_reads_as_the_callers_placeholder() -> None:
    assert clock(None) == ""
    assert clock(None, "--:--") == "--:--"
