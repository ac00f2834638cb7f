"""Parsing Podcasting 2.0 JSON chapters, and the rule that picks one source among several."""

from __future__ import annotations

import json

import pytest

from player.domain.models import Chapter
from player.playback.chapters import (
    ChapterFormatError,
    chapter_at,
    choose_chapters,
    parse_json_chapters,
    visible,
    with_ends,
)
from tests.conftest import ROOT

DEMO_CHAPTERS = ROOT / "player" / "demo" / "chapters" / "01-up-next-without-uploading.json"


def test_the_demo_json_chapters_parse_with_the_hidden_marker_flagged() -> None:
    chapters = parse_json_chapters(DEMO_CHAPTERS.read_bytes(), DEMO_CHAPTERS.as_uri())
    assert len(chapters) == 6
    hidden = [c for c in chapters if not c.toc]
    assert [c.title for c in hidden] == ["Aside: the clock is enough"]
    shown = visible(chapters)
    assert [c.start for c in shown] == [0, 30.817, 58.226, 84.405, 111.396]
    assert shown[3].url == "https://www.sqlite.org/about.html"
    assert shown[0].end == 30.817


def test_images_and_links_are_kept_and_resolved_against_the_document() -> None:
    body = json.dumps(
        {
            "version": "1.2.0",
            "chapters": [
                {"startTime": 10, "title": "B", "img": "img/b.png", "url": "https://ex.org/b"},
                {"startTime": 0, "title": "A", "img": "https://cdn.ex.org/a.jpg"},
                {"startTime": 20, "title": "C", "url": "javascript:alert(1)"},
            ],
        }
    )
    chapters = parse_json_chapters(body, "https://ex.org/show/chapters.json")
    assert [c.title for c in chapters] == ["A", "B", "C"]  # sorted by start
    assert chapters[0].image_url == "https://cdn.ex.org/a.jpg"
    assert chapters[1].image_url == "https://ex.org/show/img/b.png"
    assert chapters[1].url == "https://ex.org/b"
    assert chapters[2].url == ""  # only http(s)/file links are kept


def test_entries_without_a_usable_start_are_skipped() -> None:
    body = {
        "chapters": [
            {"title": "no start"},
            {"startTime": "abc", "title": "bad start"},
            {"startTime": -3, "title": "negative"},
            {"startTime": True, "title": "boolean"},
            "not an object",
            {"startTime": "12.5", "title": "string start", "endTime": 5},
        ]
    }
    (chapter,) = parse_json_chapters(json.dumps(body))
    assert chapter == Chapter(start=12.5, title="string start", end=None)  # end before start


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"chapters": {}}', b"\xff\xfe"])
def test_a_document_that_is_not_json_chapters_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ChapterFormatError) as info:
        parse_json_chapters(body)
    assert str(info.value).startswith("The chapters file")


def _marks(*starts: float, title: str = "") -> list[Chapter]:
    return [Chapter(start=s, title=f"{title}{s}") for s in starts]


def test_json_beats_id3_beats_psc() -> None:
    sources = {"psc": _marks(0, 10, title="p"), "id3": _marks(0, 20, title="i")}
    assert choose_chapters(sources)[0] == "id3"
    sources["json"] = _marks(0, 30, title="j")
    source, chapters = choose_chapters(sources, duration=60)
    assert source == "json" and [c.title for c in chapters] == ["j0", "j30"]
    assert choose_chapters({"psc": _marks(0, 5)})[0] == "psc"
    assert choose_chapters({}) == ("", [])


def test_a_source_that_only_has_hidden_markers_does_not_win() -> None:
    hidden = [Chapter(start=3, title="aside", toc=False)]
    source, _ = choose_chapters({"json": hidden, "id3": _marks(0, 20)})
    assert source == "id3"


def test_a_source_describing_a_longer_cut_is_skipped() -> None:
    # JSON chapters for a 2-hour version, the file is 30 minutes: ID3 (in the file) wins.
    sources = {"json": _marks(3600, 5400), "id3": _marks(0, 900)}
    assert choose_chapters(sources, duration=1800)[0] == "id3"


def test_missing_ends_are_filled_from_the_next_start_and_the_duration() -> None:
    chapters = [
        Chapter(start=0, title="a"),
        Chapter(start=10, title="b", end=50),  # overlaps c: cut at c's start
        Chapter(start=20, title="c"),
    ]
    assert [c.end for c in with_ends(chapters, 60)] == [10, 20, 60]
    assert with_ends(chapters, None)[-1].end is None


def test_the_chapter_at_a_position() -> None:
    chapters = _marks(5, 10, 20)
    assert [chapter_at(chapters, p) for p in (0, 5, 9.99, 10, 25)] == [-1, 0, 0, 1, 2]
    assert chapter_at([], 3) == -1
