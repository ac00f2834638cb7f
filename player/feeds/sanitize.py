"""Show notes are untrusted HTML: keep the formatting, drop everything that acts or loads.

Feeds are parsed with feedparser's own sanitiser switched off (it is a large share of the parse
time and still lets ``<img src=http://...>`` through); this one runs once per stored item and
keeps only an allowlist: no scripts, styles, event handlers, frames, forms or remote images.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del dl dt em h1 h2 h3 h4 h5 h6 hr i ins kbd "
    "li mark ol p pre q s small span strike strong sub sup table tbody td tfoot th thead tr tt "
    "u ul".split()
)
VOID_TAGS = frozenset({"br", "hr"})
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
     "head", "title", "frameset", "frame", "applet", "form", "select", "textarea", "button"}
)  # fmt: skip
ALLOWED_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"},
                 "th": {"colspan", "rowspan"}}  # fmt: skip
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
    ]
)


class _Sanitiser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            if tag not in VOID_TAGS:
                self.skip_depth += 1
            return
        if self.skip_depth or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, ()) or value is None:
                continue
            if name == "href":
                value = _safe_href(value, self.base_url)
                if not value:
                    continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "a" and any(k.startswith(" href=") for k in kept):
            kept.append(' rel="noopener noreferrer nofollow"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS and not self.skip_depth:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_WITH_CONTENT:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.out.append(html.escape(data, quote=False))

    def close_all(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip()


def _safe_href(value: str, base_url: str) -> str:
    value = value.strip()
    try:
        absolute = urljoin(base_url, value) if base_url else value
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return ""
    return absolute if scheme in SAFE_SCHEMES else ""


_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[#a-zA-Z0-9]+;")


def sanitize_html(text: str, base_url: str = "") -> str:
    """Safe HTML for show notes. Plain text (no tags) comes back escaped with line breaks kept."""
    if not text:
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "".join(
            "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    parser = _Sanitiser(base_url)
    parser.feed(text)
    return parser.close_all()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(text: str) -> str:
    """Readable plain text of (sanitised) HTML: for search, previews and the terminal."""
    if not text:
        return ""
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)
