"""The download manager: a prioritised queue worked by a few threads over one HTTP client.

Contract (what the GUI and the CLI rely on)
-------------------------------------------
``DownloadManager(store, paths, settings=None)``
    ``paths`` is a :class:`player.paths.DataPaths`; ``settings`` is anything with
    ``get(key, default)`` (a dict or :class:`player.storage.SettingsRepo`); None reads the
    store's settings. Keys: ``downloads.parallel`` (3), ``downloads.per_host`` (2),
    ``downloads.retries``, ``downloads.retry_backoff_seconds``. Nothing starts until work
    is enqueued; worker threads are created then.
``enqueue(episode_ids, manual=True) -> list[int]``
    Queue episodes (manual ones go before automatic ones); returns the ids now queued.
    Already-downloaded episodes just report DONE; unknown ids raise ``NotFoundError``.
``cancel(episode_id, discard=False) -> bool``
    Stop or unqueue a download; status PAUSED, the partial file is kept for resume (or
    deleted with ``discard``: the window's Cancel leaves nothing half-written behind).
``clear_finished(episode_id) -> bool``
    Forget a failed or cancelled download (row and partial file); False for any other state.
``delete_download(episode_id)``
    Remove the file (and any partial); the episode, its position and chapters stay.
``subscribe(callback) -> unsubscribe``
    ``callback(DownloadEvent)`` for every status change and for progress (at most every
    0.2 s per download); events carry the episode's and podcast's titles. Called on worker
    threads (and on the caller's thread for immediate outcomes such as "already downloaded");
    the GUI must marshal to its own thread and must not call ``delete_download`` or
    ``wait_idle`` from inside it.
``wait_idle(timeout=None) -> bool``
    Block until nothing is queued or running (False on timeout).
``shutdown()``
    Stop the workers; interrupted downloads stay "queued" so ``resume_pending`` continues them.
``resume_pending() -> list[int]``
    After a restart, queue again what was queued or running (a crash leaves "running").
``auto_download(new_episode_ids_by_podcast) -> list[int]``
    Per podcast with ``auto_download`` N > 0, queue the N newest of its new episodes.
``cleanup(include_manual=False) -> list[int]``
    Apply each podcast's keep_days / keep_downloads; see :mod:`.cleanup` for what is spared.

After a transfer the file is moved into ``paths.downloads/<podcast>/<episode>.<ext>``
atomically, its duration and ID3 chapters are stored, and only then is DONE announced.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.request import getproxies

import httpx

from player import APP_NAME, __version__
from player.domain.downloads import (
    DownloadError,
    DownloadEvent,
    DownloadStatus,
    FailureKind,
)
from player.domain.errors import NotFoundError
from player.domain.models import Episode
from player.domain.settings import DEFAULTS
from player.feeds.http_transport import PooledHTTPTransport
from player.paths import DataPaths
from player.playback.id3 import read_media_info
from player.services.downloads import auto, cleanup, files
from player.services.downloads.naming import download_target, extension_for
from player.services.downloads.progress import ProgressReporter
from player.services.downloads.transfer import (
    Transfer,
    TransferHooks,
    TransferResult,
    TransferStoppedError,
    disk_error,
    request_options,
    unusable_url,
)
from player.storage import EpisodeRepo, PodcastRepo, SettingsRepo, Store
from player.storage.downloads import DownloadRepo

log = logging.getLogger(__name__)

MANUAL_PRIORITY = 10
AUTO_PRIORITY = 0
MAX_RETRY_DELAY = 60.0
"""Seconds; a server asking for a longer ``Retry-After`` still gets retried after a minute."""

Listener = Callable[[DownloadEvent], None]


class SettingsSource(Protocol):
    """Where the manager reads its settings: a mapping or the settings repository."""

    def get(self, key: str, default: Any = None) -> Any: ...


@dataclass
class _Job:
    """A queued or running download as the scheduler sees it."""

    episode_id: int
    url: str
    host: str
    priority: int
    seq: int
    cancel: threading.Event = field(default_factory=threading.Event)
    stop_reason: DownloadStatus | None = None  # PAUSED, QUEUED (shutdown) or REMOVED
    discard: bool = False  # a PAUSED stop that also deletes the partial file


class DownloadManager:
    """Queue, schedule and run downloads; report progress to subscribers."""

    def __init__(
        self, store: Store, paths: DataPaths, settings: SettingsSource | None = None
    ) -> None:
        self.store = store
        self.paths = paths
        self.settings: SettingsSource = settings if settings is not None else SettingsRepo(store)
        self.repo = DownloadRepo(store)
        self.episodes = EpisodeRepo(store)
        self.podcasts = PodcastRepo(store)
        self.parallel = max(1, int(self._setting("downloads.parallel")))
        self.per_host = max(1, int(self._setting("downloads.per_host")))
        self.retries = max(0, int(self._setting("downloads.retries")))
        self.backoff = max(0.0, float(self._setting("downloads.retry_backoff_seconds")))
        self._cond = threading.Condition()
        self._pending: list[_Job] = []
        self._active: dict[int, _Job] = {}
        self._hosts: Counter[str] = Counter()
        self._seq = itertools.count()
        self._workers: list[threading.Thread] = []
        self._closed = False
        self._listeners: tuple[Listener, ...] = ()
        self._client: httpx.Client | None = None
        self._titles: dict[int, tuple[str, str]] = {}

    def _setting(self, key: str) -> Any:
        return self.settings.get(key, DEFAULTS[key])

    # -- subscribers ---------------------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Receive every :class:`DownloadEvent`; returns a function that unsubscribes."""
        with self._cond:
            self._listeners = (*self._listeners, callback)

        def unsubscribe() -> None:
            with self._cond:
                self._listeners = tuple(c for c in self._listeners if c is not callback)

        return unsubscribe

    def _emit(self, event: DownloadEvent) -> None:
        for listener in self._listeners:  # an immutable tuple: no lock on the hot path
            try:
                listener(event)
            except Exception:  # a broken subscriber must not kill a transfer
                log.exception("download event subscriber failed")

    def _titles_of(self, episode_id: int, episode: Episode | None = None) -> tuple[str, str]:
        """(episode title, podcast title) for events, looked up once per episode."""
        titles = self._titles.get(episode_id)
        if titles is None:
            try:
                episode = episode if episode is not None else self.episodes.get(episode_id)
            except NotFoundError:
                return "", ""
            titles = self._titles[episode_id] = (episode.title, episode.podcast_title)
        return titles

    def _status_event(
        self,
        episode_id: int,
        status: DownloadStatus,
        done: int = 0,
        total: int | None = None,
        error: DownloadError | None = None,
    ) -> None:
        title, podcast = self._titles_of(episode_id)
        self._emit(
            DownloadEvent(
                episode_id=episode_id,
                bytes_done=done,
                bytes_total=total,
                rate=0.0,
                eta=None,
                status=status,
                error=str(error) if error else None,
                failure=error.kind if error else None,
                episode_title=title,
                podcast_title=podcast,
            )
        )

    # -- queueing ------------------------------------------------------------------------

    def enqueue(self, episode_ids: Iterable[int], manual: bool = True) -> list[int]:
        """Queue downloads (see the module docstring); returns the ids that were queued."""
        ids = list(dict.fromkeys(episode_ids))
        episodes = self.episodes.get_many(ids)
        missing = sorted(set(ids) - {e.id for e in episodes})
        if missing:
            raise NotFoundError(
                f"There is no episode with id {', '.join(str(i) for i in missing)}."
            )
        priority = MANUAL_PRIORITY if manual else AUTO_PRIORITY
        return [e.id for e in episodes if self._enqueue_one(e, manual, priority)]

    def resume_pending(self) -> list[int]:
        """Queue again what a previous run left queued or running."""
        records = self.repo.pending()
        by_id = {e.id: e for e in self.episodes.get_many([r.episode_id for r in records])}
        return [
            r.episode_id
            for r in records
            if r.episode_id in by_id
            and self._enqueue_one(by_id[r.episode_id], r.manual, r.priority)
        ]

    def _enqueue_one(self, episode: Episode, manual: bool, priority: int) -> bool:
        self._titles[episode.id] = (episode.title, episode.podcast_title)
        if episode.download_path and Path(episode.download_path).is_file():
            if manual and not episode.download_manual:
                self.episodes.set_download(episode.id, episode.download_path, manual=True)
            size = Path(episode.download_path).stat().st_size
            self._status_event(episode.id, DownloadStatus.DONE, size, size)
            return False
        url = episode.enclosure_url
        problem = unusable_url(url)
        with self._cond:
            if self._closed:
                raise RuntimeError("the download manager has been shut down")
            self.repo.enqueue(episode.id, manual, priority)
            if problem is not None:
                self.repo.set_status(episode.id, DownloadStatus.FAILED, str(problem))
            elif episode.id in self._active:
                return False  # already running; the row now carries the upgraded priority
            else:
                self._queue_job(episode.id, url, priority)
        if problem is not None:
            self._status_event(episode.id, DownloadStatus.FAILED, error=problem)
            return False
        self._status_event(episode.id, DownloadStatus.QUEUED, self._partial_size(episode.id))
        return True

    def _queue_job(self, episode_id: int, url: str, priority: int) -> None:
        """Add or re-prioritise a pending job (caller holds the lock) and wake a worker."""
        for job in self._pending:
            if job.episode_id == episode_id:
                job.priority = max(job.priority, priority)
                break
        else:
            host = (urlsplit(url).netloc or "").lower()
            self._pending.append(_Job(episode_id, url, host, priority, next(self._seq)))
        self._start_workers()
        self._cond.notify_all()

    def _start_workers(self) -> None:
        while len(self._workers) < self.parallel:
            worker = threading.Thread(
                target=self._work, name=f"download-{len(self._workers) + 1}", daemon=True
            )
            self._workers.append(worker)
            worker.start()

    # -- stopping and deleting -----------------------------------------------------------

    def cancel(self, episode_id: int, discard: bool = False) -> bool:
        """Pause a queued or running download; False if there is none.

        The partial file is kept for a later resume, or deleted when ``discard`` is set (the
        listener cancelled: nothing half-written stays on disk).
        """
        with self._cond:
            job = self._take_pending(episode_id)
            active = self._active.get(episode_id)
            if active is not None:
                active.stop_reason = DownloadStatus.PAUSED
                active.discard = discard
                active.cancel.set()
                return True  # the worker records PAUSED once it has let go of the file
            record = self.repo.get(episode_id)
            waiting = (DownloadStatus.QUEUED, DownloadStatus.RUNNING)  # running: left by a crash
            if job is None and (record is None or record.status not in waiting):
                return False
            if discard:
                files.remove_managed(self._partial(episode_id), self.paths.downloads)
            self.repo.set_status(episode_id, DownloadStatus.PAUSED)
        self._status_event(episode_id, DownloadStatus.PAUSED, self._partial_size(episode_id))
        return True

    def clear_finished(self, episode_id: int) -> bool:
        """Forget a failed or cancelled download: its row and partial file go, the episode stays.

        Anything else (queued, running, done, or retried meanwhile) is left alone: False.
        """
        with self._cond:
            record = self.repo.get(episode_id)
            finished = (DownloadStatus.FAILED, DownloadStatus.PAUSED)
            busy = episode_id in self._active or any(
                j.episode_id == episode_id for j in self._pending
            )
            if record is None or record.status not in finished or busy:
                return False
            files.remove_managed(self._partial(episode_id), self.paths.downloads)
            self.repo.forget(episode_id)
        self._status_event(episode_id, DownloadStatus.REMOVED)
        return True

    def delete_download(self, episode_id: int) -> None:
        """Delete the downloaded file and any partial one; the episode and its position stay.

        Only files inside the downloads folder are ever deleted.
        """
        with self._cond:
            episode = self.episodes.get(episode_id)  # inside the lock: see a finishing transfer
            self._take_pending(episode_id)
            active = self._active.get(episode_id)
            if active is not None:
                active.stop_reason = DownloadStatus.REMOVED
                active.cancel.set()  # the worker removes the partial file when it lets go
            else:
                files.remove_managed(self._partial(episode_id), self.paths.downloads)
            if episode.download_path:
                files.remove_managed(Path(episode.download_path), self.paths.downloads)
            self.repo.forget(episode_id)
        self._status_event(episode_id, DownloadStatus.REMOVED)

    def _take_pending(self, episode_id: int) -> _Job | None:
        for job in self._pending:
            if job.episode_id == episode_id:
                self._pending.remove(job)
                self._cond.notify_all()
                return job
        return None

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or running; False when ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._active, timeout)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the workers and close the HTTP client; unfinished work stays queued."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            for job in self._active.values():
                job.stop_reason = DownloadStatus.QUEUED
                job.cancel.set()
            self._pending.clear()
            self._cond.notify_all()
            workers = list(self._workers)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        if self._client is not None:
            self._client.close()

    # -- automatic downloads and cleanup -------------------------------------------------

    def auto_download(self, new_episode_ids_by_podcast: Mapping[int, Sequence[int]]) -> list[int]:
        """Queue each podcast's ``auto_download`` newest new episodes (after a refresh)."""
        chosen = auto.choose(self.repo, self.podcasts, new_episode_ids_by_podcast)
        return self.enqueue(chosen, manual=False) if chosen else []

    def cleanup(self, include_manual: bool = False, now: float | None = None) -> list[int]:
        """Delete downloads the podcasts' keep rules no longer want; returns their episode ids."""
        doomed = cleanup.plan(
            self.repo.downloaded_files(),
            {p.id: p for p in self.podcasts.list()},
            now=time.time() if now is None else now,
            include_manual=include_manual,
        )
        for item in doomed:
            self.delete_download(item.episode_id)
        return [item.episode_id for item in doomed]

    # -- the workers ---------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        with self._cond:
            if self._client is None:
                connections = self.parallel * 2
                # With a proxy configured, httpx's own transport (which honours it) moves the
                # bytes; otherwise the lean one (see http_transport for the why).
                transport = None if getproxies() else PooledHTTPTransport(self.per_host)
                self._client = httpx.Client(
                    transport=transport,
                    follow_redirects=True,
                    timeout=httpx.Timeout(30.0, connect=15.0, pool=None),
                    limits=httpx.Limits(
                        max_connections=connections, max_keepalive_connections=connections
                    ),
                    headers={"User-Agent": f"{APP_NAME}/{__version__}"},
                )
            return self._client

    def _next_job(self) -> _Job | None:
        """The best pending job whose host has a free slot (waits for one); None at shutdown."""
        with self._cond:
            while not self._closed:
                ready = [j for j in self._pending if self._hosts[j.host] < self.per_host]
                if ready:
                    job = min(ready, key=lambda j: (-j.priority, j.seq))
                    self._pending.remove(job)
                    self._active[job.episode_id] = job
                    self._hosts[job.host] += 1
                    return job
                self._cond.wait()
            return None

    def _work(self) -> None:
        while (job := self._next_job()) is not None:
            try:
                self._run(job)
            except Exception as exc:  # a bug must not wedge the queue or kill the worker
                log.exception("download of episode %d crashed", job.episode_id)
                self._fail(job, DownloadError(f"The download failed: {exc}", FailureKind.SERVER))
            finally:
                with self._cond:
                    self._active.pop(job.episode_id, None)
                    self._hosts[job.host] -= 1
                    self._cond.notify_all()

    def _partial(self, episode_id: int) -> Path:
        return files.partial_path(self.paths.downloads, episode_id)

    def _partial_size(self, episode_id: int) -> int:
        return files.file_size(self._partial(episode_id))

    def _run(self, job: _Job) -> None:
        """One job from start to DONE, FAILED or stopped, retrying temporary errors."""
        partial = self._partial(job.episode_id)
        record = self.repo.get(job.episode_id)
        episode = self.episodes.get(job.episode_id)
        title, podcast = self._titles_of(job.episode_id, episode)
        self.repo.start(job.episode_id, str(partial))
        self._status_event(job.episode_id, DownloadStatus.RUNNING, files.file_size(partial))
        progress = ProgressReporter(
            record_start=lambda validator, done, total: self.repo.set_response(
                job.episode_id, validator, done, total
            ),
            record_progress=lambda done: self.repo.set_progress(job.episode_id, done),
            emit=lambda done, total, rate, eta: self._emit(
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
        transfer = Transfer(
            self._http(),
            job.url,
            partial,
            record.validator if record else None,
            TransferHooks(progress.started, progress.update, job.cancel),
            **request_options(self.podcasts.get(episode.podcast_id), job.url),
        )
        for attempt in range(self.retries + 1):
            try:
                result = transfer.run()
                break
            except TransferStoppedError:
                self._stopped(job)
                return
            except DownloadError as error:
                if not error.temporary or attempt == self.retries:
                    self._fail(job, error)
                    return
                delay = error.retry_after or self.backoff * (2**attempt)
                log.info("episode %d: %s; retrying in %.1fs", job.episode_id, error, delay)
                if job.cancel.wait(min(delay, MAX_RETRY_DELAY)):
                    self._stopped(job)
                    return
        self._finish(job, episode, result)

    def _stopped(self, job: _Job) -> None:
        reason = job.stop_reason or DownloadStatus.PAUSED
        if reason is DownloadStatus.REMOVED:
            files.remove_managed(self._partial(job.episode_id), self.paths.downloads)
            return  # delete_download already forgot the row and told the subscribers
        if job.discard:
            files.remove_managed(self._partial(job.episode_id), self.paths.downloads)
        self.repo.set_status(job.episode_id, reason)
        self._status_event(job.episode_id, reason, self._partial_size(job.episode_id))

    def _fail(self, job: _Job, error: DownloadError) -> None:
        log.info("download of episode %d failed: %s", job.episode_id, error)
        self.repo.set_status(job.episode_id, DownloadStatus.FAILED, str(error))
        self._status_event(
            job.episode_id, DownloadStatus.FAILED, self._partial_size(job.episode_id), error=error
        )

    def _finish(self, job: _Job, episode: Episode, result: TransferResult) -> None:
        """Move the file into place, record it, read its duration and chapters, announce it."""
        with self._cond:
            stopped = job.stop_reason is not None
        if stopped:
            self._stopped(job)
            return
        folder, stem = download_target(self.paths.downloads, episode)
        ext = extension_for(result.content_type, job.url, result.kind)
        old = Path(episode.download_path) if episode.download_path else None
        try:
            target = files.move_into_place(self._partial(job.episode_id), folder, stem, ext, old)
        except OSError as exc:
            self._fail(job, disk_error(exc, folder / f"{stem}{ext}"))
            return
        self.repo.complete(job.episode_id, str(target), result.size)
        with self._cond:
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
        self._status_event(job.episode_id, DownloadStatus.DONE, result.size, result.size)
