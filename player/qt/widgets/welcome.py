"""The first-start welcome: what to do when the only podcast is the demo.

A new listener sees the demo podcast and an episode list, and nothing says how to bring their
own shows. This panel sits above the episode list until the listener has a subscription of
their own (or hides it), and offers the real commands as buttons: each button triggers the
window's own action, so a command added later (a directory search) is one ``add_action`` away.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Podcast
from player.i18n import N_, _
from player.services.library import is_own_subscription

WELCOME_TEXT = N_(
    "Subscribe to the shows you follow, or bring your list from another podcast app. "
    "Until then, the demo podcast in the sidebar is there to try: double-click an episode "
    "to play it."
)


class WelcomePanel(QFrame):
    """Buttons for the first steps; ``dismissed`` when the listener hides it for good.

    ``is_dismissed``: the listener hid it in an earlier session (it never shows again).
    """

    dismissed = Signal()

    def __init__(
        self,
        actions: Iterable[QAction] = (),
        parent: QWidget | None = None,
        is_dismissed: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setAccessibleName(_("Welcome"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        # Never widen the episode column: in a narrow window the text wraps and the panel
        # takes the column's width (the buttons fit from about 360 px).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.is_dismissed = is_dismissed

        title = QLabel(_("<b>Welcome! Let's get your podcasts in.</b>"))
        title.setObjectName("welcomeTitle")
        title.setWordWrap(True)
        close = QToolButton()
        close.setObjectName("welcomeDismiss")
        close.setText(_("Hide"))
        close.setToolTip(_("Hide this welcome (Add podcast and Import stay in the Podcasts menu)"))
        close.setAccessibleName(_("Hide the welcome"))
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)

        text = QLabel(_(WELCOME_TEXT))
        text.setObjectName("welcomeText")
        text.setWordWrap(True)

        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addLayout(head)
        layout.addWidget(text)
        layout.addLayout(self.button_row)
        self.buttons: list[QPushButton] = []
        for action in actions:
            self.add_action(action)

    def add_action(self, action: QAction, name: str = "") -> QPushButton:
        """A button that triggers ``action`` (enabled and labelled as the action is)."""
        button = QPushButton(action.icon(), action.text())
        button.setObjectName(name or f"welcome_{action.objectName().removeprefix('action_')}")
        button.setEnabled(action.isEnabled())
        button.clicked.connect(lambda _checked=False: action.trigger())
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        self.button_row.insertWidget(len(self.buttons), button)
        self.buttons.append(button)
        return button

    def show_for(self, podcasts: Iterable[Podcast]) -> None:
        """Visible while none of ``podcasts`` is the listener's own and it was not hidden."""
        own = any(is_own_subscription(p) for p in podcasts)
        self.setVisible(not self.is_dismissed and not own)

    def dismiss(self) -> None:
        """Hide the panel for good (the owner stores that it was dismissed)."""
        self.is_dismissed = True
        self.hide()
        self.dismissed.emit()
