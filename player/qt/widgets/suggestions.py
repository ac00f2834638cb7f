"""The "Up next" suggestions under the queue: each with its reason and one-click actions.

Cards are compact so that several fit under the queue at 1024x700: the title on one line
(elided, full in its tooltip) beside the buttons, and the reason, never cut, wrapped below.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Episode
from player.domain.suggestion import Suggestion
from player.i18n import _, ngettext
from player.qt.icons import icon

VISIBLE_CARDS = 3
"""Cards the queue pane keeps room for, whatever the window size."""
TIME_CHOICES = (15, 30, 45, 60, 90)
"""The "I have N minutes" choices (minutes), after "Usual length"."""


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; the full text is the tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        elided = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(0, self.width())
        )
        if elided != self.text():
            self.setText(elided)


class SuggestionRow(QFrame):
    """One suggestion: title and show, the reason, and play / queue / not interested."""

    def __init__(self, suggestion: Suggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        episode = suggestion.episode
        self.setObjectName("suggestionRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(
            _("Suggestion: {title}, {podcast_title}. {reason}").format(
                title=episode.title, podcast_title=episode.podcast_title, reason=suggestion.reason
            )
        )
        title = ElidedLabel(episode.title)
        title.setObjectName("suggestionTitle")
        title.setToolTip(f"{episode.title}\n{episode.podcast_title}")
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        self.title = title
        reason = QLabel(suggestion.reason)
        reason.setObjectName("suggestionReason")
        reason.setWordWrap(True)
        small = QFont(reason.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
        reason.setFont(small)
        reason.setToolTip("\n".join(f"{name}: {detail}" for name, detail in suggestion.signals))
        self.reason = reason
        self.play = self._button(
            "suggestionPlay", "media-playback-start", _("Play {title}").format(title=episode.title)
        )
        self.queue = self._button(
            "suggestionQueue", "list-add", _("Add {title} to the queue").format(title=episode.title)
        )
        self.dismiss = self._button(
            "suggestionDismiss",
            "process-stop",
            _("Not interested in {title}").format(title=episode.title),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 1, 2, 3)
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        grid.addWidget(title, 0, 0)
        for column, button in enumerate((self.play, self.queue, self.dismiss), start=1):
            grid.addWidget(button, 0, column)
        grid.addWidget(reason, 1, 0, 1, 4)
        grid.setColumnStretch(0, 1)

    def _button(self, name: str, icon_name: str, text: str) -> QToolButton:
        return card_button(name, icon_name, text)


def card_button(name: str, icon_name: str, text: str) -> QToolButton:
    """A card's small icon button (play, queue, subscribe, not interested): the text is its
    tooltip and what a screen reader says."""
    button = QToolButton()
    button.setObjectName(name)
    button.setIcon(icon(icon_name))
    button.setToolTip(text)
    button.setAccessibleName(text)
    button.setAutoRaise(True)
    button.setIconSize(QSize(16, 16))
    button.setFixedSize(QSize(26, 22))
    return button


class SuggestionsPanel(QWidget):
    """The list of suggestions; reports clicks as episode ids."""

    playRequested = Signal(Episode)
    queueRequested = Signal(int)
    dismissRequested = Signal(int)
    contentChanged = Signal()
    """Cards were added or removed: the room they need has changed."""
    minutesChanged = Signal(int)
    """The listener chose how long they have (minutes; 0: their usual length at this time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self.setAccessibleName(_("Up next suggestions"))
        self.heading = QLabel(_("<b>Up next for you</b>"))
        self.heading.setToolTip(
            _("Worked out on this computer from your own listening; nothing is sent anywhere.")
        )
        self.time_choice = QComboBox()
        self.time_choice.setObjectName("suggestionsTime")
        self.time_choice.setAccessibleName(_("Time you have"))
        self.time_choice.setToolTip(
            _(
                "Fit the suggestions to the time you have (what is left of a started episode "
                "counts). Usual length: the time you usually listen for at this hour."
            )
        )
        self.time_choice.addItem(_("Usual length"), 0)
        for minutes in TIME_CHOICES:
            label = ngettext("I have {n} minute", "I have {n} minutes", minutes).format(n=minutes)
            self.time_choice.addItem(label, minutes)
        self.time_choice.currentIndexChanged.connect(
            lambda _i: self.minutesChanged.emit(self.minutes or 0)
        )
        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.heading, 1)
        header.addWidget(self.time_choice)
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.rows: list[SuggestionRow] = []
        self.sections: list[QWidget] = []
        """Lists shown under the cards (new shows), part of the room asked for."""
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 2, 0, 0)
        self.layout_.setSpacing(3)
        self.layout_.addWidget(self.header)
        self.layout_.addWidget(self.empty)
        self.layout_.addStretch(1)

    @property
    def minutes(self) -> int | None:
        """The minutes chosen ("I have N minutes"), or None for the usual length."""
        return int(self.time_choice.currentData()) or None

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        """Show these suggestions (replacing the previous ones)."""
        for row in self.rows:
            self.layout_.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for position, suggestion in enumerate(suggestions):
            row = SuggestionRow(suggestion)
            episode = suggestion.episode
            row.play.clicked.connect(lambda _c=False, e=episode: self.playRequested.emit(e))
            row.queue.clicked.connect(lambda _c=False, i=episode.id: self.queueRequested.emit(i))
            row.dismiss.clicked.connect(
                lambda _c=False, i=episode.id: self.dismissRequested.emit(i)
            )
            self.layout_.insertWidget(2 + position, row)
            self.rows.append(row)
        self.empty.setText("" if suggestions else _("Nothing to suggest right now."))
        self.empty.setVisible(not suggestions)
        self.contentChanged.emit()

    def drop(self, episode_ids: set[int]) -> None:
        """Take these episodes' cards away now (queued or dismissed: the next computation
        will not bring them back, but it may take a moment to arrive)."""
        keep = [r.suggestion for r in self.rows if r.suggestion.episode.id not in episode_ids]
        if len(keep) != len(self.rows):
            self.set_suggestions(keep)

    def add_section(self, section: QWidget, changed: SignalInstance) -> None:
        """Another list under the cards; its ``changed`` signal re-fits the room."""
        self.sections.append(section)
        self.layout_.insertWidget(self.layout_.count() - 1, section)
        changed.connect(self.contentChanged.emit)

    def height_for(self, width: int, cards: int) -> int:
        """Pixels the heading and the first ``cards`` cards take at this width (with every
        card: the sections under them too)."""
        margins = self.layout_.contentsMargins()
        spacing = self.layout_.spacing()
        height = margins.top() + margins.bottom() + self.header.sizeHint().height()
        if cards >= len(self.rows):
            height += sum(spacing + _height(s, width) for s in self.sections if not s.isHidden())
        if not self.rows:
            return height + spacing + self.empty.heightForWidth(width)
        for row in self.rows[:cards]:
            height += spacing + row.heightForWidth(width)
        return height


def _height(section: QWidget, width: int) -> int:
    """A section's own height for ``width`` (``height_for`` when it has one)."""
    height_for = getattr(section, "height_for", None)
    return int(height_for(width)) if callable(height_for) else section.sizeHint().height()
