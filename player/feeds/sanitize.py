"""Show notes are untrusted HTML: keep the formatting, drop everything that acts or loads.

Feeds are parsed with feedparser's own sanitiser switched off (it is a large share of the parse
time and still lets ``<img src=http://...>`` through); this one runs once per stored item and
keeps only an allowlist: no scripts, styles, event handlers, frames, forms or remote images.

The HTML itself goes through ``nh3`` (Ammonia: html5ever parses it exactly as a browser would,
so malformed and mutation tricks meet the same parser as the attacker's target). It replaced a
hand-written tokenizer: a home-made sanitiser is a security liability, and this one also takes
0.6x the old one's time on the corpus's show notes (``bench/bench_sanitize.py``). What Ammonia
cannot do per call is done here: relative links are resolved against the item's own page and
re-vetted, and only links that kept an ``href`` are marked ``rel``.
"""

from __future__ import annotations

import html
import re
import threading
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del dl dt em h1 h2 h3 h4 h5 h6 hr i ins kbd "
    "li mark ol p pre q s small span strike strong sub sup table tbody td tfoot th thead tr tt "
    "u ul".split()
)
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
     "head", "title", "frameset", "frame", "applet", "form", "select", "textarea", "button"}
)  # fmt: skip
ALLOWED_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"},
                 "th": {"colspan", "rowspan"}}  # fmt: skip
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
BLOCK_TAGS = frozenset(
    "p br div li h1 h2 h3 h4 h5 h6 tr blockquote pre hr dt dd table ul ol dl".split()
)

LINK_REL = "noopener noreferrer nofollow"


class _Base(threading.local):
    """The base URL of the note being cleaned, per thread: nh3 takes one callback for relative
    links at construction, and building a cleaner per item would cost more than the cleaning."""

    url = ""


_BASE = _Base()


def _resolve_relative(url: str) -> str | None:
    """nh3's callback for a relative href: absolute against the item's page, or dropped."""
    return _safe_href(url, _BASE.url) or None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRS.items()},
    url_schemes=set(SAFE_SCHEMES),
    url_relative=_resolve_relative,
    link_rel=LINK_REL,
    strip_comments=True,
)
# nh3 writes every attribute as name="value" (quotes escaped) and appends rel last, so this
# finds exactly the links whose href was dropped: a rel there would only be noise.
_REL_WITHOUT_HREF = re.compile(rf'<a((?: (?!href=)[^\s="]+="[^"]*")*) rel="{LINK_REL}">')
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (an unclosed one runs to the end, as browsers do)
    r"|<(/?)([A-Za-z][A-Za-z0-9:_-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # start or end tag
    r"|<[!?][^>]*>",  # doctype, processing instruction, CDATA marker
    re.DOTALL,
)
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[#a-zA-Z0-9]+;")
_ABSOLUTE_WEB = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _safe_href(value: str, base_url: str) -> str:
    value = value.strip()
    if _ABSOLUTE_WEB.match(value):
        return value  # already absolute http(s): urljoin would only cost time
    try:
        absolute = urljoin(base_url, value) if base_url else value
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return ""
    return absolute if scheme in SAFE_SCHEMES else ""


def sanitize_html(text: str, base_url: str = "") -> str:
    """Safe HTML for show notes. Plain text (no tags) comes back escaped with line breaks kept."""
    if not text:
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "".join(
            "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    _BASE.url = base_url
    clean = _CLEANER.clean(text)
    if "<a " in clean:
        clean = _REL_WITHOUT_HREF.sub(r"<a\1>", clean)
    return clean.strip()


def html_to_text(text: str) -> str:
    """Readable plain text of (sanitised) HTML: for search, previews and the terminal."""
    if not text:
        return ""
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
        if (match.group(2) or "").lower() in BLOCK_TAGS:
            parts.append("\n")
    parts.append(text[position:])
    joined = "".join(parts)
    if "&" in joined:
        joined = html.unescape(joined)
    if "  " in joined or any(c in joined for c in "\t\r\f\v"):
        # only then: a substitution at every single space between words cost a third of this
        joined = _SPACES.sub(" ", joined)
    lines = (line.strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)
