"""Library search over episodes *and* what was said in them.

Episode fields (title, notes, show name) and transcripts live in separate FTS5 tables, so
the episode search keeps its speed and ranking; this joins the two answers: episodes that
match by their fields first (best first, as before), then episodes found only in their
transcripts (the latest added episodes first). A hit in a transcript carries the place.
"""

from __future__ import annotations

from dataclasses import dataclass

from player.domain.models import Episode
from player.domain.transcript import TranscriptHit
from player.storage import EpisodeRepo, Store
from player.storage.transcripts import TranscriptRepo


@dataclass(frozen=True, slots=True)
class SearchResult:
    """An episode that matched, and where in its transcript when that is where it matched."""

    episode: Episode
    match: TranscriptHit | None = None
    episode_matched: bool = True
    """False when only the transcript matched (not the title, notes or show name)."""


MAX_TRANSCRIPT_HITS = 50
"""Transcript-only results a search adds when the caller asks for every match."""


def search_library(store: Store, text: str, limit: int = 50) -> list[SearchResult]:
    """At most ``limit`` results: field matches first, then transcript-only matches."""
    if limit <= 0:
        return []
    episodes = EpisodeRepo(store).search(text, limit=limit)
    first: dict[int, TranscriptHit] = {}
    for hit in TranscriptRepo(store).search(text, limit=limit):
        first.setdefault(hit.episode_id, hit)
    results = [SearchResult(e, first.pop(e.id, None)) for e in episodes]
    room = limit - len(results)
    if room > 0 and first:
        extra = EpisodeRepo(store).get_many(list(first)[:room])
        results += [SearchResult(e, first[e.id], episode_matched=False) for e in extra]
    return results
