"""Download vocabulary shared by storage, the download service and the GUI.

Kept in the domain so the Qt layer can type its slots with these records without importing
the service that produces them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from player.domain.errors import PlayerError


class DownloadStatus(enum.StrEnum):
    """Where a download stands. The first five are stored; REMOVED only travels in events."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    FAILED = "failed"
    DONE = "done"
    REMOVED = "removed"


class FailureKind(enum.StrEnum):
    """Why a download failed, coarse enough for an exit status or an icon."""

    NOT_FOUND = "not_found"  # 404/410: retrying will not help
    SERVER = "server"  # 5xx, other HTTP refusals, network trouble (after retries)
    NOT_MEDIA = "not_media"  # an HTML page or other non-media body
    DISK = "disk"  # full disk, file-size limit, no permission
    BAD_EPISODE = "bad_episode"  # no enclosure, unsupported URL


@dataclass(frozen=True, slots=True)
class DownloadRecord:
    """One row of the ``downloads`` table, with the episode's and podcast's titles."""

    episode_id: int
    status: DownloadStatus
    priority: int = 0
    manual: bool = False
    partial_path: str = ""
    bytes_done: int = 0
    bytes_total: int | None = None
    validator: str | None = None
    error: str | None = None
    updated_at: float = 0.0
    episode_title: str = ""
    podcast_title: str = ""
    download_path: str = ""


@dataclass(frozen=True, slots=True)
class DownloadEvent:
    """Progress or a status change of one download, as subscribers receive it.

    ``rate`` is bytes per second over the last few seconds; ``eta`` is seconds left (None when
    the size or the rate is unknown); ``error`` is one readable sentence when status is FAILED.
    ``episode_title`` and ``podcast_title`` let a listener name the episode in what it shows
    (never its id); they are empty only for an episode that no longer exists.
    """

    episode_id: int
    bytes_done: int
    bytes_total: int | None
    rate: float
    eta: float | None
    status: DownloadStatus
    error: str | None = None
    failure: FailureKind | None = None
    episode_title: str = ""
    podcast_title: str = ""


@dataclass(frozen=True, slots=True)
class DownloadedFile:
    """What cleanup needs to know about one downloaded episode."""

    episode_id: int
    podcast_id: int
    path: str
    manual: bool
    played: bool
    position: float
    published: float | None
    last_played: float | None
    downloaded_at: float | None
    queued: bool

    @property
    def in_progress(self) -> bool:
        """Started but not finished (the same rule as :attr:`Episode.in_progress`)."""
        return not self.played and self.position > 0


class DownloadError(PlayerError):
    """A download failed; ``str(error)`` is one sentence, ``kind`` says what sort of failure.

    ``temporary`` errors are retried with back-off before they are reported; ``retry_after``
    is the server's own suggestion of a delay (seconds), when it gave one.
    """

    def __init__(
        self,
        message: str,
        kind: FailureKind,
        *,
        temporary: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.temporary = temporary
        self.retry_after = retry_after
