"""Apple Podcasts (the iTunes Search API): search, look-up by id, and the top charts.

Quirks handled here, each with a test in ``tests/core/directory/test_itunes.py``:

- answers come as ``text/javascript``: the body is decoded as JSON whatever the type says;
- ``feedUrl`` is sometimes missing from a search result: the ids are resolved through one
  ``/lookup?id=a,b,c`` and what still has no feed is left out as a :class:`Skipped` with the
  reason (a result the listener cannot subscribe to is worse than none);
- a 403 means "rate-limited": an error like any other, so it is never cached;
- the charts (``/{cc}/rss/toppodcasts/limit=N/genre=G/json``) carry only ids
  (``id.attributes.im:id``), resolved to feeds through the same batched look-up; a chart of one
  entry has ``entry`` as an object instead of a list.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from player.directory.fields import as_int, as_list, as_str, as_time
from player.directory.http import base_url, get_json
from player.directory.model import (
    Chart,
    DirectoryError,
    DirectoryResult,
    ProviderAnswer,
    Skipped,
)
from player.i18n import N_, _

DEFAULT_URL = "https://itunes.apple.com"
ENV_VAR = "PODCAST_PLAYER_ITUNES_URL"
MAX_LIMIT = 200
"""The most the Search API and the charts return in one answer."""
LOOKUP_BATCH = 100
"""Ids per ``/lookup`` request (the API takes a comma-separated list)."""
NO_FEED = N_("Apple Podcasts lists no feed address for it.")


class ITunesProvider:
    """The iTunes Search API. ``country`` is the store searched (two letters, "us")."""

    name = "itunes"
    label = "Apple Podcasts"
    has_charts = True

    def __init__(self, url: str = "", *, country: str = "us", timeout: float = 6.0) -> None:
        self.base = base_url(ENV_VAR, url, DEFAULT_URL)
        self.country = (country or "us").lower()
        self.timeout = timeout

    def search(self, client: httpx.Client, query: str, limit: int) -> ProviderAnswer:
        """Podcasts whose title or author matches ``query``, in Apple's order."""
        started = time.monotonic()
        params: dict[str, str | int] = {
            "term": query,
            "media": "podcast",
            "entity": "podcast",
            "country": self.country,
            "limit": max(1, min(limit, MAX_LIMIT)),
        }
        data = get_json(client, self.label, f"{self.base}/search", params, timeout=self.timeout)
        records = [r for r in _results(data) if _is_podcast(r)]
        return self._resolved(client, records, {}, started)

    def charts(self, client: httpx.Client, chart: Chart, limit: int) -> ProviderAnswer:
        """The top podcasts of a country (and genre), feed addresses looked up in one batch."""
        started = time.monotonic()
        country = (chart.country or self.country).lower()
        genre = f"/genre={chart.genre}" if chart.genre else ""
        url = (
            f"{self.base}/{country}/rss/toppodcasts/limit={max(1, min(limit, MAX_LIMIT))}"
            f"{genre}/json"
        )
        data = get_json(client, self.label, url, timeout=self.timeout)
        feed = data.get("feed") if isinstance(data, dict) else None
        if not isinstance(feed, dict):
            raise DirectoryError(f"{self.label} sent a chart without a feed of entries.")
        ids: list[int] = []
        summaries: dict[int, dict[str, Any]] = {}
        for entry in as_list(feed.get("entry")):
            if not isinstance(entry, dict):
                continue
            podcast_id = as_int(_attr(entry.get("id"), "im:id"))
            if podcast_id is not None and podcast_id not in summaries:
                ids.append(podcast_id)
                summaries[podcast_id] = entry
        stubs = [
            {"collectionId": i, "collectionName": _label(summaries[i], "im:name")} for i in ids
        ]
        return self._resolved(client, stubs, summaries, started)

    def lookup(self, client: httpx.Client, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """iTunes records by collection id, in batches of :data:`LOOKUP_BATCH`."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(wanted), LOOKUP_BATCH):
            batch = wanted[start : start + LOOKUP_BATCH]
            params: dict[str, str | int] = {
                "id": ",".join(str(i) for i in batch),
                "entity": "podcast",
                "country": self.country,
            }
            data = get_json(client, self.label, f"{self.base}/lookup", params, timeout=self.timeout)
            for record in _results(data):
                record_id = as_int(record.get("collectionId") or record.get("trackId"))
                if record_id is not None:
                    found[record_id] = record
        return found

    def _resolved(
        self,
        client: httpx.Client,
        records: list[dict[str, Any]],
        summaries: Mapping[int, dict[str, Any]],
        started: float,
    ) -> ProviderAnswer:
        """Results for ``records`` in order; those without a feed are looked up, or skipped."""
        missing = [i for r in records if not as_str(r.get("feedUrl")) and (i := _id(r)) is not None]
        looked_up: dict[int, dict[str, Any]] = {}
        lookup_error = ""
        if missing:
            try:
                looked_up = self.lookup(client, missing)
            except DirectoryError as exc:
                lookup_error = str(exc)
        results: list[DirectoryResult] = []
        skipped: list[Skipped] = []
        for record in records:
            record_id = _id(record)
            if not as_str(record.get("feedUrl")) and record_id in looked_up:
                record = {**record, **looked_up[record_id]}
            result = _result(record, summaries.get(record_id) if record_id else None)
            if result.feed_url:
                results.append(result)
                continue
            reason = (
                _("Its feed address could not be looked up: {error}").format(error=lookup_error)
                if lookup_error
                else _(NO_FEED)
            )
            skipped.append(Skipped(title=result.title or f"iTunes id {record_id}", reason=reason))
        return ProviderAnswer(
            provider=self.name,
            results=tuple(results),
            skipped=tuple(skipped),
            seconds=time.monotonic() - started,
            cacheable=not lookup_error,
        )


def _results(data: object) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        raise DirectoryError(_("Apple Podcasts sent an answer without a list of results."))
    return [r for r in as_list(data.get("results")) if isinstance(r, dict)]


def _is_podcast(record: Mapping[str, Any]) -> bool:
    kind = as_str(record.get("kind"))
    return kind in ("", "podcast") and as_str(record.get("wrapperType")) in ("", "track")


def _id(record: Mapping[str, Any]) -> int | None:
    return as_int(record.get("collectionId") or record.get("trackId"))


def _result(record: Mapping[str, Any], summary: Mapping[str, Any] | None) -> DirectoryResult:
    """One iTunes record (search or look-up), with the chart entry's summary when there is one."""
    genres = tuple(g for g in (as_str(x) for x in as_list(record.get("genres"))) if g)
    categories = tuple(g for g in genres if g != "Podcasts") or (
        (as_str(record.get("primaryGenreName")),) if record.get("primaryGenreName") else ()
    )
    title = as_str(record.get("collectionName")) or as_str(record.get("trackName"))
    image = next(
        (
            as_str(record.get(k))
            for k in ("artworkUrl600", "artworkUrl100", "artworkUrl60", "artworkUrl30")
            if as_str(record.get(k))
        ),
        "",
    )
    description = ""
    if summary is not None:
        description = _label(summary, "summary")
        title = title or _label(summary, "im:name")
        image = image or _chart_image(summary)
    return DirectoryResult(
        title=title,
        feed_url=as_str(record.get("feedUrl")),
        author=as_str(record.get("artistName"))
        or (_label(summary, "im:artist") if summary else ""),
        image_url=image,
        description=description,
        episode_count=as_int(record.get("trackCount")),
        newest=as_time(record.get("releaseDate")),
        sources=("itunes",),
        itunes_id=_id(record),
        categories=categories,
    )


def _label(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    return as_str(value.get("label")) if isinstance(value, dict) else ""


def _attr(value: object, name: str) -> object:
    if isinstance(value, dict):
        attributes = value.get("attributes")
        if isinstance(attributes, dict):
            return attributes.get(name)
    return None


def _chart_image(entry: Mapping[str, Any]) -> str:
    images = [i for i in as_list(entry.get("im:image")) if isinstance(i, dict)]
    return as_str(images[-1].get("label")) if images else ""
