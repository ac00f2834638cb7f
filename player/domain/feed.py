"""What a parsed feed says, before it meets the store: the contract between feeds and storage.

``player.feeds`` produces these from bytes; ``player.storage`` writes them. Neither imports the
other, so they meet here, in the vocabulary layer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from player.domain.models import Chapter, Transcript
from player.domain.podcasting20 import ChannelExtras, Person


@dataclass(slots=True)
class FeedItem:
    """One ``<item>``/``<entry>`` mapped to our fields (description already sanitised).

    ``season_name``, ``episode_number`` (decimal), ``episode_display``, ``persons`` and
    ``p20`` (the rest of the Podcasting 2.0 tags, JSON-encoded by
    :func:`player.domain.podcasting20_json.encode`) come from the raw-XML pass, so the content
    hash covers them: an item whose namespace tags changed is rewritten.
    """

    guid: str
    title: str = ""
    description: str = ""
    description_text: str = ""
    link: str = ""
    published: float | None = None
    enclosure_url: str = ""
    enclosure_type: str = ""
    enclosure_length: int | None = None
    duration: float | None = None
    image_url: str = ""
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"
    explicit: bool | None = None
    chapters_url: str = ""
    chapters_type: str = ""
    transcripts: tuple[Transcript, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    season_name: str = ""
    episode_number: float | None = None
    episode_display: str = ""
    p20: str = ""
    persons: tuple[Person, ...] = ()
    content_hash: str = ""


@dataclass(slots=True)
class FeedDocument:
    """A whole feed: the channel's fields and its items, in document order."""

    title: str = ""
    author: str = ""
    description: str = ""
    link: str = ""
    image_url: str = ""
    kind: str = "episodic"
    language: str = ""
    new_url: str = ""
    items: list[FeedItem] = field(default_factory=list)
    p20: ChannelExtras = field(default_factory=ChannelExtras)


def content_digest(item: FeedItem) -> str:
    """A digest of everything stored from an item, to skip rewriting unchanged ones.

    Computed where the item is parsed (a worker process), so the writer only compares strings.
    """
    payload = [getattr(item, name) for name in FeedItem.__slots__ if name != "content_hash"]
    raw = json.dumps(payload, default=repr, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()
