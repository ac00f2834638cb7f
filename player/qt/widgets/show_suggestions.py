""" "New shows you would like" under the up-next cards: each with its reason, one click to
subscribe, one to say "not interested".

No cover art is shown: fetching a suggested show's image would tell its image host which
shows this listener's taste ranked, the one thing the feature promises never to send.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from player.domain.show_privacy import PRIVACY_NOTE
from player.i18n import _
from player.qt.widgets.suggestions import ElidedLabel, card_button
from player.recommend.shows import ShowSuggestion


class ShowRow(QFrame):
    """One suggested show: its title, the reason, Subscribe and Not interested."""

    def __init__(self, suggestion: ShowSuggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.setObjectName("showSuggestionRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(
            _("New show: {title}. {reason}").format(
                title=suggestion.title, reason=suggestion.reason
            )
        )
        self.title = ElidedLabel(suggestion.title)
        self.title.setObjectName("showSuggestionTitle")
        self.title.setToolTip(f"{suggestion.title}\n{suggestion.feed_url}")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.reason = QLabel(suggestion.reason)
        self.reason.setObjectName("showSuggestionReason")
        self.reason.setWordWrap(True)
        small = QFont(self.reason.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
        self.reason.setFont(small)
        self.reason.setToolTip(
            "\n".join(f"{name}: {weight:+.2f}" for name, weight in suggestion.signals.items())
            + "\n"
            + _("from: {sources}").format(sources=", ".join(suggestion.sources))
        )
        self.subscribe = card_button(
            "showSuggestionSubscribe",
            "list-add",
            _("Subscribe to {title}").format(title=suggestion.title),
        )
        self.dismiss = card_button(
            "showSuggestionDismiss",
            "process-stop",
            _("Not interested in {title}").format(title=suggestion.title),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 1, 2, 3)
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.subscribe, 0, 1)
        grid.addWidget(self.dismiss, 0, 2)
        grid.addWidget(self.reason, 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)

    def set_busy(self, busy: bool) -> None:
        """ "Subscribing…": the buttons wait until the feed is in (or failed)."""
        self.subscribe.setEnabled(not busy)
        self.dismiss.setEnabled(not busy)
        self.reason.setText(_("Subscribing…") if busy else self.suggestion.reason)


class ShowSuggestionsPanel(QWidget):
    """The list of new shows; reports clicks with the suggestion."""

    subscribeRequested = Signal(object)
    """A :class:`ShowSuggestion` to subscribe to."""
    dismissRequested = Signal(object)
    contentChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("showSuggestionsPanel")
        self.setAccessibleName(_("New shows you would like"))
        self.heading = QLabel("<b>" + _("New shows you would like") + "</b>")
        self.heading.setToolTip(_(PRIVACY_NOTE))
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.rows: list[ShowRow] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 6, 0, 0)
        self.layout_.setSpacing(3)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.empty)

    def set_suggestions(self, suggestions: list[ShowSuggestion], empty: str = "") -> None:
        """Show these (replacing the previous ones); ``empty`` says why there are none."""
        for row in self.rows:
            self.layout_.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for suggestion in suggestions:
            row = ShowRow(suggestion)
            row.subscribe.clicked.connect(
                lambda _c=False, s=suggestion: self.subscribeRequested.emit(s)
            )
            row.dismiss.clicked.connect(
                lambda _c=False, s=suggestion: self.dismissRequested.emit(s)
            )
            self.layout_.addWidget(row)
            self.rows.append(row)
        self.empty.setText("" if suggestions else empty or _("No new show to suggest yet."))
        self.empty.setVisible(not suggestions)
        self.contentChanged.emit()

    def row_of(self, feed_url: str) -> ShowRow | None:
        """The row of this feed, if shown."""
        return next((r for r in self.rows if r.suggestion.feed_url == feed_url), None)

    def drop(self, feed_url: str) -> None:
        """Take this show's row away now (subscribed or dismissed)."""
        keep = [r.suggestion for r in self.rows if r.suggestion.feed_url != feed_url]
        if len(keep) != len(self.rows):
            self.set_suggestions(keep)

    def height_for(self, width: int) -> int:
        """Pixels the heading and every row take at this width."""
        margins = self.layout_.contentsMargins()
        spacing = self.layout_.spacing()
        height = margins.top() + margins.bottom() + self.heading.sizeHint().height()
        if not self.rows:
            return height + spacing + self.empty.heightForWidth(width)
        return height + sum(spacing + row.heightForWidth(width) for row in self.rows)
