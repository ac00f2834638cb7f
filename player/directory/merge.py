"""Many providers' lists -> one ranked list without duplicates.

Two records are the same podcast when they share a podcast GUID or an iTunes id (identities
the directories themselves assign), or, failing those, the same normalised feed URL. A URL
match is not trusted over identities: two records with different GUIDs stay apart even when
their URLs normalise alike.

Ranking: a podcast scores ``sum(1 / (rank + 1))`` over the providers that found it (rank 0 is
a provider's first result); ties go to the one found by more providers, then to the one with
the newer episode. Of a group's records the one with the newest episode is kept (it is the
likeliest to be current); its empty fields are filled from the others in rank order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit, urlunsplit

from player.directory.model import DirectoryResult, ProviderAnswer

REDIRECT_HOSTS: dict[str, str] = {
    "feeds2.feedburner.com": "feeds.feedburner.com",
    "feedproxy.google.com": "feeds.feedburner.com",
    "www.feedburner.com": "feeds.feedburner.com",
    "www.omnycontent.com": "omnycontent.com",
    "www.spreaker.com": "spreaker.com",
}
"""Hosts that answer for the same feeds under other names -> the name compared.

Kept small on purpose: only hosts known to serve the same paths (FeedBurner under its three
names; Omny and Spreaker with and without ``www``). Feedburner feed names are case-insensitive,
so their paths are compared in lower case.
"""
_CASE_INSENSITIVE_PATHS = {"feeds.feedburner.com"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FEED_SCHEMES = ("feed", "itpc", "pcast", "podcast")


def normalise_url(url: str) -> str:
    """The form two feed URLs are compared in (not one to fetch: ``http`` stands for both).

    ``feed:``/``itpc:``/``pcast:`` forms become ``http``; ``https`` and ``http`` compare equal;
    the host is lower-cased, mapped through :data:`REDIRECT_HOSTS`, and loses a default port;
    a trailing slash and the fragment are dropped. Text that is not a URL comes back stripped.
    """
    text = url.strip()
    lower = text.lower()
    for scheme in _FEED_SCHEMES:
        if lower.startswith(scheme + ":"):
            rest = text[len(scheme) + 1 :]
            text = rest if "://" in rest[:10] and not rest.startswith("//") else "http:" + rest
            lower = text.lower()
            break
    if not lower.startswith(("http://", "https://")):
        return text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    host = (parts.hostname or "").rstrip(".")
    host = REDIRECT_HOSTS.get(host, host)
    # http and https compare equal, so either default port is dropped (keeps this idempotent)
    netloc = host if port is None or port in _DEFAULT_PORTS.values() else f"{host}:{port}"
    path = parts.path.rstrip("/")
    if host in _CASE_INSENSITIVE_PATHS:
        path = path.lower()
    return urlunsplit(("http", netloc, path, parts.query, ""))


@dataclasses.dataclass
class _Group:
    records: list[tuple[int, int, DirectoryResult]]
    """(rank, provider position, record)."""
    guids: set[str]


def merge(answers: Sequence[ProviderAnswer]) -> tuple[DirectoryResult, ...]:
    """One ranked, de-duplicated list from the providers' answers (in the order given)."""
    groups: list[_Group] = []
    owner: dict[str, int] = {}  # identity or URL key -> a group holding it (see find)
    alias: list[int] = []  # union-find parents

    def find(i: int) -> int:
        while alias[i] != i:
            alias[i] = alias[alias[i]]
            i = alias[i]
        return i

    def join(a: int, b: int) -> int:
        a, b = find(a), find(b)
        if a == b:
            return a
        alias[b] = a
        groups[a].records += groups[b].records
        groups[a].guids |= groups[b].guids
        groups[b].records = []
        return a

    for position, answer in enumerate(answers):
        for rank, record in enumerate(answer.results):
            if not record.feed_url:
                continue
            record = _with_source(record, answer.provider)
            guid = record.podcast_guid.strip().lower()
            index = len(groups)
            groups.append(_Group([(rank, position, record)], {guid} if guid else set()))
            alias.append(index)
            identities = []
            if guid:
                identities.append("guid:" + guid)
            if record.itunes_id is not None:
                identities.append(f"itunes:{record.itunes_id}")
            for key in identities:
                if key in owner:
                    index = join(owner[key], index)
                else:
                    owner[key] = index
            key = "url:" + normalise_url(record.feed_url)
            if key not in owner:
                owner[key] = index
                continue
            other, mine = find(owner[key]), groups[find(index)].guids
            if not (mine and groups[other].guids and not mine & groups[other].guids):
                join(other, index)
    roots = [g for i, g in enumerate(groups) if find(i) == i and g.records]
    scored = [_combine(g) for g in roots]
    scored.sort(key=lambda s: (-s[0], -len(s[1].sources), -(s[1].newest or 0.0), s[2]))
    return tuple(s[1] for s in scored)


def _with_source(record: DirectoryResult, provider: str) -> DirectoryResult:
    if record.sources == (provider,):
        return record
    return dataclasses.replace(record, sources=(provider,))


def _combine(group: _Group) -> tuple[float, DirectoryResult, tuple[int, int]]:
    """(score, merged record, first appearance) of one podcast's records."""
    best_rank: dict[str, tuple[int, int]] = {}
    for rank, position, record in group.records:
        source = record.sources[0]
        best_rank[source] = min(best_rank.get(source, (rank, position)), (rank, position))
    score = sum(1.0 / (rank + 1) for rank, _ in best_rank.values())
    in_rank_order = sorted(group.records, key=lambda r: (r[0], r[1]))
    newest = max(in_rank_order, key=lambda r: r[2].newest if r[2].newest is not None else -1.0)
    kept = newest[2] if newest[2].newest is not None else in_rank_order[0][2]
    merged = fill_empty(kept, (r[2] for r in in_rank_order))
    sources = tuple(sorted(best_rank, key=lambda s: best_rank[s]))
    merged = dataclasses.replace(merged, sources=sources)
    return score, merged, (in_rank_order[0][0], in_rank_order[0][1])


def fill_empty(kept: DirectoryResult, others: Iterable[DirectoryResult]) -> DirectoryResult:
    """``kept`` with each empty field (``""``, ``None``, ``()``) taken from the first other
    record that has it."""
    changes: dict[str, object] = {}
    others = list(others)
    for f in dataclasses.fields(DirectoryResult):
        if f.name in ("sources", "subscribed"):
            continue
        if getattr(kept, f.name) in ("", None, ()):
            for other in others:
                value = getattr(other, f.name)
                if value not in ("", None, ()):
                    changes[f.name] = value
                    break
    return dataclasses.replace(kept, **changes) if changes else kept  # type: ignore[arg-type]
