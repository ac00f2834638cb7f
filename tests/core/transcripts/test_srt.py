"""SubRip cases real files have."""

from __future__ import annotations

from player.domain.transcript import Segment
from player.transcripts import parse_transcript


def srt(text: str) -> list[Segment]:
    return parse_transcript(text.encode("utf-8"), "application/x-subrip")


def test_plain_numbered_cues() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,500\nOne\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n"
    assert srt(text) == [Segment(1.0, 2.5, None, "One"), Segment(3.0, 4.0, None, "Two")]


def test_missing_numbers() -> None:
    text = "00:00:01,000 --> 00:00:02,000\nOne\n\n\n00:00:03,000 --> 00:00:04,000\nTwo\n"
    assert [s.text for s in srt(text)] == ["One", "Two"]


def test_out_of_order_numbers_are_sorted_by_time() -> None:
    text = "7\n00:00:05,000 --> 00:00:06,000\nLater\n\n3\n00:00:01,000 --> 00:00:02,000\nEarlier\n"
    assert [s.text for s in srt(text)] == ["Earlier", "Later"]


def test_dot_millis_and_one_digit_hours() -> None:
    text = "1\n0:00:01.250 --> 1:00:00.500\nDot\n"
    assert srt(text) == [Segment(1.25, 3600.5, None, "Dot")]


def test_arrows_without_spaces() -> None:
    assert srt("1\n00:00:00,000-->00:00:02,000\nTight\n")[0].end == 2.0


def test_blank_line_inside_a_cue_keeps_the_text() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nfirst part\n\nsecond part\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nnext\n"
    )
    assert [s.text for s in srt(text)] == ["first part second part", "next"]


def test_no_final_newline() -> None:
    assert srt("1\n00:00:01,000 --> 00:00:02,000\nlast words")[0].text == "last words"


def test_name_labels_are_speakers_and_carry_over() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nTravis: When you first get\nstarted\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nalmost guaranteed\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nLeo Dion (host): Welcome\n"
    )
    assert [(s.speaker, s.text) for s in srt(text)] == [
        ("Travis", "When you first get started"),
        ("Travis", "almost guaranteed"),
        ("Leo Dion (host)", "Welcome"),
    ]


def test_colons_that_are_not_speakers() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n10: 30 was the score\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nNote: this is an aside\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nsee https://example.org: it works\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nand then he said: no\n"
    )
    segments = srt(text)
    assert [s.speaker for s in segments] == [None, None, None, None]
    assert segments[0].text == "10: 30 was the score"
    assert segments[1].text == "Note: this is an aside"


def test_italic_and_ssa_tags_are_dropped() -> None:
    assert srt("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Quiet</i>\n")[0].text == "Quiet"


def test_srt_served_as_text_plain_is_sniffed() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nsniffed\n"
    assert parse_transcript(data, "text/plain")[0] == Segment(1.0, 2.0, None, "sniffed")
