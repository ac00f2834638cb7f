"""Feed refreshes and subscriptions for the window: run on workers, report as signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from player.i18n import _
from player.qt.workers import LatestOnly, TaskRunner, to_main
from player.services.opml_import import ImportResult
from player.services.refresh_summary import SyncProgress, SyncSummary
from player.services.subscribe import SubscribeResult, SubscriptionListError
from player.services.sync import SyncService

log = logging.getLogger(__name__)


class SyncBridge(QObject):
    """One refresh at a time, cancellable, with progress; subscribe and OPML on workers too."""

    refreshStarted = Signal(int)
    """Number of feeds about to be refreshed."""
    refreshProgress = Signal(int, int)
    """Feeds done, feeds in all."""
    refreshFinished = Signal(SyncSummary)
    """A refresh ran to its end (feeds that failed are in the summary)."""
    refreshFailed = Signal(str)
    """A refresh as a whole failed (e.g. the database could not be read): its sentence. The
    progress shown since ``refreshStarted`` must go; ``failed`` carries the message too."""
    """The service's summary."""
    subscribed = Signal(SubscribeResult)
    """A subscribe result (new podcast)."""
    libraryChanged = Signal()
    """Podcasts or episodes changed: views should reload."""
    failed = Signal(str)
    """A readable sentence about what went wrong."""
    importStarted = Signal(int)
    """The OPML list was read: this many new feeds are about to be fetched."""
    importProgress = Signal(int, int, str)
    """Feeds of the import done, feeds in all, the title of the one just finished."""
    importFinished = Signal(ImportResult)
    """The service's ``ImportResult`` (also after a cancel)."""
    importFailed = Signal(str)
    """The OPML list itself could not be read (a readable sentence)."""

    def __init__(
        self, runner: TaskRunner, sync: SyncService, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.sync = sync
        self._cancel: threading.Event | None = None
        self._import_cancel: threading.Event | None = None
        self.automatic = False
        """The running (or last) refresh was started by the schedule, not by the listener."""
        self.whole_library = False
        """The running (or last) refresh covered every subscription (not one podcast)."""

    @property
    def refreshing(self) -> bool:
        """A refresh is running."""
        return self._cancel is not None

    @property
    def importing(self) -> bool:
        """An OPML import is running."""
        return self._import_cancel is not None

    def refresh(self, podcast_ids: list[int] | None = None, automatic: bool = False) -> bool:
        """Start a refresh (False when one is already running, or, for a scheduled one, while
        an import fetches its feeds)."""
        if self._cancel is not None or (automatic and self.importing):
            return False
        self.automatic = automatic
        self.whole_library = podcast_ids is None
        cancel = self._cancel = threading.Event()
        self.refreshStarted.emit(len(podcast_ids) if podcast_ids else 0)

        latest = LatestOnly(lambda done, total: self._progress(cancel, done, total))

        def progress(p: SyncProgress) -> None:
            latest.report(p.done, p.total)

        self.runner.run(
            lambda: self.sync.refresh(
                podcast_ids, progress=progress, cancel=cancel, automatic=automatic
            ),
            self._refresh_done,
            self._refresh_failed,
        )
        return True

    def _progress(self, run: threading.Event, done: int, total: int) -> None:
        """Progress comes from the fetch threads: a last report can reach the GUI thread after
        the refresh's end (or the next refresh's start), and must not be shown then."""
        if self._cancel is run:
            self.refreshProgress.emit(done, total)

    def cancel(self) -> None:
        """Ask the running refresh to stop after the feeds in flight."""
        if self._cancel is not None:
            self._cancel.set()

    def _refresh_done(self, summary: SyncSummary) -> None:
        self._cancel = None
        self.refreshFinished.emit(summary)
        self.libraryChanged.emit()

    def _refresh_failed(self, exc: BaseException) -> None:
        self._cancel = None
        message = _("Refresh failed: {exc}").format(exc=exc)
        self.refreshFailed.emit(message)
        self.failed.emit(message)
        self.libraryChanged.emit()

    def subscribe(
        self,
        url_or_path: str,
        done: Callable[[SubscribeResult], object] | None = None,
        failed: Callable[[str], object] | None = None,
        is_list: Callable[[str], object] | None = None,
    ) -> None:
        """Subscribe on a worker; ``done(result)`` / ``failed(message)`` on the GUI thread, or
        ``is_list(url_or_path)`` when the address turns out to be an OPML subscription list."""

        def ok(result: SubscribeResult) -> None:
            self.subscribed.emit(result)
            self.libraryChanged.emit()
            if done is not None:
                done(result)

        def bad(exc: BaseException) -> None:
            if isinstance(exc, SubscriptionListError) and is_list is not None:
                is_list(url_or_path)
                return
            message = str(exc) or type(exc).__name__
            if failed is not None:
                failed(message)
            else:
                self.failed.emit(message)

        self.runner.run(lambda: self.sync.subscribe(url_or_path), ok, bad)

    def import_opml(self, path_or_url: str) -> bool:
        """Import subscriptions from an OPML file or URL on a worker (False when an import is
        already running). Reports through the ``import*`` signals; ``cancel_import`` stops it."""
        if self._import_cancel is not None:
            return False
        cancel = self._import_cancel = threading.Event()

        latest = LatestOnly(self.importProgress.emit)

        def progress(p: SyncProgress) -> None:
            latest.report(p.done, p.total, p.title)

        def found(total: int) -> None:
            to_main(lambda: self.importStarted.emit(total))

        self.runner.run(
            lambda: self.sync.import_opml(
                path_or_url, progress=progress, cancel=cancel, found=found
            ),
            self._import_done,
            self._import_failed,
        )
        return True

    def cancel_import(self) -> None:
        """Fetch no more feeds of the running import (those in flight finish)."""
        if self._import_cancel is not None:
            self._import_cancel.set()

    def _import_done(self, result: ImportResult) -> None:
        self._import_cancel = None
        self.importFinished.emit(result)
        self.libraryChanged.emit()

    def _import_failed(self, exc: BaseException) -> None:
        self._import_cancel = None
        self.importFailed.emit(str(exc) or type(exc).__name__)
        self.libraryChanged.emit()

    def export_opml(self, path: Path, done: Callable[[int], object] | None = None) -> None:
        """Write all subscriptions to an OPML file; ``done(count)`` once it is on disk."""
        self.runner.run(
            lambda: self.sync.export_opml(path),
            done,
            lambda exc: self.failed.emit(_("Export failed: {exc}").format(exc=exc)),
        )

    def unsubscribe(self, podcast_id: int) -> None:
        """Remove a subscription."""
        self.runner.run(
            lambda: self.sync.unsubscribe(podcast_id),
            lambda _: self.libraryChanged.emit(),
            lambda exc: self.failed.emit(_("Could not unsubscribe: {exc}").format(exc=exc)),
        )
