"""Podcast Index JSON transcripts."""

from __future__ import annotations

import json

import pytest

from player.domain.transcript import Segment, TranscriptError
from player.transcripts import parse_transcript


def pj(document: object) -> list[Segment]:
    return parse_transcript(json.dumps(document).encode(), "application/json")


def words(*items: tuple[str, float, float, str]) -> dict:
    return {
        "version": "1.0.0",
        "segments": [
            {"speaker": s, "startTime": a, "endTime": b, "body": w} for s, a, b, w in items
        ],
    }


def test_word_level_segments_merge_into_lines_per_speaker() -> None:
    doc = words(
        ("Darth Vader", 0.5, 0.75, "I"),
        ("Darth Vader", 1.0, 1.25, "am"),
        ("Darth Vader", 1.5, 2.0, "your"),
        ("Darth Vader", 2.25, 2.5, "father."),
        ("Luke", 2.75, 3.0, "Nooooo"),
    )
    assert pj(doc) == [
        Segment(0.5, 2.5, "Darth Vader", "I am your father."),
        Segment(2.75, 3.0, "Luke", "Nooooo"),
    ]


def test_a_sentence_end_or_a_pause_closes_a_line() -> None:
    doc = words(
        ("A", 0, 0.2, "One"), ("A", 0.3, 0.4, "two"), ("A", 0.5, 0.6, "three"),
        ("A", 0.7, 0.8, "four."), ("A", 0.9, 1.0, "Next"), ("A", 9.0, 9.2, "after"),
    )  # fmt: skip
    assert [s.text for s in pj(doc)] == ["One two three four.", "Next", "after"]


def test_punctuation_words_glue_without_a_space() -> None:
    doc = words(("A", 0, 0.1, "Hello"), ("A", 0.1, 0.2, ","), ("A", 0.2, 0.3, "you"))
    assert pj(doc)[0].text == "Hello, you"


def test_missing_end_time_is_none() -> None:
    doc = {"segments": [{"speaker": "S1", "startTime": 0, "body": "Subtitle 1, Line 1"}]}
    assert pj(doc) == [Segment(0.0, None, "S1", "Subtitle 1, Line 1")]


def test_empty_body_is_skipped_and_missing_speaker_is_none() -> None:
    doc = {
        "segments": [
            {"startTime": 0, "endTime": 1, "body": ""},
            {"startTime": 1, "endTime": 5.5, "body": "Said by someone unknown"},
        ]
    }
    assert pj(doc) == [Segment(1.0, 5.5, None, "Said by someone unknown")]


def test_text_start_end_variant_and_bare_list() -> None:
    doc = [{"start": "1.5", "end": 3, "text": "A whole line of text"}]
    assert pj(doc) == [Segment(1.5, 3.0, None, "A whole line of text")]


def test_nonsense_fields_are_skipped() -> None:
    doc = {
        "segments": [
            {"startTime": "soon", "body": "no time"},
            {"startTime": True, "body": "a boolean is no time"},
            {"startTime": -1, "body": "negative"},
            "not an object",
            {"startTime": 2, "endTime": 1, "body": "end before start"},
        ]
    }
    assert pj(doc) == [Segment(2.0, None, None, "end before start")]


@pytest.mark.parametrize("body", [b"{not json", b'{"segments": 3}', b'{"segments": []}', b""])
def test_unreadable_or_empty_documents_raise_transcript_error(body: bytes) -> None:
    with pytest.raises(TranscriptError):
        parse_transcript(body, "application/json")
