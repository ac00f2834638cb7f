"""An episode's transcript: choose a link, fetch (or read) it, cache it, index it for search.

:meth:`TranscriptService.for_episode` blocks (network, parsing, SQLite writes): the window
calls it from its task pool, the CLI directly. Links are tried best first
(:func:`player.transcripts.choice.rank`); one that fails to fetch or parse is remembered in
``transcript_failures`` and skipped for :data:`RETRY_SECONDS`, so the next link is read at
once. HTTP copies are kept (parsed) with their validators and revalidated after
:data:`FRESH_SECONDS`; ``file:`` links (the demo podcast) are read from disk each time.
Whatever is read is indexed, so library search finds what was said.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from player.domain.errors import NotFoundError
from player.domain.models import Transcript
from player.domain.transcript import Segment, TranscriptError, TranscriptHit
from player.i18n import _
from player.playback.locations import local_path
from player.services.documents import ClientFactory, DocumentError, conditional_get, default_client
from player.storage import EpisodeRepo, Store
from player.storage.transcripts import TranscriptRepo
from player.transcripts.choice import rank
from player.transcripts.parse import MAX_BYTES, parse_transcript

log = logging.getLogger(__name__)

FRESH_SECONDS = 7 * 24 * 3600
"""A cached transcript younger than this is used without asking the server."""
RETRY_SECONDS = 24 * 3600
"""A link that failed is skipped for this long, then tried again in its turn."""


@dataclass(frozen=True, slots=True)
class EpisodeTranscript:
    """The transcript the listener sees for an episode, and the link it came from."""

    episode_id: int
    url: str
    type: str
    language: str
    segments: list[Segment]


def user_languages() -> list[str]:
    """The user's languages from the environment (``LANGUAGE``, ``LC_ALL``, ``LANG``)."""
    found: list[str] = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(name, "").split(":"):
            if part and part not in ("C", "POSIX") and part not in found:
                found.append(part)
    return found


class TranscriptService:
    """Transcripts for episodes, and search over every indexed one."""

    def __init__(
        self,
        store: Store,
        client_factory: ClientFactory = default_client,
        languages: Sequence[str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.episodes = EpisodeRepo(store)
        self.repo = TranscriptRepo(store)
        self.client_factory = client_factory
        self.languages = list(user_languages() if languages is None else languages)
        self.clock = clock

    def for_episode(self, episode_id: int) -> EpisodeTranscript | None:
        """The episode's transcript (fetched, cached and indexed); None when it has no link.

        Raises :class:`TranscriptError` (one sentence) when every link failed, and
        :class:`NotFoundError` for an unknown episode.
        """
        episode = self.episodes.get(episode_id)
        if not episode.transcripts:
            return None
        links = rank(episode.transcripts, [*self._feed_languages(episode_id), *self.languages])
        failures = self.repo.failures([link.url for link in links])
        now = self.clock()
        ready = [
            link
            for link in links
            if link.url not in failures or now - failures[link.url][1] >= RETRY_SECONDS
        ]
        error: str | None = None
        for link in ready:
            try:
                segments, changed, version = self._read(link)
            except TranscriptError as exc:
                log.info("transcript %s of episode %d: %s", link.url, episode_id, exc)
                self.repo.fail(link.url, str(exc), now)
                error = error or str(exc)
                continue
            if changed or self.repo.indexed_version(episode_id) != (link.url, version):
                self.repo.index(episode_id, link.url, segments, version)
            return EpisodeTranscript(episode_id, link.url, link.type, link.language, segments)
        if error is None:  # every link failed recently: say why the best one did
            error = failures[links[0].url][0]
        raise TranscriptError(error)

    def index(self, episode_id: int) -> bool:
        """Fetch and index the episode's transcript; False when it has none or none is readable."""
        try:
            return self.for_episode(episode_id) is not None
        except (TranscriptError, NotFoundError) as exc:
            log.info("transcript of episode %d not indexed: %s", episode_id, exc)
            return False

    def search(self, query: str, limit: int = 50) -> list[TranscriptHit]:
        """Where in the indexed transcripts ``query`` was said (latest added episodes first)."""
        return self.repo.search(query, limit)

    # -- reading one link ----------------------------------------------------------------

    def _feed_languages(self, episode_id: int) -> list[str]:
        language = self.repo.feed_language(episode_id)
        return [language] if language else []

    def _read(self, link: Transcript) -> tuple[list[Segment], bool, str]:
        """The link's segments, whether they are new (not the cached copy), and the version
        of a local file (its modification time and size; "" for HTTP)."""
        path = local_path(link.url)
        if path is not None:
            try:
                stat = path.stat()
                if stat.st_size > MAX_BYTES:
                    raise TranscriptError(
                        _("The transcript file {name} is too large.").format(name=path.name)
                    )
                data = path.read_bytes()
            except OSError as exc:
                raise TranscriptError(
                    _("Cannot read the transcript file {name}: {value}.").format(
                        name=path.name, value=exc.strerror or exc
                    )
                ) from exc
            version = f"{stat.st_mtime_ns}:{stat.st_size}"
            return parse_transcript(data, link.type, link.url), False, version
        cached = self.repo.cached(link.url)
        if cached is not None and self.clock() - cached.fetched_at < FRESH_SECONDS:
            return cached.segments, False, ""
        try:
            fetched = conditional_get(
                self.client_factory,
                link.url,
                "the transcript",
                MAX_BYTES,
                cached.etag if cached else None,
                cached.last_modified if cached else None,
            )
        except DocumentError as exc:
            if cached is not None:
                log.info("transcript %s: keeping the cached copy (%s)", link.url, exc)
                return cached.segments, False, ""
            raise TranscriptError(str(exc)) from exc
        if fetched is None and cached is not None:
            self.repo.touch(link.url)
            return cached.segments, False, ""
        assert fetched is not None
        segments = parse_transcript(fetched.body, link.type or fetched.content_type, link.url)
        self.repo.put(link.url, segments, fetched.etag, fetched.last_modified)
        return segments, True, ""
