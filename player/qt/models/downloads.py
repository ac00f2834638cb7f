"""The downloads view's rows: one per download the listener can see, fed by manager events.

Rows come from two places: the store's unfinished rows when the window starts (queued,
running, cancelled, failed) and the events of this session (which also bring "done" rows).
A finished, failed or cancelled row stays until the listener clears it ("Clear finished"), so
a failure cannot scroll away unseen. Nothing here touches the store: the bridge does that on
a worker and hands the results in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from player.domain.downloads import DownloadEvent, DownloadRecord, DownloadStatus
from player.i18n import N_, _, ngettext

Index = QModelIndex | QPersistentModelIndex

FractionRole = Qt.ItemDataRole.UserRole + 40
"""Progress column: done/total in 0..1, or None when the size is unknown or it is not running."""
StatusRole = Qt.ItemDataRole.UserRole + 41
"""Any column: the row's :class:`DownloadStatus`."""
EpisodeIdRole = Qt.ItemDataRole.UserRole + 42
"""Any column: the episode id (for commands, never shown)."""
DetailRole = Qt.ItemDataRole.UserRole + 43
"""Any column: the whole failure sentence naming the episode ("" unless failed)."""

COLUMNS = (N_("Episode"), N_("Podcast"), N_("Progress"), N_("Status"))
EPISODE, PODCAST, PROGRESS, STATUS = range(4)

FINISHED = (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.PAUSED)
"""Rows "Clear finished" removes. PAUSED is how the manager stores a cancelled download."""
RETRYABLE = (DownloadStatus.FAILED, DownloadStatus.PAUSED)
CANCELLABLE = (DownloadStatus.QUEUED, DownloadStatus.RUNNING)

STATUS_WORDS = {
    DownloadStatus.QUEUED: N_("Waiting"),
    DownloadStatus.RUNNING: N_("Downloading"),
    DownloadStatus.PAUSED: N_("Cancelled"),
    DownloadStatus.FAILED: N_("Failed"),
    DownloadStatus.DONE: N_("Done"),
}


@dataclass(frozen=True, slots=True)
class DownloadRow:
    """What one row shows."""

    episode_id: int
    episode_title: str
    podcast_title: str
    status: DownloadStatus
    bytes_done: int = 0
    bytes_total: int | None = None
    rate: float = 0.0
    error: str = ""


def size_text(n: float) -> str:
    """Decimal units as download tools show them: 640 B, 12.3 kB, 6.0 MB, 1.2 GB."""
    if n < 1000:
        return f"{n:.0f} B"
    exponent = min(3, int(math.log(n, 1000)))
    return f"{n / 1000**exponent:.1f} {('kB', 'MB', 'GB')[exponent - 1]}"


def progress_text(row: DownloadRow) -> str:
    """ "2.1 MB of 6.0 MB, 640.0 kB/s" while running; the size once done; empty otherwise."""
    if row.status is DownloadStatus.DONE:
        return size_text(row.bytes_done) if row.bytes_done else ""
    if row.status is not DownloadStatus.RUNNING:
        return ""
    text = size_text(row.bytes_done)
    if row.bytes_total:
        text += f" of {size_text(row.bytes_total)}"
    if row.rate > 0:
        text += f", {size_text(row.rate)}/s"
    return text


def failure_sentence(episode_title: str, error: str) -> str:
    """A failure as the listener reads it: which episode, then why (never an id)."""
    title = f"“{episode_title}”" if episode_title else "the episode"
    return _("Could not download {title}: {value}").format(
        title=title, value=error or "the download did not finish."
    )


def status_text(row: DownloadRow) -> str:
    """One word, or for a failure the reason in words."""
    word = _(STATUS_WORDS.get(row.status, row.status.value))
    return f"{word}: {row.error}" if row.status is DownloadStatus.FAILED and row.error else word


class DownloadListModel(QAbstractTableModel):
    """Downloads newest-request last; rows update in place as events arrive."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[DownloadRow] = []

    # -- feeding ------------------------------------------------------------------------------

    def load(self, records: Iterable[DownloadRecord]) -> None:
        """Add the store's unfinished rows (at start-up); rows events already made win."""
        known = {r.episode_id for r in self.rows}
        new = [
            DownloadRow(
                r.episode_id,
                r.episode_title,
                r.podcast_title,
                r.status,
                r.bytes_done if r.status is DownloadStatus.RUNNING else 0,
                r.bytes_total,
                error=r.error or "",
            )
            for r in records
            if r.status is not DownloadStatus.DONE and r.episode_id not in known
        ]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()

    def apply(self, event: DownloadEvent) -> None:
        """Show one manager event: a new row, a row updated in place, or a row removed."""
        row = self.row_of(event.episode_id)
        if event.status is DownloadStatus.REMOVED:
            if row >= 0:  # the file was deleted or the row cleared: nothing left to show
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
            return
        if row < 0:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
            self.rows.append(
                DownloadRow(
                    event.episode_id, event.episode_title, event.podcast_title, event.status
                )
            )
            self.endInsertRows()
            row = len(self.rows) - 1
        old = self.rows[row]
        self.rows[row] = replace(
            old,
            episode_title=event.episode_title or old.episode_title,
            podcast_title=event.podcast_title or old.podcast_title,
            status=event.status,
            bytes_done=event.bytes_done,
            bytes_total=event.bytes_total if event.bytes_total is not None else old.bytes_total,
            rate=event.rate,
            error=(event.error or "") if event.status is DownloadStatus.FAILED else "",
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def take_finished(self) -> list[DownloadRow]:
        """Remove done, failed and cancelled rows; returns them (the bridge forgets them)."""
        finished = [r for r in self.rows if r.status in FINISHED]
        if finished:
            self.beginResetModel()
            self.rows = [r for r in self.rows if r.status not in FINISHED]
            self.endResetModel()
        return finished

    # -- reading ------------------------------------------------------------------------------

    def row_of(self, episode_id: int) -> int:
        """The row of an episode's download, or -1."""
        for i, row in enumerate(self.rows):
            if row.episode_id == episode_id:
                return i
        return -1

    def summary(self) -> str:
        """The status-bar line: downloads in flight, else failures waiting to be seen."""
        active = [r for r in self.rows if r.status in CANCELLABLE]
        if active:
            n = len(active)
            total = sum(r.bytes_total or 0 for r in active)
            if total and all(r.bytes_total for r in active):
                done = sum(r.bytes_done for r in active)
                return ngettext(
                    "Downloading {n} episode: {percent} %",
                    "Downloading {n} episodes: {percent} %",
                    n,
                ).format(n=n, percent=100 * done // total)
            return ngettext("Downloading {n} episode", "Downloading {n} episodes", n).format(n=n)
        failed = sum(r.status is DownloadStatus.FAILED for r in self.rows)
        if failed:
            return ngettext("{n} download failed", "{n} downloads failed", failed).format(n=failed)
        return ""

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (row.episode_title, row.podcast_title, progress_text(row), status_text(row))
            return text[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.episode_title}, {row.podcast_title}: {status_text(row)}"
        if role == FractionRole and column == PROGRESS:
            if row.status is DownloadStatus.DONE:
                return 1.0
            if row.status is DownloadStatus.RUNNING and row.bytes_total:
                return min(1.0, row.bytes_done / row.bytes_total)
            return None
        if role == DetailRole:
            if row.status is DownloadStatus.FAILED:
                return failure_sentence(row.episode_title, row.error)
            return ""
        if role == StatusRole:
            return row.status
        if role == EpisodeIdRole:
            return row.episode_id
        return None
