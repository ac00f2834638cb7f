"""OPML subscription lists: reading what other apps export, writing what they import.

Real OPML files are sloppy: ``xmlURL`` or ``xmlurl`` for ``xmlUrl``, HTML entities such as
``&nbsp;`` that XML does not define, no version, folders as nested outlines or as ``category``
attributes. A strict XML parser rejects half of them, so we read outlines with the standard
library's tolerant HTML tokenizer (which also lower-cases attribute names) after decoding the
bytes as the XML declaration says. It never resolves entities from a DTD or reads other files.
Exports are OPML 2.0 with one outline per feed, nested in one outline per folder, which is what
gPodder and AntennaPod read back.
"""

from __future__ import annotations

import codecs
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from html.parser import HTMLParser

from player.feeds.errors import NotAFeedError
from player.i18n import _


class NotOpmlError(NotAFeedError):
    """The file is not an OPML subscription list."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription from (or for) an OPML file."""

    url: str
    title: str = ""
    folder: str = ""
    html_url: str = ""


_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class _OutlineReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.feeds: list[OpmlFeed] = []
        self.folders: list[str | None] = []  # one entry per open <outline>
        self.saw_opml = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._outline(tag, attrs, closes=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._outline(tag, attrs, closes=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "outline" and self.folders:
            self.folders.pop()

    def _outline(self, tag: str, attrs: list[tuple[str, str | None]], *, closes: bool) -> None:
        if tag == "opml":
            self.saw_opml = True
        if tag != "outline":
            return
        values = {k: " ".join((v or "").split()) for k, v in attrs}
        url = values.get("xmlurl") or values.get("url", "")
        title = values.get("title") or values.get("text", "")
        kind = values.get("type", "").lower()
        if url and kind not in ("include", "link"):
            self.feeds.append(
                OpmlFeed(
                    url=url,
                    title=title,
                    folder=self._folder() or _category_folder(values.get("category", "")),
                    html_url=values.get("htmlurl", ""),
                )
            )
        if not closes:
            self.folders.append(None if url else title)

    def _folder(self) -> str:
        return "/".join(f for f in self.folders if f)


def _category_folder(category: str) -> str:
    """``category="/Tech/Podcasts,/News"`` -> "Tech/Podcasts" (the first one)."""
    first = category.split(",")[0].strip().strip("/")
    return "/".join(p.strip() for p in first.split("/") if p.strip())


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    declared = _ENCODING.match(data.lstrip()[:200])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds listed in an OPML document, in order, each URL once."""
    reader = _OutlineReader()
    reader.feed(_decode(data))
    reader.close()
    if not reader.saw_opml:
        raise NotOpmlError(_("This is not an OPML subscription list (no <opml> element)."))
    seen: set[str] = set()
    feeds = []
    for feed in reader.feeds:
        if feed.url not in seen:
            seen.add(feed.url)
            feeds.append(feed)
    return feeds


def write_opml(feeds: Iterable[OpmlFeed], title: str = "Podcast subscriptions") -> bytes:
    """An OPML 2.0 document: feeds without a folder first, then one outline per folder, a
    nested path ("News/Daily") as nested outlines (News > Daily > its feeds), which is how
    the import reads folders back and how gPodder and AntennaPod write them."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(time.time(), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}

    def outline_of(path: str) -> ET.Element:
        if path in folders:
            return folders[path]
        parent_path, _, name = path.rpartition("/")
        parent = outline_of(parent_path) if parent_path else body
        folders[path] = ET.SubElement(parent, "outline", text=name, title=name)
        return folders[path]

    for feed in feeds:
        parts = [p.strip() for p in feed.folder.split("/") if p.strip()]
        parent = outline_of("/".join(parts)) if parts else body
        attrs = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url}
        attrs["xmlUrl"] = feed.url
        if feed.html_url:
            attrs["htmlUrl"] = feed.html_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
