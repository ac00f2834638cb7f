"""Every feed of the shared corpus through the parser, checked against the expected results.

The corpus (``../shared/corpus``, read in place) holds real feeds and other parsers' test
cases with their expected output. Those use their own data models, so we compare what both
must agree on: episode count, titles, enclosure URLs and durations. Deliberate differences are
listed in ``DIFFERENCES`` with the reason; anything else failing is a bug.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path

import pytest

from player.domain.feed import FeedDocument
from player.feeds.errors import NotAFeedError
from player.feeds.opml import read_opml
from player.feeds.parse import parse_feed
from tests.conftest import corpus_dir

URL = "https://example.com/feed.xml"

NOT_FEEDS = {
    "lw-podcast-feed-parser__not-xml.rss": "the 12 bytes 'i am not xml'",
    "rss-parser__unrecognized.rss": "an HTML 'Document Moved' page",
}
"""Deliberate non-feeds in the corpus: they must be refused with NotAFeedError."""

DIFFERENCES = {
    "podcastparser__max_episodes": "the expectation was made with max_episodes=1; we keep all",
    "podcastparser__no_title_multi_enclosure": "podcastparser drops an item without a title; "
    "it has playable enclosures, so we keep it (named after its file)",
    "feed-rs__rss_2.0_nightvale": "feed-rs reads itunes:duration 26:53 as 26 s; it is 1613 s",
    "feed-rs__rss_2.0_ch9": "feed-rs picks a media:content rendition; we take the <enclosure> "
    "(the file the publisher marks as the episode)",
    "feed-rs__rss_2.0_spiegel": "feed-rs picks media:content, an HTML player page (no type); "
    "we take the <enclosure> audio.mp3",
}


def _feeds() -> list[Path]:
    return sorted(p for p in corpus_dir("feeds").iterdir() if p.suffix != ".json")


@cache
def _parsed(name: str) -> FeedDocument:
    return parse_feed((corpus_dir("feeds") / name).read_bytes(), URL)


def test_every_corpus_feed_parses_without_exception() -> None:
    parsed = refused = with_items = 0
    for path in _feeds():
        if path.name in NOT_FEEDS:
            with pytest.raises(NotAFeedError, match=r"\.$"):
                parse_feed(path.read_bytes(), URL)
            refused += 1
            continue
        doc = _parsed(path.name)
        with_items += bool(doc.items)
        for item in doc.items:
            assert item.guid, path.name
            assert item.enclosure_url == "" or item.enclosure_url.startswith("http"), path.name
            assert "<script" not in item.description.lower(), path.name
        parsed += 1
    assert parsed >= 110 and refused == len(NOT_FEEDS) and with_items >= 85


def _same_title(expected: str, actual: str) -> bool:
    """Equal titles; U+FFFD in the expectation matches any letter (rss-parser decoded the
    Latin-1 bytes of uolNoticias as UTF-8, feedparser's windows-1252 fallback gets them right)."""
    expected = " ".join(expected.split())
    if "\ufffd" not in expected:
        return expected == actual
    return len(expected) == len(actual) and all(
        e in ("\ufffd", a) for e, a in zip(expected, actual, strict=True)
    )


def _check(name: str, doc: FeedDocument, episodes: list[dict[str, object]]) -> list[str]:
    problems = []
    if len(episodes) != len(doc.items):
        problems.append(f"{len(episodes)} episodes expected, {len(doc.items)} parsed")
    for want, item in zip(episodes, doc.items, strict=False):
        if not _same_title(str(want["title"]), item.title):
            problems.append(f"title {want['title']!r} != {item.title!r}")
        if want["enclosure"] is not None and want["enclosure"] != item.enclosure_url:
            problems.append(f"enclosure {want['enclosure']!r} != {item.enclosure_url!r}")
        duration = want["duration"]
        if duration and item.duration != pytest.approx(float(duration)):  # type: ignore[arg-type]
            problems.append(f"duration {duration!r} != {item.duration!r}")
    return problems


def _podcastparser(path: Path) -> list[dict[str, object]]:
    out = []
    for e in json.loads(path.read_text())["episodes"]:
        # podcastparser resolved relative URLs against file://tests/data/; we use the feed URL.
        urls = [
            x["url"].replace("file://tests/data/", "https://example.com/")
            for x in e.get("enclosures", [])
        ]
        out.append(
            {
                "title": e.get("title") or "",
                "enclosure": urls[0] if urls else "",
                "duration": e.get("total_time"),
            }
        )
    return out


def _rss_parser(path: Path) -> list[dict[str, object]]:
    out = []
    for item in json.loads(path.read_text())["feed"].get("items", []):
        duration = (item.get("itunes") or {}).get("duration")
        seconds = None
        if duration and duration != "0":  # '0' (giantbomb) means unknown for us: None
            seconds = sum(float(p) * 60**i for i, p in enumerate(reversed(duration.split(":"))))
        out.append({"title": item.get("title") or "",
                    "enclosure": (item.get("enclosure") or {}).get("url", ""),
                    "duration": seconds})  # fmt: skip
    return out


def _feed_rs(path: Path) -> list[dict[str, object]]:
    out = []
    for entry in json.loads(path.read_text()).get("entries", []):
        # Only audio/video counts: the YouTube entry's Flash player page is no enclosure.
        media = [
            c["url"]
            for m in entry.get("media", [])
            for c in m.get("content", [])
            if c.get("url") and (c.get("content_type") or "").startswith(("audio", "video"))
        ]
        durations = [m["duration"] for m in entry.get("media", []) if m.get("duration")]
        out.append({"title": (entry.get("title") or {}).get("content") or "",
                    "enclosure": media[0] if media else None,
                    "duration": _seconds(durations[0]) if durations else None})  # fmt: skip
    return out


def _seconds(value: object) -> float:
    if isinstance(value, dict):
        return float(value.get("secs", 0)) + float(value.get("nanos", 0)) / 1e9
    return float(value)  # type: ignore[arg-type]


def _feedsmith(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text())
    return [{"title": i.get("title") or "", "enclosure": None, "duration": None}
            for i in data.get("items") or data.get("entries") or []]  # fmt: skip


EXPECTATIONS = [
    ("podcastparser__*.json", ".rss", _podcastparser),
    ("rss-parser__*.json", ".rss", _rss_parser),
    ("feed-rs__*.serde.json", ".xml", _feed_rs),
    ("feedsmith__*-ns.json", ".xml", _feedsmith),
]


def test_expected_results_agree_except_for_listed_differences() -> None:
    compared = 0
    failures = {}
    for pattern, suffix, load in EXPECTATIONS:
        for expected in sorted(corpus_dir("feeds").glob(pattern)):
            if expected.name.endswith(".param.json"):
                continue
            stem = expected.name.removesuffix(".json").removesuffix(".serde")
            problems = _check(stem, _parsed(stem + suffix), load(expected))
            compared += 1
            if problems and stem not in DIFFERENCES:
                failures[stem] = problems[:3]
            if stem in DIFFERENCES:
                assert problems, f"{stem} is listed as different but agrees: update DIFFERENCES"
    assert failures == {}
    assert compared >= 45


def test_every_transcript_of_an_item_is_kept() -> None:
    doc = _parsed("antennapod__feed-rss-testPodcastIndexTranscript.xml")
    assert len(doc.items[0].transcripts) >= 2
    pc20 = _parsed("partytime__pc20rss.xml")
    assert sum(len(i.transcripts) for i in pc20.items) >= 47
    assert {t.type for i in pc20.items for t in i.transcripts} >= {"application/srt"}


def test_itunes_explicit_true_and_false_are_read(tmp_path: Path) -> None:
    values = {"true": True, "false": False, "yes": True, "clean": False, "no": False, "": None}
    items = "".join(
        f"<item><guid>g{i}</guid><title>t{i}</title><itunes:explicit>{v}</itunes:explicit></item>"
        for i, v in enumerate(values)
    )
    body = (
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        f"<channel><title>E</title>{items}</channel></rss>"
    ).encode()
    doc = parse_feed(body, URL)
    assert [i.explicit for i in doc.items] == list(values.values())


def test_podlove_chapters_and_podcast_chapters_links() -> None:
    cre = _parsed("feedjira__CRE.xml")
    chapters = [c for i in cre.items for c in i.chapters]
    assert len(chapters) >= 200
    first = cre.items[0].chapters
    assert all(a.start < b.start and a.end == b.start for a, b in itertools.pairwise(first))
    assert first[-1].end is None and first[0].title
    pc20 = _parsed("partytime__pc20rss.xml")
    links = [i for i in pc20.items if i.chapters_url]
    assert len(links) >= 48 and links[0].chapters_type.startswith("application/json")


def test_hazards_listed_by_the_corpus_are_handled() -> None:
    # Whitespace before <?xml, no declaration, undeclared prefixes, odd namespace URIs.
    assert len(_parsed("partytime__sentimental-garbage.xml").items) == 138
    assert _parsed("rss-parser__itunes-missing-image.rss").items[0].duration is not None
    assert _parsed("podcastparser__itunes_no_xmlns.rss").items[0].duration == 1200
    assert len(_parsed("partytime__no-agenda.xml").items) == 29
    # Legacy encodings decode to the real letters.
    assert (
        "Ä" in _parsed("node-feedparser__iconv.xml").title
        or _parsed("node-feedparser__iconv.xml").title.isascii() is False
    )
    # Relative enclosure URLs resolve against the feed URL; file: never survives a web feed.
    assert (
        _parsed("feed-rs__rss_2.0_relurl_2.xml")
        .items[0]
        .enclosure_url.startswith("https://example.com/")
    )
    # Missing pubDate stays None here; the writer stores the first-seen time instead.
    undated = _parsed("lw-podcast-feed-parser__episode-with-no-pub-date.rss")
    dates = [i.published for i in undated.items]
    assert dates[0] is None and all(d is not None for d in dates[1:])


def test_every_corpus_opml_file_imports() -> None:
    counts = {}
    for path in sorted(corpus_dir("opml").iterdir()):
        if path.suffix == ".json":
            continue
        counts[path.name] = len(read_opml(path.read_bytes()))
    assert counts["rsparser__Subs.opml"] == counts["rsparser__SubsNoTitleAttributes.opml"] > 200
    assert counts["listparser__outline_xmlUrl-miscapitalized.xml"] == 1
    assert counts["listparser__outline_type-include.xml"] == 0  # a link to another list
    nested = read_opml((corpus_dir("opml") / "listparser__hier-2-nested.xml").read_bytes())
    assert nested[0].folder == "grouping1/grouping2"
    tagged = read_opml((corpus_dir("opml") / "listparser__tags-2-multiple.xml").read_bytes())
    assert tagged[0].folder == "tag1"
    entity = read_opml((corpus_dir("opml") / "listparser__html-entity-attribute.xml").read_bytes())
    assert entity[0].title == "archæology"
