"""Directories and feeds on 127.0.0.1 for the window's Discover tests, benchmark and screenshots.

:func:`discover_rig` starts one :class:`LoopbackServer` with real feeds and cover images, and
the four fake directories (:mod:`tests.support.directory_servers`) listing those feeds, and
points the app at them through the ``PODCAST_PLAYER_*_URL`` environment variables. The system
keyring is replaced by keyring's "fail" backend (no keyring: Podcast Index is off, as on a
machine without Secret Service) unless ``keyring_backend`` names another (one fresh instance per
rig). Nothing reaches the internet.
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from html import escape

import keyring
import keyring.core

from tests.support.directory_servers import FakeDirectories, FakePodcast, directory_servers
from tests.support.http_server import LoopbackServer, Reply

NOW = time.time()
"""Episode dates count back from the start of the run ("last episode 2 days ago")."""
DAY = 86_400.0


@dataclass(frozen=True)
class Show:
    """One podcast of the rig: in the directories, with a real feed on the loopback server."""

    slug: str
    title: str
    author: str
    description: str
    colour: tuple[int, int, int]
    episodes: int = 8
    age_days: float = 2.0
    category: str = "Technology"
    genre: str = "1318"
    directories: tuple[str, ...] = ("itunes", "podcastindex", "fyyd", "gpodder")


SHOWS = (
    Show("signals", "Signals from the Open Web", "Radio Example Collective",
         "<p>A weekly look at <b>open standards</b>, community radio and the people who keep "
         "podcasting open: RSS, chapters, transcripts and the listener's rights.</p>",
         (33, 102, 172), episodes=12, age_days=1),
    Show("rivers", "Rivers of the World", "Lena Okafor",
         "<p>Every episode follows one river from its source to the sea.</p>",
         (0, 137, 123), episodes=40, age_days=5, category="Science", genre="1533"),
    Show("open-kitchen", "Open Kitchen Radio", "The Open Kitchen",
         "<p>Recipes, stories and the history of what we eat.</p>", (230, 81, 0),
         episodes=6, age_days=12, category="Arts", genre="1301",
         directories=("itunes", "fyyd")),
    Show("open-source-hour", "The Open Source Hour", "Maintainers Anonymous",
         "<p>Interviews with the people who maintain the software everybody uses.</p>",
         (94, 53, 177), episodes=25, age_days=3, directories=("itunes", "gpodder")),
    Show("night-owls", "Night Owls Open Mic", "Night Owls",
         "<p>Listener stories, live, after midnight.</p>", (69, 90, 100), episodes=90,
         age_days=30, category="Society & Culture", genre="1324",
         directories=("itunes", "podcastindex")),
    Show("open-road", "Open Road Travel Diaries", "Amira Haddad",
         "<p>Slow travel, by train and bicycle.</p>", (198, 40, 40), episodes=15,
         age_days=70, category="Leisure", genre="1502", directories=("fyyd", "gpodder")),
)  # fmt: skip
"""Shows whose names share "open", so one search finds them all, as a real one would."""


def png(colour: tuple[int, int, int], size: int = 96) -> bytes:
    """A square PNG in one colour with a lighter band: a cover image, made without Qt."""
    r, g, b = colour
    light = bytes(min(255, c + 70) for c in colour)
    rows = []
    for y in range(size):
        band = size * 2 // 5 <= y < size * 3 // 5
        pixel = light if band else bytes((r, g, b))
        rows.append(b"\x00" + pixel * size)
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def feed(show: Show, image_url: str) -> bytes:
    """The show's RSS feed: description, artwork, category and dated episodes with lengths."""
    items = []
    for n in range(show.episodes, 0, -1):
        published = NOW - (show.age_days + (show.episodes - n) * 7) * DAY
        minutes = 25 + (n * 7) % 40
        items.append(
            f'<item><guid isPermaLink="false">{show.slug}-{n}</guid>'
            f"<title>Episode {n}: {escape(show.title.split()[-1])} notes, part {n}</title>"
            f"<pubDate>{formatdate(published)}</pubDate>"
            f'<enclosure url="https://example.org/{show.slug}/{n}.mp3" type="audio/mpeg" '
            f'length="1000"/><itunes:duration>{minutes}:00</itunes:duration></item>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>{escape(show.title)}</title><link>https://example.org/{show.slug}</link>"
        f"<description>{escape(show.description)}</description>"
        f"<itunes:author>{escape(show.author)}</itunes:author>"
        f'<itunes:image href="{image_url}"/>'
        f'<itunes:category text="{escape(show.category)}"/>' + "".join(items) + "</channel></rss>"
    ).encode("utf-8")


@dataclass
class Rig:
    """The running servers: ``feeds`` (feeds and covers), ``directories`` (the four fakes)."""

    feeds: LoopbackServer
    directories: FakeDirectories
    catalogue: list[FakePodcast]

    def feed_url(self, title: str) -> str:
        return next(p.feed_url for p in self.catalogue if p.title == title)


@contextmanager
def discover_rig(
    shows: tuple[Show, ...] = SHOWS,
    latency: float = 0.0,
    keyring_backend: str = "keyring.backends.fail.Keyring",
) -> Iterator[Rig]:
    """Feeds, covers and directories on 127.0.0.1, with the environment pointing at them."""
    with LoopbackServer() as feeds:
        catalogue = []
        for n, show in enumerate(shows):
            art = png(show.colour)
            for variant in ("", "30", "55", "100", "600"):
                feeds.route(f"/art/{show.slug}-cover{variant}.png", Reply(200, art, _PNG))
            image = feeds.url(f"/art/{show.slug}-cover.png")
            url = feeds.route(f"/{show.slug}.xml", Reply(200, feed(show, image), _RSS))
            catalogue.append(
                FakePodcast(
                    show.title, url, show.author, itunes_id=1_600_000_000 + n,
                    guid=f"00000000-0000-5000-8000-{n:012d}", description=show.description,
                    newest=NOW - show.age_days * DAY, episode_count=show.episodes,
                    image_url=image, website=f"https://example.org/{show.slug}",
                    genre=show.genre, in_directories=show.directories,
                )
            )  # fmt: skip
        with directory_servers(catalogue, latency) as directories:
            env = {**directories.env, "PYTHON_KEYRING_BACKEND": keyring_backend}
            saved = {name: os.environ.get(name) for name in env}
            os.environ.update(env)
            # keyring keeps the backend it chose first for the whole process: choose for it.
            before = keyring.get_keyring()
            keyring.set_keyring(keyring.core.load_keyring(keyring_backend))
            try:
                yield Rig(feeds, directories, catalogue)
            finally:
                keyring.set_keyring(before)
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value


_PNG = {"Content-Type": "image/png"}
_RSS = {"Content-Type": "application/rss+xml"}
