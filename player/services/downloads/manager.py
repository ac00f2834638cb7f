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
atomically, its duration and ID3 chapters are stored, and only then is DONE announced. DONE
then starts the transcript's fetch and the audio analysis, each on a thread of its own.

This module is the scheduler: the queue, the priorities, the per-host slots and the worker
threads. What a worker does with a job lives in :mod:`.jobs`, the subscribers in :mod:`.events`.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.request import getproxies

import httpx

from player import APP_NAME, __version__
from player.domain.downloads import DownloadError, DownloadStatus, FailureKind
from player.domain.errors import NotFoundError
from player.domain.models import Episode
from player.domain.settings import DEFAULTS
from player.feeds.http_transport import PooledHTTPTransport
from player.i18n import _
from player.paths import DataPaths
from player.services.audio_analysis import AnalysisQueue, AudioAnalysisService
from player.services.downloads import auto, cleanup, files
from player.services.downloads.events import DownloadEvents, Listener
from player.services.downloads.jobs import Job, JobRunner
from player.services.downloads.transfer import unusable_url
from player.services.feed_passwords import FeedPasswords
from player.services.media_sources import MediaPlan, stored_plans
from player.services.transcript_indexer import TranscriptIndexer
from player.services.transcripts import TranscriptService
from player.storage import EpisodeRepo, PodcastRepo, SettingsRepo, Store
from player.storage.downloads import DownloadRepo

log = logging.getLogger(__name__)

MANUAL_PRIORITY = 10
AUTO_PRIORITY = 0


class SettingsSource(Protocol):
    """Where the manager reads its settings: a mapping or the settings repository."""

    def get(self, key: str, default: Any = None) -> Any: ...


class DownloadManager:
    """Queue, schedule and run downloads; report progress to subscribers."""

    def __init__(
        self,
        store: Store,
        paths: DataPaths,
        settings: SettingsSource | None = None,
        passwords: FeedPasswords | None = None,
        plans: Callable[[Episode], MediaPlan] | None = None,
    ) -> None:
        self.store = store
        self.paths = paths
        self.settings: SettingsSource = settings if settings is not None else SettingsRepo(store)
        self.repo = DownloadRepo(store)
        self.episodes = EpisodeRepo(store)
        self.podcasts = PodcastRepo(store)
        self.parallel = max(1, int(self._setting("downloads.parallel")))
        self.per_host = max(1, int(self._setting("downloads.per_host")))
        self._cond = threading.Condition()
        self._pending: list[Job] = []
        self._active: dict[int, Job] = {}
        self._hosts: Counter[str] = Counter()
        self._seq = itertools.count()
        self._workers: list[threading.Thread] = []
        self._closed = False
        self._client: httpx.Client | None = None
        self.events = DownloadEvents(self.episodes)
        # A finished download's transcript is fetched and indexed on a thread of its own.
        self.transcripts = TranscriptIndexer(TranscriptService(store))
        self.transcripts.follow(self.events.subscribe)
        # ... and its audio analysed (loudness, silences) on another, for smart audio.
        self.analysis = AnalysisQueue(AudioAnalysisService(store))
        self.analysis.follow(self.events.subscribe)
        self.runner = JobRunner(
            self.repo,
            self.episodes,
            self.podcasts,
            paths,
            self.events,
            self._cond,
            retries=max(0, int(self._setting("downloads.retries"))),
            backoff=max(0.0, float(self._setting("downloads.retry_backoff_seconds"))),
            passwords=passwords or FeedPasswords(),
            plans=plans or stored_plans(store),
        )

    def _setting(self, key: str) -> Any:
        return self.settings.get(key, DEFAULTS[key])

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Receive every :class:`DownloadEvent`; returns a function that unsubscribes."""
        return self.events.subscribe(callback)

    # -- queueing ------------------------------------------------------------------------

    def enqueue(self, episode_ids: Iterable[int], manual: bool = True) -> list[int]:
        """Queue downloads (see the module docstring); returns the ids that were queued."""
        ids = list(dict.fromkeys(episode_ids))
        episodes = self.episodes.get_many(ids)
        missing = sorted(set(ids) - {e.id for e in episodes})
        if missing:
            raise NotFoundError(
                _("There is no episode with id {join}.").format(
                    join=", ".join(str(i) for i in missing)
                )
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
        self.events.remember(episode)
        if episode.download_path and Path(episode.download_path).is_file():
            if manual and not episode.download_manual:
                self.episodes.set_download(episode.id, episode.download_path, manual=True)
            size = Path(episode.download_path).stat().st_size
            self.events.status(episode.id, DownloadStatus.DONE, size, size)
            return False
        plan = self.runner.plans(episode)
        url = plan.urls[0] if plan.urls else episode.enclosure_url
        problem = unusable_url(url)
        if not plan.urls and plan.skipped and (problem is None or len(plan.skipped) > 1):
            problem = DownloadError(
                _("None of the episode's media addresses can be used here ({join}).").format(
                    join="; ".join(sorted({why for _url, why in plan.skipped}))
                ),
                FailureKind.BAD_EPISODE,
            )
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
            self.events.status(episode.id, DownloadStatus.FAILED, error=problem)
            return False
        self.events.status(episode.id, DownloadStatus.QUEUED, self.runner.partial_size(episode.id))
        return True

    def _queue_job(self, episode_id: int, url: str, priority: int) -> None:
        """Add or re-prioritise a pending job (caller holds the lock) and wake a worker."""
        for job in self._pending:
            if job.episode_id == episode_id:
                job.priority = max(job.priority, priority)
                break
        else:
            host = (urlsplit(url).netloc or "").lower()
            self._pending.append(Job(episode_id, url, host, priority, next(self._seq)))
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
                files.remove_managed(self.runner.partial(episode_id), self.paths.downloads)
            self.repo.set_status(episode_id, DownloadStatus.PAUSED)
        self.events.status(episode_id, DownloadStatus.PAUSED, self.runner.partial_size(episode_id))
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
            files.remove_managed(self.runner.partial(episode_id), self.paths.downloads)
            self.repo.forget(episode_id)
        self.events.status(episode_id, DownloadStatus.REMOVED)
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
                files.remove_managed(self.runner.partial(episode_id), self.paths.downloads)
            if episode.download_path:
                files.remove_managed(Path(episode.download_path), self.paths.downloads)
            self.repo.forget(episode_id)
        self.events.status(episode_id, DownloadStatus.REMOVED)

    def _take_pending(self, episode_id: int) -> Job | None:
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
        self.transcripts.close()
        self.analysis.close()

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

    def _next_job(self) -> Job | None:
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
                self.runner.run(job, self._http())
            except Exception as exc:  # a bug must not wedge the queue or kill the worker
                log.exception("download of episode %d crashed", job.episode_id)
                self.runner.fail(
                    job,
                    DownloadError(
                        _("The download failed: {exc}").format(exc=exc), FailureKind.SERVER
                    ),
                )
            finally:
                with self._cond:
                    self._active.pop(job.episode_id, None)
                    self._hosts[job.host] -= 1
                    self._cond.notify_all()
