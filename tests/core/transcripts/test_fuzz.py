"""Whatever bytes arrive, the parser answers segments or a TranscriptError, nothing else."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.domain.transcript import TranscriptError
from player.transcripts import parse_transcript
from player.transcripts.parse import FORMATS

HINTS = st.sampled_from(
    ["", "text/vtt", "application/json", "application/x-subrip", "text/html", "text/plain", "x/y"]
)
PIECES = st.sampled_from(
    [
        "WEBVTT", "\n", "\r\n", "\n\n", "-->", " --> ", "00:00:01.000", "1:02", "99:59:59,999",
        "<v ", "<v.loud Ann>", "</v>", "<", ">", "&amp;", "&#", "&", "NOTE", "STYLE", "1", "Ann: ",
        "{", "}", "[", "]", '"segments"', ":", ",", '"startTime"', '"body"', '"x"', "null", "1e999",
        "-1", "<p>", "</p>", "<cite>", "<time>", "<script>", "<!--", "\ufeff", "\x00", "é", " ",
    ]
)  # fmt: skip


def _check(data: bytes, hint: str) -> None:
    try:
        segments = parse_transcript(data, hint)
    except TranscriptError as exc:
        assert str(exc)
        return
    assert segments
    for s in segments:
        assert isinstance(s.start, float) and s.start >= 0
        assert s.end is None or s.end >= s.start
        assert s.text and isinstance(s.text, str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), HINTS)
def test_random_bytes(data: bytes, hint: str) -> None:
    _check(data, hint)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=60).map("".join), HINTS)
def test_transcript_shaped_text(text: str, hint: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"), hint)


KEYS = st.sampled_from(
    ["segments", "startTime", "endTime", "start", "end", "body", "text", "speaker", "version"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_json_shaped_documents(document: object) -> None:
    try:
        data = json.dumps({"segments": document} if not isinstance(document, dict) else document)
    except ValueError:
        return
    _check(data.encode(), "application/json")


def test_formats_are_the_preference_order() -> None:
    assert FORMATS == ("vtt", "json", "srt", "html", "text")
