"""Subscription exports in the exact shapes gPodder and AntennaPod write them.

The shared corpus has no export from either app, so these are built the way each app's own
exporter builds them (read from their sources: gPodder's ``src/gpodder/opml.py`` Exporter,
AntennaPod's ``storage/importexport/OpmlWriter.java``), with the quirks that matter to a reader:
gPodder puts the show's *description* in ``text`` and its title in ``title``, pretty-prints with
minidom and has no folders; AntennaPod writes ``standalone='no'``, ``text`` and ``title`` both
the title, an ``htmlUrl`` and an RFC 822 date with a two-digit year.
"""

from __future__ import annotations

import xml.dom.minidom
from dataclasses import dataclass
from email.utils import formatdate
from xml.sax.saxutils import quoteattr


@dataclass(frozen=True, slots=True)
class AppFeed:
    """One subscription as the apps know it."""

    url: str
    title: str
    description: str = ""
    html_url: str = ""


def gpodder_export(feeds: list[AppFeed]) -> bytes:
    """What gPodder 3's File > Export subscriptions writes (minidom, ``toprettyxml``)."""
    doc = xml.dom.minidom.Document()
    opml = doc.createElement("opml")
    opml.setAttribute("version", "2.0")
    doc.appendChild(opml)
    head = doc.createElement("head")
    for name, text in (("title", "gPodder subscriptions"), ("dateCreated", formatdate())):
        node = doc.createElement(name)
        node.appendChild(doc.createTextNode(text))
        head.appendChild(node)
    opml.appendChild(head)
    body = doc.createElement("body")
    for feed in feeds:
        outline = doc.createElement("outline")
        outline.setAttribute("title", feed.title)
        outline.setAttribute("text", feed.description)
        outline.setAttribute("xmlUrl", feed.url)
        outline.setAttribute("type", "rss")
        body.appendChild(outline)
    opml.appendChild(body)
    return doc.toprettyxml(encoding="utf-8", indent="    ", newl="\n")


def antennapod_export(feeds: list[AppFeed]) -> bytes:
    """What AntennaPod's Settings > Import/Export > OPML export writes (XmlSerializer)."""
    lines = [
        "<?xml version='1.0' encoding='UTF-8' standalone='no' ?>",
        '<opml version="2.0">',
        "  <head>",
        "    <title>AntennaPod Subscriptions</title>",
        "    <dateCreated>07 Dec 26 18:30:00 +0100</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        lines.append(
            f"    <outline text={quoteattr(feed.title)} title={quoteattr(feed.title)} "
            f'type="rss" xmlUrl={quoteattr(feed.url)} htmlUrl={quoteattr(feed.html_url)} />'
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
