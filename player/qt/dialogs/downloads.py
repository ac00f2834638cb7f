"""The downloads view: every download with its progress, and Cancel, Retry, Clear finished.

A window of its own (View -> Downloads, or the status-bar indicator) rather than a pane: it is
looked at now and then, not lived in. It only shows the model and asks for commands; the
bridge carries them out on workers, so nothing here waits for the network or the disk.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from player.domain.downloads import DownloadStatus
from player.i18n import N_, _
from player.qt.models.downloads import (
    CANCELLABLE,
    EPISODE,
    FINISHED,
    PODCAST,
    PROGRESS,
    RETRYABLE,
    STATUS,
    DetailRole,
    DownloadListModel,
    EpisodeIdRole,
    FractionRole,
    StatusRole,
)

Index = QModelIndex | QPersistentModelIndex

EMPTY_TEXT = N_(
    "No downloads yet.\n\nRight-click an episode and choose Download to keep it on this "
    "computer; podcasts set to download automatically appear here after a refresh."
)


class ProgressBarDelegate(QStyledItemDelegate):
    """The Progress column: a real progress bar with the bytes and speed written on it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # The option the view gives is used as it is (no ``initStyleOption`` from Python in a
        # paint path: PySide6 6.12.0 leaks a reference to None on every such call).
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        background = QStyleOptionViewItem(option)
        background.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        fraction = index.data(FractionRole)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if fraction is None and not text:
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        bar.direction = option.direction
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.minimum = 0
        bar.maximum = 1000 if fraction is not None else 0  # 0..0: the "busy" look
        bar.progress = round(1000 * fraction) if fraction is not None else 0
        bar.text = text
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class DownloadsDialog(QDialog):
    """The downloads window; its buttons act on the selected rows."""

    cancelRequested = Signal(list)
    """Episode ids whose running or waiting downloads the listener cancelled."""
    retryRequested = Signal(list)
    """Episode ids whose failed or cancelled downloads should start again."""
    clearRequested = Signal()
    """Remove done, failed and cancelled rows."""

    def __init__(self, model: DownloadListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadsDialog")
        self.setWindowTitle(_("Downloads"))
        self.model = model
        self.table = QTableView()
        self.table.setObjectName("downloadsTable")
        self.table.setAccessibleName(_("Downloads"))
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(PROGRESS, ProgressBarDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(EPISODE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PODCAST, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PODCAST, 160)
        header.resizeSection(PROGRESS, 230)
        header.resizeSection(STATUS, 240)

        self.empty = QLabel(_(EMPTY_TEXT))
        self.empty.setObjectName("downloadsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.detail = QLabel("")
        self.detail.setObjectName("downloadsDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setVisible(False)

        self.cancel_button = _button(_("Cancel download"), "downloadsCancel")
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button = _button(_("Retry"), "downloadsRetry")
        self.retry_button.clicked.connect(self._retry)
        self.clear_button = _button(_("Clear finished"), "downloadsClear")
        self.clear_button.clicked.connect(lambda _checked=False: self.clearRequested.emit())
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.retry_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.resize(940, 440)

        self.table.selectionModel().selectionChanged.connect(self._update)
        for changed in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            changed.connect(self._update)
        self._update()

    # -- what is selected ------------------------------------------------------------------

    def _selected(self, statuses: tuple[DownloadStatus, ...]) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [
            self.model.index(r, 0).data(EpisodeIdRole)
            for r in rows
            if self.model.index(r, 0).data(StatusRole) in statuses
        ]

    def _update(self, *_args: object) -> None:
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self.cancel_button.setEnabled(bool(self._selected(CANCELLABLE)))
        self.retry_button.setEnabled(bool(self._selected(RETRYABLE)))
        self.clear_button.setEnabled(any(r.status in FINISHED for r in self.model.rows))
        current = self.table.selectionModel().currentIndex()
        selected = current.isValid() and self.table.selectionModel().isRowSelected(
            current.row(), QModelIndex()
        )
        detail = str(current.data(DetailRole) or "") if selected else ""
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    # -- commands --------------------------------------------------------------------------

    def _cancel(self, _checked: bool = False) -> None:
        ids = self._selected(CANCELLABLE)
        if ids:
            self.cancelRequested.emit(ids)

    def _retry(self, _checked: bool = False) -> None:
        ids = self._selected(RETRYABLE)
        if ids:
            self.retryRequested.emit(ids)

    def _menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        if self._selected(CANCELLABLE):
            menu.addAction(_("Cancel download"), self._cancel)
        if self._selected(RETRYABLE):
            menu.addAction(_("Retry"), self._retry)
        if menu.isEmpty():
            return
        menu.popup(self.table.viewport().mapToGlobal(point))
        self._context_menu = menu


def _button(text: str, name: str) -> QPushButton:
    """A push button that Enter does not press by accident."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button
