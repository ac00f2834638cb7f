"""Finding a podcast's feed from its web page (``<link rel="alternate" type="...rss+xml">``).

People paste the show's home page more often than its feed. Pages announce their feeds in the
``<head>``; we read those links (RSS before Atom, in page order) and try them in turn.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_LOOKS_LIKE_HTML = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        if tag not in ("link", "a"):
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.links.append((kind, values["href"]))


def looks_like_html(body: bytes) -> bool:
    """Whether a body that failed to parse as a feed is a web page worth searching."""
    return bool(_LOOKS_LIKE_HTML.search(body[:4096]))


def feed_links(html: bytes, page_url: str) -> list[str]:
    """Absolute http(s) feed URLs announced by the page, best first, without repeats."""
    finder = _LinkFinder()
    finder.feed(html.decode("utf-8", "replace"))
    finder.close()
    base = urljoin(page_url, finder.base) if finder.base else page_url
    ranked = sorted(enumerate(finder.links), key=lambda x: (FEED_TYPES.index(x[1][0]), x[0]))
    out: list[str] = []
    for _, (_, href) in ranked:
        url = urljoin(base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in out:
            out.append(url)
    return out
