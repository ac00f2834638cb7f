"""Which of an episode's media addresses this player can use, and whether a file is the one
the feed vouched for.

The podcast namespace's ``alternateEnclosure`` lists a version's ``source`` URIs in the
publisher's order, and they may be anything: an HTTP mirror, an IPFS CID, a torrent, an onion
service. libVLC and httpx can open http(s) (and a local file); everything else would fail
after a timeout, so it is skipped before it is tried rather than reported afterwards.

An ``integrity`` value (Subresource Integrity: ``sha256-``/``sha384-``/``sha512-`` and the
base64 digest, several allowed) lets a download prove it got the publisher's bytes; a file
that does not match is not the episode, whatever its server said.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from player.domain.errors import PlayerError
from player.domain.models import Episode
from player.domain.podcasting20 import AlternateEnclosure, sri_verify
from player.storage.db import Store
from player.storage.podcasting20 import Podcasting20Repo

USABLE_SCHEMES = frozenset({"http", "https", "file"})
"""What libVLC and the downloader open here; ipfs:, magnet:, ed2k: and the rest are not."""
UNUSABLE_TYPES = frozenset({"application/x-bittorrent"})
"""A source that is an http link to a .torrent file is still a torrent."""


def unusable_reason(url: str, content_type: str = "") -> str:
    """Why ``url`` cannot be played or downloaded here ("" when it can)."""
    if not url:
        return "no address"
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not scheme and url.startswith("/"):
        scheme = "file"
    if scheme not in USABLE_SCHEMES:
        return f"{scheme or 'an address without a scheme'} is not supported"
    host = (parts.hostname or "").lower()
    if host.endswith(".onion"):
        return "onion services need Tor"
    if content_type.split(";")[0].strip().lower() in UNUSABLE_TYPES or parts.path.lower().endswith(
        ".torrent"
    ):
        return "torrents are not supported"
    return ""


def usable(url: str, content_type: str = "") -> bool:
    """Whether this player can open ``url`` (http, https or a local file; no onion, torrent)."""
    return not unusable_reason(url, content_type)


def usable_sources(urls: Iterable[str]) -> list[str]:
    """``urls`` in their order, without the ones that cannot be used and without repeats."""
    seen: list[str] = []
    for url in urls:
        url = url.strip()
        if url and url not in seen and usable(url):
            seen.append(url)
    return seen


def sri_value(path: Path, algorithm: str = "sha384") -> str:
    """The SRI value of a file (what a publisher would put in ``integrity``)."""
    digest = hashlib.new(algorithm)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{algorithm}-{base64.b64encode(digest.digest()).decode('ascii')}"


def matches_integrity(path: Path, integrity: str) -> bool | None:
    """Whether the file at ``path`` matches ``integrity``: True, False, or None when the value
    has no hash this player knows (then nothing is claimed and nothing is refused). The SRI
    rules (only the strongest algorithm counts, any of its digests may match) are
    :func:`player.domain.podcasting20.sri_verify`'s."""
    with path.open("rb") as f:
        return sri_verify(integrity, iter(lambda: f.read(1 << 20), b""))


@dataclass(frozen=True, slots=True)
class MediaPlan:
    """Where one episode's file may be fetched from, in order, and what it must hash to.

    ``urls`` are only the usable ones (the feed's enclosure first, then the alternate
    sources of the same file); ``skipped`` the ones left out and why, for the log and the
    error a listener reads when nothing was left.
    """

    urls: tuple[str, ...]
    integrity: str = ""
    skipped: tuple[tuple[str, str], ...] = ()


def plan_of(urls: Iterable[str], integrity: str = "") -> MediaPlan:
    """A :class:`MediaPlan` over ``urls`` in their order: repeats and unusable ones dropped."""
    kept: list[str] = []
    skipped: list[tuple[str, str]] = []
    for url in urls:
        url = url.strip()
        if not url or url in kept:
            continue
        reason = unusable_reason(url)
        if reason:
            skipped.append((url, reason))
        else:
            kept.append(url)
    return MediaPlan(tuple(kept), integrity, tuple(skipped))


def same_file_version(
    enclosure_url: str, versions: Iterable[AlternateEnclosure]
) -> AlternateEnclosure | None:
    """The alternate enclosure that *is* the feed's ``<enclosure>`` (the spec's
    ``default="true"``, or the one listing the enclosure's address among its sources): its
    other sources are mirrors of the same file, and its integrity value vouches for it."""
    versions = list(versions)
    for version in versions:
        if any(s.uri == enclosure_url for s in version.sources):
            return version
    return next((v for v in versions if v.default), None)


def episode_plan(episode: Episode, versions: Iterable[AlternateEnclosure]) -> MediaPlan:
    """Where an episode's file may come from: its enclosure, then the mirrors the feed lists
    for that same file; with the SRI value the feed gives for it."""
    same = same_file_version(episode.enclosure_url, versions)
    urls = [episode.enclosure_url] + ([s.uri for s in same.sources] if same else [])
    integrity = ""
    if same is not None and same.integrity is not None and same.integrity.type.lower() == "sri":
        integrity = same.integrity.value
    return plan_of(urls, integrity)


def stored_plans(store: Store) -> Callable[[Episode], MediaPlan]:
    """:func:`episode_plan` over the library's stored alternate enclosures (a download
    worker calls it once per job: one small query)."""
    repo = Podcasting20Repo(store)

    def plan(episode: Episode) -> MediaPlan:
        try:
            versions = repo.episode_extras(episode.id).alternate_enclosures
        except PlayerError:
            versions = ()
        return episode_plan(episode, versions)

    return plan
