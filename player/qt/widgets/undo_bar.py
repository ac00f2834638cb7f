"""A transient line in the status bar: what was just done, and an Undo button for a while."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from player.i18n import _

OFFER_MS = 12_000
"""How long Undo is offered in the bar (Ctrl+Z keeps working afterwards)."""
DONE_MS = 5_000


class UndoBar(QFrame):
    """ "Removed “X” from the queue. [Undo]" -- hides itself after a few seconds."""

    undoClicked = Signal()
    extraClicked = Signal()
    """The offer's second button (a new bookmark's "Add a note") was clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setAccessibleName(_("Undo"))
        self.message = QLabel("")
        self.message.setObjectName("undoMessage")
        self.button = QPushButton(_("Undo"))
        self.button.setObjectName("undoButton")
        self.button.setAccessibleName(_("Undo the last change"))
        self.button.setToolTip(_("Undo (Ctrl+Z)"))
        self.button.clicked.connect(self.undoClicked)
        self.extra = QPushButton("")
        self.extra.setObjectName("undoExtraButton")
        self.extra.clicked.connect(self._extra_clicked)
        self.extra.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.extra)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def offer(self, text: str, extra: str = "") -> None:
        """Say what was done and offer Undo (and ``extra``, a second button, when given)."""
        self.extra.setText(extra)
        self.extra.setAccessibleName(extra)
        self.extra.setVisible(bool(extra))
        self._show(text, offer=True, ms=OFFER_MS)

    def done(self, text: str) -> None:
        """Say what undoing did (no button: Ctrl+Z goes on to the step before, if any)."""
        self.extra.hide()
        self._show(text, offer=False, ms=DONE_MS)

    def _extra_clicked(self) -> None:
        self.extra.hide()
        self.extraClicked.emit()

    def _show(self, text: str, offer: bool, ms: int) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.button.setVisible(offer)
        self.show()
        self.timer.start(ms)
