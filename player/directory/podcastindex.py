"""Podcast Index (api.podcastindex.org): search by term, trending, and look-up by GUID.

Every request is signed: ``X-Auth-Key`` (the key), ``X-Auth-Date`` (Unix seconds, as an
integer) and ``Authorization`` = lower-case hex SHA-1 of key + secret + date, beside a
``User-Agent`` (required). The listener's own key and secret come from the keyring (see
``player.services.credentials``); without them this provider is not built at all (off, not an
error). The secret is kept only in this object and never logged (``repr`` hides it).

Quirks: a bad key is a 401 whose body is a plain string; a bad request a 400 whose body is JSON
(``{"status": "false", "description": ...}``); both become one sentence in ``http.py``. A 200
with ``"status": "false"`` is an error too. Feeds the index marks dead are left out.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from player.directory.fields import as_int, as_list, as_str, as_time
from player.directory.genres import PODCASTINDEX_CATEGORIES, genre_name
from player.directory.http import USER_AGENT, base_url, get_json
from player.directory.model import (
    Chart,
    DirectoryError,
    DirectoryResult,
    ProviderAnswer,
    Skipped,
)
from player.i18n import _

DEFAULT_URL = "https://api.podcastindex.org"
ENV_VAR = "PODCAST_PLAYER_PODCASTINDEX_URL"
API = "/api/1.0"
MAX_LIMIT = 1000


def authorization(key: str, secret: str, date: int) -> str:
    """The ``Authorization`` header: lower-hex sha1(key + secret + str(date))."""
    return hashlib.sha1(f"{key}{secret}{date}".encode()).hexdigest()


def auth_headers(key: str, secret: str, date: int) -> dict[str, str]:
    """The four headers every Podcast Index request carries."""
    return {
        "User-Agent": USER_AGENT,
        "X-Auth-Key": key,
        "X-Auth-Date": str(date),
        "Authorization": authorization(key, secret, date),
    }


class PodcastIndexProvider:
    """Podcast Index with the listener's key; ``clock`` gives the Unix time to sign with."""

    name = "podcastindex"
    label = "Podcast Index"
    has_charts = True

    def __init__(
        self,
        key: str,
        secret: str,
        url: str = "",
        *,
        timeout: float = 6.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base = base_url(ENV_VAR, url, DEFAULT_URL)
        self.timeout = timeout
        self._key = key
        self._secret = secret
        self._clock = clock

    def __repr__(self) -> str:
        return f"PodcastIndexProvider(base={self.base!r}, key=<hidden>)"

    def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
        """``/search/byterm``: podcasts whose title, author or owner matches."""
        started = time.monotonic()
        data = self._get(client, "/search/byterm", {"q": query, "max": _clamp(limit)})
        return _answer(data.get("feeds"), started)

    def charts(self, client: httpx.Client, chart: Chart, limit: int) -> ProviderAnswer:
        """``/podcasts/trending``, in a category when the chart has a genre."""
        started = time.monotonic()
        params: dict[str, str | int] = {"max": _clamp(limit)}
        if chart.genre:
            params["cat"] = PODCASTINDEX_CATEGORIES.get(chart.genre) or genre_name(chart.genre)
        data = self._get(client, "/podcasts/trending", params)
        return _answer(data.get("feeds"), started)

    def by_guid(self, client: httpx.Client, guid: str) -> DirectoryResult | None:
        """``/podcasts/byguid``: one podcast by its ``podcast:guid``, None when unknown."""
        data = self._get(client, "/podcasts/byguid", {"guid": guid})
        feed = data.get("feed")
        if not isinstance(feed, dict) or not feed:
            return None
        result = _result(feed)
        return result if result.feed_url else None

    def _get(self, client: httpx.Client, path: str, params: dict[str, str | int]) -> dict[str, Any]:
        headers = auth_headers(self._key, self._secret, int(self._clock()))
        data = get_json(
            client,
            self.label,
            f"{self.base}{API}{path}",
            params,
            timeout=self.timeout,
            headers=headers,
        )
        if not isinstance(data, dict):
            raise DirectoryError(f"{self.label} sent an answer that is not a JSON object.")
        if str(data.get("status", "true")).lower() == "false":
            reason = as_str(data.get("description")) or "no reason given"
            raise DirectoryError(f"{self.label} refused the request ({reason}).")
        return data


def _clamp(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def _answer(feeds: object, started: float) -> ProviderAnswer:
    results: list[DirectoryResult] = []
    skipped: list[Skipped] = []
    for feed in as_list(feeds):
        if not isinstance(feed, dict):
            continue
        result = _result(feed)
        if as_int(feed.get("dead")):
            skipped.append(Skipped(result.title, _("Podcast Index marks this feed as dead.")))
        elif not result.feed_url:
            skipped.append(Skipped(result.title, _("Podcast Index lists no feed address for it.")))
        else:
            results.append(result)
    return ProviderAnswer(
        provider=PodcastIndexProvider.name,
        results=tuple(results),
        skipped=tuple(skipped),
        seconds=time.monotonic() - started,
    )


def _result(feed: Mapping[str, Any]) -> DirectoryResult:
    categories = feed.get("categories")
    names = (
        tuple(as_str(v) for v in categories.values() if as_str(v))
        if isinstance(categories, dict)
        else ()
    )
    itunes_id = as_int(feed.get("itunesId"))
    newest = (
        as_time(feed.get("newestItemPubdate"))
        or as_time(feed.get("newestItemPublishTime"))
        or as_time(feed.get("lastUpdateTime"))
    )
    return DirectoryResult(
        title=as_str(feed.get("title")),
        feed_url=as_str(feed.get("url")) or as_str(feed.get("originalUrl")),
        author=as_str(feed.get("author")) or as_str(feed.get("ownerName")),
        image_url=as_str(feed.get("artwork")) or as_str(feed.get("image")),
        description=as_str(feed.get("description")),
        website=as_str(feed.get("link")),
        episode_count=as_int(feed.get("episodeCount")),
        newest=newest,
        sources=(PodcastIndexProvider.name,),
        itunes_id=itunes_id if itunes_id else None,
        podcast_guid=as_str(feed.get("podcastGuid")),
        categories=names,
        language=as_str(feed.get("language")),
    )
