"""A fast look at a feed's items before feedparser: where each one is and what it hashes to.

On refresh most items are the ones we stored last time. feedparser costs about 1 ms per item,
so instead of handing it the whole document we find each top-level ``<item>``/``<entry>`` with
one C-speed regular expression, hash its exact bytes, and build a smaller document from the
channel and only the items whose hash we have not seen. The partial document is the original
bytes with the known items cut out, so everything else (namespaces, xml:base, the second
``<channel>`` some feeds have) stays exactly as it was.

The cut is only safe when it cannot change what feedparser makes of the remaining items; the
conditions are spelled out in :func:`scan`, and the caller checks feedparser's answer again
(entry count, strict parse) before trusting it. When in doubt we return None: a full parse is
always correct, just slower.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from xml.parsers import expat

SCAN_VERSION = "1"
"""Bump when anything that maps an item changes, so stored fingerprints stop matching."""

_ITEM_TAGS = re.compile(
    rb"<!--.*?-->"
    rb"|<!\[CDATA\[.*?\]\]>"
    rb"|<\?.*?\?>"
    rb"|<(/?)((?:[A-Za-z_][\w.-]*:)?(?:item|entry))(?=[\s/>])"
    rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_BYTE_SAFE_ENCODINGS = re.compile(
    r"^(utf-?8|us-ascii|ascii|iso[-_]?8859-\d+|latin-?1|l1|windows-125\d|cp125\d)$", re.I
)
"""UTF-8 and single-byte encodings: no byte of a multi-byte character can look like markup."""


@dataclass(frozen=True, slots=True)
class Scan:
    """Top-level items of a document: byte spans and fingerprints, in document order."""

    spans: tuple[tuple[int, int], ...]
    fingerprints: tuple[str, ...]


def fingerprint(item_bytes: bytes, context: str) -> str:
    """Identity of one item's bytes in one feed (the URL resolves its relative links)."""
    digest = hashlib.blake2b(context.encode("utf-8", "surrogatepass") + b"\0", digest_size=16)
    digest.update(item_bytes)
    return digest.hexdigest()


def scan(body: bytes, context: str) -> Scan | None:
    """Split ``body`` (already through ``parse.prepare``) into items, or None when unsafe.

    Unsafe means: an encoding where bytes do not map to characters one way (UTF-16/32,
    Shift_JIS...), entity declarations (an entity could hold whole items), a document that is
    not namespace-well-formed XML (feedparser would use its loose parser, where one broken
    item can change how the next is read), or tags that do not pair up.
    """
    if not _byte_safe(body) or b"<!ENTITY" in body:
        return None
    if not _well_formed(body):
        return None
    spans: list[tuple[int, int]] = []
    stack: list[bytes] = []
    start = 0
    for match in _ITEM_TAGS.finditer(body):
        name = match.group(2)
        if name is None:
            continue  # a comment, CDATA section or processing instruction
        closing = match.group(1) == b"/"
        if closing:
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if not stack:
                spans.append((start, match.end()))
            continue
        if match.group(3).rstrip().endswith(b"/"):
            if not stack:
                spans.append((match.start(), match.end()))
            continue
        if not stack:
            start = match.start()
        stack.append(name)
    if stack:
        return None
    context = SCAN_VERSION + "\0" + context
    return Scan(
        spans=tuple(spans),
        fingerprints=tuple(fingerprint(body[a:b], context) for a, b in spans),
    )


def without_items(body: bytes, spans: tuple[tuple[int, int], ...], drop: set[int]) -> bytes:
    """``body`` with the items at the indexes in ``drop`` cut out, everything else as it was."""
    parts = []
    position = 0
    for index, (a, b) in enumerate(spans):
        if index in drop:
            parts.append(body[position:a])
            position = b
    parts.append(body[position:])
    return b"".join(parts)


def _byte_safe(body: bytes) -> bool:
    head = body[:200]
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in head[:4]:
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    if declared is None:
        return True  # XML without a declaration is UTF-8
    return bool(_BYTE_SAFE_ENCODINGS.match(declared.group(1).decode("ascii")))


def _well_formed(body: bytes) -> bool:
    """expat with namespaces, no handlers: the check feedparser's strict parser would make."""
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(body, True)
    except (expat.ExpatError, ValueError, LookupError):
        return False
    return True
