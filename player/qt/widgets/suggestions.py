"""The "Up next" suggestions under the queue: each with its reason and one-click actions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.qt.icons import icon
from player.recommend import Suggestion


class SuggestionRow(QFrame):
    """One suggestion: title and show, the reason, and play / queue / not interested."""

    def __init__(self, suggestion: Suggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        episode = suggestion.episode
        self.setObjectName("suggestionRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Suggestion: {episode.title}. {suggestion.reason}")
        title = QLabel(
            f"<b>{escape(episode.title)}</b><br><small>{escape(episode.podcast_title)}</small>"
        )
        title.setObjectName("suggestionTitle")
        title.setWordWrap(True)
        reason = QLabel(suggestion.reason)
        reason.setObjectName("suggestionReason")
        reason.setWordWrap(True)
        reason.setToolTip("\n".join(f"{name}: {detail}" for name, detail in suggestion.signals))
        self.play = self._button("suggestionPlay", "media-playback-start", f"Play {episode.title}")
        self.queue = self._button(
            "suggestionQueue", "list-add", f"Add {episode.title} to the queue"
        )
        self.dismiss = self._button(
            "suggestionDismiss", "process-stop", f"Not interested in {episode.title}"
        )
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(reason)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addLayout(text, 1)
        for button in (self.play, self.queue, self.dismiss):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

    def _button(self, name: str, icon_name: str, text: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setIcon(icon(icon_name))
        button.setToolTip(text)
        button.setAccessibleName(text)
        button.setAutoRaise(True)
        return button


class SuggestionsPanel(QWidget):
    """The list of suggestions; reports clicks as episode ids."""

    playRequested = Signal(object)
    queueRequested = Signal(int)
    dismissRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self.setAccessibleName("Up next suggestions")
        self.heading = QLabel("<b>Up next for you</b>")
        self.heading.setToolTip(
            "Worked out on this computer from your own listening; nothing is sent anywhere."
        )
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.rows: list[SuggestionRow] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 6, 0, 0)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.empty)

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        """Show these suggestions (replacing the previous ones)."""
        for row in self.rows:
            self.layout_.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for suggestion in suggestions:
            row = SuggestionRow(suggestion)
            episode = suggestion.episode
            row.play.clicked.connect(lambda _c=False, e=episode: self.playRequested.emit(e))
            row.queue.clicked.connect(lambda _c=False, i=episode.id: self.queueRequested.emit(i))
            row.dismiss.clicked.connect(
                lambda _c=False, i=episode.id: self.dismissRequested.emit(i)
            )
            self.layout_.addWidget(row)
            self.rows.append(row)
        self.empty.setText("" if suggestions else "Nothing to suggest right now.")
        self.empty.setVisible(not suggestions)
