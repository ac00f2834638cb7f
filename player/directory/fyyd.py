"""fyyd (api.fyyd.de, API 0.2): search, and the "hot" list as its chart. Keyless.

Quirks: there is no author field (left empty, filled by the merge from another directory when
one found the same feed); ``categories`` is a list of numeric ids or a single number (fyyd's own
ids, not names, so they are not shown); ``lastpub`` is ``YYYY-MM-DD HH:MM:SS`` in UTC.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import httpx

from player.directory.fields import as_int, as_list, as_str, as_time
from player.directory.http import base_url, get_json
from player.directory.model import Chart, DirectoryError, DirectoryResult, ProviderAnswer, Skipped

DEFAULT_URL = "https://api.fyyd.de"
ENV_VAR = "PODCAST_PLAYER_FYYD_URL"
MAX_LIMIT = 100


class FyydProvider:
    """fyyd's search and hot list."""

    name = "fyyd"
    label = "fyyd"
    has_charts = True

    def __init__(self, url: str = "", *, timeout: float = 6.0) -> None:
        self.base = base_url(ENV_VAR, url, DEFAULT_URL)
        self.timeout = timeout

    def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
        """``/0.2/search/podcast?term=``."""
        started = time.monotonic()
        params: dict[str, str | int] = {"term": query, "count": _clamp(limit)}
        return self._answer(self._get(client, "/0.2/search/podcast", params), started)

    def charts(self, client: httpx.Client, chart: Chart, limit: int) -> ProviderAnswer:
        """``/0.2/feature/podcast/hot``: what fyyd's listeners follow now.

        fyyd has no chart per category: for one, it answers with nothing rather than mixing its
        overall list into, say, "Science".
        """
        started = time.monotonic()
        if chart.genre:
            return ProviderAnswer(provider=self.name, seconds=time.monotonic() - started)
        params: dict[str, str | int] = {"count": _clamp(limit)}
        return self._answer(self._get(client, "/0.2/feature/podcast/hot", params), started)

    def _get(self, client: httpx.Client, path: str, params: dict[str, str | int]) -> object:
        data = get_json(client, self.label, f"{self.base}{path}", params, timeout=self.timeout)
        if not isinstance(data, dict):
            raise DirectoryError(f"{self.label} sent an answer that is not a JSON object.")
        if as_int(data.get("status")) == 0:
            reason = as_str(data.get("msg")) or "no reason given"
            raise DirectoryError(f"{self.label} refused the request ({reason}).")
        return data.get("data")

    def _answer(self, data: object, started: float) -> ProviderAnswer:
        if isinstance(data, dict):  # some lists come wrapped: {"podcasts": [...]}
            data = data.get("podcasts")
        results: list[DirectoryResult] = []
        skipped: list[Skipped] = []
        for record in as_list(data):
            if not isinstance(record, dict):
                continue
            result = _result(record)
            if result.feed_url:
                results.append(result)
            else:
                skipped.append(Skipped(result.title, "fyyd lists no feed address for it."))
        return ProviderAnswer(
            provider=self.name,
            results=tuple(results),
            skipped=tuple(skipped),
            seconds=time.monotonic() - started,
        )


def _clamp(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def category_ids(value: object) -> tuple[int, ...]:
    """fyyd's ``categories``: a list of ids, one id, or nothing."""
    return tuple(i for i in (as_int(v) for v in as_list(value)) if i is not None)


def _result(record: Mapping[str, Any]) -> DirectoryResult:
    image = next(
        (
            as_str(record.get(k))
            for k in ("imgURL", "layoutImageURL", "thumbImageURL", "smallImageURL")
            if as_str(record.get(k))
        ),
        "",
    )
    itunes_id = as_int(record.get("iTunesID") or record.get("itunes_id"))
    return DirectoryResult(
        title=as_str(record.get("title")),
        feed_url=as_str(record.get("xmlURL")),
        image_url=image,
        description=as_str(record.get("description")) or as_str(record.get("subtitle")),
        website=as_str(record.get("htmlURL")),
        episode_count=as_int(record.get("episode_count")),
        newest=as_time(record.get("lastpub")),
        sources=(FyydProvider.name,),
        itunes_id=itunes_id if itunes_id else None,
        language=as_str(record.get("language")),
    )
