"""The feedparser internals the fast feed path stands on, checked by name and by behaviour.

feedparser has no plug-in API. ``player/feeds/fastitems.py`` reads plain RSS items itself and
must produce exactly feedparser's values, so it calls feedparser's private helpers (date
parser, windows-1252 table, URI joining, namespace table); ``player/feeds/fp_ext.py`` adds
handler methods to feedparser's parser mixin and swaps in a buffering expat reader through
``feedparser.api.PREFERRED_XML_PARSERS``. None of that is public, so another feedparser
version can break it silently: fast items that differ from a full parse, or handlers never
called. These tests say which internal moved. They need no corpus, so they run everywhere.

Tested range: feedparser >=6.0.11,<6.1 (6.0.11 and 6.0.14 checked; the unreleased main
branch already changes ``itunes:explicit`` and drops ``__version__``).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax import expatreader

import pytest

from player.feeds import fp_ext
from player.feeds.parse import run_feedparser
from tests.core.feeds.test_fast_items import _fast, _reference

TESTED_RANGE = ">=6.0.11,<6.1"
VERSION = importlib.metadata.version("feedparser")
BASE = "https://feeds.example.org/show/feed.xml"


def _broken(what: str, used_by: str, detail: str) -> str:
    return (
        f"feedparser {VERSION} broke {what}, which {used_by} relies on: {detail}. "
        f"The fast path is tested with feedparser {TESTED_RANGE}: pin it there in "
        "pyproject.toml, or adapt player/feeds/fastitems.py and fp_ext.py to the new version."
    )


@dataclass(frozen=True)
class Internal:
    """One private feedparser name we use, who uses it, and what it must still do."""

    module: str
    name: str
    used_by: str
    check: Callable[[Any], None]

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}"


def _check_parse_date(parse_date: Any) -> None:
    assert parse_date("Tue, 10 Jun 2003 04:00:00 GMT")[:6] == (2003, 6, 10, 4, 0, 0)
    assert parse_date("Sat, 31 May 2025 10:27:11 -0500")[:6] == (2025, 5, 31, 15, 27, 11)
    assert isinstance(parse_date("2024-01-02"), time.struct_time)
    assert parse_date("not a date") is None


def _check_cp1252(table: Any) -> None:
    assert "\x80\x96\x9f".translate(table) == "\u20ac\u2013\u0178"
    assert "plain caf\u00e9".translate(table) == "plain caf\u00e9"


def _check_urljoin(urljoin: Any) -> None:
    assert urljoin("https://a.example/show/", "ep/1") == "https://a.example/show/ep/1"
    assert urljoin("https://a.example/show/", "https://b.example/x") == "https://b.example/x"


def _check_safe_absolute(make_safe: Any) -> None:
    assert make_safe("https://a.example/feed") == "https://a.example/feed"
    assert make_safe("https://a.example/show/", "ep") == "https://a.example/show/ep"
    assert make_safe("javascript:alert(1)") == ""


def _check_mixin(mixin: Any) -> None:
    run_feedparser(b'<rss version="2.0"><channel/></rss>')  # fills the table on first use
    known = mixin._matchnamespaces
    assert known["http://www.itunes.com/dtds/podcast-1.0.dtd"] == "itunes"
    assert known["http://purl.org/rss/1.0/modules/content/"] == "content"
    assert isinstance(mixin.namespaces, dict)
    for method in ("_get_context", "pop", "push"):
        assert callable(getattr(mixin, method, None)), f"no {method}() on the mixin"
    assert callable(getattr(mixin, "_end_itunes_explicit", None)), "no _end_itunes_explicit"


def _check_preferred_parsers(value: Any) -> None:
    assert isinstance(value, list), f"it is a {type(value).__name__}, not a list"


INTERNALS = [
    Internal("feedparser.datetimes", "_parse_date", "fastitems (pubDate)", _check_parse_date),
    Internal("feedparser.html", "_cp1252", "fastitems (windows-1252 repair)", _check_cp1252),
    Internal("feedparser.urls", "_urljoin", "fastitems (link and guid URIs)", _check_urljoin),
    Internal(
        "feedparser.urls", "make_safe_absolute_uri", "fastitems (base URI)", _check_safe_absolute
    ),
    Internal(
        "feedparser.mixin", "_FeedParserMixin", "fastitems and fp_ext (namespaces, handlers)",
        _check_mixin,
    ),
    Internal(
        "feedparser.api", "PREFERRED_XML_PARSERS", "fp_ext (buffered expat reader)",
        _check_preferred_parsers,
    ),
]  # fmt: skip


@pytest.mark.parametrize("internal", INTERNALS, ids=[i.dotted for i in INTERNALS])
def test_the_private_feedparser_names_we_use_still_do_what_we_use_them_for(
    internal: Internal,
) -> None:
    try:
        module = importlib.import_module(internal.module)
    except ImportError as exc:
        pytest.fail(_broken(internal.dotted, internal.used_by, f"no module ({exc})"))
    if not hasattr(module, internal.name):
        pytest.fail(_broken(internal.dotted, internal.used_by, "the name is gone"))
    try:
        internal.check(getattr(module, internal.name))
    except Exception as exc:  # an AssertionError, or a TypeError from a changed signature
        pytest.fail(_broken(internal.dotted, internal.used_by, f"{type(exc).__name__}: {exc}"))


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Show</title>
<item><title>One \xe2\x80\x93 caf\xc3\xa9</title><link>ep/1</link>
 <guid isPermaLink="false">tag:one</guid><pubDate>Sat, 31 May 2025 10:27:11 -0500</pubDate>
 <description>&lt;p&gt;Notes &amp;amp; more&lt;/p&gt;</description>
 <content:encoded><![CDATA[<p>Longer <a href="/notes">notes</a></p>]]></content:encoded>
 <enclosure url="media/1.mp3" length="1234" type="Audio/MPEG"/>
 <itunes:duration>01:02:03</itunes:duration><itunes:explicit>true</itunes:explicit>
 <itunes:image href="https://feeds.example.org/1.jpg"/><itunes:episode>1</itunes:episode>
 <podcast:chapters url="https://feeds.example.org/1.json" type="application/json+chapters"/>
 <podcast:transcript url="https://feeds.example.org/1.vtt" type="text/vtt"/>
 <podcast:transcript url="https://feeds.example.org/1.srt" type="application/srt"/>
</item>
<item><title>Two</title><guid>https://feeds.example.org/ep/2</guid>
 <pubDate>2024-01-02</pubDate><description>Plain \xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9</description>
 <enclosure url="https://feeds.example.org/2.mp3" length="99" type="audio/mpeg"/>
 <itunes:explicit>clean</itunes:explicit>
</item></channel></rss>"""


def test_feedparser_still_calls_the_handlers_and_parser_fp_ext_installs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Handlers are found by name (``_start_podcast_transcript``) and the XML reader through
    ``PREFERRED_XML_PARSERS``; a version that dispatches otherwise would skip both silently."""
    created: list[expatreader.ExpatParser] = []

    def create_parser(*args: Any, **kwargs: Any) -> fp_ext.BufferedExpatParser:
        created.append(fp_ext.create_parser(*args, **kwargs))
        return created[-1]

    monkeypatch.setitem(globals(), "create_parser", create_parser)
    monkeypatch.setattr("feedparser.api.PREFERRED_XML_PARSERS", [__name__])
    result = run_feedparser(FEED, BASE)
    if not created:
        pytest.fail(_broken("feedparser.api.PREFERRED_XML_PARSERS", "fp_ext", "never consulted"))
    first, second = result["entries"]
    transcripts = [t.get("url") for t in first.get("podcast_transcripts", [])]
    if len(transcripts) != 2:
        pytest.fail(
            _broken(
                "handler dispatch on _FeedParserMixin", "fp_ext (_start_podcast_transcript)",
                f"expected both transcripts, got {transcripts}",
            )
        )  # fmt: skip
    raw = (first.get("itunes_explicit_raw"), second.get("itunes_explicit_raw"))
    if raw != ("true", "clean"):
        what = "handler override on _FeedParserMixin"
        pytest.fail(_broken(what, "fp_ext (_end_itunes_explicit)", str(raw)))


def test_a_feed_using_every_fast_path_feature_reads_the_same_as_a_full_feedparser_parse() -> None:
    """The end-to-end guarantee the internals serve: fast items equal feedparser's own."""
    fast = _fast(FEED, BASE)
    if fast is None:
        pytest.fail(_broken("the channel or namespace parse", "fastitems", "fast path refused"))
    full = _reference(FEED, BASE)
    if fast != full:
        diff = [
            f"item {i} {name}: fast {getattr(a, name)!r} != feedparser {getattr(b, name)!r}"
            for i, (a, b) in enumerate(zip(fast.items, full.items, strict=False))
            for name in vars(a)
            if getattr(a, name) != getattr(b, name)
        ]
        pytest.fail(_broken("a value fastitems reproduces", "fastitems", "; ".join(diff)))
    assert [item.explicit for item in full.items] == [True, False]
    assert full.items[0].link == "https://feeds.example.org/show/ep/1"
    assert full.items[0].title == "One \u2013 caf\u00e9"
    assert len(full.items[0].transcripts) == 2
