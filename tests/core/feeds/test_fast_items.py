"""Items read by ``fastitems`` must map to exactly what feedparser's own parse maps to.

The reference is the plain path: ``map_result(run_feedparser(whole document))``. Every corpus
feed, feeds made by the benchmark's generator and items mutated by hypothesis go through
both; wherever the fast reader accepts a feed, the documents (channel and every item field,
content hash included) must be equal. Counts make sure the comparison is not vacuous.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.domain.feed import FeedDocument
from player.feeds import prescan
from player.feeds.errors import NotAFeedError
from player.feeds.jobs import ParseJob, _fast_doc, run_job
from player.feeds.parse import map_result, prepare, run_feedparser
from tests.conftest import CORPUS, corpus_dir

URL = "https://feeds.example.org/show/feed.xml"


def _reference(body: bytes, url: str) -> FeedDocument:
    return map_result(run_feedparser(body, url), url)


def _fast(body: bytes, url: str) -> FeedDocument | None:
    body = prepare(body)
    found = prescan.scan(body, url)
    if found is None or not found.spans:
        return None
    try:
        return _fast_doc(ParseJob(url, body), body, found, range(len(found.spans)))
    except NotAFeedError:
        return None


@cache
def _generator() -> ModuleType:
    """The benchmark's feed generator (``../shared/bench/feeds_server.py``), read in place."""
    path = CORPUS.parent / "bench" / "feeds_server.py"
    if not path.is_file():
        pytest.skip(f"the shared benchmark server is not here ({path})")
    spec = importlib.util.spec_from_file_location("feeds_server_for_tests", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_corpus_feed_the_fast_reader_accepts_maps_like_feedparser() -> None:
    accepted = 0
    for path in sorted(p for p in corpus_dir("feeds").iterdir() if p.suffix != ".json"):
        body = path.read_bytes()
        fast = _fast(body, URL)
        if fast is None:
            continue
        assert fast == _reference(prepare(body), URL), path.name
        accepted += bool(fast.items)
    # Real feeds mostly carry elements the fast reader leaves to feedparser (itunes:author,
    # itunes:summary, category...); the plain ones must still be a handful.
    assert accepted >= 5


@pytest.mark.parametrize("index", range(0, 40, 3))
def test_benchmark_feeds_take_the_fast_path_and_map_like_feedparser(index: int) -> None:
    generator = _generator()
    body, _newest = generator.generate_feed("podcast", index, 30, "127.0.0.1:8000", extra=index)
    url = f"http://127.0.0.1:8000/feeds/{index:04d}.xml"
    fast = _fast(body, url)
    assert fast is not None and len(fast.items) == 30 + index
    assert fast == _reference(body, url)


def test_a_refresh_stores_fast_items_like_the_full_parse() -> None:
    generator = _generator()
    url = "http://127.0.0.1:8000/feeds/0007.xml"
    old, _ = generator.generate_feed("podcast", 7, 20, "127.0.0.1:8000")
    new, _ = generator.generate_feed("podcast", 7, 20, "127.0.0.1:8000", extra=2)
    known = run_job(ParseJob(url, old)).fingerprints
    refreshed = run_job(ParseJob(url, new, known=known))
    assert refreshed.partial and refreshed.parsed_items == 2
    full = _reference(new, url)
    assert refreshed.doc.items == full.items[:2]
    assert refreshed.present == [item.guid for item in full.items]


ITEM = (
    "<item><title>{title}</title><link>{link}</link>"
    '<guid isPermaLink="{permalink}">{guid}</guid><pubDate>{date}</pubDate>'
    "<description>{notes}</description>{extra}"
    '<enclosure url="{enclosure}" length="{length}" type="{mime}"/>'
    "<itunes:duration>{duration}</itunes:duration><itunes:explicit>{explicit}</itunes:explicit>"
    "</item>"
)
FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>T</title>'
    "{items}</channel></rss>"
)
EXTRAS = [
    "", "<content:encoded>{0}</content:encoded>", "<itunes:image href='{0}'/>",
    "<podcast:chapters url='{0}' type='Application/JSON+chapters'/>",
    "<podcast:transcript url='{0}' type='text/VTT'/>", "<link>{0}</link>",
]  # fmt: skip
_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=40
)
_tricky = st.sampled_from(
    ["", " ", "a &amp; b", "&lt;p&gt;x&lt;/p&gt;", "<![CDATA[<b>hi</b>]]>", "Ã©tÃ©", "\x80\x93",
     "caf\u00e9", "/relative/path", "?q=1&amp;r=2", "javascript:alert(1)", "  padded  ",
     "https://example.org/a b", "&#233;&#x2013;", "yes", "clean", "True", "01:02:03"]
)  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_value = st.one_of(_tricky, _text.map(_escape))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "title": _value,
                "link": _value,
                "permalink": st.sampled_from(["true", "false", "True"]),
                "guid": _value,
                "date": st.sampled_from(["Sat, 31 May 2025 10:27:11 -0500", "2024-01-02", "x"]),
                "notes": _value,
                "extra": st.sampled_from(EXTRAS),
                "enclosure": _value,
                "length": st.sampled_from(["", "12", "x", "-5"]),
                "mime": st.sampled_from(["audio/mpeg", "Audio/MP4", "", "text/html"]),
                "duration": _value,
                "explicit": _value,
            }
        ),
        min_size=1,
        max_size=3,
    )
)
def test_generated_items_map_like_feedparser(items: list[dict[str, str]]) -> None:
    parts = []
    for fields in items:
        fields = dict(fields, extra=fields["extra"].format(fields["notes"]))
        parts.append(ITEM.format(**fields))
    body = FEED.format(items="".join(parts)).encode("utf-8")
    fast = _fast(body, URL)
    if fast is not None:
        assert fast == _reference(body, URL)


def test_an_unknown_element_sends_the_feed_to_feedparser() -> None:
    body = FEED.format(items="<item><title>A</title><author>x@y.z</author></item>").encode()
    assert _fast(body, URL) is None
    assert _fast(FEED.format(items="<item><title>A</title></item>").encode(), URL) is not None


def test_the_fast_reader_is_what_imports_use() -> None:
    """Guards the speed-up itself: the benchmark's feeds must not silently fall back."""
    body, _ = _generator().generate_feed("podcast", 3, 50, "127.0.0.1:8000")
    assert _fast(body, "http://127.0.0.1:8000/feeds/0003.xml") is not None
