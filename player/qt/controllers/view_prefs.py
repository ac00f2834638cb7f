"""Per-view filters and order: loaded when the window starts, saved a moment after a change.

Both run on the task pool: the GUI thread never reads or writes the store for them. Saving
waits :data:`SAVE_DELAY_MS` after the last change, so a listener clicking through five
filters causes one write, not five.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from player.domain.view_filters import ViewPrefs
from player.qt.panes.library import LibraryPane
from player.qt.workers import TaskRunner
from player.services.view_prefs import ViewPrefsService

SAVE_DELAY_MS = 500


class ViewPrefsController(QObject):
    """Keeps the library pane's per-view filters in step with the settings."""

    def __init__(
        self,
        pane: LibraryPane,
        runner: TaskRunner,
        service: ViewPrefsService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.runner = runner
        self.service = service
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._loaded = False
        pane.viewPrefsChanged.connect(self._changed)
        pane.filter.tagsWanted.connect(self.load_tags)

    def start(self) -> None:
        """Read the remembered views and the library's tags (on the task pool)."""
        self.runner.run(self.service.load, self._apply, lambda _exc: self._apply({}))
        self.load_tags()

    def _apply(self, prefs: dict[str, ViewPrefs]) -> None:
        self._loaded = True
        # A change made before the answer came (a fast listener) wins over the stored one.
        self.pane.set_view_prefs({**prefs, **self.pane.view_prefs()})

    def load_tags(self) -> None:
        """Refresh the tag submenu's choices (tags are added in other places)."""
        self.runner.run(self.service.tags, self.pane.filter.set_tags, lambda _exc: None)

    def _changed(self) -> None:
        self._save_timer.start()

    def save_now(self) -> None:
        """Write the pane's views now (the debounce elapsed, or the window closes)."""
        self._save_timer.stop()
        if not self._loaded:
            # Saving before the load would drop the other views' stored filters.
            self._save_timer.start()
            return
        snapshot = self.pane.view_prefs()
        self.runner.run(lambda: self.service.save(snapshot), None, lambda _exc: None)

    def flush(self) -> None:
        """At close: a pending save is written now (the task pool is drained after)."""
        if self._save_timer.isActive():
            self.save_now()
