"""gpodder.net: search, the toplist, and podcasts by tag (its charts by category). Keyless.

gpodder.net knows subscribers, not episodes: results carry no episode count or date. Its
search answers a JSON list (not an object); tags are free-form lower-case words, so a chart's
genre (an iTunes id) is mapped to the closest tag (``genres.GPODDER_TAGS``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from player.directory.fields import as_int, as_list, as_str
from player.directory.genres import GPODDER_TAGS
from player.directory.http import base_url, get_json
from player.directory.model import Chart, DirectoryError, DirectoryResult, ProviderAnswer, Skipped

DEFAULT_URL = "https://gpodder.net"
ENV_VAR = "PODCAST_PLAYER_GPODDER_URL"
MAX_LIMIT = 100


class GpodderProvider:
    """gpodder.net's public directory API."""

    name = "gpodder"
    label = "gpodder.net"
    has_charts = True

    def __init__(self, url: str = "", *, timeout: float = 6.0) -> None:
        self.base = base_url(ENV_VAR, url, DEFAULT_URL)
        self.timeout = timeout

    def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
        """``/search.json?q=`` (gpodder.net ignores a limit: the list is cut here)."""
        started = time.monotonic()
        data = self._get(client, "/search.json", {"q": query})
        return self._answer(data, limit, started)

    def charts(self, client: httpx.Client, chart: Chart, limit: int) -> ProviderAnswer:
        """``/toplist/N.json``, or ``/api/2/tag/{tag}/N.json`` for a genre."""
        started = time.monotonic()
        count = max(1, min(limit, MAX_LIMIT))
        if chart.genre:
            tag = GPODDER_TAGS.get(chart.genre, chart.genre.lower())
            path = f"/api/2/tag/{quote(tag, safe='')}/{count}.json"
        else:
            path = f"/toplist/{count}.json"
        return self._answer(self._get(client, path, None), limit, started)

    def tags(self, client: httpx.Client, count: int = 50) -> list[tuple[str, str, int]]:
        """``/api/2/tags/N.json``: (tag, title, usage), the most used first."""
        data = self._get(client, f"/api/2/tags/{max(1, count)}.json", None)
        found = []
        for item in as_list(data):
            if isinstance(item, dict) and as_str(item.get("tag")):
                tag = as_str(item.get("tag"))
                found.append(
                    (tag, as_str(item.get("title")) or tag, as_int(item.get("usage")) or 0)
                )
        return found

    def _get(self, client: httpx.Client, path: str, params: dict[str, str | int] | None) -> object:
        data = get_json(client, self.label, f"{self.base}{path}", params, timeout=self.timeout)
        if not isinstance(data, list):
            raise DirectoryError(f"{self.label} sent an answer that is not a list of podcasts.")
        return data

    def _answer(self, data: object, limit: int, started: float) -> ProviderAnswer:
        results: list[DirectoryResult] = []
        skipped: list[Skipped] = []
        for record in as_list(data):
            if not isinstance(record, dict):
                continue
            result = _result(record)
            if result.feed_url:
                results.append(result)
            else:
                skipped.append(Skipped(result.title, "gpodder.net lists no feed address for it."))
            if len(results) >= limit:
                break
        return ProviderAnswer(
            provider=self.name,
            results=tuple(results),
            skipped=tuple(skipped),
            seconds=time.monotonic() - started,
        )


def _result(record: Mapping[str, Any]) -> DirectoryResult:
    return DirectoryResult(
        title=as_str(record.get("title")),
        feed_url=as_str(record.get("url")),
        author=as_str(record.get("author")),
        image_url=as_str(record.get("scaled_logo_url")) or as_str(record.get("logo_url")),
        description=as_str(record.get("description")),
        website=as_str(record.get("website")),
        sources=(GpodderProvider.name,),
    )
