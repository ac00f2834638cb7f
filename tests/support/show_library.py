"""A library with a real history for the "new shows you would like" tests.

Three shows served as real RSS feeds by a loopback server (itunes:category, language,
``podcast:guid``, ``podcast:podroll``) and subscribed through the app's own subscribe; weekday
morning finishes of two of them over the last six weeks; a third subscribed and then
unsubscribed. Beside it, a directory catalogue (the loopback fakes, answering by genre) where
those shows stand in the charts with the shows the tests expect to see suggested.

``forbidden`` lists every title, author, episode title, feed address and GUID of the library
and its history: none may appear in any request the feature makes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote, quote_plus, unquote

from player.domain.models import PlayEvent
from player.storage import HistoryRepo, Store
from tests.support.directory_catalogue import FakePodcast
from tests.support.directory_servers import FakeDirectories, directory_servers
from tests.support.http_server import LoopbackServer, Seen

WEEK = 7 * 86400.0
COSMIC = "Cosmic Marmalade Hour"
COSMIC_AUTHOR = "Perpetua Quill"
ZEBRA = "Zebrafish Quarterly Mysteries"
ZEBRA_AUTHOR = "Ottoline Vashti"
VANISHED = "Yesterday Vanished Show"
VANISHED_AUTHOR = "Bartholomew Fenwick"
COSMIC_GUID = "c0c0c0c0-1111-5222-8333-000000000001"
ZEBRA_GUID = "c0c0c0c0-1111-5222-8333-000000000002"
VANISHED_GUID = "c0c0c0c0-1111-5222-8333-000000000003"
NEBULA = "Nebula Notes"
NEBULA_GUID = "aaaa0000-1111-5222-8333-000000000001"
COLD_TRAIL = "Cold Trail"
COLD_TRAIL_URL = "https://coldtrail.example/rss"
COLD_TRAIL_GUID = "aaaa0000-1111-5222-8333-000000000002"
PODROLL_ONLY_TITLE = "A Guid Only Recommendation"
STAR_SUMS = "Star Sums"
LAB_COATS = "Lab Coats Weekly"
CIENCIA = "Ciencia Hoy"
LAUGHS = "Laugh Track Live"

SCIENCE, TRUE_CRIME, COMEDY = "1533", "1488", "1303"


@dataclass
class ShowLibrary:
    """The running feed server, the fakes, and the library's ids and words."""

    feeds: LoopbackServer
    fakes: FakeDirectories
    urls: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    forbidden: list[str] = field(default_factory=list)

    def directory_requests(self) -> list[Seen]:
        """Every request any of the four directories received, in order per directory."""
        return [r for d in self.fakes.all for r in d.server.requests]


def _feed(title: str, author: str, category: str, guid: str, minutes: int, podroll: str,
          weeks: int = 12) -> tuple[bytes, list[str]]:  # fmt: skip
    """A weekly show's RSS (newest first) and its episode titles."""
    now = time.time()
    items, names = [], []
    for n in range(weeks):
        name = f"{title} episode {weeks - n}: the {author.split()[0]} files"
        names.append(name)
        published = datetime.fromtimestamp(now - n * WEEK - 3600, UTC)
        items.append(
            f"<item><title>{name}</title><guid>{guid}-{n}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f'<enclosure url="https://media.example/{quote(title)}/{n}.mp3" type="audio/mpeg" '
            f'length="1000"/><itunes:duration>{minutes * 60}</itunes:duration></item>'
        )
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
 xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>{title}</title><link>https://example.org/</link>
<description>About {title}.</description><language>en-us</language>
<itunes:author>{author}</itunes:author>
<itunes:category text="{category.replace("&", "&amp;")}"/>
<podcast:guid>{guid}</podcast:guid>
{podroll}
{"".join(items)}
</channel></rss>"""
    return body.encode(), names


def catalogue(urls: dict[str, str]) -> list[FakePodcast]:
    """The directories' shows: the library's own (so the charts tell their categories) and
    the candidates, with their genres and languages."""

    def show(title: str, url: str, genre: str, n: int, **extra: object) -> FakePodcast:
        return FakePodcast(
            title, url, f"{title} Productions", itunes_id=1_700_000_000 + n, genre=genre,
            image_url=f"https://img.example.org/{n}/cover.jpg", **extra,  # type: ignore[arg-type]
        )  # fmt: skip

    return [
        show(STAR_SUMS, "https://starsums.example/rss", SCIENCE, 1),
        show(COSMIC, urls[COSMIC], SCIENCE, 2, guid=COSMIC_GUID),
        show(NEBULA, urls[NEBULA], SCIENCE, 3, guid=NEBULA_GUID),
        show(VANISHED, urls[VANISHED], SCIENCE, 4, guid=VANISHED_GUID),
        show(LAB_COATS, "https://labcoats.example/feed", SCIENCE, 5),
        show(CIENCIA, "https://cienciahoy.example/rss", SCIENCE, 6, language="es"),
        show(ZEBRA, urls[ZEBRA], TRUE_CRIME, 7, guid=ZEBRA_GUID),
        show(COLD_TRAIL, COLD_TRAIL_URL, TRUE_CRIME, 8, guid=COLD_TRAIL_GUID),
        show(LAUGHS, "https://laughtrack.example/rss", COMEDY, 9),
    ]


def finish(store: Store, episode_id: int, when: float) -> None:
    """Hear an episode to its end at ``when``: a play event and the "played" state."""
    duration = float(store.scalar("SELECT duration FROM episodes WHERE id = ?", (episode_id,)) or 0)
    HistoryRepo(store).add(
        PlayEvent(episode_id=episode_id, started_at=when, from_pos=0.0, to_pos=duration)
    )
    with store.write() as conn:
        conn.execute(
            "UPDATE episodes SET state = 'played', position = 0, last_played = ? WHERE id = ?",
            (when + duration, episode_id),
        )


def weekday_morning(weeks_ago: int) -> float:
    """A Tuesday at 07:40 local time, ``weeks_ago`` weeks back."""
    now = datetime.now().astimezone()
    tuesday = now.replace(hour=7, minute=40, second=0, microsecond=0)
    while tuesday.weekday() != 1 or tuesday.timestamp() > now.timestamp():
        tuesday = datetime.fromtimestamp(tuesday.timestamp() - 86400).astimezone()
        tuesday = tuesday.replace(hour=7, minute=40)
    return tuesday.timestamp() - weeks_ago * WEEK


@contextmanager
def show_library(store: Store) -> Iterator[ShowLibrary]:
    """Serve the feeds and the directories, subscribe, listen, unsubscribe one show."""
    from player.services.sync import SyncService

    feeds = LoopbackServer()
    feeds.start()
    try:
        urls = {
            COSMIC: feeds.base_url + "/cosmic.xml",
            ZEBRA: feeds.base_url + "/zebra.xml",
            VANISHED: feeds.base_url + "/vanished.xml",
            NEBULA: feeds.base_url + "/nebula.xml",  # a pick one can subscribe to
        }
        cosmic_roll = (
            "<podcast:podroll>"
            f'<podcast:remoteItem feedGuid="{NEBULA_GUID}" feedUrl="{urls[NEBULA]}" '
            f'title="{NEBULA}"/></podcast:podroll>'
        )
        zebra_roll = (
            "<podcast:podroll>"
            f'<podcast:remoteItem feedGuid="{COLD_TRAIL_GUID}" title="{PODROLL_ONLY_TITLE}"/>'
            "</podcast:podroll>"
        )
        forbidden = [COSMIC, COSMIC_AUTHOR, ZEBRA, ZEBRA_AUTHOR, VANISHED, VANISHED_AUTHOR,
                     PODROLL_ONLY_TITLE, "Marmalade", "Zebrafish", "Quill", "Vashti",
                     "cosmic.xml", "zebra.xml", "vanished.xml",  # the library's feeds
                     COSMIC_GUID, ZEBRA_GUID, VANISHED_GUID]  # fmt: skip
        for name, (title, author, category, guid, minutes, roll) in {
            "cosmic.xml": (COSMIC, COSMIC_AUTHOR, "Science", COSMIC_GUID, 30, cosmic_roll),
            "zebra.xml": (ZEBRA, ZEBRA_AUTHOR, "True Crime", ZEBRA_GUID, 45, zebra_roll),
            "vanished.xml": (VANISHED, VANISHED_AUTHOR, "Science", VANISHED_GUID, 20, ""),
            "nebula.xml": (NEBULA, "Nebula Makers", "Science", NEBULA_GUID, 25, ""),
        }.items():
            body, episodes = _feed(title, author, category, guid, minutes, roll)
            feeds.add(name, body, "application/rss+xml")
            if title != NEBULA:  # not in the library: its words may be sent
                forbidden += episodes
        with directory_servers(catalogue(urls)) as fakes:
            fakes.itunes.by_genre = True
            fakes.podcastindex.by_genre = True
            sync = SyncService(store)
            try:
                ids = {
                    title: sync.subscribe(url).podcast_id
                    for title, url in urls.items()
                    if title != NEBULA
                }
            finally:
                sync.close()
            episodes = {
                title: [
                    int(r[0])
                    for r in store.query(
                        "SELECT id FROM episodes WHERE podcast_id = ? ORDER BY published DESC",
                        (ids[title],),
                    )
                ]
                for title in (COSMIC, ZEBRA)
            }
            for week in range(6):
                finish(store, episodes[COSMIC][week], weekday_morning(week))
            for week in range(1, 5):
                finish(store, episodes[ZEBRA][week], weekday_morning(week) + 3600)
            from player.services.library import LibraryService

            LibraryService(store).unsubscribe(ids[VANISHED])
            library = ShowLibrary(feeds, fakes, urls, ids, forbidden)
            yield library
    finally:
        feeds.stop()


def leaks(requests: list[Seen], words: list[str]) -> list[str]:
    """Each (request, word) where a library word appears in a path, query or header."""
    found = []
    for seen in requests:
        texts = [seen.path, unquote(seen.path), unquote(seen.path.replace("+", " "))]
        texts += [f"{k}: {v}" for k, v in seen.headers.items()]
        blob = "\n".join(texts).casefold()
        for word in words:
            forms = {word, quote(word), quote_plus(word)}
            if any(form.casefold() in blob for form in forms):
                found.append(f"{word!r} in {seen.method} {seen.path}")
    return found
