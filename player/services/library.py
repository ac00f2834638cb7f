"""The library as the listener sees it: subscriptions, episode lists, search, played state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager

from player.domain.models import LOCAL_FEED_PREFIX, Episode, Podcast
from player.domain.queries import ALL_EPISODES, EpisodeQuery
from player.services.feed_passwords import FeedPasswords
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.legacy_passwords import clear_password

OPENED_LINKS_URL = LOCAL_FEED_PREFIX + "opened-links"
"""The pseudo-feed that holds media opened by URL (never refreshed: not an http(s) feed)."""
ID_CHUNK = 500

DEMO_FEED_TAILS = ("/player/demo/feed.xml", "/seeds/demo/feed.xml")
"""How the bundled demo podcast's ``file:`` URL ends, wherever the app is installed (the second:
libraries seeded before the demo moved into the package)."""


def is_own_subscription(podcast: Podcast) -> bool:
    """A podcast the listener subscribed to: not the bundled demo, not "Opened links".

    The window offers its first-start help until there is one.
    """
    url = podcast.url
    if url.startswith(LOCAL_FEED_PREFIX):
        return False
    return not (url.startswith("file:") and url.endswith(DEMO_FEED_TAILS))


class LibraryService:
    """Read and change the library. The GUI and the CLI both go through this."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.podcast_repo = PodcastRepo(store)
        self.episode_repo = EpisodeRepo(store)

    def podcasts(self) -> list[Podcast]:
        """Every subscription with its counts."""
        return self.podcast_repo.list()

    def podcast(self, podcast_id: int) -> Podcast:
        """One subscription (``NotFoundError`` when absent)."""
        return self.podcast_repo.get(podcast_id)

    def episodes(
        self,
        query: EpisodeQuery = ALL_EPISODES,
        limit: int | None = None,
        offset: int = 0,
        after: Episode | None = None,
    ) -> list[Episode]:
        """A page of episodes matching ``query`` (``after``: the previous page's last one)."""
        return self.episode_repo.list(query, limit=limit, offset=offset, after=after)

    def abandoned_when(self, stale: Callable[[], bool]) -> AbstractContextManager[None]:
        """Reads inside the block raise :class:`~player.domain.errors.AbandonedError` once
        ``stale()`` is true (a page of a search the listener has typed past)."""
        return self.store.abandoned_when(stale)

    def count_episodes(self, query: EpisodeQuery = ALL_EPISODES) -> int:
        """How many episodes match ``query``."""
        return self.episode_repo.count(query)

    def episode(self, episode_id: int) -> Episode:
        """One episode (``NotFoundError`` when absent)."""
        return self.episode_repo.get(episode_id)

    def episodes_by_id(self, ids: Sequence[int]) -> list[Episode]:
        """Episodes by id, in the order asked, without the deleted ones: what a view that
        refreshes its rows in place reads them back with (in chunks: SQLite caps parameters)."""
        found: list[Episode] = []
        for start in range(0, len(ids), ID_CHUNK):
            found += self.episode_repo.get_many(ids[start : start + ID_CHUNK])
        return found

    def search(self, text: str, limit: int = 50) -> list[Episode]:
        """Full-text search, best match first."""
        return self.episode_repo.search(text, limit=limit)

    def mark_played(self, episode_ids: Iterable[int], played: bool = True) -> None:
        """Mark episodes played or unplayed."""
        self.episode_repo.mark_played(episode_ids, played)

    def mark_podcast_played(self, podcast_id: int) -> int:
        """Mark a whole show played."""
        return self.episode_repo.mark_podcast_played(podcast_id)

    def update_podcast(self, podcast_id: int, **fields: object) -> None:
        """Change a podcast's own settings (rate, auto-download, user agent, login...)."""
        self.podcast_repo.update(podcast_id, **fields)

    def set_feed_password(
        self, podcast: Podcast, password: str | None, passwords: FeedPasswords
    ) -> bool:
        """Keep a private feed's new password (the keyring, else this session only) and drop
        the plaintext copy an old version may have left in the database; True when the
        password outlives the session. Never writes one to the database."""
        kept = passwords.set_password(podcast.url, password)
        if podcast.password is not None:
            clear_password(self.store, podcast.id)
        return kept

    def episode_for_media(self, url: str) -> int:
        """The episode to play for a media URL handed to the app (MPRIS ``OpenUri``).

        An episode of the library with that enclosure (or downloaded file) is reused; any other
        URL becomes an episode of the local "Opened links" podcast, so it gets a position,
        history and a place in the queue like everything else.
        """
        known = self.episode_repo.find_by_media(url)
        if known is not None:
            return known
        name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or url
        kind = "video/mp4" if name.lower().endswith((".mp4", ".webm", ".mkv")) else "audio/mpeg"
        with self.store.write() as conn:
            podcast_id = self.podcast_repo.add(OPENED_LINKS_URL, title="Opened links")
            return self.episode_repo.add_link(podcast_id, url, name, kind, conn)

    def unsubscribe(self, podcast_id: int) -> None:
        """Remove a subscription and everything that hangs off it."""
        self.podcast_repo.delete(podcast_id)
