"""Getting an episode's chapters from every source into the store, and choosing which to show.

- **id3**: read from the local file (downloaded, or a ``file:`` enclosure) with mutagen.
- **psc**: written by feed sync; nothing to do here.
- **json**: the ``podcast:chapters`` URL. Local (``file:``) documents are read directly; HTTP
  ones are fetched with httpx and kept in ``chapter_cache`` with their ETag/Last-Modified, so
  a later look is a conditional GET (or no request at all while the copy is fresh).

Each source is stored separately (``chapters`` table, ``source`` column) and
:func:`player.playback.chapters.choose_chapters` decides which one the listener sees.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from player.domain.errors import PlayerError
from player.domain.http_cache import CachedDocument
from player.domain.models import Chapter, Episode
from player.playback.chapters import (
    PRECEDENCE,
    ChapterFormatError,
    choose_chapters,
    parse_json_chapters,
)
from player.playback.id3 import read_id3_chapters
from player.playback.locations import local_path
from player.services.documents import (
    ClientFactory,
    DocumentError,
    conditional_get,
    default_client,
)
from player.storage import EpisodeRepo, Store
from player.storage.chapter_cache import ChapterCacheRepo

log = logging.getLogger(__name__)

FRESH_SECONDS = 24 * 3600
"""A cached chapters document younger than this is used without asking the server."""

MAX_BYTES = 2 * 1024 * 1024
"""Chapter documents are a few KB; anything bigger is not one."""


class ChapterError(PlayerError):
    """A chapters document could not be fetched."""


class ChapterService:
    """Fills the store with an episode's chapters and answers "which chapters does it have"."""

    def __init__(
        self,
        store: Store,
        image_dir: Path | None = None,
        client_factory: ClientFactory = default_client,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.episodes = EpisodeRepo(store)
        self.cache = ChapterCacheRepo(store)
        self.image_dir = image_dir
        self.client_factory = client_factory
        self.clock = clock

    # -- reading -------------------------------------------------------------------------

    def stored(self, episode_id: int) -> dict[str, list[Chapter]]:
        """Every source's stored chapters (hidden markers included)."""
        return {source: self.episodes.chapters(episode_id, source) for source in PRECEDENCE}

    def chosen(self, episode: Episode, duration: float | None = None) -> tuple[str, list[Chapter]]:
        """The chapters the listener sees, and the source they came from."""
        return choose_chapters(self.stored(episode.id), duration or episode.duration)

    # -- filling the store -----------------------------------------------------------------

    def prepare(self, episode: Episode) -> bool:
        """Everything that needs no network: ID3 of a local file, a local or cached JSON document.

        Cheap enough for the owner thread. Returns True when a network fetch is still worth
        doing (an HTTP chapters URL with no fresh cached copy).
        """
        self.read_file_chapters(episode)
        url = episode.chapters_url
        if not url:
            return False
        path = local_path(url)
        if path is not None:
            self._store_local_json(episode, path)
            return False
        cached = self.cache.get(url)
        if cached is not None and "json" not in self.episodes.chapter_sources(episode.id):
            self._store_json(episode, cached.body, url)
        return cached is None or self.clock() - cached.fetched_at >= FRESH_SECONDS

    def ensure(self, episode: Episode) -> None:
        """:meth:`prepare` plus the network fetch when needed (run it off the GUI thread).

        A failed fetch with a cached copy keeps the copy; without one it raises
        :class:`ChapterError` (the other sources stay usable).
        """
        if self.prepare(episode):
            self.fetch_json(episode)

    def read_file_chapters(self, episode: Episode) -> list[Chapter]:
        """Read ID3 chapters from the episode's local file into the store (once)."""
        path = local_path(episode.media_location)
        if path is None or not path.is_file():
            return []
        if "id3" in self.episodes.chapter_sources(episode.id):
            return self.episodes.chapters(episode.id, "id3")
        chapters = read_id3_chapters(path, self.image_dir)
        if chapters:
            self.episodes.replace_chapters(episode.id, "id3", chapters)
        return chapters

    def fetch_json(self, episode: Episode) -> list[Chapter]:
        """Fetch (or revalidate) the episode's HTTP chapters document and store its chapters."""
        url = episode.chapters_url
        cached = self.cache.get(url)
        try:
            body = self._download(url, cached)
        except ChapterError:
            if cached is None:
                raise
            log.info("chapters of episode %d: keeping the cached copy of %s", episode.id, url)
            return self._store_json(episode, cached.body, url)
        return self._store_json(episode, body, url)

    def _download(self, url: str, cached: CachedDocument | None) -> bytes:
        try:
            fetched = conditional_get(
                self.client_factory,
                url,
                "chapters",
                MAX_BYTES,
                cached.etag if cached else None,
                cached.last_modified if cached else None,
            )
        except DocumentError as exc:
            raise ChapterError(str(exc)) from exc
        if fetched is None and cached is not None:
            self.cache.touch(url)
            return cached.body
        assert fetched is not None  # a 304 comes only when validators were sent
        self.cache.put(url, fetched.body, fetched.etag, fetched.last_modified)
        return fetched.body

    def _store_local_json(self, episode: Episode, path: Path) -> None:
        if "json" in self.episodes.chapter_sources(episode.id):
            return
        try:
            body = path.read_bytes()
        except OSError as exc:
            log.info("chapters file %s unreadable: %s", path, exc)
            return
        self._store_json(episode, body, episode.chapters_url)

    def _store_json(self, episode: Episode, body: bytes, url: str) -> list[Chapter]:
        try:
            chapters = parse_json_chapters(body, base_url=url)
        except ChapterFormatError as exc:
            log.info("chapters of episode %d at %s: %s", episode.id, url, exc)
            return []
        self.episodes.replace_chapters(episode.id, "json", chapters)
        return chapters
