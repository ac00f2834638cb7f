"""Finding podcasts by name: the API the window and the CLI use for directories.

``DiscoverService`` puts together what the directory layer leaves out: which providers are on
(settings, and a Podcast Index key from the keyring), the disk cache, and "already subscribed"
marks from the library. Every method blocks (network, disk, parsing): the window calls them from
its task pool, never from the GUI thread.

    service = DiscoverService(store, cache_dir=paths.cache / "directory")
    answer = service.search("the daily")     # MergedAnswer: results, errors per provider
    page = service.preview(answer.results[0].feed_url)   # PodcastPreview, stores nothing
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from player.directory.cache import CHART_SECONDS, SEARCH_SECONDS, DirectoryCache
from player.directory.fyyd import FyydProvider
from player.directory.genres import GENRES
from player.directory.gpodder import GpodderProvider
from player.directory.itunes import ITunesProvider
from player.directory.merge import normalise_url
from player.directory.model import Chart, MergedAnswer, Provider, ProviderAnswer, supports_charts
from player.directory.podcastindex import PodcastIndexProvider
from player.directory.search import ask_all, new_client
from player.domain.errors import PlayerError
from player.domain.settings import (
    DIRECTORY_COUNTRY,
    DIRECTORY_DEADLINE,
    DIRECTORY_ENABLED,
    DIRECTORY_PROVIDERS,
    DIRECTORY_TIMEOUT,
    DIRECTORY_URL,
)
from player.feeds.fetch import FetchLimits
from player.feeds.pool import InlineParser, Parser
from player.i18n import N_, _
from player.services.credentials import NO_KEYRING, SIGNUP_URL, Credentials
from player.services.podcast_preview import PodcastPreview, preview_feed
from player.storage import Store
from player.storage.podcasts import PodcastRepo
from player.storage.settings import SettingsRepo

LABELS = {
    "itunes": ITunesProvider.label,
    "podcastindex": PodcastIndexProvider.label,
    "fyyd": FyydProvider.label,
    "gpodder": GpodderProvider.label,
}
NEEDS_KEY = N_("Off: add a Podcast Index key in Settings (free at {url}).")
OFF_IN_SETTINGS = N_("Off in Settings.")


_HOST_LIKE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,24}(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def is_address(text: str) -> bool:
    """Whether what the listener typed in the search-or-URL box is an address to subscribe to
    (a URL, a ``feed:``/``itpc:`` link, a bare host such as ``example.org/feed``) rather than
    words to search for. Words never contain a dot between letters without spaces, so
    "the daily" and "99% invisible" search while "nytimes.com" subscribes."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return False
    lower = text.lower()
    if lower.startswith(("http://", "https://", "feed:", "itpc:", "pcast:", "podcast:", "file:")):
        return True
    return bool(_HOST_LIKE.match(text))


class DiscoverError(PlayerError):
    """A search that cannot start (an empty query); the message says what to do."""


class SettingsReader(Protocol):
    """What the service reads settings through (``SettingsRepo`` or ``CachedSettings``)."""

    def get(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """One directory as Settings and the search view show it."""

    name: str
    label: str
    enabled: bool
    note: str = ""
    """Why it is off, or "" when it is on."""


class DiscoverService:
    """Directory search, charts and podcast pages over one library.

    ``cache_dir`` (``DataPaths.cache / "directory"``) keeps answers on disk; None keeps none.
    ``parser`` parses previews (the window passes its sync service's process pool so a big
    feed is parsed off its process; the default parses inline, on the calling thread).
    """

    def __init__(
        self,
        store: Store,
        settings: SettingsReader | None = None,
        *,
        cache_dir: Path | None = None,
        credentials: Credentials | None = None,
        parser: Parser | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings: SettingsReader = settings or SettingsRepo(store)
        self.credentials = credentials or Credentials()
        self.cache = DirectoryCache(cache_dir, clock) if cache_dir is not None else None
        self.parser: Parser = parser or InlineParser()
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    def close(self) -> None:
        """Close the HTTP connections kept for the next search."""
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # -- providers ---------------------------------------------------------------------

    def providers(self) -> list[ProviderStatus]:
        """Every directory, whether it is asked, and why not when it is off."""
        return [status for _, status in self._providers()]

    def _providers(self) -> list[tuple[Provider | None, ProviderStatus]]:
        get = self.settings.get
        timeout = float(get(DIRECTORY_TIMEOUT))
        built: list[tuple[Provider | None, ProviderStatus]] = []
        for name in DIRECTORY_PROVIDERS:
            label = LABELS[name]
            if not get(DIRECTORY_ENABLED[name]):
                built.append((None, ProviderStatus(name, label, False, _(OFF_IN_SETTINGS))))
                continue
            url = str(get(DIRECTORY_URL[name]) or "")
            provider: Provider
            if name == "itunes":
                provider = ITunesProvider(url, country=self._country(), timeout=timeout)
            elif name == "podcastindex":
                api_key = self.credentials.podcastindex()
                if api_key is None:
                    note = (
                        _(NEEDS_KEY).format(url=SIGNUP_URL)
                        if self.credentials.available()
                        else _(NO_KEYRING)
                    )
                    built.append((None, ProviderStatus(name, label, False, note)))
                    continue
                provider = PodcastIndexProvider(api_key.key, api_key.secret, url, timeout=timeout)
            elif name == "fyyd":
                provider = FyydProvider(url, timeout=timeout)
            else:
                provider = GpodderProvider(url, timeout=timeout)
            built.append((provider, ProviderStatus(name, label, True)))
        return built

    def _enabled(self) -> list[Provider]:
        return [p for p, _ in self._providers() if p is not None]

    def _country(self) -> str:
        return str(self.settings.get(DIRECTORY_COUNTRY) or "us").lower()

    # -- search and charts -------------------------------------------------------------

    def search(self, query: str, limit: int = 30) -> MergedAnswer:
        """Every enabled directory's matches for ``query``, merged and marked "subscribed"."""
        text = " ".join(query.split())
        if not text:
            raise DiscoverError(_("Type a podcast's name (or some words of it) to search."))
        limit = max(1, limit)
        key = {"q": text.casefold(), "limit": limit}

        def ask(provider: Provider, client: httpx.Client) -> ProviderAnswer:
            return provider.search(client, text, limit)

        return self._ask(self._enabled(), ask, text, "search", key, SEARCH_SECONDS, limit)

    def charts(self, country: str = "us", genre: str = "", limit: int = 50) -> MergedAnswer:
        """The top podcasts of ``country`` (and an iTunes ``genre`` id), merged."""
        chart = Chart(country=(country or self._country()).lower(), genre=genre.strip())
        limit = max(1, limit)
        key = {"country": chart.country, "genre": chart.genre, "limit": limit}

        def ask(provider: Provider, client: httpx.Client) -> ProviderAnswer:
            return provider.charts(client, chart, limit)

        providers = [p for p in self._enabled() if supports_charts(p)]
        label = f"charts {chart.country}" + (f" {chart.genre}" if chart.genre else "")
        return self._ask(providers, ask, label, "charts", key, CHART_SECONDS, limit)

    def genres(self) -> list[tuple[str, str]]:
        """(id, name) of the chart categories, for the Discover view's menu."""
        return list(GENRES)

    def _ask(
        self,
        providers: list[Provider],
        ask: Callable[[Provider, httpx.Client], ProviderAnswer],
        query: str,
        kind: str,
        key: dict[str, Any],
        max_age: float,
        limit: int,
    ) -> MergedAnswer:
        cache = self.cache

        def request(provider: Provider) -> dict[str, Any]:
            return {
                **key,
                "base": getattr(provider, "base", ""),
                "country": getattr(provider, "country", key.get("country", "")),
            }

        lookup = store = None
        if cache is not None:

            def lookup(provider: Provider) -> ProviderAnswer | None:
                return cache.get(provider.name, kind, request(provider), max_age)

            def store(provider: Provider, answer: ProviderAnswer) -> None:
                cache.put(provider.name, kind, request(provider), answer)

        answer = ask_all(
            providers,
            ask,
            query=query,
            client=self._http(),
            deadline=float(self.settings.get(DIRECTORY_DEADLINE)),
            lookup=lookup,
            store=store,
        )
        return self._marked(answer, limit)

    def _http(self) -> httpx.Client:
        """One client kept between searches: typing a query reuses its connections."""
        with self._client_lock:
            if self._client is None:
                self._client = new_client()
            return self._client

    def _marked(self, answer: MergedAnswer, limit: int) -> MergedAnswer:
        subscribed = self.subscribed_urls()
        results = tuple(
            dataclasses.replace(r, subscribed=normalise_url(r.feed_url) in subscribed)
            for r in answer.results[:limit]
        )
        return dataclasses.replace(answer, results=results)

    def subscribed_urls(self) -> set[str]:
        """The library's feed URLs, normalised as the merge compares them."""
        return {normalise_url(p.url) for p in PodcastRepo(self.store).list()}

    # -- podcast page ------------------------------------------------------------------

    def preview(self, feed_url: str) -> PodcastPreview:
        """The podcast page of ``feed_url``, read from the feed now; stores nothing.

        Raises the same one-sentence ``FeedError``s as subscribing.
        """
        subscribed = self.subscribed_urls()
        return preview_feed(
            self._limits(), self.parser, feed_url, lambda url: normalise_url(url) in subscribed
        )

    def _limits(self) -> FetchLimits:
        get = self.settings.get
        return FetchLimits(
            connect_timeout=float(get("sync.connect_timeout")),
            total_timeout=float(get("sync.total_timeout")),
            max_body_bytes=int(get("sync.max_body_bytes")),
        )
