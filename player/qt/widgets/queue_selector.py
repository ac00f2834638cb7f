"""The queue pane's selector: which named queue is active, and a menu to manage the queues.

The combo box lists every queue with its count; choosing one asks for it to become the active
queue (the pane then shows it, "next" and the end of an episode follow it). The menu button
beside it creates, renames and deletes queues and switches the shown queue's auto-advance.
The widget only asks (signals); the controller does the work on the task pool, and the next
:meth:`QueueSelector.set_queues` shows the outcome. Its dialogs open without blocking, so
nothing waits in a nested event loop while a reload arrives.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from player.domain.organise import NEXT_UP_QUEUE_ID, QueueSummary
from player.i18n import N_, _, ngettext

DEFAULT_QUEUE_NAME = N_("Next up")
"""The name the first queue gets in every new library (the schema's, in English)."""
AUTO_ADVANCE_TEXT = N_("Play to the end of each episode and go on")
"""The menu's auto-advance switch: on, the end of an episode plays this queue's next one."""


def queue_label(queue: QueueSummary) -> str:
    """ "News first (3)": a queue as the selector and the "… to queue" menus list it.

    The queue every library has keeps the English name it was created with ("Next up") in
    the database; while the listener has not renamed it, it reads in their language."""
    return f"{queue_name(queue)} ({queue.count})"


def queue_name(queue: QueueSummary) -> str:
    """A queue's name as shown: the built-in "Next up" translated, any other as given."""
    if queue.id == NEXT_UP_QUEUE_ID and queue.name == DEFAULT_QUEUE_NAME:
        return _(DEFAULT_QUEUE_NAME)
    return queue.name


class QueueSelector(QWidget):
    """A combo box of the queues and a small menu of what can be done with them."""

    activateRequested = Signal(int)
    """Make this queue id the active one."""
    createRequested = Signal(str)
    """Create a queue with this name."""
    renameRequested = Signal(int, str)
    deleteRequested = Signal(int)
    autoAdvanceRequested = Signal(int, bool)
    """Set this queue's auto-advance on or off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queues: list[QueueSummary] = []
        self.shown_id = NEXT_UP_QUEUE_ID
        """The queue the pane's list shows (the active one at the last reload)."""
        self.dialog: QDialog | None = None
        """The name or confirmation dialog open now (kept so that it is not collected)."""

        self.combo = QComboBox()
        self.combo.setObjectName("queueSelector")
        self.combo.setAccessibleName(_("Active queue"))
        self.combo.setToolTip(_("The queue the player follows"))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(10)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.combo.activated.connect(self._chosen)  # the listener's choice, never ours

        self.menu = QMenu(self)
        self.menu.setObjectName("queueActionsMenu")
        self.new_action = self.menu.addAction(_("New queue…"), self.ask_new)
        self.rename_action = self.menu.addAction(_("Rename…"), self.ask_rename)
        self.delete_action = self.menu.addAction(_("Delete"), self.ask_delete)
        self.menu.addSeparator()
        self.advance_action = self.menu.addAction(_(AUTO_ADVANCE_TEXT))
        self.advance_action.setCheckable(True)
        self.advance_action.setChecked(True)
        self.advance_action.triggered.connect(
            lambda on: self.autoAdvanceRequested.emit(self.selected_id, bool(on))
        )
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("queueMenuButton")
        self.menu_button.setToolTip(_("Manage queues"))
        self.menu_button.setAccessibleName(_("Manage queues"))
        self.menu_button.setAutoRaise(True)
        self.menu_button.setText("⋯")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setMenu(self.menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.menu_button)
        self.set_queues([QueueSummary(NEXT_UP_QUEUE_ID, "Next up", active=True)], NEXT_UP_QUEUE_ID)

    # -- showing ---------------------------------------------------------------------------

    def set_queues(self, queues: list[QueueSummary], shown_id: int) -> None:
        """List the queues with their counts and select the one shown."""
        if not queues:
            return
        self.queues, self.shown_id = list(queues), shown_id
        self.combo.blockSignals(True)
        ids = [self.combo.itemData(i) for i in range(self.combo.count())]
        if ids == [q.id for q in queues]:  # the same queues: new counts only (an open popup
            for row, queue in enumerate(queues):  # stays open through a reload)
                if self.combo.itemText(row) != queue_label(queue):
                    self.combo.setItemText(row, queue_label(queue))
        else:
            self.combo.clear()
            for queue in queues:
                self.combo.addItem(queue_label(queue), queue.id)
        row = next((i for i, q in enumerate(queues) if q.id == shown_id), 0)
        self.combo.setCurrentIndex(row)
        self.combo.blockSignals(False)
        self._update_actions()

    @property
    def selected_id(self) -> int:
        """The queue selected in the combo box (what the menu's commands act on)."""
        value = self.combo.currentData()
        return int(value) if value is not None else self.shown_id

    def _selected(self) -> QueueSummary | None:
        return next((q for q in self.queues if q.id == self.selected_id), None)

    def _update_actions(self) -> None:
        selected = self._selected()
        self.delete_action.setEnabled(selected is not None and selected.id != NEXT_UP_QUEUE_ID)
        self.rename_action.setEnabled(selected is not None)
        self.advance_action.setChecked(selected.auto_advance if selected else True)

    def _chosen(self, row: int) -> None:
        value = self.combo.itemData(row)
        self._update_actions()
        if value is not None and int(value) != self.shown_id:
            self.activateRequested.emit(int(value))

    # -- the menu's commands ---------------------------------------------------------------

    def ask_new(self) -> None:
        """Ask for the new queue's name."""
        self._ask_name(_("New queue"), _("Name of the new queue:"), "", self.createRequested.emit)

    def ask_rename(self) -> None:
        """Ask for the selected queue's new name."""
        selected = self._selected()
        if selected is None:
            return
        queue_id = selected.id
        self._ask_name(
            _("Rename queue"),
            _("New name for “{name}”:").format(name=selected.name),
            selected.name,
            lambda name: self.renameRequested.emit(queue_id, name),
        )

    def _ask_name(self, title: str, label: str, text: str, done: Callable[[str], object]) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("queueNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(text)
        dialog.textValueSelected.connect(done)
        self._open(dialog)

    def ask_delete(self) -> None:
        """Confirm, then ask for the selected queue to be deleted (never "Next up")."""
        selected = self._selected()
        if selected is None or selected.id == NEXT_UP_QUEUE_ID:
            return
        queue_id = selected.id
        box = QMessageBox(self)
        box.setObjectName("queueDeleteDialog")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete queue"))
        box.setText(_("Delete the queue “{name}”?").format(name=selected.name))
        box.setInformativeText(
            ngettext(
                "Its {count} episode stays in the library; only the queue goes.",
                "Its {count} episodes stay in the library; only the queue goes.",
                selected.count,
            ).format(count=selected.count)
        )
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("queueDeleteConfirm")
        box.addButton(QMessageBox.StandardButton.Cancel)
        delete.clicked.connect(lambda: self.deleteRequested.emit(queue_id))
        self._open(box)

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
