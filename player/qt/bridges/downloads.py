"""Downloads for the window: the manager's worker-thread events become GUI-thread signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from player.domain.downloads import DownloadEvent, DownloadStatus
from player.qt.workers import TaskRunner
from player.services.downloads.manager import DownloadManager

FINAL = (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.REMOVED,
         DownloadStatus.PAUSED)  # fmt: skip


class DownloadBridge(QObject):
    """Progress and outcomes as signals; commands run on workers (they touch the store)."""

    progress = Signal(object)
    """A :class:`DownloadEvent` (on the GUI thread)."""
    finished = Signal(object)
    """A final :class:`DownloadEvent`: done, failed, removed or paused."""
    summary = Signal(str)
    """One line for the status bar ("Downloading 2 episodes: 45 %"), empty when idle."""

    def __init__(
        self, runner: TaskRunner, manager: DownloadManager, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.manager = manager
        self.active: dict[int, DownloadEvent] = {}
        self._unsubscribe = manager.subscribe(lambda event: runner.post(self._on_event, event))

    def download(self, episode_ids: list[int]) -> None:
        """Queue downloads the listener asked for (before automatic ones)."""
        self.runner.run(
            lambda: self.manager.enqueue(episode_ids, manual=True),
            None,
            lambda exc: self.summary.emit(f"Download failed: {exc}"),
        )

    def delete(self, episode_ids: list[int]) -> None:
        """Delete downloaded files (episodes and positions stay)."""

        def work() -> None:
            for episode_id in episode_ids:
                self.manager.delete_download(episode_id)

        self.runner.run(work, None, lambda exc: self.summary.emit(f"Delete failed: {exc}"))

    def _on_event(self, event: DownloadEvent) -> None:
        if event.status in FINAL:
            self.active.pop(event.episode_id, None)
            self.finished.emit(event)
        else:
            self.active[event.episode_id] = event
        self.progress.emit(event)
        self.summary.emit(self.describe())

    def describe(self) -> str:
        """What the status bar says about downloads in flight."""
        if not self.active:
            return ""
        done = sum(e.bytes_done for e in self.active.values())
        total = sum(e.bytes_total or 0 for e in self.active.values())
        count = len(self.active)
        noun = "episode" if count == 1 else "episodes"
        if total:
            return f"Downloading {count} {noun}: {100 * done // total} %"
        return f"Downloading {count} {noun}"

    def close(self) -> None:
        """Stop listening and stop the workers (partial files stay for next time)."""
        self._unsubscribe()
        self.manager.shutdown()
