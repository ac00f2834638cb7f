"""Podcasting 2.0 namespace tags beyond transcripts and chapters: the vocabulary (issue 19).

The feeds layer reads these from the raw XML (:mod:`player.feeds.podcasting20`), storage keeps
them (:mod:`player.storage.podcasting20`), the window and the command line show them. What is
stored as JSON is encoded and decoded in one place, :mod:`player.domain.podcasting20_json`, so
every layer reads the same shape; which sources can be fetched and how a download is checked
against ``podcast:integrity`` is :mod:`player.domain.source_checks` (re-exported here).

Everything is frozen: these are facts a feed stated at its last refresh, never edited locally.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from player.domain.source_checks import (
    SRI_ALGORITHMS,
    UNUSABLE_SCHEMES,
    sri_expected,
    sri_verify,
    usable_source,
)

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""The namespace of ``podcast:guid`` UUIDv5 values, as docs/tags/guid.md of the namespace gives
it (its test vectors check it: tests/core/feeds/test_podcasting20.py)."""

LIVE_STATUSES = ("pending", "live", "ended")
AI_CONTENT_PURPOSE = "ai-content"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def podcast_guid_for(feed_url: str) -> str:
    """The UUIDv5 a feed without ``<podcast:guid>`` is known by.

    The spec's recipe: the feed URL without its scheme and without trailing slashes, in the
    namespace :data:`PODCAST_GUID_NAMESPACE`. Empty for an empty URL.
    """
    bare = _SCHEME.sub("", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)) if bare else ""


@dataclass(frozen=True, slots=True)
class Person:
    """``podcast:person``: someone who made or appears in the show (role/group per the
    namespace's taxonomy, lower-cased; the defaults are the spec's: host, cast)."""

    name: str
    role: str = "host"
    group: str = "cast"
    img: str = ""
    href: str = ""


@dataclass(frozen=True, slots=True)
class Funding:
    """``podcast:funding``: a "Support this show" link and its label."""

    url: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Soundbite:
    """``podcast:soundbite``: a range worth previewing (seconds)."""

    start: float
    duration: float
    title: str = ""


@dataclass(frozen=True, slots=True)
class Integrity:
    """``podcast:integrity``: ``type`` is ``sri`` (e.g. ``sha384-...``) or ``pgp-signature``."""

    type: str
    value: str


@dataclass(frozen=True, slots=True)
class EnclosureSource:
    """One ``podcast:source`` of an alternate enclosure, in the feed's order."""

    uri: str
    content_type: str = ""

    @property
    def usable(self) -> bool:
        """Whether this player can fetch it (see :func:`usable_source`)."""
        return usable_source(self.uri)


@dataclass(frozen=True, slots=True)
class AlternateEnclosure:
    """``podcast:alternateEnclosure``: another version of the episode (bitrate in bits/s)."""

    type: str
    sources: tuple[EnclosureSource, ...] = ()
    length: int | None = None
    bitrate: float | None = None
    height: int | None = None
    lang: str = ""
    title: str = ""
    rel: str = ""
    codecs: str = ""
    default: bool = False
    integrity: Integrity | None = None

    @property
    def is_video(self) -> bool:
        """Video versions get a video surface; the Version menu labels them."""
        return self.type.lower().startswith("video/")

    @property
    def usable_sources(self) -> tuple[EnclosureSource, ...]:
        """The sources to try, in order, without those this player cannot fetch."""
        return tuple(s for s in self.sources if s.usable)


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """``podcast:remoteItem`` (in ``podcast:podroll``): a show or episode the creator points to."""

    feed_guid: str
    feed_url: str = ""
    item_guid: str = ""
    medium: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Chat:
    """``podcast:chat``: where the show's (or the episode's) chat lives."""

    server: str
    protocol: str = ""
    account_id: str = ""
    space: str = ""


@dataclass(frozen=True, slots=True)
class SocialInteract:
    """``podcast:socialInteract``: the comments thread (``protocol`` "disabled" turns it off)."""

    uri: str
    protocol: str = ""
    account_id: str = ""
    account_url: str = ""
    priority: int | None = None


@dataclass(frozen=True, slots=True)
class UpdateFrequency:
    """``podcast:updateFrequency``: the release schedule (an RFC 5545 rule) or "complete".

    ``dtstart`` is epoch seconds (None when absent); ``label`` is the element's text.
    """

    rrule: str = ""
    complete: bool = False
    dtstart: float | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """One candidate of ``podcast:image`` (or of the older ``podcast:images`` srcset).

    ``width`` comes from the attribute or the srcset's ``NNNw``; ``purpose`` is space-separated
    (artwork, social, canvas, banner, ...); ``alt`` is for screen readers.
    """

    href: str
    width: int | None = None
    height: int | None = None
    aspect_ratio: str = ""
    type: str = ""
    purpose: str = ""
    alt: str = ""
    sizes: str = ""


@dataclass(frozen=True, slots=True)
class Txt:
    """``podcast:txt``: free text with an optional purpose (e.g. :data:`AI_CONTENT_PURPOSE`)."""

    text: str
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class ContentLink:
    """``podcast:contentLink``: where else a live item can be watched or read."""

    href: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Locked:
    """``podcast:locked``: the feed asks other platforms not to import it (parsed, not shown)."""

    locked: bool
    owner: str = ""


@dataclass(frozen=True, slots=True)
class LiveItem:
    """``podcast:liveItem``: a live show, pending, live now or ended (start/end: epoch seconds).

    ``id`` and ``podcast_id`` are 0 until stored.
    """

    guid: str
    status: str
    title: str = ""
    start: float | None = None
    end: float | None = None
    enclosure_url: str = ""
    enclosure_type: str = ""
    enclosure_length: int | None = None
    content_links: tuple[ContentLink, ...] = ()
    description: str = ""
    image_url: str = ""
    link: str = ""
    persons: tuple[Person, ...] = ()
    alternate_enclosures: tuple[AlternateEnclosure, ...] = ()
    chat: Chat | None = None
    id: int = 0
    podcast_id: int = 0


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """A live item whose status changed on a refresh (``old_status`` "" when it is new).

    The window turns the unhandled ones into "<show> is live now" notifications.
    """

    id: int
    live_item_id: int
    podcast_id: int
    old_status: str
    new_status: str
    at: float
    title: str = ""
    podcast_title: str = ""


@dataclass(frozen=True, slots=True)
class ChannelExtras:
    """Everything of the namespace a channel says, as parsed (``guid`` as declared, or "")."""

    guid: str = ""
    persons: tuple[Person, ...] = ()
    funding: tuple[Funding, ...] = ()
    podroll: tuple[RemoteItem, ...] = ()
    live_items: tuple[LiveItem, ...] = ()
    chat: Chat | None = None
    social: tuple[SocialInteract, ...] = ()
    update_frequency: UpdateFrequency | None = None
    podping: bool | None = None
    images: tuple[Image, ...] = ()
    txt: tuple[Txt, ...] = ()
    locked: Locked | None = None
    medium: str = ""


@dataclass(frozen=True, slots=True)
class ItemExtras:
    """Everything of the namespace an item says, as parsed (persons are stored apart)."""

    persons: tuple[Person, ...] = ()
    season: int | None = None
    season_name: str = ""
    episode_number: float | None = None
    episode_display: str = ""
    soundbites: tuple[Soundbite, ...] = ()
    alternate_enclosures: tuple[AlternateEnclosure, ...] = ()
    funding: tuple[Funding, ...] = ()
    chat: Chat | None = None
    social: tuple[SocialInteract, ...] = ()
    images: tuple[Image, ...] = ()
    txt: tuple[Txt, ...] = ()


@dataclass(frozen=True, slots=True)
class PodcastExtras:
    """What the podcast page shows: the channel's tags as stored, plus the GUID in use.

    ``podcast_guid`` is the declared ``podcast:guid`` or the UUIDv5 of the feed URL
    (``guid_declared`` says which). ``live_items`` are the stored ones, with their ids.
    """

    podcast_id: int
    podcast_guid: str = ""
    guid_declared: bool = False
    persons: tuple[Person, ...] = ()
    funding: tuple[Funding, ...] = ()
    podroll: tuple[RemoteItem, ...] = ()
    live_items: tuple[LiveItem, ...] = ()
    chat: Chat | None = None
    social: tuple[SocialInteract, ...] = ()
    update_frequency: UpdateFrequency | None = None
    podping: bool | None = None
    images: tuple[Image, ...] = ()
    ai_content: str | None = None
    locked: Locked | None = None
    medium: str = ""


@dataclass(frozen=True, slots=True)
class EpisodeExtras:
    """What the episode view shows, already resolved: the episode's persons or else the
    show's (``persons_from_show``), the item's chat/comments or else the channel's."""

    episode_id: int
    persons: tuple[Person, ...] = ()
    persons_from_show: bool = False
    season_name: str = ""
    episode_number: float | None = None
    episode_display: str = ""
    soundbites: tuple[Soundbite, ...] = ()
    alternate_enclosures: tuple[AlternateEnclosure, ...] = ()
    funding: tuple[Funding, ...] = ()
    chat: Chat | None = None
    social: tuple[SocialInteract, ...] = ()
    images: tuple[Image, ...] = ()
    ai_content: str | None = None


def ai_content(txt: tuple[Txt, ...]) -> str | None:
    """The AI-content disclosure among ``podcast:txt`` elements (None: the feed states none)."""
    for entry in txt:
        if entry.purpose.lower() == AI_CONTENT_PURPOSE:
            return entry.text
    return None


def podcast_extras(
    channel: ChannelExtras,
    podcast_id: int,
    guid: str,
    persons: tuple[Person, ...] | None = None,
    live_items: tuple[LiveItem, ...] | None = None,
) -> PodcastExtras:
    """A channel's tags in the shape the podcast page shows, known by ``guid`` (declared when
    it is the channel's own). The persons and live items storage keeps apart, with their ids,
    replace the parsed ones when given; a preview of a feed not subscribed to has none."""
    return PodcastExtras(
        podcast_id=podcast_id,
        podcast_guid=guid,
        guid_declared=bool(channel.guid) and channel.guid == guid,
        persons=channel.persons if persons is None else persons,
        funding=channel.funding,
        podroll=channel.podroll,
        live_items=channel.live_items if live_items is None else live_items,
        chat=channel.chat,
        social=channel.social,
        update_frequency=channel.update_frequency,
        podping=channel.podping,
        images=channel.images,
        ai_content=ai_content(channel.txt),
        locked=channel.locked,
        medium=channel.medium,
    )


def best_image(images: tuple[Image, ...], width: int, purpose: str = "artwork") -> Image | None:
    """The smallest image at least ``width`` pixels wide for ``purpose`` (else the largest).

    Images without a stated purpose count as artwork, as the spec says.
    """
    fitting = [i for i in images if purpose in (i.purpose.split() or ["artwork"])]
    if not fitting:
        return None
    wide = sorted((i for i in fitting if (i.width or 0) >= width), key=lambda i: i.width or 0)
    if wide:
        return wide[0]
    return max(fitting, key=lambda i: i.width or 0)


__all__ = [
    "AI_CONTENT_PURPOSE",
    "SRI_ALGORITHMS",
    "UNUSABLE_SCHEMES",
    "AlternateEnclosure",
    "ChannelExtras",
    "Chat",
    "ContentLink",
    "EnclosureSource",
    "EpisodeExtras",
    "Funding",
    "Image",
    "Integrity",
    "ItemExtras",
    "LiveEvent",
    "LiveItem",
    "Locked",
    "Person",
    "PodcastExtras",
    "RemoteItem",
    "SocialInteract",
    "Soundbite",
    "Txt",
    "UpdateFrequency",
    "ai_content",
    "best_image",
    "podcast_extras",
    "podcast_guid_for",
    "sri_expected",
    "sri_verify",
    "usable_source",
]
