"""The queue as a list model: drag to reorder, drop episodes from the library to queue them.

Besides the episode it gives each row its cover URL, a detail line ("Podcast · 12 min left")
and whether it is the episode playing now; the playing row's time left follows playback.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from player.domain.models import Episode
from player.i18n import _
from player.qt.models.episode_cells import EpisodeRole
from player.qt.models.episodes import EPISODE_MIME
from player.services.queue import QueueView

Index = QModelIndex | QPersistentModelIndex

CoverUrlRole = Qt.ItemDataRole.UserRole + 20
DetailRole = Qt.ItemDataRole.UserRole + 21
"""The second line of a row: podcast and time left."""
PlayingRole = Qt.ItemDataRole.UserRole + 22
PLAY_GLYPH = "▶"


def minutes_text(seconds: float) -> str:
    """ "23 min", "1 h 5 min", "under 1 min": a length as a listener reads it at a glance."""
    if seconds < 60:
        return _("under 1 min")
    minutes = math.ceil(seconds / 60 - 1e-9)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=minutes)
    if rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    return _("{hours} h").format(hours=hours)


def time_left_text(duration: float | None, position: float) -> str:
    """ "23 min left" for a started episode, its length for an unstarted one, "" when unknown."""
    if not duration:
        return ""
    if position <= 0:
        return minutes_text(duration)
    return f"{minutes_text(max(0.0, duration - position))} left"


def decode_ids(mime: QMimeData) -> list[int]:
    """Episode ids carried by a drag (from the episode table or the queue itself)."""
    raw = bytes(mime.data(EPISODE_MIME).data()).decode("ascii", "ignore")
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class QueueListModel(QAbstractListModel):
    """Queued episodes in play order. Drops are asked for (``dropRequested``); the store is
    the truth, and the new order comes back through :meth:`set_view`."""

    dropRequested = Signal(list, int)
    """``(episode_ids, row)``: the listener dropped these episodes before this row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view = QueueView(entries=[], rates={})
        self.playing_id: int | None = None
        self.playing_position: float | None = None
        """Where playback is in the playing episode (newer than the stored position)."""
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def episodes(self) -> list[Episode]:
        """The queued episodes in order."""
        return [e.episode for e in self.view.entries]

    def set_view(self, view: QueueView) -> None:
        """Show a new queue state."""
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    def row_of(self, episode_id: int | None) -> int:
        """The row of a queued episode, or -1."""
        for row, entry in enumerate(self.view.entries):
            if entry.episode.id == episode_id:
                return row
        return -1

    def set_playing(self, episode_id: int | None) -> None:
        """Mark the episode that plays now (None: nothing plays); repaints the rows it affects."""
        if episode_id == self.playing_id:
            return
        before = self.row_of(self.playing_id)
        self.playing_id = episode_id
        self.playing_position = None
        for row in (before, self.row_of(episode_id)):
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))

    def set_playing_position(self, position: float) -> None:
        """Playback moved on: the playing row's time left changes (repainted only when its
        text does, so a tick every half second costs nothing most of the time)."""
        row = self.row_of(self.playing_id)
        if row < 0:
            self.playing_position = position
            return
        episode = self.view.entries[row].episode
        old = self._detail(episode)
        self.playing_position = position
        if self._detail(episode) != old:
            self.dataChanged.emit(self.index(row), self.index(row), [DetailRole])

    def _position(self, episode: Episode) -> float:
        if episode.id == self.playing_id and self.playing_position is not None:
            return self.playing_position
        return episode.position

    def _detail(self, episode: Episode) -> str:
        left = time_left_text(episode.duration, self._position(episode))
        return " · ".join(part for part in (episode.podcast_title, left) if part)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.view.entries):
            return None
        episode = self.view.entries[index.row()].episode
        playing = episode.id == self.playing_id
        if role == Qt.ItemDataRole.DisplayRole:
            return episode.title
        if role == DetailRole:
            return self._detail(episode)
        if role == PlayingRole:
            return playing
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if playing else None
        if role == CoverUrlRole:
            return self.view.covers.get(episode.id, episode.image_url)
        if role == Qt.ItemDataRole.ToolTipRole:
            now = _("Playing now\n") if playing else ""
            return f"{now}{episode.title}\n{self._detail(episode)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            now = ", playing now" if playing else ""
            return f"{index.row() + 1}. {episode.title}, {self._detail(episode)}{now}"
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

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
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
        self.dropRequested.emit(ids, row)
        # The view must not remove the dragged rows itself: the new order comes back from the
        # store through set_view(), so a failed write cannot leave a queue that is not saved.
        return False
