"""Show notes are untrusted HTML: keep the formatting, drop everything that acts or loads.

Feeds are parsed with feedparser's own sanitiser switched off (it is a large share of the parse
time and still lets ``<img src=http://...>`` through); this one runs once per stored item and
keeps only an allowlist: no scripts, styles, event handlers, frames, forms or remote images.

It is a single regular-expression tokenizer rather than ``html.parser``: show notes are most of
a feed's bytes, and the standard parser's per-tag Python work made sanitising cost a quarter
of a feed's whole parse time. Anything the tokenizer does not recognise as a tag is text, and
text is always escaped, so a malformed tag can only ever come out as visible characters.
"""

from __future__ import annotations

import html
import re
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
    "p br div li h1 h2 h3 h4 h5 h6 tr blockquote pre hr dt dd table ul ol dl".split()
)

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (an unclosed one runs to the end, as browsers do)
    r"|<(/?)([A-Za-z][A-Za-z0-9:_-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # start or end tag
    r"|<[!?][^>]*>",  # doctype, processing instruction, CDATA marker
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[#a-zA-Z0-9]+;")
_ABSOLUTE_WEB = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _attributes(raw: str) -> list[tuple[str, str | None]]:
    out = []
    for match in _ATTR.finditer(raw):
        value = match.group(2)
        if value is not None:
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            value = html.unescape(value)
        out.append((match.group(1).lower(), value))
    return out


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


def _start_tag(tag: str, raw_attrs: str, base_url: str) -> str:
    allowed = ALLOWED_ATTRS.get(tag)
    if not allowed:
        return f"<{tag}>"
    kept = []
    for name, value in _attributes(raw_attrs):
        if name not in allowed or value is None:
            continue
        if name == "href":
            value = _safe_href(value, base_url)
            if not value:
                continue
        kept.append(f' {name}="{html.escape(value, quote=True)}"')
    if tag == "a" and any(k.startswith(" href=") for k in kept):
        kept.append(' rel="noopener noreferrer nofollow"')
    return f"<{tag}{''.join(kept)}>"


def _text(data: str) -> str:
    if "&" in data:
        data = html.unescape(data)
    if "&" in data or "<" in data or ">" in data:
        return html.escape(data, quote=False)
    return data


def sanitize_html(text: str, base_url: str = "") -> str:
    """Safe HTML for show notes. Plain text (no tags) comes back escaped with line breaks kept."""
    if not text:
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "".join(
            "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    out: list[str] = []
    open_tags: list[str] = []
    skip_depth = 0
    position = 0
    for match in _TOKEN.finditer(text):
        if not skip_depth and match.start() > position:
            out.append(_text(text[position : match.start()]))
        position = match.end()
        tag = (match.group(2) or "").lower()
        if not tag:
            continue  # comment, doctype, processing instruction
        closing = match.group(1) == "/"
        if tag in DROP_WITH_CONTENT:
            if closing:
                skip_depth = max(0, skip_depth - 1)
            elif not match.group(3).rstrip().endswith("/"):
                skip_depth += 1
            continue
        if skip_depth or tag not in ALLOWED_TAGS:
            continue
        if closing:
            if tag in open_tags:
                while open_tags:
                    top = open_tags.pop()
                    out.append(f"</{top}>")
                    if top == tag:
                        break
            continue
        if tag in VOID_TAGS:
            out.append(f"<{tag}>")
            continue
        out.append(_start_tag(tag, match.group(3), base_url))
        open_tags.append(tag)
    if not skip_depth and position < len(text):
        out.append(_text(text[position:]))
    while open_tags:
        out.append(f"</{open_tags.pop()}>")
    return "".join(out).strip()


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
    lines = (_SPACES.sub(" ", line).strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)
