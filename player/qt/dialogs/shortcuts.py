"""Keyboard shortcuts: the help window that lists them, and the editor in the settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.i18n import N_, _
from player.qt.actions import SPECS, ActionSpec, describe, shortcut_for

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Playback"), ("play_pause", "stop", "skip_back", "skip_forward", "previous_chapter",
                      "next_chapter", "slower", "faster", "mute")),
    (N_("Queue"), ("next_in_queue", "previous_in_queue", "remove_from_queue")),
    (N_("Library"), ("search", "add_podcast", "discover", "refresh", "cancel_refresh",
                     "import_opml", "export_opml")),
    (N_("Window"), ("settings", "shortcuts_help", "about", "quit")),
)  # fmt: skip
"""How the help window groups the commands; a command not named here is listed under the
last section, so a new command is never missing from the help."""

COLUMNS: tuple[tuple[str, ...], ...] = (("Playback",), ("Queue", "Library"), ("Window",))
"""Sections side by side, so the whole list fits a 1024x700 window without scrolling."""


def sectioned(specs: Sequence[ActionSpec] = SPECS) -> list[tuple[str, list[ActionSpec]]]:
    """The commands grouped as in :data:`SECTIONS`, in their order; leftovers go last."""
    by_name = {spec.name: spec for spec in specs}
    groups = [(title, [by_name[n] for n in names if n in by_name]) for title, names in SECTIONS]
    listed = {name for _title, names in SECTIONS for name in names}
    groups[-1][1].extend(spec for spec in specs if spec.name not in listed)
    return groups


def _keys_text(keys: Sequence[QKeySequence]) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if k)


class ShortcutsHelp(QDialog):
    """Help -> Keyboard shortcuts: every command and its keys (media keys on a second, quieter
    line), in sections side by side; sized to its content, Escape or Close closes it."""

    def __init__(self, overrides: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsHelp")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        self._rows = dict(describe(overrides))
        groups = dict(sectioned())
        columns = QHBoxLayout()
        columns.setSpacing(28)
        for titles in COLUMNS:
            column = QVBoxLayout()
            for title in titles:
                column.addWidget(self._section(title, groups[title], overrides))
            column.addStretch(1)
            columns.addLayout(column)
        hint = QLabel(_("Change any shortcut in Settings → Keyboard."))
        hint.setObjectName("shortcutsHint")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(footer)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def _section(
        self, title: str, specs: Sequence[ActionSpec], overrides: Mapping[str, str]
    ) -> QWidget:
        box = QWidget()
        box.setObjectName(f"shortcutsSection{title}")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        heading = QLabel(f"<b>{escape(_(title))}</b>")
        heading.setAccessibleName(_("{title} shortcuts").format(title=_(title)))
        grid.addWidget(heading, 0, 0, 1, 2)
        for row, spec in enumerate(specs, start=1):
            command = QLabel(spec.label.removesuffix("…"))
            command.setObjectName(f"shortcutCommand_{spec.name}")
            chosen = shortcut_for(spec, overrides)
            main = _keys_text([QKeySequence(chosen)]) if chosen else ""
            media = _keys_text([QKeySequence(k) for k in spec.media_keys])
            keys = QLabel(self._keys_html(main, media))
            keys.setObjectName(f"shortcutKeys_{spec.name}")
            keys.setAccessibleName(_("Keys for {text}").format(text=spec.label))
            grid.addWidget(command, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(keys, row, 1, Qt.AlignmentFlag.AlignTop)
        return box

    def _keys_html(self, main: str, media: str) -> str:
        """The chosen shortcut in bold; the fixed media keys small beneath it; "not set" when
        neither (any command can get a shortcut in the settings)."""
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        parts = [f"<b>{escape(main)}</b>"] if main else []
        if media:
            parts.append(f'<span style="color:{quiet}; font-size:small">{escape(media)}</span>')
        return "<br>".join(parts) or f'<span style="color:{quiet}">not set</span>'

    def rows(self) -> dict[str, str]:
        """Command -> every key that runs it (as :func:`describe` words them)."""
        return dict(self._rows)


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
            item = QTableWidgetItem(spec.label)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(QKeySequence(shortcut_for(spec, overrides)))
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.setAccessibleName(_("Shortcut for {text}").format(text=spec.label))
            self.table.setCellWidget(row, 1, edit)
            self.edits[spec.name] = edit
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        reset = QPushButton(_("Restore defaults"))
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
