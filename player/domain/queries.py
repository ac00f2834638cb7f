"""What a view asks of the episode list: filters and an ordering, as plain values.

They live in the domain, not in storage, because the library pane, the CLI and the services
build them; only :class:`player.storage.episodes.EpisodeRepo` turns them into SQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from player.domain.models import Episode, EpisodeState


class EpisodeSort(enum.StrEnum):
    """Orderings the episode list offers (each with a stable tie-break on id)."""

    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    DURATION = "duration"
    NUMBER = "number"
    """Season, then episode number (the decimal ``podcast:episode``: 100.5 between 100 and 101)."""
    PODCAST = "podcast"
    RELEVANCE = "relevance"


@dataclass(frozen=True, slots=True)
class EpisodeQuery:
    """Which episodes a view shows. Empty fields do not filter."""

    podcast_id: int | None = None
    unplayed: bool = False
    in_progress: bool = False
    downloaded: bool = False
    text: str = ""
    sort: EpisodeSort = EpisodeSort.NEWEST
    descending: bool | None = None
    played: bool = False
    folder: str | None = None
    """Shows in this folder or in one nested under it ("News" takes "News/Daily" too)."""
    tag: str = ""
    """Episodes with this tag, or of a show with it (case-insensitive)."""
    min_duration: float | None = None
    max_duration: float | None = None
    """Seconds; an episode of unknown length passes neither bound."""
    published_after: float | None = None
    published_before: float | None = None
    """Epoch seconds: ``published_after <= published < published_before``."""
    playlist_id: int | None = None
    """The episodes of a smart playlist (its rules, order and limit)."""
    not_downloaded: bool = False
    """Only episodes without a download (the filter bar's "Downloaded: no")."""

    def admits(self, e: Episode) -> bool:
        """Whether ``e`` passes the filters besides the search text, the folder, the tag and the
        playlist (which playback, downloads and marking never change): a view asks this of a
        row that left the query's result, to tell an episode that no longer matches from one
        pushed further down the list."""
        if self.podcast_id is not None and e.podcast_id != self.podcast_id:
            return False
        if self.unplayed and e.state is not EpisodeState.NEW:
            return False
        if self.in_progress and not e.in_progress:
            return False
        if self.played and e.state is not EpisodeState.PLAYED:
            return False
        if self.not_downloaded and e.download_path:
            return False
        return not (self.downloaded and not e.download_path)


ALL_EPISODES = EpisodeQuery()
"""The query that filters nothing (newest first): the default of every listing."""
