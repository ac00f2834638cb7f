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

SCAN_VERSION = "2"  # 2: the Podcasting 2.0 pass (issue 19) maps more of each item
"""Bump when anything that maps an item changes, so stored fingerprints stop matching."""

_ITEM_TAGS = re.compile(
    rb"<!--[^-]*(?:-(?!->)[^-]*)*-->"  # unrolled loops: no per-character backtracking
    rb"|<!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*\]\]>"
    rb"|<\?.*?\?>"
    rb"|<(/?)((?:[A-Za-z_][\w.-]*:)?(?:item|entry))(?=[\s/>])"
    rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_CONTEXT_DECLARATIONS = re.compile(
    rb"<\?xml[^>]*\?>|\sxml(?:ns(?::[\w.-]+)?|:base|:lang)\s*=\s*(?:\"[^\"]*\"|'[^']*')"
)
"""What outside the items changes how an item reads: encoding, namespaces, base URL, language."""
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
    Shift_JIS...), entity declarations (an entity could hold whole items), or tags that do not
    pair up. Fingerprints also cover the declarations outside the items (XML declaration,
    namespaces, xml:base, xml:lang), so an item only matches in the context it was read in.

    Whether the XML is well-formed is not checked here: the caller only stores fingerprints
    from a parse feedparser made strictly, and only trusts a partial parse that was strict too.
    Skipped items are then byte-identical to items of a well-formed document read in the same
    declarations, so the whole document is as well-formed as the partial one.
    """
    if not _byte_safe(body) or b"<!ENTITY" in body:
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
    frame = without_items(body, tuple(spans), set(range(len(spans))))
    declarations = hashlib.blake2b(
        b"\0".join(_CONTEXT_DECLARATIONS.findall(frame)), digest_size=16
    ).hexdigest()
    context = f"{SCAN_VERSION}\0{context}\0{declarations}"
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
