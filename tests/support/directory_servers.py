"""Loopback fakes of the four podcast directories, in their real shapes and with their quirks.

Each fake is a :class:`~tests.support.http_server.LoopbackServer` whose every path goes to one
dispatcher, answering from a shared catalogue of :class:`FakePodcast`s the way the real API
answers (field names from the APIs' documentation and from AntennaPod's and Kasts' clients):

- **iTunes**: ``/search`` and ``/lookup`` as ``text/javascript``; entries listed with
  ``search_without_feed`` have no ``feedUrl`` in search results (``/lookup`` has it, unless the
  podcast is also in ``lookup_without_feed``); ``/{cc}/rss/toppodcasts/limit=N[/genre=G]/json``
  with ids in ``id.attributes.im:id`` (a single entry as an object, as Apple sends it);
  ``rate_limited = True`` answers 403.
- **Podcast Index**: ``/api/1.0/search/byterm``, ``/podcasts/trending``, ``/podcasts/byguid``;
  the signature is checked against ``key``/``secret`` (a wrong one: 401 with a plain-string
  body, as the real server); a missing ``q``: 400 with a JSON error body.
- **fyyd**: ``/0.2/search/podcast`` and ``/0.2/feature/podcast/hot`` (no author; ``categories``
  alternates between a list and a bare number).
- **gpodder.net**: ``/search.json``, ``/toplist/N.json``, ``/api/2/tag/T/N.json``,
  ``/api/2/tags/N.json`` (plain JSON lists).

Every fake has ``latency`` (seconds slept before answering, for the 300 ms benchmark),
``status`` (answer this status instead, e.g. 503), ``queries`` (the decoded search terms
received, to check that ``&`` and ``#`` arrive intact) and its ``server`` for ``requests``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from player.directory.genres import GPODDER_TAGS, PODCASTINDEX_CATEGORIES, genre_name
from tests.support.directory_catalogue import (
    ITUNES_TYPE,
    FakeDirectory,
    FakePodcast,
    default_catalogue,
    iso,
    json_reply,
)
from tests.support.http_server import Reply, Seen

__all__ = ["FakeDirectories", "FakePodcast", "default_catalogue", "directory_servers"]


class FakeITunes(FakeDirectory):
    """``itunes.apple.com``: search, lookup and the RSS-generator top charts."""

    name = "itunes"

    def __init__(self, catalogue: list[FakePodcast]) -> None:
        super().__init__(catalogue)
        self.rate_limited = False
        self.search_without_feed = {"Daily Lookup Only", "Daily Without Feed"}
        self.lookup_without_feed = {"Daily Without Feed"}
        self.lookups: list[str] = []
        self.by_genre = False
        """True: a record's genres are its own genre's name (the default catalogue's tests
        expect "Technology" for all)."""

    def answer(self, path: str, params: dict[str, str], seen: Seen) -> Reply:
        if self.rate_limited:
            return Reply(403, b"", {"Content-Type": ITUNES_TYPE})
        if path == "/search":
            self.queries.append(params.get("term", ""))
            found = self.matching(params.get("term", ""))[: int(params.get("limit", "50"))]
            return self._results([self._record(p, in_search=True) for p in found])
        if path == "/lookup":
            self.lookups.append(params.get("id", ""))
            ids = {int(i) for i in params.get("id", "").split(",") if i.strip().isdigit()}
            found = [p for p in self.listed() if p.itunes_id in ids]
            return self._results([self._record(p, in_search=False) for p in found])
        chart = re.fullmatch(r"/(\w\w)/rss/toppodcasts/limit=(\d+)(?:/genre=(\d+))?/json", path)
        if chart:
            return self._chart(int(chart.group(2)), chart.group(3) or "")
        return Reply(404, b"", {"Content-Type": ITUNES_TYPE})

    def _results(self, records: list[dict[str, Any]]) -> Reply:
        return json_reply({"resultCount": len(records), "results": records}, ITUNES_TYPE)

    def _record(self, p: FakePodcast, *, in_search: bool) -> dict[str, Any]:
        record: dict[str, Any] = {
            "wrapperType": "track",
            "kind": "podcast",
            "collectionId": p.itunes_id,
            "trackId": p.itunes_id,
            "artistName": p.author,
            "collectionName": p.title,
            "trackName": p.title,
            "collectionCensoredName": p.title,
            "collectionViewUrl": f"https://podcasts.apple.com/us/podcast/id{p.itunes_id}",
            "feedUrl": p.feed_url,
            "artworkUrl30": p.image_url.replace("cover", "cover30"),
            "artworkUrl100": p.image_url.replace("cover", "cover100"),
            "artworkUrl600": p.image_url,
            "releaseDate": iso(p.newest),
            "trackCount": p.episode_count,
            "country": "USA",
            "primaryGenreName": "Technology",
            "genreIds": [p.genre, "26"],
            "genres": ["Technology", "Podcasts"],
        }
        if self.by_genre:
            record["primaryGenreName"] = genre_name(p.genre)
            record["genres"] = [genre_name(p.genre), "Podcasts"]
        hidden = self.search_without_feed if in_search else self.lookup_without_feed
        if p.title in hidden or not p.feed_url:
            del record["feedUrl"]
        return record

    def _chart(self, limit: int, genre: str) -> Reply:
        chosen = [p for p in self.listed() if not genre or p.genre == genre][:limit]
        entries = [
            {
                "im:name": {"label": p.title},
                "im:image": [
                    {
                        "label": p.image_url.replace("cover", "cover55"),
                        "attributes": {"height": "55"},
                    },
                    {"label": p.image_url, "attributes": {"height": "170"}},
                ],
                "summary": {"label": p.description or f"About {p.title}."},
                "im:artist": {"label": p.author},
                "title": {"label": f"{p.title} - {p.author}"},
                "id": {
                    "label": f"https://podcasts.apple.com/us/podcast/id{p.itunes_id}",
                    "attributes": {"im:id": str(p.itunes_id)},
                },
                "category": {"attributes": {"im:id": p.genre, "term": "Technology"}},
                "im:releaseDate": {"label": iso(p.newest)},
            }
            for p in chosen
        ]
        feed: dict[str, Any] = {
            "author": {"name": {"label": "iTunes Store"}},
            "title": {"label": "iTunes Store: Top Podcasts"},
        }
        if entries:
            feed["entry"] = entries[0] if len(entries) == 1 else entries
        return json_reply({"feed": feed}, ITUNES_TYPE)


class FakePodcastIndex(FakeDirectory):
    """``api.podcastindex.org/api/1.0``, checking every request's signature."""

    name = "podcastindex"
    key = "UXKCGDSYGUUEVQJSYDZH"
    secret = "yzJe2eE7XV-3eY576dyRZ6wXyAbndh6LUrCZ8KN|"
    by_genre = False
    """True: trending honours ``cat`` (genre names, comma-separated) and a feed's categories
    are its own genre's name, as the real index answers."""

    def answer(self, path: str, params: dict[str, str], seen: Seen) -> Reply:
        headers = seen.headers
        date = headers.get("x-auth-date", "")
        expected = hashlib.sha1(f"{self.key}{self.secret}{date}".encode()).hexdigest()
        if not headers.get("user-agent"):
            return Reply(
                401, b"Please identify yourself with a User-Agent.", {"Content-Type": "text/plain"}
            )
        if headers.get("x-auth-key") != self.key or headers.get("authorization") != expected:
            return Reply(
                401,
                b"Authorization header value either not set or blank.",
                {"Content-Type": "text/html; charset=UTF-8"},
            )
        if path == "/api/1.0/search/byterm":
            if not params.get("q"):
                return json_reply(
                    {"status": "false", "description": "No search terms specified."}, status=400
                )
            self.queries.append(params["q"])
            found = self.matching(params["q"])[: int(params.get("max", "40"))]
            return json_reply(
                {
                    "status": "true",
                    "feeds": [self._feed(p) for p in found],
                    "count": len(found),
                    "query": params["q"],
                    "description": "Found matching feeds.",
                }
            )
        if path == "/api/1.0/podcasts/trending":
            found = self.listed()
            if self.by_genre and params.get("cat"):
                wanted = {c.strip().casefold() for c in params["cat"].split(",")}
                found = [p for p in found if wanted & _index_names(p.genre)]
            found = found[: int(params.get("max", "10"))]
            return json_reply(
                {
                    "status": "true",
                    "feeds": [self._feed(p) for p in found],
                    "count": len(found),
                    "max": params.get("max"),
                    "since": None,
                    "description": "Found matching feeds",
                }
            )
        if path == "/api/1.0/podcasts/byguid":
            match = [p for p in self.listed() if p.guid == params.get("guid")]
            return json_reply(
                {
                    "status": "true",
                    "query": {"guid": params.get("guid")},
                    "feed": self._feed(match[0]) if match else [],
                    "description": "Found matching feed",
                }
            )
        return json_reply({"status": "false", "description": "Unknown endpoint."}, status=404)

    def _feed(self, p: FakePodcast) -> dict[str, Any]:
        return {
            "id": abs(hash(p.title)) % 10_000_000,
            "podcastGuid": p.guid,
            "title": p.title,
            "url": p.feed_url,
            "originalUrl": p.feed_url,
            "link": p.website,
            "description": p.description,
            "author": p.author,
            "ownerName": p.author,
            "image": p.image_url,
            "artwork": p.image_url,
            "lastUpdateTime": int(p.newest),
            "newestItemPubdate": int(p.newest),
            "itunesId": p.itunes_id,
            "language": p.language,
            "explicit": False,
            "episodeCount": p.episode_count,
            "dead": 0,
            "categories": (
                {"1": genre_name(p.genre)} if self.by_genre else {"102": "Technology", "55": "News"}
            ),
        }


def _index_names(genre: str) -> set[str]:
    """The Podcast Index category names of an Apple genre, lower case."""
    return {n.strip().casefold() for n in PODCASTINDEX_CATEGORIES.get(genre, "").split(",")}


class FakeFyyd(FakeDirectory):
    """``api.fyyd.de/0.2``."""

    name = "fyyd"

    def answer(self, path: str, params: dict[str, str], seen: Seen) -> Reply:
        if path == "/0.2/search/podcast":
            self.queries.append(params.get("term", ""))
            found = self.matching(params.get("term", ""))[: int(params.get("count", "10"))]
        elif path == "/0.2/feature/podcast/hot":
            found = self.listed()[: int(params.get("count", "10"))]
        else:
            return json_reply(
                {"status": 0, "msg": "unknown request", "meta": {}, "data": []}, status=404
            )
        data = [self._podcast(p, i) for i, p in enumerate(found)]
        return json_reply(
            {"status": 1, "msg": "ok", "meta": {"API_INFO": {"API_VERSION": 0.2}}, "data": data}
        )

    def _podcast(self, p: FakePodcast, index: int) -> dict[str, Any]:
        return {
            "title": p.title,
            "id": 100 + index,
            "xmlURL": p.fyyd_url or p.feed_url,
            "htmlURL": p.website,
            "imgURL": p.image_url,
            "status": 200,
            "slug": p.title.lower().replace(" ", "-"),
            "layoutImageURL": "https://img.fyyd.de/pd/layout/1.jpg",
            "thumbImageURL": "https://img.fyyd.de/pd/thumbs/1.png",
            "microImageURL": "https://img.fyyd.de/pd/micro/1.png",
            "language": "en",
            "lastpoll": "2024-12-01 10:00:00",
            "generator": None,
            "categories": [52, 61] if index % 2 == 0 else 52,
            "lastpub": datetime.fromtimestamp(p.newest, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "rank": index + 1,
            "url_fyyd": "https://fyyd.de/podcast/1",
            "description": p.description,
            "subtitle": p.description[:40],
            "episode_count": p.episode_count,
        }


class FakeGpodder(FakeDirectory):
    """``gpodder.net``: search, toplist, tags."""

    name = "gpodder"

    def answer(self, path: str, params: dict[str, str], seen: Seen) -> Reply:
        if path == "/search.json":
            self.queries.append(params.get("q", ""))
            return json_reply([self._podcast(p) for p in self.matching(params.get("q", ""))])
        top = re.fullmatch(r"/toplist/(\d+)\.json", path)
        if top:
            return json_reply([self._podcast(p) for p in self.listed()[: int(top.group(1))]])
        tag = re.fullmatch(r"/api/2/tag/([^/]+)/(\d+)\.json", path)
        if tag:
            wanted = unquote(tag.group(1))
            tagged = [p for p in self.listed() if GPODDER_TAGS.get(p.genre) == wanted]
            return json_reply([self._podcast(p) for p in tagged[: int(tag.group(2))]])
        tags = re.fullmatch(r"/api/2/tags/(\d+)\.json", path)
        if tags:
            return json_reply(
                [
                    {"title": "Technology", "tag": "technology", "usage": 530},
                    {"title": "News", "tag": "news", "usage": 321},
                ][: int(tags.group(1))]
            )
        return Reply(404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"})

    def _podcast(self, p: FakePodcast) -> dict[str, Any]:
        return {
            "website": p.website,
            "mygpo_link": "http://gpodder.net/podcast/1",
            "description": p.description,
            "subscribers": 1000,
            "title": p.title,
            "author": p.author,
            "url": p.feed_url,
            "subscribers_last_week": 990,
            "logo_url": p.image_url,
            "scaled_logo_url": p.image_url.replace("cover", "cover64"),
        }


@dataclass
class FakeDirectories:
    """The four fakes; ``env`` points the app at them (the environment variables)."""

    itunes: FakeITunes
    podcastindex: FakePodcastIndex
    fyyd: FakeFyyd
    gpodder: FakeGpodder
    catalogue: list[FakePodcast] = field(default_factory=list)

    @property
    def all(self) -> tuple[FakeDirectory, ...]:
        return (self.itunes, self.podcastindex, self.fyyd, self.gpodder)

    @property
    def urls(self) -> dict[str, str]:
        return {d.name: d.base_url for d in self.all}

    @property
    def env(self) -> dict[str, str]:
        return {
            "PODCAST_PLAYER_ITUNES_URL": self.itunes.base_url,
            "PODCAST_PLAYER_PODCASTINDEX_URL": self.podcastindex.base_url,
            "PODCAST_PLAYER_FYYD_URL": self.fyyd.base_url,
            "PODCAST_PLAYER_GPODDER_URL": self.gpodder.base_url,
        }

    def set_latency(self, seconds: float) -> None:
        for directory in self.all:
            directory.latency = seconds


@contextmanager
def directory_servers(
    catalogue: list[FakePodcast] | None = None, latency: float = 0.0
) -> Iterator[FakeDirectories]:
    """Start the four fakes on 127.0.0.1 (one catalogue), stop them afterwards."""
    shared = catalogue if catalogue is not None else default_catalogue()
    fakes = FakeDirectories(
        FakeITunes(shared), FakePodcastIndex(shared), FakeFyyd(shared), FakeGpodder(shared), shared
    )
    fakes.set_latency(latency)
    for directory in fakes.all:
        directory.server.start()
    try:
        yield fakes
    finally:
        for directory in fakes.all:
            directory.server.stop()
