"""Editing tags with the mouse: the tags in use as a checkable list (the item's own ticked)
and a field that adds a new one. The dialog only collects the choice; the caller stores it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from player.i18n import _


class TagsDialog(QDialog):
    """Tick the tags an item should have; type one and press Add (or Enter) for a new one."""

    def __init__(
        self, what: str, ticked: list[str], known: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagsDialog")
        self.setWindowTitle(_("Tags of {what}").format(what=what))
        self.initial = list(ticked)
        layout = QVBoxLayout(self)
        label = QLabel(_("Tags of {what}:").format(what=what))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("tagList")
        self.list.setAccessibleName(_("Tags"))
        lowered = {t.lower() for t in ticked}
        seen: set[str] = set()
        for tag in sorted([*ticked, *known], key=str.lower):
            if tag.lower() not in seen:
                seen.add(tag.lower())
                self._add_item(tag, tag.lower() in lowered)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("newTag")
        self.field.setAccessibleName(_("New tag"))
        self.field.setPlaceholderText(_("New tag"))
        self.field.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        row.addWidget(self.field, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(320, 360)

    def _add_item(self, tag: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(tag)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)
        return item

    def add_typed(self) -> None:
        """Add the typed tag, ticked (an existing one, in any case, is ticked instead)."""
        text = " ".join(self.field.text().split())
        if not text:
            return
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.text().lower() == text.lower():
                item.setCheckState(Qt.CheckState.Checked)
                break
        else:
            self._add_item(text, True)
        self.field.clear()

    def tags(self) -> list[str]:
        """The ticked tags, as listed."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        """OK also keeps a tag typed but not yet added."""
        self.add_typed()
        super().accept()
