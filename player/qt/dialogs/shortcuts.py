"""Keyboard shortcuts: the help window that lists them, and the editor in the settings."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.qt.actions import SPECS, describe, shortcut_for


class ShortcutsHelp(QDialog):
    """Help -> Keyboard shortcuts: every command and its keys (including media keys)."""

    def __init__(self, overrides: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsHelp")
        self.setWindowTitle("Keyboard shortcuts")
        rows = describe(overrides)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (command, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(command))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 560)


class ShortcutEditor(QWidget):
    """Change any command's shortcut; ``overrides()`` returns what differs from the defaults."""

    def __init__(self, overrides: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutEditor")
        self.table = QTableWidget(len(SPECS), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.edits: dict[str, QKeySequenceEdit] = {}
        for row, spec in enumerate(SPECS):
            item = QTableWidgetItem(spec.text)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(QKeySequence(shortcut_for(spec, overrides)))
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.setAccessibleName(f"Shortcut for {spec.text}")
            self.table.setCellWidget(row, 1, edit)
            self.edits[spec.name] = edit
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        reset = QPushButton("Restore defaults")
        reset.clicked.connect(self.reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(reset)

    def reset(self) -> None:
        """Put every default back."""
        for spec in SPECS:
            self.edits[spec.name].setKeySequence(QKeySequence(spec.shortcut))

    def overrides(self) -> dict[str, str]:
        """Shortcuts that differ from the defaults (portable text form)."""
        result = {}
        for spec in SPECS:
            text = (
                self.edits[spec.name]
                .keySequence()
                .toString(QKeySequence.SequenceFormat.PortableText)
            )
            if text != QKeySequence(spec.shortcut).toString(
                QKeySequence.SequenceFormat.PortableText
            ):
                result[spec.name] = text
        return result
