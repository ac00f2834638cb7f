"""Bytes of a feed -> :class:`~player.domain.feed.FeedDocument`, through feedparser.

feedparser is thorough (encodings, loose parsing of broken XML, Atom and RDF) and the reference
for what a feed means; this module maps its result to our fields, resolves and vets URLs, and
sanitises show notes once (feedparser's own sanitiser is switched off: it is slow and too lax).
"""

from __future__ import annotations

import calendar
import hashlib
import io
import logging
import re
from dataclasses import replace
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import feedparser

from player.domain.feed import FeedDocument, FeedItem, content_digest
from player.domain.models import Chapter, Transcript
from player.domain.podcasting20 import ItemExtras
from player.domain.podcasting20_json import encode
from player.feeds import fp_ext
from player.feeds.durations import parse_duration
from player.feeds.errors import NotAFeedError
from player.feeds.podcasting20 import Extras
from player.feeds.sanitize import html_to_text, sanitize_html
from player.i18n import _

fp_ext.install()
log = logging.getLogger(__name__)

MEDIA_PREFIXES = ("audio/", "video/")
EPISODE_TYPES = frozenset({"full", "trailer", "bonus"})
_ABSOLUTE_WEB = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_LEADING_JUNK = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t\r\n]+(?=<)")


__all__ = ["NotAFeedError", "map_result", "parse_feed", "prepare", "run_feedparser"]


def prepare(body: bytes) -> bytes:
    """Drop whitespace before ``<?xml``: common in real feeds, fatal to strict XML parsers."""
    match = _LEADING_JUNK.match(body)
    if match:
        bom = b"\xef\xbb\xbf" if body.startswith(b"\xef\xbb\xbf") else b""
        return bom + body[match.end() :]
    return body


def run_feedparser(body: bytes, url: str = "") -> Any:
    """The one call into feedparser, with the options every path must share.

    The body goes in as a stream: given ``bytes``, feedparser first tries ``open(body)``, so a
    server answering "/etc/passwd" would make it read that file.
    """
    try:
        return feedparser.parse(
            io.BytesIO(prepare(body)),
            sanitize_html=False,
            resolve_relative_uris=False,
            response_headers={"content-location": url} if url else None,
        )
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # feedparser has crash bugs on broken input (psc:chapters...)
        raise NotAFeedError(
            _("This feed is too broken to read (the parser failed with {name__}).").format(
                name__=type(exc).__name__
            )
        ) from exc


def parse_feed(body: bytes, url: str = "") -> FeedDocument:
    """Parse a whole feed; :class:`NotAFeedError` when the bytes are not a podcast feed."""
    return map_result(run_feedparser(body, url), url)


def map_result(
    result: Any, url: str, entries: list[Any] | None = None, extras: Extras | None = None
) -> FeedDocument:
    """Map a feedparser result to a :class:`FeedDocument` (raises when it is not a feed).

    ``entries`` replaces the result's own (items read by :mod:`player.feeds.fastitems`
    beside feedparser's parse of the channel). ``extras`` is the Podcasting 2.0 pass over the
    same bytes (:func:`player.feeds.podcasting20.extract`): its items pair with the entries by
    position, and only when both count the same items (else only the channel's tags are kept).
    """
    channel = result.get("feed", {})
    if entries is None:
        entries = result.get("entries", [])
    if not result.get("version") and not entries:
        reason = result.get("bozo_exception")
        detail = f" ({_short(reason)})" if reason else ""
        raise NotAFeedError(
            _("This is not a podcast feed: no RSS or Atom content found{detail}.").format(
                detail=detail
            )
        )
    allow_file = urlsplit(url).scheme == "file"
    doc = FeedDocument(
        title=_text(channel.get("title")),
        author=_text(channel.get("itunes_author") or channel.get("author")),
        description=sanitize_html(
            channel.get("summary") or channel.get("subtitle") or "", base_url=url
        ),
        link=_url(channel.get("link"), url, allow_file=False),
        image_url=_url(_image(channel), url, allow_file=allow_file),
        kind="serial" if _text(channel.get("itunes_type")).lower() == "serial" else "episodic",
        language=_text(channel.get("language")),
        new_url=_url(channel.get("itunes_new-feed-url"), url, allow_file=False),
    )
    item_extras: list[ItemExtras | None] = [None] * len(entries)
    if extras is not None:
        doc.p20 = extras.channel
        if len(extras.items) == len(entries):
            item_extras = list(extras.items)
        else:
            log.debug("%s: %d items, %d for Podcasting 2.0", url, len(entries), len(extras.items))
    items = (map_entry(e, url, allow_file, x) for e, x in zip(entries, item_extras, strict=True))
    doc.items = [i for i in items if i.enclosure_url or i.title or i.link]
    return doc


def map_entry(
    entry: Any, feed_url: str, allow_file: bool, extras: ItemExtras | None = None
) -> FeedItem:
    """One entry -> :class:`FeedItem` (the guid fallback chain lives here), with the item's
    Podcasting 2.0 tags when the raw-XML pass found it."""
    enclosure_url, enclosure_type, length = _enclosure(entry, feed_url, allow_file)
    title = _text(entry.get("title"))
    link = _url(entry.get("link"), feed_url, allow_file=False)
    description = sanitize_html(_notes(entry), base_url=link or feed_url)
    guid = _text(entry.get("id")) or enclosure_url or (f"{link}#{title}" if link or title else "")
    if not guid:
        guid = "sha1:" + _fingerprint(entry)
    title = title or _file_title(enclosure_url)
    chapters = entry.get("podcast_chapters") or {}
    episode_type = _text(entry.get("itunes_episodetype")).lower()
    item = FeedItem(
        guid=guid,
        title=title,
        description=description,
        description_text=html_to_text(description),
        link=link,
        published=_time(entry.get("published_parsed") or dict.get(entry, "updated_parsed")),
        enclosure_url=enclosure_url,
        enclosure_type=enclosure_type,
        enclosure_length=length,
        duration=parse_duration(entry.get("itunes_duration")),
        image_url=_url(_image(entry), feed_url, allow_file=allow_file),
        season=_int(entry.get("itunes_season")),
        number=_int(entry.get("itunes_episode")),
        episode_type=episode_type if episode_type in EPISODE_TYPES else "full",
        explicit=_explicit(entry.get("itunes_explicit_raw", entry.get("itunes_explicit"))),
        chapters_url=_url(chapters.get("url"), feed_url, allow_file=allow_file),
        chapters_type=_text(chapters.get("type")),
        transcripts=_transcripts(entry, feed_url, allow_file),
        chapters=_psc_chapters(entry, feed_url),
    )
    _add_extras(item, extras)
    item.content_hash = content_digest(item)
    return item


def _add_extras(item: FeedItem, extras: ItemExtras | None) -> None:
    """Fold the namespace's item tags in: the decimal ``podcast:episode`` is the sort key
    (else the iTunes number), and fills ``number``/``season`` where iTunes tags are missing."""
    if extras is not None:
        item.persons = extras.persons
        item.season_name = extras.season_name
        item.episode_display = extras.episode_display
        item.episode_number = extras.episode_number
        if item.number is None and extras.episode_number is not None:
            item.number = _int(extras.episode_number)
        if item.season is None and extras.season is not None:
            item.season = _int(extras.season)
        rest = replace(
            extras, persons=(), season=None, season_name="", episode_number=None,
            episode_display="",
        )  # fmt: skip
        item.p20 = encode(rest) if rest != _NO_EXTRAS else ""
    if item.episode_number is None and item.number is not None:
        item.episode_number = float(item.number)


_NO_EXTRAS = ItemExtras()


# -- field helpers -------------------------------------------------------------------------


def _short(exc: object) -> str:
    text = str(exc).strip().rstrip(".")
    return text[:120]


def _text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _int(value: object) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = int(float(text))
    except (ValueError, OverflowError):
        return None
    return number if 0 <= number < 1_000_000 else None


def _explicit(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "explicit"):
        return True
    if text in ("no", "false", "clean"):
        return False
    return None


def _time(parsed: Any) -> float | None:
    if not parsed:
        return None
    try:
        return float(calendar.timegm(parsed))
    except (TypeError, ValueError, OverflowError):
        return None


def _url(value: object, base: str, *, allow_file: bool) -> str:
    """Resolve against the feed URL; only http(s) survives (file: for local feeds only)."""
    text = _text(value)
    if not text:
        return ""
    if _ABSOLUTE_WEB.match(text):
        return text  # already absolute: urljoin would only cost time
    try:
        absolute = urljoin(base, text) if base else text
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return ""
    if scheme in ("http", "https") or (allow_file and scheme == "file"):
        return absolute
    return ""


def _image(node: Any) -> str:
    image = node.get("image")
    if isinstance(image, dict):
        return image.get("href") or image.get("url") or ""
    return ""


def _notes(entry: Any) -> str:
    """The richest show notes: ``content:encoded`` when present, else the description."""
    summary = entry.get("summary") or ""
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if len(value) > len(summary):
            summary = value
    return summary


def _enclosure(entry: Any, feed_url: str, allow_file: bool) -> tuple[str, str, int | None]:
    """The playable enclosure: the first audio/video one, else the first with a usable URL.

    ``<media:content>`` (Media RSS) counts too, after the enclosures: some feeds list their
    audio only there.
    """
    candidates = []
    for link in entry.get("enclosures") or ():
        url = _url(link.get("href"), feed_url, allow_file=allow_file)
        if url:
            candidates.append((url, _text(link.get("type")).lower(), link.get("length")))
    for content in entry.get("media_content") or ():
        url = _url(content.get("url"), feed_url, allow_file=allow_file)
        mime = _text(content.get("type")).lower()
        if url and mime.startswith(MEDIA_PREFIXES):
            candidates.append((url, mime, content.get("filesize") or content.get("fileSize")))
    if not candidates:
        return "", "", None
    media = [c for c in candidates if c[1].startswith(MEDIA_PREFIXES)]
    url, mime, length = (media or candidates)[0]
    return url, mime, _int(length) or None


def _file_title(url: str) -> str:
    """An untitled episode is named after its file, as other podcast clients do."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) if url else ""
    return _text(name.rsplit(".", 1)[0] if "." in name else name)


def _transcripts(entry: Any, feed_url: str, allow_file: bool) -> tuple[Transcript, ...]:
    found = list(entry.get("podcast_transcripts") or ())
    if not found and isinstance(entry.get("podcast_transcript"), dict):
        found = [entry["podcast_transcript"]]
    out = []
    seen = set()
    for attrs in found:
        url = _url(attrs.get("url"), feed_url, allow_file=allow_file)
        if not url or url in seen:
            continue
        seen.add(url)
        out.append(
            Transcript(
                url=url,
                type=_text(attrs.get("type")),
                language=_text(attrs.get("language")),
                rel=_text(attrs.get("rel")),
            )
        )
    return tuple(out)


def _psc_chapters(entry: Any, feed_url: str) -> tuple[Chapter, ...]:
    """Podlove Simple Chapters: start times parsed by feedparser, end = next start."""
    block = entry.get("psc_chapters") or {}
    marks = []
    for raw in block.get("chapters") or ():
        start = raw.get("start_parsed")
        seconds = start.total_seconds() if start is not None else parse_duration(raw.get("start"))
        if seconds is None:
            text = _text(raw.get("start"))
            seconds = 0.0 if text.strip("0:.") == "" and text else None
        if seconds is None:
            continue
        marks.append(
            (
                seconds,
                _text(raw.get("title")),
                _url(raw.get("href"), feed_url, allow_file=False),
                _url(raw.get("image"), feed_url, allow_file=False),
            )
        )
    marks.sort(key=lambda m: m[0])
    chapters = []
    for i, (start, title, href, image) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else None
        chapters.append(Chapter(start=start, end=end, title=title, url=href, image_url=image))
    return tuple(chapters)


def _fingerprint(entry: Any) -> str:
    return hashlib.sha1(repr(sorted(entry.items())).encode("utf-8", "replace")).hexdigest()
