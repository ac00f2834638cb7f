"""The Podcasting 2.0 namespace, read from the raw XML (a second pass beside feedparser).

feedparser cannot carry these tags: it drops element text when attributes are present, keeps
only the last of repeated elements, lower-cases attribute names and flattens nesting (an
``alternateEnclosure``'s ``source`` list, a ``liveItem``'s own enclosure). So the same bytes go
through expat once more, namespace-aware: elements are recognised by the namespace URI
(:data:`NAMESPACES`), whatever prefix the feed binds it to. Only elements of that namespace (and
the few RSS elements inside a ``liveItem``) are looked at; everything else costs one callback.

Safety: expat never fetches external entities, and a document that declares entities at all
is refused here (as :mod:`player.feeds.prescan` does), so nothing can expand. A document expat
cannot read strictly yields no extras: feedparser's own result still stands.

The pass returns the channel's tags and one :class:`ItemExtras` per top-level item, in
document order, which :func:`player.feeds.parse.map_result` pairs with feedparser's entries.
This module reads the document; what each element means is :mod:`player.feeds.podcasting20_tags`.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from player.domain.podcasting20 import ChannelExtras, ItemExtras
from player.feeds.podcasting20_tags import SEP, Node, channel_extras, item_extras

NAMESPACES = frozenset(
    {
        "https://podcastindex.org/namespace/1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
        "http://podcastindex.org/namespace/1.0",
    }
)
"""The namespace's URIs: the current one, the older GitHub one, and a common http typo."""
_MARKERS = tuple(uri.encode("ascii") for uri in NAMESPACES)
_ITEMS = frozenset({"item", "entry"})
_CHANNELS = frozenset({"channel", "feed"})
_LIVE_TEXT = frozenset({"title", "guid", "link", "description"})


@dataclass(slots=True)
class Extras:
    """The pass's result: the channel's tags, and each top-level item's in document order."""

    channel: ChannelExtras = field(default_factory=ChannelExtras)
    items: list[ItemExtras] = field(default_factory=list)


def has_namespace(body: bytes) -> bool:
    """Whether the document mentions the namespace at all (a C-speed test: most do not)."""
    return any(marker in body for marker in _MARKERS)


def extract(body: bytes, feed_url: str = "", *, retried: bool = False) -> Extras | None:
    """The namespace's tags in ``body``; None when the document has none or is unreadable.

    ``None`` means "nothing to add": the caller keeps feedparser's result as it is. When it is
    not None, ``items`` has one entry per top-level ``item``/``entry`` element. A document
    using HTML entities XML does not define is read once more with them replaced.
    """
    if not has_namespace(body) or b"<!ENTITY" in body:
        return None
    reader = _Reader(feed_url)
    parser = expat.ParserCreate(namespace_separator=SEP)
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.EntityDeclHandler = _refuse_entities
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        if exc.code != _UNDEFINED_ENTITY or retried:
            return None
        return extract(_HTML_ENTITY.sub(_html_entity, body), feed_url, retried=True)
    except (_RefusedError, ValueError):
        return None
    return reader.result()


_UNDEFINED_ENTITY = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]
_HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _html_entity(match: re.Match[bytes]) -> bytes:
    """``&nbsp;`` and its kind (HTML, undeclared in XML, common in feeds) as the character;
    an unknown name becomes nothing. feedparser reads such feeds loosely; so do we."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    char = html.entities.html5.get(name.decode("ascii") + ";", "")
    return char.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")


_DECLARATION = re.compile(rb"""\sxmlns(?::([\w.-]+))?\s*=\s*("[^"]*"|'[^']*')""")
_FEEDPARSER_READS = frozenset({b"chapters", b"transcript"})
"""Namespace elements of an item that feedparser already maps (and this pass ignores)."""


def extract_items(
    body: bytes, spans: Sequence[tuple[int, int]], indexes: Sequence[int], feed_url: str = ""
) -> Extras | None:
    """:func:`extract` for a pre-scanned document, reading only what can hold the namespace.

    ``spans`` are the top-level items (:func:`player.feeds.prescan.scan`); the result has one
    entry per index in ``indexes``, in that order. The channel is read from the document with
    every item cut out; an item is parsed only when it has a namespace element this pass maps
    (a C-speed search for the prefixes the document binds to the namespace), inside a wrapper
    that declares the document's prefixes. Most items of most feeds have none, or only
    ``podcast:chapters``/``podcast:transcript``, so a refresh pays almost nothing for them.
    Falls back to :func:`extract` over the same items when declarations are not all on the
    outside of the items (or disagree), since the wrapper would then read them wrongly.
    """
    if not has_namespace(body) or b"<!ENTITY" in body:
        return None
    parts, position = [], 0
    for a, b in spans:
        parts.append(body[position:a])
        position = b
    parts.append(body[position:])
    frame = b"".join(parts)
    declared: dict[bytes, bytes] = {}
    for prefix, value in _DECLARATION.findall(frame):
        if declared.setdefault(prefix or b"", value) != value:
            return _fallback(body, spans, indexes, feed_url)
    prefixes = [p for p, v in declared.items() if v[1:-1].decode("utf-8", "replace") in NAMESPACES]
    chosen = [body[spans[i][0] : spans[i][1]] for i in indexes]
    if b"" in prefixes or any(b"xmlns" in item for item in chosen):
        return _fallback(body, spans, indexes, feed_url)
    if not prefixes:
        return None  # nothing binds the namespace outside the items, and no item declares it
    channel = extract(frame, feed_url)
    if channel is None:
        return None  # the document around the items is unreadable: so is the whole of it
    names = re.compile(rb"<(?:" + rb"|".join(re.escape(p) for p in prefixes) + rb"):([\w.-]+)")
    opening = (
        b"<w"
        + b"".join(b" xmlns" + (b":" + p if p else b"") + b"=" + v for p, v in declared.items())
        + b">"
    )
    items: list[ItemExtras] = []
    for item in chosen:
        if not set(names.findall(item)) - _FEEDPARSER_READS:
            items.append(ItemExtras())
            continue
        found = extract(opening + item + b"</w>", feed_url)
        if found is None or len(found.items) != 1:
            return None
        items.append(found.items[0])
    return Extras(channel.channel, items)


def _fallback(
    body: bytes, spans: Sequence[tuple[int, int]], indexes: Sequence[int], feed_url: str
) -> Extras | None:
    """The whole document through :func:`extract`, keeping the items at ``indexes``."""
    whole = extract(body, feed_url)
    if whole is None or len(whole.items) != len(spans):
        return None
    return Extras(whole.channel, [whole.items[i] for i in indexes])


class _RefusedError(Exception):
    """The document declares an entity: stop reading (no expansion, ever)."""


def _refuse_entities(*_args: Any) -> None:
    raise _RefusedError


class _Reader:
    """expat callbacks: track where we are (channel, item, liveItem) and collect nodes."""

    def __init__(self, feed_url: str) -> None:
        self.base = feed_url
        self.depth_in_item = 0
        self.channel_nodes: list[Node] = []
        self.item_nodes: list[list[Node]] = []
        self.stack: list[Node | None] = []
        self.collecting = 0  # >0 while inside a namespace element or a liveItem

    def start(self, name: str, attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(SEP)
        in_ns = uri in NAMESPACES
        if not in_ns and not self.collecting:
            if local in _ITEMS and not uri.endswith(("namespace/1.0", "1.0.md")):
                if self.depth_in_item == 0:
                    self.item_nodes.append([])
                self.depth_in_item += 1
                self.stack.append(_ITEM_MARK)
            else:
                self.stack.append(None)
            return
        node = Node(local if in_ns else f"rss:{local}", {k.lower(): v for k, v in attrs.items()})
        parent = self._parent()
        if parent is not None:
            parent.children.append(node)
        elif self.depth_in_item == 1:
            self.item_nodes[-1].append(node)
        elif self.depth_in_item == 0:
            self.channel_nodes.append(node)
        self.collecting += 1
        self.stack.append(node)

    def end(self, _name: str) -> None:
        node = self.stack.pop()
        if node is _ITEM_MARK:
            self.depth_in_item -= 1
        elif node is not None:
            self.collecting -= 1

    def text(self, data: str) -> None:
        if self.collecting:
            node = self.stack[-1]
            if node is not None and node is not _ITEM_MARK:
                node.text.append(data)

    def _parent(self) -> Node | None:
        for node in reversed(self.stack):
            if node is _ITEM_MARK:
                return None
            if node is not None:
                return node
        return None

    def result(self) -> Extras:
        base = self.base
        return Extras(
            channel=channel_extras(self.channel_nodes, base),
            items=[item_extras(nodes, base) for nodes in self.item_nodes],
        )


_ITEM_MARK = Node("", {})


__all__ = ["NAMESPACES", "Extras", "extract", "extract_items", "has_namespace"]
