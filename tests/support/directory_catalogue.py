"""What the fake directories share: their catalogue of podcasts and the dispatching server.

``directory_servers.py`` builds the four API fakes on :class:`FakeDirectory`; tests that want
another catalogue build one from :class:`FakePodcast`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.http_server import LoopbackServer, Reply, Seen

JSON = "application/json; charset=utf-8"
ITUNES_TYPE = "text/javascript; charset=utf-8"


@dataclass
class FakePodcast:
    """One podcast of the fake directories' catalogue."""

    title: str
    feed_url: str
    author: str = ""
    itunes_id: int | None = None
    guid: str = ""
    description: str = ""
    newest: float = 1_700_000_000.0
    episode_count: int = 10
    image_url: str = "https://img.example.org/cover.jpg"
    website: str = "https://example.org/"
    genre: str = "1318"
    in_directories: tuple[str, ...] = ("itunes", "podcastindex", "fyyd", "gpodder")
    language: str = "en"
    fyyd_url: str = ""
    """The feed URL as fyyd spells it (another form of the same address), "" for the same."""


def default_catalogue() -> list[FakePodcast]:
    """A small catalogue with the overlaps and forms a merge must see through."""
    return [
        FakePodcast(
            "The Daily",
            "https://feeds.simplecast.com/54nAGcIl",
            "The New York Times",
            itunes_id=1200361736,
            guid="7f0dbf1a-1111-5aaa-9bbb-000000000001",
            description="This is what the news should sound like.",
            genre="1489",
            newest=1_733_300_000.0,
            episode_count=2400,
        ),
        FakePodcast(
            "Daily Tech News Show",
            "http://feeds.feedburner.com/DailyTechNewsShow",
            "Tom Merritt",
            itunes_id=1035300000,
            guid="7f0dbf1a-2222-5aaa-9bbb-000000000002",
            fyyd_url="https://feeds2.feedburner.com/dailytechnewsshow/",
            newest=1_733_200_000.0,
            episode_count=4000,
        ),
        FakePodcast(
            "The Daily Show: Ears Edition",
            "https://feeds.megaphone.fm/the-daily-show",
            "Comedy Central",
            itunes_id=1334878780,
            genre="1303",
            in_directories=("itunes", "podcastindex"),
            newest=1_733_100_000.0,
        ),
        FakePodcast(
            "Rock & Roll #1 Hits",
            "https://rock.example.org/feed.xml",
            "Radio Example",
            itunes_id=1500000001,
            in_directories=("itunes", "fyyd"),
            genre="1310",
        ),
        FakePodcast(
            "Daily Lookup Only",
            "https://lookup.example.org/rss",
            "Somebody",
            itunes_id=1500000002,
            in_directories=("itunes",),
        ),
        FakePodcast(
            "Daily Without Feed",
            "",
            "Nobody",
            itunes_id=1500000003,
            in_directories=("itunes",),
        ),
    ]


class _AllPaths(dict):  # type: ignore[type-arg]
    """A routes table sending every path to one dispatcher (directory paths carry values)."""

    def __init__(self, dispatch: Callable[[Seen], Reply]) -> None:
        super().__init__()
        self.dispatch = dispatch

    def get(self, key: object, default: object = None) -> Callable[[Seen], Reply]:
        return self.dispatch


class FakeDirectory:
    """What every fake shares: the server, latency, forced status, the queries seen."""

    name = ""

    def __init__(self, catalogue: list[FakePodcast]) -> None:
        self.catalogue = catalogue
        self.latency = 0.0
        self.status: int | None = None
        self.queries: list[str] = []
        self.server = LoopbackServer()
        self.server.routes = _AllPaths(self._dispatch)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def listed(self) -> list[FakePodcast]:
        return [p for p in self.catalogue if self.name in p.in_directories]

    def matching(self, term: str) -> list[FakePodcast]:
        words = term.casefold().split()
        return [
            p
            for p in self.listed()
            if words and all(w in f"{p.title} {p.author}".casefold() for w in words)
        ]

    def _dispatch(self, seen: Seen) -> Reply:
        if self.latency:
            time.sleep(self.latency)  # the directory's own latency, not a wait for the test
        if self.status is not None:
            return Reply(
                self.status, f"status {self.status}\n".encode(), {"Content-Type": "text/plain"}
            )
        parts = urlsplit(seen.path)
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        return self.answer(parts.path, params, seen)

    def answer(self, path: str, params: dict[str, str], seen: Seen) -> Reply:
        raise NotImplementedError


def json_reply(value: Any, content_type: str = JSON, status: int = 200) -> Reply:
    return Reply(status, json.dumps(value).encode(), {"Content-Type": content_type})


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
