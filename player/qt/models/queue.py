"""The queue as a list model: drag to reorder, drop episodes from the library to queue them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from player.domain.models import Episode
from player.qt.models.episodes import EPISODE_MIME, EpisodeRole, format_clock
from player.services.queue import QueueView, remaining

Index = QModelIndex | QPersistentModelIndex
DropHandler = Callable[[list[int], int], None]
"""``(episode_ids, row)``: the listener dropped these episodes before this row."""


def decode_ids(mime: QMimeData) -> list[int]:
    """Episode ids carried by a drag (from the episode table or the queue itself)."""
    raw = bytes(mime.data(EPISODE_MIME).data()).decode("ascii", "ignore")
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class QueueListModel(QAbstractListModel):
    """Queued episodes in play order. Changes go through ``on_drop``; the store is the truth."""

    def __init__(self, on_drop: DropHandler, parent: Any = None) -> None:
        super().__init__(parent)
        self.on_drop = on_drop
        self.view = QueueView(entries=[], rates={})

    @property
    def episodes(self) -> list[Episode]:
        """The queued episodes in order."""
        return [e.episode for e in self.view.entries]

    def set_view(self, view: QueueView) -> None:
        """Show a new queue state."""
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.view.entries):
            return None
        episode = self.view.entries[index.row()].episode
        if role == Qt.ItemDataRole.DisplayRole:
            left = remaining(episode)
            suffix = f"  ({format_clock(left)} left)" if left else ""
            return f"{episode.title}{suffix}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{episode.podcast_title}\n{episode.title}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{index.row() + 1}. {episode.title}, {episode.podcast_title}"
        if role == EpisodeRole:
            return episode
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if index.isValid():
            base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [EPISODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self.view.entries[r].episode.id for r in rows]
        mime = QMimeData()
        mime.setData(EPISODE_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(EPISODE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = decode_ids(data)
        if not ids:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.view.entries)
        self.on_drop(ids, row)
        # The view must not remove the dragged rows itself: the new order comes back from the
        # store through set_view(), so a failed write cannot leave a queue that is not saved.
        return False
