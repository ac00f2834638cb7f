"""What a directory answers, in one shape whatever the provider.

Every provider's records differ (iTunes has no GUID, fyyd no author, gpodder.net no episode
count); one normalised record lets the merge compare them and the window and ``--json`` show
them the same way. Fields a provider does not give stay empty rather than guessed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol

import httpx


@dataclass(frozen=True, slots=True)
class DirectoryResult:
    """One podcast as a directory lists it (after merging: as all sources together do)."""

    title: str
    feed_url: str
    author: str = ""
    image_url: str = ""
    description: str = ""
    website: str = ""
    episode_count: int | None = None
    newest: float | None = None
    """POSIX seconds of the newest episode, when the directory knows it."""
    sources: tuple[str, ...] = ()
    """Provider names that found this podcast, best rank first."""
    itunes_id: int | None = None
    podcast_guid: str = ""
    categories: tuple[str, ...] = ()
    language: str = ""
    subscribed: bool = False
    """Set by the service: the listener already has this feed."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A directory entry left out, and why (e.g. no feed URL even after a look-up)."""

    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class ProviderAnswer:
    """One provider's part of a search: its results in its own rank order, or its error."""

    provider: str
    results: tuple[DirectoryResult, ...] = ()
    error: str | None = None
    """One readable sentence ("fyyd: the server answered 503"), None when it answered."""
    skipped: tuple[Skipped, ...] = ()
    seconds: float = 0.0
    cacheable: bool = True
    """False for answers that must not be cached (errors, a rate-limit 403)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart a provider can list: ``country`` and ``genre`` as the provider names them."""

    country: str = "us"
    genre: str = ""
    """Provider-specific category id or tag; empty for the overall chart."""


@dataclass(frozen=True, slots=True)
class MergedAnswer:
    """What the listener sees: one ranked list, and beside it each provider that failed."""

    query: str
    results: tuple[DirectoryResult, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)
    """Provider name -> its error sentence."""
    answered: tuple[str, ...] = ()
    """Providers that answered (possibly with no results)."""
    skipped: tuple[Skipped, ...] = ()
    seconds: float = 0.0


class DirectoryError(Exception):
    """A provider could not answer; ``str()`` is the one sentence shown to the listener."""

    def __init__(self, message: str, *, cacheable: bool = False) -> None:
        super().__init__(message)
        self.cacheable = cacheable


class Provider(Protocol):
    """One directory. Implementations are small modules: ``itunes``, ``podcastindex``, ..."""

    name: str
    """Stable id used in ``sources`` and settings: "itunes", "podcastindex", "fyyd", "gpodder"."""
    label: str
    """Human name: "Apple Podcasts", "Podcast Index", "fyyd", "gpodder.net"."""

    def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
        """Search by term; raises ``DirectoryError`` with a readable sentence on failure."""
        ...

    def charts(self, client: httpx.Client, chart: Chart, limit: int) -> ProviderAnswer:
        """The top podcasts of a chart; ``DirectoryError`` when this provider has none."""
        ...


_TUPLE_FIELDS = ("sources", "categories")


def result_to_dict(result: DirectoryResult) -> dict[str, Any]:
    """A result as plain JSON values (the disk cache's record)."""
    return asdict(result)


def result_from_dict(data: dict[str, Any]) -> DirectoryResult:
    """The inverse of :func:`result_to_dict`; unknown keys (a newer cache) are ignored."""
    known = {f.name for f in fields(DirectoryResult)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _TUPLE_FIELDS:
        if name in values:
            values[name] = tuple(values[name])
    return DirectoryResult(**values)


def supports_charts(provider: object) -> bool:
    """Whether ``provider`` lists charts (``has_charts``; providers without it are asked)."""
    return bool(getattr(provider, "has_charts", True))
