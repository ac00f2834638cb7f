"""Plain RSS 2.0 items read without feedparser, into exactly the entries feedparser makes.

feedparser spends about 1.5 ms per item in Python callbacks (its SAX handlers, ``pop``,
base-URI bookkeeping on every tag); a 200-item feed costs 0.3 s, and importing 200 such
feeds is almost all of it. Most podcast items are the same dozen text elements, so for those
we let the C XML parser (ElementTree's expat) build the item and fill the few keys that
:func:`player.feeds.parse.map_entry` reads, doing what feedparser does to each value (the
same whitespace strip, mojibake repair, windows-1252 mapping, URI resolution and date
parser, all called from feedparser itself). The channel is still parsed by feedparser: the
caller parses the document with every item cut out (see :mod:`player.feeds.prescan`).

Anything this module does not know exactly how feedparser would read makes it answer None
and the caller falls back to feedparser for the whole feed: an attribute it does not expect,
an element outside :data:`TEXT_ELEMENTS` and the few handled specially, nested markup, a
repeated element, ``xml:base``/``xml:lang``, a feed that is not strict UTF-8 RSS 2.0.
``tests/core/feeds/test_fast_items.py`` checks over the corpus and generated feeds that both
paths store the same thing.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri

TEXT_ELEMENTS = frozenset(
    {"title", "link", "guid", "pubdate", "description", "content_encoded", "itunes_duration",
     "itunes_episode", "itunes_season", "itunes_episodetype", "itunes_explicit"}
)  # fmt: skip
"""Text-only elements (no attributes, except ``isPermaLink`` on guid) this module maps."""
ATTRIBUTE_ELEMENTS = frozenset({"enclosure", "itunes_image", "podcast_chapters"})
REPEATABLE = frozenset({"enclosure", "podcast_transcript"})

_DECLARATION = re.compile(rb"""\sxmlns(?::([\w.-]+))?\s*=\s*("[^"]*"|'[^']*')""")
_START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_QUERY_ENTITY = re.compile("&([A-Za-z0-9_]+);")


class Context:
    """What reading items needs from the channel: namespaces, base URI, encoding."""

    def __init__(self, wrapper_open: bytes, base: str, prefixes: dict[str, str]) -> None:
        self.wrapper_open = wrapper_open
        self.base = base
        self.prefixes = prefixes


def context_for(frame: bytes, frame_result: Any, url: str) -> Context | None:
    """The reading context of a document's items, or None when this module must not read them.

    ``frame`` is the document with every item cut out and ``frame_result`` feedparser's
    (clean) parse of it.
    """
    if frame_result.get("version") != "rss20" or frame_result.get("encoding") != "utf-8":
        return None
    if b"xml:base" in frame or b"xml:lang" in frame:
        return None
    starts = [m for m in _START_TAG.finditer(frame) if not m.group(1).startswith((b"?", b"!"))]
    if len(starts) < 2 or starts[0].group(1) != b"rss" or starts[1].group(1) != b"channel":
        return None
    declared = _DECLARATION.findall(starts[0].group(0)) + _DECLARATION.findall(starts[1].group(0))
    if len(declared) != len(_DECLARATION.findall(frame)):
        return None  # declarations on other elements: their scope is not the items'
    namespaces: dict[bytes, bytes] = {}
    for prefix, value in declared:
        if namespaces.setdefault(prefix, value) != value:
            return None
    if b"" in namespaces:
        return None  # a default namespace: RSS 2.0 elements would not be plain names
    known = _FeedParserMixin._matchnamespaces
    prefixes: dict[str, str] = {}
    for value in namespaces.values():
        uri = value[1:-1].decode("utf-8")
        if uri.lower() in known:
            prefixes[uri] = known[uri.lower()]
    base = make_safe_absolute_uri(url) or ""
    for _ in range(4):  # feedparser re-resolves the base at every start tag
        base = make_safe_absolute_uri(base, base) or base
    if (make_safe_absolute_uri(base, base) or base) != base:
        return None
    opening = b"<w" + b"".join(b" xmlns:" + p + b"=" + v for p, v in namespaces.items()) + b">"
    return Context(opening, base, prefixes)


def read_item(item: bytes, context: Context) -> dict[str, Any] | None:
    """One ``<item>``'s bytes -> the entry feedparser would make (the keys we map), or None."""
    try:
        wrapper = ET.fromstring(context.wrapper_open + item + b"</w>")
    except ET.ParseError:
        return None
    if len(wrapper) != 1:
        return None
    element = wrapper[0]
    if element.tag != "item" or element.attrib:
        return None
    entry: dict[str, Any] = {}
    seen: set[str] = set()
    guid_is_link = False
    for child in element:
        if len(child):
            return None  # nested markup (escaped HTML in an element, Atom content...)
        name = _name(child.tag, context.prefixes)
        if name is None or (name in seen and name not in REPEATABLE):
            return None
        seen.add(name)
        attrs = child.attrib
        if name in TEXT_ELEMENTS:
            if name == "guid":
                if set(attrs) - {"isPermaLink"}:
                    return None
                guid_is_link = attrs.get("isPermaLink", "true") == "true"
            elif attrs:
                return None
            _text_value(entry, name, child.text or "", guid_is_link, context)
        elif name == "podcast_transcript":
            entry.setdefault("podcast_transcripts", []).append(_attributes(attrs))
        elif name in ATTRIBUTE_ELEMENTS:
            if not _attribute_value(entry, name, attrs):
                return None
        else:
            return None
    if "id" in entry and guid_is_link and "link" not in seen:
        entry["link"] = entry["id"]  # feedparser: a permalink guid is the link when none is given
    return entry


def _name(tag: str, prefixes: dict[str, str]) -> str | None:
    """feedparser's key for an element (``itunes_duration``), None for unknown namespaces."""
    if tag[0] != "{":
        return tag.lower()
    uri, _, local = tag[1:].partition("}")
    prefix = prefixes.get(uri)
    if prefix is None:
        return None
    name = f"{prefix}_{local.lower()}"
    if prefix == "content" and name != "content_encoded":
        return None
    if prefix not in ("itunes", "podcast", "content"):
        return None
    return name


def _finish(value: str) -> str:
    """What feedparser's ``pop`` does to every text value of a UTF-8 feed after joining it:
    undo UTF-8 read as Latin-1 where that decodes, map windows-1252 code points.

    Both leave ASCII as it is (the table maps only code points 0x80-0x9f), and most values are
    ASCII: checking first saved a fifth of reading an item."""
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    return value.translate(_cp1252)


def _text_value(
    entry: dict[str, Any], name: str, raw: str, guid_is_link: bool, context: Context
) -> None:
    if name == "itunes_explicit":  # our feedparser extension pops it unstripped
        value = _finish(raw)
        entry["itunes_explicit"] = True if value == "yes" else False if value == "clean" else None
        entry["itunes_explicit_raw"] = value
        return
    value = raw.strip()
    if value and (name == "link" or (name == "guid" and guid_is_link)):
        value = _urljoin(context.base, value)
    value = _finish(value)
    if name == "link":
        value = _QUERY_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))
        entry["link"] = value
    elif name == "guid":
        entry["id"] = value
    elif name == "pubdate":
        entry["published"] = value
        entry["published_parsed"] = _parse_date(value)
    elif name == "description":
        entry["summary"] = value
    elif name == "content_encoded":
        entry["content"] = [{"type": "text/html", "value": value}]
        entry.setdefault("summary", value)
    else:
        entry[name] = value


def _attributes(attrs: dict[str, str]) -> dict[str, str]:
    """feedparser's attribute dict: names lowercased, ``rel``/``type`` values too."""
    out = {}
    for key, value in attrs.items():
        if key[0] == "{":
            return {"\0": ""}  # a namespaced attribute: never matches what map_entry reads
        key = key.lower()
        out[key] = value.lower() if key in ("rel", "type") else value
    return out


def _attribute_value(entry: dict[str, Any], name: str, attrs: dict[str, str]) -> bool:
    """Elements read from their attributes; False when feedparser would read them otherwise."""
    found = _attributes(attrs)
    if "\0" in found or not found:
        return False
    if name == "enclosure":
        href = found.get("url", found.get("uri", found.get("href")))
        if href:
            found.pop("url", None)
            found.pop("uri", None)
            found["href"] = href
        entry.setdefault("enclosures", []).append(found)
    elif name == "itunes_image":
        href = found.get("href") or found.get("url")
        if href:
            entry["image"] = {"href": href}
    else:
        entry[name] = found
    return True
