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
"""

from __future__ import annotations

import email.utils
import html.entities
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from player.domain.podcasting20 import (
    LIVE_STATUSES,
    AlternateEnclosure,
    ChannelExtras,
    Chat,
    ContentLink,
    EnclosureSource,
    Funding,
    Image,
    Integrity,
    ItemExtras,
    LiveItem,
    Locked,
    Person,
    RemoteItem,
    SocialInteract,
    Soundbite,
    Txt,
    UpdateFrequency,
)

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
_SEP = "\x1f"
_LIVE_TEXT = frozenset({"title", "guid", "link", "description"})
_SRCSET = re.compile(r"\s*(\S+)(?:\s+(\d+)w)?\s*(?:,|$)")


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
    parser = expat.ParserCreate(namespace_separator=_SEP)
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


class _Node:
    """An element of the namespace (or inside a liveItem) being read: attributes, text,
    children of interest."""

    __slots__ = ("attrs", "children", "local", "text")

    def __init__(self, local: str, attrs: dict[str, str]) -> None:
        self.local = local
        self.attrs = attrs
        self.text: list[str] = []
        self.children: list[_Node] = []

    def value(self) -> str:
        return " ".join("".join(self.text).split())

    def attr(self, name: str) -> str:
        return " ".join(self.attrs.get(name.lower(), "").split())


class _Reader:
    """expat callbacks: track where we are (channel, item, liveItem) and collect nodes."""

    def __init__(self, feed_url: str) -> None:
        self.base = feed_url
        self.depth_in_item = 0
        self.channel_nodes: list[_Node] = []
        self.item_nodes: list[list[_Node]] = []
        self.stack: list[_Node | None] = []
        self.collecting = 0  # >0 while inside a namespace element or a liveItem

    def start(self, name: str, attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(_SEP)
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
        node = _Node(local if in_ns else f"rss:{local}", {k.lower(): v for k, v in attrs.items()})
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

    def _parent(self) -> _Node | None:
        for node in reversed(self.stack):
            if node is _ITEM_MARK:
                return None
            if node is not None:
                return node
        return None

    def result(self) -> Extras:
        base = self.base
        return Extras(
            channel=_channel(self.channel_nodes, base),
            items=[_item(nodes, base) for nodes in self.item_nodes],
        )


_ITEM_MARK = _Node("", {})


# -- mapping nodes to the domain ----------------------------------------------------------


def _channel(nodes: list[_Node], base: str) -> ChannelExtras:
    by = _group(nodes)
    podroll = tuple(
        r for n in by.get("podroll", ()) for c in n.children if c.local == "remoteItem"
        if (r := _remote(c, base)) is not None
    )  # fmt: skip
    first = _first(by, "updateFrequency")
    podping = _first(by, "podping")
    locked = _first(by, "locked")
    guid = _first(by, "guid")
    medium = _first(by, "medium")
    return ChannelExtras(
        guid=_guid(guid.value()) if guid else "",
        persons=_persons(by, base),
        funding=_funding(by, base),
        podroll=podroll,
        live_items=tuple(i for n in by.get("liveItem", ()) if (i := _live(n, base)) is not None),
        chat=_chat(by),
        social=_social(by, base),
        update_frequency=_frequency(first) if first else None,
        podping=_bool(podping.attr("usesPodping")) if podping else None,
        images=_images(by, base),
        txt=_txt(by),
        locked=Locked(_bool(locked.value()) is True, locked.attr("owner")) if locked else None,
        medium=medium.value().lower() if medium else "",
    )


def _item(nodes: list[_Node], base: str) -> ItemExtras:
    by = _group(nodes)
    season = _first(by, "season")
    episode = _first(by, "episode")
    return ItemExtras(
        persons=_persons(by, base),
        season=_int(season.value()) if season else None,
        season_name=season.attr("name") if season else "",
        episode_number=_number(episode.value()) if episode else None,
        episode_display=episode.attr("display") if episode else "",
        soundbites=tuple(s for n in by.get("soundbite", ()) if (s := _soundbite(n)) is not None),
        alternate_enclosures=_alternates(by, base),
        funding=_funding(by, base),
        chat=_chat(by),
        social=_social(by, base),
        images=_images(by, base),
        txt=_txt(by),
    )


def _live(node: _Node, base: str) -> LiveItem | None:
    by = _group(node.children)
    status = node.attr("status").lower()
    guid_node = _first(by, "rss:guid")
    enclosure = _first(by, "rss:enclosure")
    title = _first(by, "rss:title")
    enclosure_url = _url(enclosure.attr("url"), base) if enclosure else ""
    guid = guid_node.value() if guid_node else ""
    guid = guid or enclosure_url or (title.value() if title else "") or node.attr("start")
    if status not in LIVE_STATUSES or not guid:
        return None
    image = _first(by, "rss:image")
    link = _first(by, "rss:link")
    description = _first(by, "rss:description")
    return LiveItem(
        guid=guid,
        status=status,
        title=title.value() if title else "",
        start=_time(node.attr("start")),
        end=_time(node.attr("end")),
        enclosure_url=enclosure_url,
        enclosure_type=enclosure.attr("type").lower() if enclosure else "",
        enclosure_length=_int(enclosure.attr("length")) if enclosure else None,
        content_links=tuple(
            ContentLink(href=u, text=n.value())
            for n in by.get("contentLink", ())
            if (u := _url(n.attr("href"), base))
        ),
        description=description.value() if description else "",
        image_url=_url(image.attr("href"), base) if image else "",
        link=_url(link.value(), base) if link else "",
        persons=_persons(by, base),
        alternate_enclosures=_alternates(by, base),
        chat=_chat(by),
    )


def _group(nodes: list[_Node]) -> dict[str, list[_Node]]:
    by: dict[str, list[_Node]] = {}
    for node in nodes:
        local = node.local
        if local.startswith("rss:"):
            local = "rss:" + local[4:].rpartition(_SEP)[2]
        by.setdefault(local, []).append(node)
    return by


def _first(by: dict[str, list[_Node]], name: str) -> _Node | None:
    found = by.get(name)
    return found[0] if found else None


def _persons(by: dict[str, list[_Node]], base: str) -> tuple[Person, ...]:
    return tuple(
        Person(
            name=name,
            role=n.attr("role").lower() or "host",
            group=n.attr("group").lower() or "cast",
            img=_url(n.attr("img"), base),
            href=_url(n.attr("href"), base),
        )
        for n in by.get("person", ())
        if (name := n.value() or n.attr("name"))  # the attribute: early drafts of the spec
    )


def _funding(by: dict[str, list[_Node]], base: str) -> tuple[Funding, ...]:
    return tuple(
        Funding(url=u, label=n.value())
        for n in by.get("funding", ())
        if (u := _url(n.attr("url"), base))
    )


def _chat(by: dict[str, list[_Node]]) -> Chat | None:
    node = _first(by, "chat")
    if node is None or not node.attr("server"):
        return None
    return Chat(
        server=node.attr("server"),
        protocol=node.attr("protocol").lower(),
        account_id=node.attr("accountId"),
        space=node.attr("space"),
    )


def _social(by: dict[str, list[_Node]], base: str) -> tuple[SocialInteract, ...]:
    found = []
    for n in by.get("socialInteract", ()):
        protocol = n.attr("protocol").lower()
        uri = n.attr("uri")
        if protocol != "disabled":
            uri = _url(uri, base)
            if not uri:
                continue
        found.append(
            SocialInteract(
                uri=uri,
                protocol=protocol,
                account_id=n.attr("accountId"),
                account_url=_url(n.attr("accountUrl"), base),
                priority=_int(n.attr("priority")),
            )
        )
    found.sort(key=lambda s: s.priority if s.priority is not None else math.inf)
    return tuple(found)


def _images(by: dict[str, list[_Node]], base: str) -> tuple[Image, ...]:
    found: list[Image] = []
    for n in by.get("image", ()):
        href = _url(n.attr("href"), base)
        if href:
            found.append(
                Image(
                    href=href,
                    width=_int(n.attr("width")),
                    height=_int(n.attr("height")),
                    aspect_ratio=n.attr("aspect-ratio"),
                    type=n.attr("type").lower(),
                    purpose=n.attr("purpose").lower(),
                    alt=n.attr("alt"),
                    sizes=n.attr("sizes"),
                )
            )
    for n in by.get("images", ()):
        for match in _SRCSET.finditer(n.attrs.get("srcset", "")):
            href = _url(match.group(1), base)
            if href:
                width = int(match.group(2)) if match.group(2) else None
                found.append(Image(href=href, width=width, sizes=n.attr("sizes")))
    return tuple(found)


def _txt(by: dict[str, list[_Node]]) -> tuple[Txt, ...]:
    return tuple(
        Txt(text=t, purpose=n.attr("purpose")) for n in by.get("txt", ()) if (t := n.value())
    )


def _soundbite(node: _Node) -> Soundbite | None:
    start = _number(node.attr("startTime"))
    duration = _number(node.attr("duration"))
    if start is None or duration is None or duration <= 0:
        return None
    return Soundbite(start=start, duration=duration, title=node.value())


def _alternates(by: dict[str, list[_Node]], base: str) -> tuple[AlternateEnclosure, ...]:
    found = []
    for n in by.get("alternateEnclosure", ()):
        kind = n.attr("type").lower()
        if not kind:
            continue
        sources = tuple(
            EnclosureSource(uri=_source(c.attr("uri"), base), content_type=c.attr("contentType"))
            for c in n.children
            if c.local == "source" and c.attr("uri")
        )
        if not sources and n.value():  # early drafts: the URL as the element's text
            sources = (EnclosureSource(uri=_source(n.value(), base)),)
        integrity = next(
            (
                Integrity(type=c.attr("type").lower(), value=c.attr("value"))
                for c in n.children
                if c.local == "integrity" and c.attr("value")
            ),
            None,
        )
        found.append(
            AlternateEnclosure(
                type=kind,
                sources=sources,
                length=_int(n.attr("length")),
                bitrate=_number(n.attr("bitrate")),
                height=_int(n.attr("height")),
                lang=n.attr("lang"),
                title=n.attr("title"),
                rel=n.attr("rel"),
                codecs=n.attr("codecs"),
                default=_bool(n.attr("default")) is True,
                integrity=integrity,
            )
        )
    return tuple(found)


def _remote(node: _Node, base: str) -> RemoteItem | None:
    guid = _guid(node.attr("feedGuid"))
    url = _url(node.attr("feedUrl"), base)
    if not guid and not url:
        return None
    return RemoteItem(
        feed_guid=guid,
        feed_url=url,
        item_guid=node.attr("itemGuid"),
        medium=node.attr("medium").lower(),
        title=node.attr("title") or node.value(),
    )


def _frequency(node: _Node) -> UpdateFrequency:
    return UpdateFrequency(
        rrule=node.attr("rrule"),
        complete=_bool(node.attr("complete")) is True,
        dtstart=_time(node.attr("dtstart")),
        label=node.value(),
    )


# -- values -------------------------------------------------------------------------------


def _url(value: str, base: str) -> str:
    """A web URL, resolved against the feed's; "" for anything but http(s)."""
    text = value.strip()
    if not text:
        return ""
    try:
        absolute = urljoin(base, text) if base else text
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return ""
    return absolute if scheme in ("http", "https") else ""


def _source(value: str, base: str) -> str:
    """An alternate-enclosure source: web URLs resolved, other schemes (ipfs:, magnet:) kept
    as written so the player can say why it skips them."""
    text = value.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return text
    return _url(text, base)


def _guid(value: str) -> str:
    text = value.strip().lower()
    return text if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                text) else ""  # fmt: skip


def _int(value: str) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number < 1e15 else None


def _number(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _bool(value: str) -> bool | None:
    text = value.strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    return None


def _time(value: str) -> float | None:
    """ISO 8601 (what the spec asks for) or RFC 2822 (what some feeds write) -> epoch."""
    text = value.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


__all__ = ["NAMESPACES", "Extras", "extract", "extract_items", "has_namespace"]
