"""WebVTT cases real files have, each read by ``parse_transcript``."""

from __future__ import annotations

import pytest

from player.domain.transcript import Segment
from player.transcripts import parse_transcript


def vtt(text: str) -> list[Segment]:
    return parse_transcript(text.encode("utf-8"), "text/vtt")


def test_bom_and_crlf() -> None:
    data = "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.500\r\nHello there\r\n".encode()
    assert parse_transcript(data, "text/vtt") == [Segment(1.0, 2.5, None, "Hello there")]


def test_header_with_title_and_metadata_lines() -> None:
    segments = vtt("WEBVTT - My show\nKind: captions\n\n00:01.000 --> 00:02.000\nHi\n")
    assert segments == [Segment(1.0, 2.0, None, "Hi")]


def test_note_style_and_region_blocks_are_skipped() -> None:
    text = (
        "WEBVTT\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\n"
        "REGION\nid:fred width:40%\n\n00:01.000 --> 00:02.000\nSaid\n\nNOTE\nbetween cues\n\n"
        "00:03.000 --> 00:04.000\nAgain\n"
    )
    assert [s.text for s in vtt(text)] == ["Said", "Again"]


def test_cue_ids_and_settings() -> None:
    text = (
        "WEBVTT\n\nintro-1\n00:00:01.000 --> 00:00:02.000 align:left size:50% line:0\nOne\n\n"
        "2\n00:00:03.000 --> 00:00:04.000 position:10%\nTwo\n"
    )
    assert vtt(text) == [Segment(1.0, 2.0, None, "One"), Segment(3.0, 4.0, None, "Two")]


def test_minutes_seconds_and_hours_above_99() -> None:
    text = "WEBVTT\n\n01:05.250 --> 01:06.000\nshort\n\n123:00:00.000 --> 123:00:01.500\nlong\n"
    assert [(s.start, s.end) for s in vtt(text)] == [(65.25, 66.0), (442800.0, 442801.5)]


def test_voice_with_classes_and_full_name() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud.first Alice Smith>Hello</v>\n"
    assert vtt(text) == [Segment(1.0, 2.0, "Alice Smith", "Hello")]


def test_voice_tag_not_on_the_first_line() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nwell, as I said\n<v Bob>No, you did not\n"
    segments = vtt(text)
    assert [(s.speaker, s.text) for s in segments] == [
        (None, "well, as I said"),
        ("Bob", "No, you did not"),
    ]
    assert all((s.start, s.end) == (1.0, 2.0) for s in segments)


def test_entities_and_tags_are_decoded() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n"
        "<v Host>Q&amp;A &lt;live&gt; <c.yellow>caf&eacute;</c> <i>it&#8217;s</i> <00:01.500>now\n"
    )
    assert vtt(text)[0].text == "Q&A <live> café it’s now"


def test_a_cue_without_voice_takes_the_previous_speaker() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>First\n\n00:02.000 --> 00:03.000\nstill Ann\n\n"
        "00:03.000 --> 00:04.000\n<v Ben>Now Ben\n"
    )
    assert [s.speaker for s in vtt(text)] == ["Ann", "Ann", "Ben"]


def test_multiline_cue_text_is_one_line() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>one\ntwo\n"
    assert vtt(text) == [Segment(1.0, 2.0, "Ann", "one two")]


def test_missing_header_still_reads_cues() -> None:
    assert vtt("00:01.000 --> 00:02.000\nno header\n")[0].text == "no header"


def test_descript_name_labels_in_vtt() -> None:
    text = (
        "WEBVTT\n\n00:00.038 --> 00:03.938\nMichael: Hello, and welcome\n\n"
        "00:04.000 --> 00:05.000\nto the show\n"
    )
    assert [(s.speaker, s.text) for s in vtt(text)] == [
        ("Michael", "Hello, and welcome"),
        ("Michael", "to the show"),
    ]


def test_times_are_exact_milliseconds() -> None:
    assert vtt("WEBVTT\n\n00:00:03.938 --> 00:00:05.368\nx\n")[0].start == 3.938


@pytest.mark.parametrize("stamp", ["00:61.000", "00:00:75.000"])
def test_impossible_timestamps_drop_the_cue(stamp: str) -> None:
    text = f"WEBVTT\n\n{stamp} --> 00:02:00.000\nbad\n\n00:01.000 --> 00:02.000\ngood\n"
    assert [s.text for s in vtt(text)] == ["good"]
