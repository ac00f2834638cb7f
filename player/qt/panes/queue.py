"""Queue pane: what plays next, in order, with the total time left; suggestions below."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Episode
from player.qt.models.episodes import EpisodeRole, format_clock
from player.qt.models.queue import QueueListModel
from player.services.queue import QueueView


class QueueListView(QListView):
    """The list itself; Delete removes the selection (the keyboard issue adds more keys)."""

    deletePressed = Signal()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete:
            self.deletePressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class QueuePane(QWidget):
    """The ordered play queue and, below it, the up-next suggestions area."""

    playRequested = Signal(object)
    """Play this episode now (an :class:`Episode`)."""
    removeRequested = Signal(list)
    """Take these episode ids out of the queue."""
    clearRequested = Signal()

    def __init__(self, model: QueueListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePane")
        self.setAccessibleName("Queue")
        self.model = model
        self.title = QLabel("<b>Queue</b>")
        self.time_left = QLabel("")
        self.time_left.setObjectName("queueTimeLeft")
        self.time_left.setAccessibleName("Time left in the queue")

        self.list = QueueListView()
        self.list.setObjectName("queueList")
        self.list.setAccessibleName("Queued episodes")
        self.list.setModel(model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.doubleClicked.connect(lambda index: self._play(index.row()))
        self.list.activated.connect(lambda index: self._play(index.row()))
        self.list.deletePressed.connect(self._remove_selected)

        self.play_button = QPushButton("Play now")
        self.play_button.setObjectName("queuePlayNow")
        self.play_button.setAccessibleName("Play the selected queue entry now")
        self.play_button.clicked.connect(self._play_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("queueRemove")
        self.remove_button.setAccessibleName("Remove the selected entries from the queue")
        self.remove_button.clicked.connect(self._remove_selected)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("queueClear")
        self.clear_button.setAccessibleName("Clear the queue")
        self.clear_button.clicked.connect(self.clearRequested)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.time_left)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)

        self.list.setMinimumHeight(48)
        inner = QWidget()
        self.suggestions_layout = QVBoxLayout(inner)
        self.suggestions_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestions_area = QScrollArea()
        self.suggestions_area.setObjectName("suggestionsArea")
        self.suggestions_area.setWidget(inner)
        self.suggestions_area.setWidgetResizable(True)
        self.suggestions_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.suggestions_area.setMinimumHeight(60)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.list, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.suggestions_area, 3)
        model.modelReset.connect(self._update_summary)
        self._update_summary()

    def set_view(self, view: QueueView) -> None:
        """Show the queue (keeps the selection of ids that are still queued)."""
        selected = {e.id for e in self.selected_episodes()}
        self.model.set_view(view)
        for row, entry in enumerate(view.entries):
            if entry.episode.id in selected:
                self.list.selectionModel().select(
                    self.model.index(row), self.list.selectionModel().SelectionFlag.Select
                )

    def _update_summary(self) -> None:
        view = self.model.view
        count = len(view.entries)
        if count == 0:
            self.time_left.setText("empty")
        else:
            noun = "episode" if count == 1 else "episodes"
            self.time_left.setText(f"{count} {noun}, {format_clock(view.seconds_left)} left")
        has_entries = count > 0
        for button in (self.play_button, self.remove_button, self.clear_button):
            button.setEnabled(has_entries)

    def selected_episodes(self) -> list[Episode]:
        """Selected entries, top to bottom."""
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        return [self.model.episodes[r] for r in rows if r < len(self.model.episodes)]

    def _play(self, row: int) -> None:
        episodes = self.model.episodes
        if 0 <= row < len(episodes):
            self.playRequested.emit(episodes[row])

    def _play_selected(self) -> None:
        selected = self.selected_episodes()
        if selected:
            self.playRequested.emit(selected[0])
        elif self.model.episodes:
            self.playRequested.emit(self.model.episodes[0])

    def _remove_selected(self) -> None:
        ids = [e.id for e in self.selected_episodes()]
        if ids:
            self.removeRequested.emit(ids)

    def current_episode(self) -> Episode | None:
        """The focused entry's episode."""
        index = self.list.currentIndex()
        return index.data(EpisodeRole) if index.isValid() else None
