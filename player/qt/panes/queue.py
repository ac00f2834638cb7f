"""Queue pane: what plays next, in order."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from player.domain.models import QueueEntry


class QueuePane(QWidget):
    """The ordered play queue and, below it, the up-next suggestions area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePane")
        self.setAccessibleName("Queue")
        self.title = QLabel("<b>Queue</b>")
        self.list = QListWidget()
        self.list.setObjectName("queueList")
        self.list.setAccessibleName("Queued episodes")
        self.suggestions = QLabel("Up next suggestions appear here.")
        self.suggestions.setObjectName("suggestionsArea")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.suggestions)

    def set_entries(self, entries: list[QueueEntry]) -> None:
        """Show the queue."""
        self.list.clear()
        for entry in entries:
            self.list.addItem(QListWidgetItem(entry.episode.title))
