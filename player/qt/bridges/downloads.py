"""Downloads for the window: the manager's worker-thread events become GUI-thread signals and
rows of the downloads view; commands run on workers (they touch the store and the disk)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from player.domain.downloads import DownloadEvent, DownloadRecord, DownloadStatus
from player.domain.errors import NotFoundError
from player.i18n import _
from player.qt.models.downloads import DownloadListModel, failure_sentence
from player.qt.workers import TaskRunner, to_main
from player.services.downloads.manager import DownloadManager

FINAL = (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.REMOVED,
         DownloadStatus.PAUSED)  # fmt: skip


def outcome_message(event: DownloadEvent) -> str:
    """What the status line says when a download ends, naming the episode (never its id)."""
    if event.status is DownloadStatus.FAILED:
        return failure_sentence(event.episode_title, event.error or "")
    title = f"“{event.episode_title}”" if event.episode_title else "the episode"
    if event.status is DownloadStatus.DONE:
        return _("Downloaded {title}.").format(title=title)
    if event.status is DownloadStatus.PAUSED:
        return _("Cancelled the download of {title}.").format(title=title)
    return ""


class DownloadBridge(QObject):
    """Progress and outcomes as signals and as :attr:`model` rows."""

    progress = Signal(DownloadEvent)
    """A :class:`DownloadEvent` (on the GUI thread)."""
    finished = Signal(DownloadEvent)
    """A final :class:`DownloadEvent`: done, failed, removed or paused (cancelled)."""
    summary = Signal(str)
    """The downloads indicator's line ("Downloading 2 episodes: 45 %"), empty when idle."""
    message = Signal(str)
    """A sentence for the status line: an outcome naming the episode, or a refusal."""

    def __init__(
        self, runner: TaskRunner, manager: DownloadManager, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.manager = manager
        self.model = DownloadListModel(self)
        self._unsubscribe = manager.subscribe(lambda event: to_main(lambda: self._on_event(event)))

    def load(self) -> None:
        """Show what an earlier session left queued, cancelled or failed."""
        self.runner.run(self.manager.repo.list, self._loaded)

    def _loaded(self, records: list[DownloadRecord]) -> None:
        self.model.load(records)
        self.summary.emit(self.describe())

    def download(self, episode_ids: list[int]) -> None:
        """Queue downloads the listener asked for (before automatic ones)."""
        self.runner.run(lambda: self.manager.enqueue(episode_ids, manual=True), None, self._refused)

    def retry(self, episode_ids: list[int]) -> None:
        """Start failed or cancelled downloads again (what the downloads view's Retry does)."""
        self.download(episode_ids)

    def cancel(self, episode_ids: list[int]) -> None:
        """Stop downloads and delete what they had written (the row says "Cancelled")."""

        def work() -> None:
            for episode_id in episode_ids:
                self.manager.cancel(episode_id, discard=True)

        self.runner.run(work, None, self._refused)

    def clear_finished(self) -> None:
        """Drop done, failed and cancelled rows; failed and cancelled ones leave the store."""
        finished = self.model.take_finished()
        gone = [r.episode_id for r in finished if r.status is not DownloadStatus.DONE]
        self.summary.emit(self.describe())
        if gone:
            self.runner.run(lambda: [self.manager.clear_finished(i) for i in gone])

    def delete(self, episode_ids: list[int]) -> None:
        """Delete downloaded files (episodes and positions stay)."""

        def work() -> None:
            for episode_id in episode_ids:
                self.manager.delete_download(episode_id)

        self.runner.run(
            work, None, lambda exc: self.message.emit(_("Delete failed: {exc}").format(exc=exc))
        )

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, NotFoundError):  # its message names ids, which mean nothing here
            self.message.emit(_("Could not download: the episode is no longer in the library."))
        else:
            self.message.emit(_("Download failed: {exc}").format(exc=exc))

    def _on_event(self, event: DownloadEvent) -> None:
        self.model.apply(event)
        if event.status in FINAL:
            self.finished.emit(event)
            text = outcome_message(event)
            if text:
                self.message.emit(text)
        self.progress.emit(event)
        self.summary.emit(self.describe())

    def describe(self) -> str:
        """What the status bar says about downloads: in flight, else failures to look at."""
        return self.model.summary()

    def close(self) -> None:
        """Stop listening and stop the workers (partial files stay for next time)."""
        self._unsubscribe()
        self.manager.shutdown()
