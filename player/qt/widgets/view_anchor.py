"""Keeping an episode table on the rows the listener was looking at across in-place refreshes.

Rows inserted above the visible ones (new episodes of a refreshed feed) or removed (episodes
marked played) would shift what is on screen: an item view keeps its scroll value, not its
rows. This remembers the visible episodes before a merge and scrolls back to the first of them
that is still listed. At the very top it stays at the top, so new episodes show up.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QTableView

from player.qt.models.episodes import EpisodeTableModel


class ScrollAnchor(QObject):
    """Follows a model's ``aboutToMerge``/``merged`` signals for one table."""

    def __init__(self, table: QTableView, model: EpisodeTableModel) -> None:
        super().__init__(table)
        self.table = table
        self.model = model
        self._visible: list[int] = []
        model.aboutToMerge.connect(self._remember)
        model.merged.connect(self._restore)

    def _remember(self) -> None:
        self._visible = []
        if self.table.verticalScrollBar().value() == 0:
            return
        top = max(0, self.table.rowAt(0))
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        bottom = self.model.rowCount() - 1 if bottom < 0 else bottom
        self._visible = [self.model.episode(r).id for r in range(top, bottom + 1)]

    def _restore(self) -> None:
        if not self._visible:
            return
        rows = {e.id: r for r, e in enumerate(self.model.rows)}
        for episode_id in self._visible:
            row = rows.get(episode_id)
            if row is not None:
                hint = QAbstractItemView.ScrollHint.PositionAtTop
                self.table.scrollTo(self.model.index(row, 0), hint)
                return
