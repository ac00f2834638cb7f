"""What a refresh reports: each feed's end (:class:`SyncProgress`) and the whole run's
(:class:`SyncSummary`, the ``refresh --json`` object). Shared by the refresh pipeline, the OPML
import, the window's bridges and account sync, none of which needs the pipeline to read them."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from player.domain.podcasting20 import LiveEvent


class RefreshStatus(enum.StrEnum):
    """How one feed's refresh ended (``SyncProgress.status``)."""

    UPDATED = "updated"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """One feed finished: reported to the caller's ``progress`` callback."""

    done: int
    total: int
    podcast_id: int
    url: str
    title: str
    status: RefreshStatus
    new_episodes: int = 0
    error: str | None = None


@dataclass(slots=True)
class SyncSummary:
    """What a refresh did. ``errors`` pairs each failed feed's URL with its sentence."""

    feeds: int = 0
    updated: int = 0
    not_modified: int = 0
    failed: int = 0
    cancelled: int = 0
    new_episodes: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    new_episode_ids: dict[int, list[int]] = field(default_factory=dict)
    live_events: list[LiveEvent] = field(default_factory=list)
    """Live items that appeared or changed status (``podcast:liveItem``), for notifications."""

    def to_json(self) -> dict[str, Any]:
        """The ``refresh --json`` object (fields are only ever added)."""
        return {
            "feeds": self.feeds,
            "updated": self.updated,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "new_episodes": self.new_episodes,
            "seconds": round(self.seconds, 3),
            "errors": [{"url": url, "error": error} for url, error in self.errors],
        }


ProgressCallback = Callable[[SyncProgress], None]
