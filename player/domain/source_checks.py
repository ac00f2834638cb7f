"""Which media sources this player can fetch, and whether a downloaded file is the one the
feed vouched for (``podcast:integrity``'s Subresource Integrity hashes).

Both answers are pure functions of strings and bytes, kept apart from the Podcasting 2.0
values (:mod:`player.domain.podcasting20`, which re-exports them) because the download and
playback code asks them about any address, not only an alternate enclosure's.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

UNUSABLE_SCHEMES = ("ipfs", "magnet", "torrent")
"""Source schemes this player cannot fetch; onion hosts are refused separately."""


def usable_source(uri: str) -> bool:
    """Whether playback or download can try this source (not ipfs, torrent or an onion host)."""
    text = uri.strip().lower()
    if not text or text.startswith(tuple(f"{s}:" for s in UNUSABLE_SCHEMES)):
        return False
    if text.endswith(".torrent") or text.split("?")[0].endswith(".torrent"):
        return False
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).split("/", 1)[0].split(":", 1)[0]
    return not host.endswith(".onion") and text.startswith(("http://", "https://", "file:"))


SRI_ALGORITHMS = ("sha512", "sha384", "sha256")
"""Subresource Integrity hashes, strongest first (the W3C rule: only the strongest counts)."""


def sri_expected(value: str) -> tuple[str, tuple[str, ...]] | None:
    """The strongest algorithm of an SRI value and its allowed base64 digests (None: none we
    know, so nothing can be checked)."""
    found: dict[str, list[str]] = {}
    for token in value.split():
        algorithm, _, rest = token.partition("-")
        if algorithm.lower() in SRI_ALGORITHMS and rest:
            found.setdefault(algorithm.lower(), []).append(rest.split("?", 1)[0])
    for algorithm in SRI_ALGORITHMS:
        if algorithm in found:
            return algorithm, tuple(found[algorithm])
    return None


def sri_verify(value: str, chunks: Iterable[bytes]) -> bool | None:
    """Whether the bytes in ``chunks`` (a downloaded file, read in pieces) match the SRI
    ``value``: True, False (a mismatch: the download is an error), None (nothing to check)."""
    expected = sri_expected(value)
    if expected is None:
        return None
    algorithm, digests = expected
    hasher = hashlib.new(algorithm)
    for chunk in chunks:
        hasher.update(chunk)
    return base64.b64encode(hasher.digest()).decode("ascii") in digests
