"""New shows you would like, found without the history leaving this computer.

Candidates come from three places, and only the first two touch the network:

- **charts**: Apple Podcasts' top chart of each of its categories (and the overall one), and
  Podcast Index's trending shows per category when a key is set. Every category is fetched,
  whatever the listener likes, so every listener sends the same requests; answers are kept a
  day in the directory cache (the Discover view's, shared).
- **podrolls**: the shows the makers of the listener's subscriptions recommend
  (``podcast:podroll``, stored by the feed refresh). An entry known only by its GUID is looked
  up on Podcast Index (``/podcasts/byguid``): the one request that depends on the library,
  and it names a show the listener does *not* have.
- **the library**: what the listener finishes, how long, how often, when; which categories
  and languages. Read here, kept here; the ranking (:mod:`player.recommend.shows`) runs here.

The setting :data:`NETWORK_KEY` off leaves only the podroll entries that carry a feed address:
no request at all. Subscribed shows, dismissed suggestions and shows the listener once
unsubscribed from are never suggested. Every call blocks (network, disk): the window runs it
on its task pool.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

import httpx

from player.directory.cache import CHART_SECONDS, DirectoryCache
from player.directory.genres import GENRES, PODCASTINDEX_CATEGORIES
from player.directory.itunes import ITunesProvider
from player.directory.merge import normalise_url
from player.directory.model import Chart, DirectoryError, DirectoryResult, ProviderAnswer
from player.directory.podcastindex import PodcastIndexProvider
from player.directory.search import new_client
from player.domain.settings import (
    DIRECTORY_COUNTRY,
    DIRECTORY_ENABLED,
    DIRECTORY_TIMEOUT,
    DIRECTORY_URL,
)
from player.domain.show_privacy import NETWORK_KEY, PRIVACY_NOTE
from player.recommend.show_reasons import explain
from player.recommend.shows import Finish, ShowCandidate, ShowSuggestion, build_taste, rank_shows
from player.services.credentials import Credentials
from player.services.up_next import LEARNING_KEY
from player.storage.db import Store
from player.storage.settings import SettingsRepo
from player.storage.show_marks import ShowMark, ShowMarksRepo
from player.storage.show_taste import ShowTasteRepo, SubscribedShow

CHART_LIMIT = 50
"""Shows per chart: Apple's chart of 50 needs one look-up request for its feed addresses."""
MAX_GUID_LOOKUPS = 40
"""Podroll entries looked up per round at most (the cache keeps the answers a day)."""
WORKERS = 4
"""Chart requests in flight at once (20 Apple charts, each a chart and a look-up)."""

__all__ = [
    "NETWORK_KEY",
    "PRIVACY_NOTE",
    "ShowAnswer",
    "ShowSuggestionsService",
    "genre_ids",
]

GENRE_NAMES: dict[str, str] = dict(GENRES)
_GENRE_IDS = {name.casefold(): genre for genre, name in GENRES}
_ALIASES = {
    **{n.casefold(): g for g, names in PODCASTINDEX_CATEGORIES.items() for n in names.split(",")},
    "tech": "1318",
    "crime": "1488",
}
"""Single words directories use for a genre (Podcast Index's "Fitness", "Culture", "Film")."""


@dataclass(frozen=True, slots=True)
class ShowAnswer:
    """A round of suggestions and the directory errors met on the way (one sentence each)."""

    suggestions: list[ShowSuggestion]
    errors: list[str] = field(default_factory=list)
    network: bool = True
    """Whether the directories were asked (the setting)."""


def genre_ids(names: Iterable[str]) -> tuple[str, ...]:
    """Apple genre ids for category names as directories spell them ("Technology", "News")."""
    found: list[str] = []
    for name in names:
        key = name.strip().casefold()
        genre = (
            _GENRE_IDS.get(key) or _ALIASES.get(key) or _ALIASES.get(key.split()[0] if key else "")
        )
        if genre and genre not in found:
            found.append(genre)
    return tuple(found)


class ShowSuggestionsService:
    """New-show suggestions over one library; ``cache_dir`` is the directory cache."""

    def __init__(
        self,
        store: Store,
        settings: Any = None,
        *,
        cache_dir: Path | None = None,
        credentials: Credentials | None = None,
        clock: Callable[[], float] = time.time,
        tz: tzinfo | None = None,
    ) -> None:
        self.store = store
        self.settings = settings if settings is not None else SettingsRepo(store)
        self.credentials = credentials or Credentials()
        self.cache = DirectoryCache(cache_dir, clock) if cache_dir is not None else None
        self.clock = clock
        self.tz = tz
        self.marks = ShowMarksRepo(store)
        self.taste_repo = ShowTasteRepo(store)
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._hidden: list[ShowMark] = []  # dismissed while learning was paused

    @property
    def network(self) -> bool:
        """Whether the directories may be asked (Settings' switch)."""
        return bool(self.settings.get(NETWORK_KEY, True))

    @network.setter
    def network(self, on: bool) -> None:
        self.settings.set(NETWORK_KEY, bool(on))

    def close(self) -> None:
        """Close the HTTP connections kept between rounds."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def dismiss(self, feed_url: str, guid: str = "") -> None:
        """ "Not interested": this show is never suggested again.

        With learning paused (Settings' "Learn from my listening") nothing is written: the
        show stays hidden for as long as this service lives, as up next does with episodes.
        """
        if not self.settings.get(LEARNING_KEY, True):
            with self._lock:
                self._hidden.append(ShowMark(feed_url, guid))
            return
        self.marks.dismiss(feed_url, guid)

    # -- a round -----------------------------------------------------------------------

    def suggest(self, limit: int = 10) -> ShowAnswer:
        """The ``limit`` best new shows, best first, each with its reason and sources."""
        subscriptions = self.taste_repo.subscriptions()
        network = self.network
        errors: list[str] = []
        charts: list[tuple[str, str, ProviderAnswer]] = []  # (kind, genre, answer)
        looked_up: dict[str, DirectoryResult] = {}
        skip_urls, skip_guids = self._turned_away(subscriptions)
        finishes = [
            Finish(e.podcast_id, e.duration, e.furthest, e.last_heard, e.played)
            for e in self.taste_repo.listened()
        ]
        heard = sorted({f.podcast_id for f in finishes if f.finished})
        # Nothing finished yet: nothing to rank charts by, so nothing is fetched (a first start
        # sends no request of its own accord).
        if network and heard:
            charts = self._charts(errors)
            looked_up = self._podroll_lookups(subscriptions, skip_urls, skip_guids, errors)
        titles = {s.id: s.title or s.url for s in subscriptions}
        taste = build_taste(
            titles,
            finishes,
            self.clock(),
            languages={s.id: s.language for s in subscriptions},
            categories=_library_categories(subscriptions, charts),
            release_dates=self.taste_repo.release_dates(heard),
            tz=self.tz,
        )
        candidates = _candidates(subscriptions, charts, looked_up, skip_urls, skip_guids)
        ranked = rank_shows(taste, candidates, limit)
        suggestions = [
            explain(taste, c, signals, total, genre_names=GENRE_NAMES, titles=titles)
            for c, signals, total in ranked
        ]
        return ShowAnswer(suggestions, list(dict.fromkeys(errors)), network)

    def _turned_away(self, subscriptions: list[SubscribedShow]) -> tuple[set[str], set[str]]:
        """Feed URLs (normalised) and GUIDs never to suggest: subscribed, dismissed, left."""
        urls = {normalise_url(s.url) for s in subscriptions}
        guids = {s.guid.lower() for s in subscriptions if s.guid}
        with self._lock:
            hidden = list(self._hidden)
        for mark in (*self.marks.dismissed(), *self.marks.unsubscribed(), *hidden):
            urls.add(normalise_url(mark.url))
            if mark.guid:
                guids.add(mark.guid.lower())
        return urls, guids

    # -- the network part --------------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = new_client()
            return self._client

    def _charts(self, errors: list[str]) -> list[tuple[str, str, ProviderAnswer]]:
        """Every category's chart of every enabled chart directory (cache first)."""
        get = self.settings.get
        timeout = float(get(DIRECTORY_TIMEOUT))
        country = str(get(DIRECTORY_COUNTRY) or "us").lower()
        jobs: list[tuple[str, str, Any]] = []
        if get(DIRECTORY_ENABLED["itunes"]):
            itunes = ITunesProvider(
                str(get(DIRECTORY_URL["itunes"]) or ""), country=country, timeout=timeout
            )
            jobs += [("chart", g, itunes) for g in ("", *(g for g, _ in GENRES))]
        key = self.credentials.podcastindex() if get(DIRECTORY_ENABLED["podcastindex"]) else None
        if key is not None:
            index = PodcastIndexProvider(
                key.key, key.secret, str(get(DIRECTORY_URL["podcastindex"]) or ""), timeout=timeout
            )
            jobs += [("category", g, index) for g, _ in GENRES]
        client = self._http()

        def one(job: tuple[str, str, Any]) -> tuple[str, str, ProviderAnswer | str]:
            kind, genre, provider = job
            chart = Chart(country=country, genre=genre)
            # The Discover view's cache key for the same chart: the two share the answers.
            request = {"country": country, "genre": genre, "limit": CHART_LIMIT,
                       "base": provider.base}  # fmt: skip
            if self.cache is not None:
                cached = self.cache.get(provider.name, "charts", request, CHART_SECONDS)
                if cached is not None:
                    return kind, genre, cached
            try:
                answer = provider.charts(client, chart, CHART_LIMIT)
            except DirectoryError as exc:
                return kind, genre, str(exc)
            if self.cache is not None:
                with contextlib.suppress(OSError):  # a full disk loses the cache, not the answer
                    self.cache.put(provider.name, "charts", request, answer)
            return kind, genre, answer

        found: list[tuple[str, str, ProviderAnswer]] = []
        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="show-charts") as pool:
            for kind, genre, answer in pool.map(one, jobs):
                if isinstance(answer, str):
                    errors.append(answer)
                else:
                    found.append((kind, genre, answer))
        return found

    def _podroll_lookups(
        self,
        subscriptions: list[SubscribedShow],
        skip_urls: set[str],
        skip_guids: set[str],
        errors: list[str],
    ) -> dict[str, DirectoryResult]:
        """Podroll entries known only by GUID, looked up on Podcast Index (by GUID alone)."""
        guids = [
            r.feed_guid.lower()
            for s in subscriptions
            for r in s.podroll
            if r.feed_guid and not r.feed_url and r.feed_guid.lower() not in skip_guids
        ]
        wanted = list(dict.fromkeys(guids))[:MAX_GUID_LOOKUPS]
        get = self.settings.get
        key = self.credentials.podcastindex() if get(DIRECTORY_ENABLED["podcastindex"]) else None
        if not wanted or key is None:
            return {}
        index = PodcastIndexProvider(
            key.key,
            key.secret,
            str(get(DIRECTORY_URL["podcastindex"]) or ""),
            timeout=float(get(DIRECTORY_TIMEOUT)),
        )
        client = self._http()
        found: dict[str, DirectoryResult] = {}
        for guid in wanted:
            request = {"guid": guid, "base": index.base}
            cached = (
                self.cache.get(index.name, "byguid", request, CHART_SECONDS) if self.cache else None
            )
            if cached is not None:
                if cached.results:
                    found[guid] = cached.results[0]
                continue
            try:
                result = index.by_guid(client, guid)
            except DirectoryError as exc:
                errors.append(str(exc))
                continue
            if self.cache is not None:
                answer = ProviderAnswer(index.name, results=(result,) if result else ())
                with contextlib.suppress(OSError):
                    self.cache.put(index.name, "byguid", request, answer)
            if result is not None and normalise_url(result.feed_url) not in skip_urls:
                found[guid] = result
        return found


def _library_categories(
    subscriptions: list[SubscribedShow], charts: list[tuple[str, str, ProviderAnswer]]
) -> dict[int, list[str]]:
    """The categories of the listener's shows, learnt from the charts they stand in (their
    feeds' own categories are not stored), matched here by feed URL or GUID."""
    by_url = {normalise_url(s.url): s.id for s in subscriptions}
    by_guid = {s.guid.lower(): s.id for s in subscriptions if s.guid}
    found: dict[int, list[str]] = {}
    for kind, genre, answer in charts:
        for result in answer.results:
            show = by_url.get(normalise_url(result.feed_url))
            if show is None and result.podcast_guid:
                show = by_guid.get(result.podcast_guid.lower())
            if show is None:
                continue
            own = genre_ids(result.categories)
            trusted = genre and not (kind == "category" and result.categories and genre not in own)
            for g in ((genre,) if trusted else ()) + own:
                if g not in found.setdefault(show, []):
                    found[show].append(g)
    return found


def _candidates(
    subscriptions: list[SubscribedShow],
    charts: list[tuple[str, str, ProviderAnswer]],
    looked_up: dict[str, DirectoryResult],
    skip_urls: set[str],
    skip_guids: set[str],
) -> list[ShowCandidate]:
    """One candidate per show (merged by feed URL, then GUID), minus those turned away."""
    merged: dict[str, ShowCandidate] = {}
    guid_key: dict[str, str] = {}

    def add(
        url: str, guid: str, update: Callable[[ShowCandidate], ShowCandidate], title: str
    ) -> None:
        key = normalise_url(url)
        guid = guid.lower()
        if not url or key in skip_urls or (guid and guid in skip_guids):
            return
        key = guid_key.get(guid, key) if guid else key
        current = merged.get(key) or ShowCandidate(feed_url=url, title=title, guid=guid)
        merged[key] = update(current)
        if guid:
            guid_key[guid] = key

    for show in subscriptions:
        for remote in show.podroll:
            result = looked_up.get(remote.feed_guid.lower()) if remote.feed_guid else None
            url = remote.feed_url or (result.feed_url if result else "")

            def podroll(c: ShowCandidate, show_id: int = show.id, r: Any = result) -> ShowCandidate:
                c = replace(c, podroll_from=tuple(dict.fromkeys((*c.podroll_from, show_id))))
                return _filled(c, r) if r is not None else c

            add(url, remote.feed_guid, podroll, (result.title if result else "") or remote.title)
    for kind, genre, answer in charts:
        for rank, result in enumerate(answer.results, 1):

            def charted(c: ShowCandidate, r: DirectoryResult = result, n: int = rank,
                        g: str = genre, k: str = kind) -> ShowCandidate:  # fmt: skip
                c = _filled(c, r)
                # Trust a trending list's category only when the show's own categories agree
                # (a ``cat`` the index does not know answers its list unfiltered).
                if k == "category" and r.categories and g not in genre_ids(r.categories):
                    return c
                if g:
                    c = replace(c, categories=tuple(dict.fromkeys((*c.categories, g))))
                if k == "chart" and n < c.charts.get(g, n + 1):
                    c = replace(c, charts={**c.charts, g: n})
                if k == "category" and n < c.trending.get(g, n + 1):
                    c = replace(c, trending={**c.trending, g: n})
                return c

            add(result.feed_url, result.podcast_guid, charted, result.title)
    return sorted(merged.values(), key=lambda c: c.feed_url)


def _filled(candidate: ShowCandidate, result: DirectoryResult) -> ShowCandidate:
    """What a directory knows of the show, where the candidate does not know it yet."""
    return replace(
        candidate,
        title=candidate.title or result.title,
        image_url=candidate.image_url or result.image_url,
        guid=candidate.guid or result.podcast_guid.lower(),
        language=candidate.language or result.language,
        categories=tuple(dict.fromkeys((*candidate.categories, *genre_ids(result.categories)))),
    )
