"""Podcasting 2.0 elements, as the raw-XML pass collected them, mapped to the domain's values.

:mod:`player.feeds.podcasting20` reads the document and hands over :class:`Node` trees: the
channel's elements and each top-level item's. Here they become
:class:`~player.domain.podcasting20.ChannelExtras` and
:class:`~player.domain.podcasting20.ItemExtras`, a function per tag group (persons, funding,
chat, social interaction, images, text, soundbites, alternate enclosures, the podroll, the
update frequency, live items). What a feed gets wrong is dropped element by element.
"""

from __future__ import annotations

import math
import re

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
from player.feeds.podcasting20_values import (
    as_bool,
    as_epoch,
    as_int,
    as_number,
    source_url,
    uuid_or_empty,
    web_url,
)

SEP = "\x1f"
"""expat's separator between an element's namespace URI and its local name."""
_SRCSET = re.compile(r"\s*(\S+)(?:\s+(\d+)w)?\s*(?:,|$)")


class Node:
    """An element of the namespace (or inside a liveItem) being read: attributes, text,
    children of interest."""

    __slots__ = ("attrs", "children", "local", "text")

    def __init__(self, local: str, attrs: dict[str, str]) -> None:
        self.local = local
        self.attrs = attrs
        self.text: list[str] = []
        self.children: list[Node] = []

    def value(self) -> str:
        """The element's text, whitespace collapsed."""
        return " ".join("".join(self.text).split())

    def attr(self, name: str) -> str:
        """An attribute (names are case-insensitive), whitespace collapsed; "" when absent."""
        return " ".join(self.attrs.get(name.lower(), "").split())


def channel_extras(nodes: list[Node], base: str) -> ChannelExtras:
    """The channel's namespace elements (``base``: the feed's URL, for relative links)."""
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
        guid=uuid_or_empty(guid.value()) if guid else "",
        persons=_persons(by, base),
        funding=_funding(by, base),
        podroll=podroll,
        live_items=tuple(i for n in by.get("liveItem", ()) if (i := _live(n, base)) is not None),
        chat=_chat(by),
        social=_social(by, base),
        update_frequency=_frequency(first) if first else None,
        podping=as_bool(podping.attr("usesPodping")) if podping else None,
        images=_images(by, base),
        txt=_txt(by),
        locked=Locked(as_bool(locked.value()) is True, locked.attr("owner")) if locked else None,
        medium=medium.value().lower() if medium else "",
    )


def item_extras(nodes: list[Node], base: str) -> ItemExtras:
    """One top-level item's namespace elements."""
    by = _group(nodes)
    season = _first(by, "season")
    episode = _first(by, "episode")
    return ItemExtras(
        persons=_persons(by, base),
        season=as_int(season.value()) if season else None,
        season_name=season.attr("name") if season else "",
        episode_number=as_number(episode.value()) if episode else None,
        episode_display=episode.attr("display") if episode else "",
        soundbites=tuple(s for n in by.get("soundbite", ()) if (s := _soundbite(n)) is not None),
        alternate_enclosures=_alternates(by, base),
        funding=_funding(by, base),
        chat=_chat(by),
        social=_social(by, base),
        images=_images(by, base),
        txt=_txt(by),
    )


def _live(node: Node, base: str) -> LiveItem | None:
    by = _group(node.children)
    status = node.attr("status").lower()
    guid_node = _first(by, "rss:guid")
    enclosure = _first(by, "rss:enclosure")
    title = _first(by, "rss:title")
    enclosure_url = web_url(enclosure.attr("url"), base) if enclosure else ""
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
        start=as_epoch(node.attr("start")),
        end=as_epoch(node.attr("end")),
        enclosure_url=enclosure_url,
        enclosure_type=enclosure.attr("type").lower() if enclosure else "",
        enclosure_length=as_int(enclosure.attr("length")) if enclosure else None,
        content_links=tuple(
            ContentLink(href=u, text=n.value())
            for n in by.get("contentLink", ())
            if (u := web_url(n.attr("href"), base))
        ),
        description=description.value() if description else "",
        image_url=web_url(image.attr("href"), base) if image else "",
        link=web_url(link.value(), base) if link else "",
        persons=_persons(by, base),
        alternate_enclosures=_alternates(by, base),
        chat=_chat(by),
    )


def _group(nodes: list[Node]) -> dict[str, list[Node]]:
    by: dict[str, list[Node]] = {}
    for node in nodes:
        local = node.local
        if local.startswith("rss:"):
            local = "rss:" + local[4:].rpartition(SEP)[2]
        by.setdefault(local, []).append(node)
    return by


def _first(by: dict[str, list[Node]], name: str) -> Node | None:
    found = by.get(name)
    return found[0] if found else None


def _persons(by: dict[str, list[Node]], base: str) -> tuple[Person, ...]:
    return tuple(
        Person(
            name=name,
            role=n.attr("role").lower() or "host",
            group=n.attr("group").lower() or "cast",
            img=web_url(n.attr("img"), base),
            href=web_url(n.attr("href"), base),
        )
        for n in by.get("person", ())
        if (name := n.value() or n.attr("name"))  # the attribute: early drafts of the spec
    )


def _funding(by: dict[str, list[Node]], base: str) -> tuple[Funding, ...]:
    return tuple(
        Funding(url=u, label=n.value())
        for n in by.get("funding", ())
        if (u := web_url(n.attr("url"), base))
    )


def _chat(by: dict[str, list[Node]]) -> Chat | None:
    node = _first(by, "chat")
    if node is None or not node.attr("server"):
        return None
    return Chat(
        server=node.attr("server"),
        protocol=node.attr("protocol").lower(),
        account_id=node.attr("accountId"),
        space=node.attr("space"),
    )


def _social(by: dict[str, list[Node]], base: str) -> tuple[SocialInteract, ...]:
    found = []
    for n in by.get("socialInteract", ()):
        protocol = n.attr("protocol").lower()
        uri = n.attr("uri")
        if protocol != "disabled":
            uri = web_url(uri, base)
            if not uri:
                continue
        found.append(
            SocialInteract(
                uri=uri,
                protocol=protocol,
                account_id=n.attr("accountId"),
                account_url=web_url(n.attr("accountUrl"), base),
                priority=as_int(n.attr("priority")),
            )
        )
    found.sort(key=lambda s: s.priority if s.priority is not None else math.inf)
    return tuple(found)


def _images(by: dict[str, list[Node]], base: str) -> tuple[Image, ...]:
    found: list[Image] = []
    for n in by.get("image", ()):
        href = web_url(n.attr("href"), base)
        if href:
            found.append(
                Image(
                    href=href,
                    width=as_int(n.attr("width")),
                    height=as_int(n.attr("height")),
                    aspect_ratio=n.attr("aspect-ratio"),
                    type=n.attr("type").lower(),
                    purpose=n.attr("purpose").lower(),
                    alt=n.attr("alt"),
                    sizes=n.attr("sizes"),
                )
            )
    for n in by.get("images", ()):
        for match in _SRCSET.finditer(n.attrs.get("srcset", "")):
            href = web_url(match.group(1), base)
            if href:
                width = int(match.group(2)) if match.group(2) else None
                found.append(Image(href=href, width=width, sizes=n.attr("sizes")))
    return tuple(found)


def _txt(by: dict[str, list[Node]]) -> tuple[Txt, ...]:
    return tuple(
        Txt(text=t, purpose=n.attr("purpose")) for n in by.get("txt", ()) if (t := n.value())
    )


def _soundbite(node: Node) -> Soundbite | None:
    start = as_number(node.attr("startTime"))
    duration = as_number(node.attr("duration"))
    if start is None or duration is None or duration <= 0:
        return None
    return Soundbite(start=start, duration=duration, title=node.value())


def _alternates(by: dict[str, list[Node]], base: str) -> tuple[AlternateEnclosure, ...]:
    found = []
    for n in by.get("alternateEnclosure", ()):
        kind = n.attr("type").lower()
        if not kind:
            continue
        sources = tuple(
            EnclosureSource(uri=source_url(c.attr("uri"), base), content_type=c.attr("contentType"))
            for c in n.children
            if c.local == "source" and c.attr("uri")
        )
        if not sources and n.value():  # early drafts: the URL as the element's text
            sources = (EnclosureSource(uri=source_url(n.value(), base)),)
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
                length=as_int(n.attr("length")),
                bitrate=as_number(n.attr("bitrate")),
                height=as_int(n.attr("height")),
                lang=n.attr("lang"),
                title=n.attr("title"),
                rel=n.attr("rel"),
                codecs=n.attr("codecs"),
                default=as_bool(n.attr("default")) is True,
                integrity=integrity,
            )
        )
    return tuple(found)


def _remote(node: Node, base: str) -> RemoteItem | None:
    guid = uuid_or_empty(node.attr("feedGuid"))
    url = web_url(node.attr("feedUrl"), base)
    if not guid and not url:
        return None
    return RemoteItem(
        feed_guid=guid,
        feed_url=url,
        item_guid=node.attr("itemGuid"),
        medium=node.attr("medium").lower(),
        title=node.attr("title") or node.value(),
    )


def _frequency(node: Node) -> UpdateFrequency:
    return UpdateFrequency(
        rrule=node.attr("rrule"),
        complete=as_bool(node.attr("complete")) is True,
        dtstart=as_epoch(node.attr("dtstart")),
        label=node.value(),
    )


__all__ = ["SEP", "Node", "channel_extras", "item_extras"]
