"""One download job and what a worker does with it: transfer, retry, move into place, record.

Apart from the scheduler (:mod:`.manager`) because running a job is a straight line from start
to DONE, FAILED or stopped that touches the network, the disk and the store, while the
scheduler only decides which job runs when; the two meet in :class:`Job`'s cancel event and
stop reason, read under the scheduler's lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from player.domain.downloads import DownloadError, DownloadEvent, DownloadStatus, FailureKind
from player.domain.models import Episode
from player.i18n import _
from player.paths import DataPaths
from player.playback.id3 import read_media_info
from player.services.downloads import files
from player.services.downloads.events import DownloadEvents
from player.services.downloads.naming import download_target, extension_for
from player.services.downloads.progress import ProgressReporter
from player.services.downloads.transfer import (
    Transfer,
    TransferHooks,
    TransferResult,
    TransferStoppedError,
    disk_error,
    request_options,
)
from player.services.feed_passwords import FeedPasswords
from player.services.media_sources import MediaPlan, matches_integrity, plan_of
from player.storage import EpisodeRepo, PodcastRepo
from player.storage.downloads import DownloadRepo

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = 60.0
"""Seconds; a server asking for a longer ``Retry-After`` still gets retried after a minute."""


def enclosure_only(episode: Episode) -> MediaPlan:
    """The plan when nothing else is known: the feed's ``<enclosure>``."""
    return plan_of([episode.enclosure_url])


@dataclass
class Job:
    """A queued or running download as the scheduler sees it."""

    episode_id: int
    url: str
    host: str
    priority: int
    seq: int
    cancel: threading.Event = field(default_factory=threading.Event)
    stop_reason: DownloadStatus | None = None  # PAUSED, QUEUED (shutdown) or REMOVED
    discard: bool = False  # a PAUSED stop that also deletes the partial file


@dataclass
class JobRunner:
    """Runs jobs on the worker threads; ``lock`` is the scheduler's, guarding stop reasons."""

    repo: DownloadRepo
    episodes: EpisodeRepo
    podcasts: PodcastRepo
    paths: DataPaths
    events: DownloadEvents
    lock: threading.Condition
    retries: int
    backoff: float
    passwords: FeedPasswords = field(default_factory=FeedPasswords)
    """Feed passwords (the keyring), sent with media on the feed's own host."""
    plans: Callable[[Episode], MediaPlan] = field(default=enclosure_only)
    """Where an episode's file may come from, in order, and its integrity value (the
    enclosure alone unless the manager knows the feed's alternate sources)."""

    def _request_options(self, podcast_id: int, url: str) -> dict[str, Any]:
        podcast = self.podcasts.get(podcast_id)
        return request_options(podcast, url, self.passwords.for_podcast(podcast))

    def partial(self, episode_id: int) -> Path:
        """Where an episode's unfinished download is written."""
        return files.partial_path(self.paths.downloads, episode_id)

    def partial_size(self, episode_id: int) -> int:
        """Bytes already fetched for an episode (0 with no partial file)."""
        return files.file_size(self.partial(episode_id))

    def run(self, job: Job, client: httpx.Client) -> None:
        """One job from start to DONE, FAILED or stopped, retrying temporary errors."""
        partial = self.partial(job.episode_id)
        record = self.repo.get(job.episode_id)
        episode = self.episodes.get(job.episode_id)
        title, podcast = self.events.titles_of(job.episode_id, episode)
        self.repo.start(job.episode_id, str(partial))
        self.events.status(job.episode_id, DownloadStatus.RUNNING, files.file_size(partial))
        progress = ProgressReporter(
            record_start=lambda validator, done, total: self.repo.set_response(
                job.episode_id, validator, done, total
            ),
            record_progress=lambda done: self.repo.set_progress(job.episode_id, done),
            emit=lambda done, total, rate, eta: self.events.emit(
                DownloadEvent(
                    job.episode_id,
                    done,
                    total,
                    rate,
                    eta,
                    DownloadStatus.RUNNING,
                    episode_title=title,
                    podcast_title=podcast,
                )
            ),
        )
        plan = self.plans(episode)
        urls = list(plan.urls) or [job.url]
        for url, why in plan.skipped:
            log.info("episode %d: skipping %s (%s)", job.episode_id, url[:80], why)
        hooks = TransferHooks(progress.started, progress.update, job.cancel)
        validator = record.validator if record else None
        error: DownloadError | None = None
        for index, url in enumerate(urls):
            if index:  # another server: nothing proves its bytes continue the last one's
                files.remove_managed(partial, self.paths.downloads)
                validator = None
                log.info("episode %d: trying its next source %s", job.episode_id, url[:80])
            transfer = Transfer(
                client,
                url,
                partial,
                validator,
                hooks,
                **self._request_options(episode.podcast_id, url),
            )
            outcome = self._attempts(job, transfer)
            if outcome is None:
                return
            if isinstance(outcome, DownloadError):
                error = outcome
                continue
            mismatch = self._integrity_error(plan.integrity, partial)
            if mismatch is not None:
                files.remove_managed(partial, self.paths.downloads)
                error = mismatch
                continue
            self._finish(job, episode, outcome, url)
            return
        assert error is not None
        self.fail(job, error)

    def _attempts(self, job: Job, transfer: Transfer) -> TransferResult | DownloadError | None:
        """One source, retrying its temporary errors: the file, the last error, or None when
        the job was stopped meanwhile (already recorded)."""
        for attempt in range(self.retries + 1):
            try:
                return transfer.run()
            except TransferStoppedError:
                self.stopped(job)
                return None
            except DownloadError as error:
                if not error.temporary or attempt == self.retries:
                    return error
                delay = error.retry_after or self.backoff * (2**attempt)
                log.info("episode %d: %s; retrying in %.1fs", job.episode_id, error, delay)
                if job.cancel.wait(min(delay, MAX_RETRY_DELAY)):
                    self.stopped(job)
                    return None
        raise AssertionError("unreachable: the last attempt returns")

    def _integrity_error(self, integrity: str, partial: Path) -> DownloadError | None:
        """The error for a finished file that is not what the feed's SRI value vouches for
        (None when it matches, or when there is nothing this player can check)."""
        if not integrity:
            return None
        try:
            matched = matches_integrity(partial, integrity)
        except OSError as exc:
            return disk_error(exc, partial)
        if matched is None or matched:
            return None
        return DownloadError(
            _(
                "The downloaded file does not match the feed's integrity check (it is not the "
                "file the publisher vouched for); it was deleted and any earlier download is kept."
            ),
            FailureKind.NOT_MEDIA,
        )

    def stopped(self, job: Job) -> None:
        """Record and announce why the job stopped (paused, shut down, or removed)."""
        reason = job.stop_reason or DownloadStatus.PAUSED
        if reason is DownloadStatus.REMOVED:
            files.remove_managed(self.partial(job.episode_id), self.paths.downloads)
            return  # delete_download already forgot the row and told the subscribers
        if job.discard:
            files.remove_managed(self.partial(job.episode_id), self.paths.downloads)
        self.repo.set_status(job.episode_id, reason)
        self.events.status(job.episode_id, reason, self.partial_size(job.episode_id))

    def fail(self, job: Job, error: DownloadError) -> None:
        """Record and announce a failure; the partial file stays for a retry."""
        log.info("download of episode %d failed: %s", job.episode_id, error)
        self.repo.set_status(job.episode_id, DownloadStatus.FAILED, str(error))
        self.events.status(
            job.episode_id, DownloadStatus.FAILED, self.partial_size(job.episode_id), error=error
        )

    def _finish(self, job: Job, episode: Episode, result: TransferResult, url: str) -> None:
        """Move the file into place, record it, read its duration and chapters, announce it."""
        with self.lock:
            stopped = job.stop_reason is not None
        if stopped:
            self.stopped(job)
            return
        folder, stem = download_target(self.paths.downloads, episode)
        ext = extension_for(result.content_type, url, result.kind)
        old = Path(episode.download_path) if episode.download_path else None
        try:
            target = files.move_into_place(self.partial(job.episode_id), folder, stem, ext, old)
        except OSError as exc:
            self.fail(job, disk_error(exc, folder / f"{stem}{ext}"))
            return
        self.repo.complete(job.episode_id, str(target), result.size)
        with self.lock:
            removed = job.stop_reason is DownloadStatus.REMOVED
        if removed:  # delete_download came while the file was being moved: honour it
            files.remove_managed(target, self.paths.downloads)
            self.repo.forget(job.episode_id)
            return
        if old is not None and old != target:
            files.remove_managed(old, self.paths.downloads)
        info = read_media_info(target, image_dir=self.paths.cache / "chapter-images")
        if info.duration:
            self.episodes.set_duration(job.episode_id, info.duration)
        self.episodes.replace_chapters(job.episode_id, "id3", info.chapters)
        self.events.status(job.episode_id, DownloadStatus.DONE, result.size, result.size)
