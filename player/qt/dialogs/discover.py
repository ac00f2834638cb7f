"""The Discover view: what is popular, by country and category, with "Subscribed" marks.

A window of its own (Podcasts → Discover podcasts…) rather than a sidebar entry: the sidebar
lists what the listener has, and the charts are about what they have not. The charts come from
every directory that has them, merged and ranked like a search (``DiscoverService.charts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from player.directory.model import DirectoryResult, MergedAnswer
from player.i18n import N_, _
from player.qt.dialogs.add_podcast import errors_text
from player.qt.widgets.result_cards import ResultCards

if TYPE_CHECKING:
    from player.qt.controllers.discover import DiscoverController

COUNTRIES = (
    ("us", N_("United States")),
    ("gb", N_("United Kingdom")),
    ("ca", N_("Canada")),
    ("au", N_("Australia")),
    ("ie", N_("Ireland")),
    ("nz", N_("New Zealand")),
    ("in", N_("India")),
    ("de", N_("Germany")),
    ("at", N_("Austria")),
    ("ch", N_("Switzerland")),
    ("fr", N_("France")),
    ("be", N_("Belgium")),
    ("nl", N_("Netherlands")),
    ("se", N_("Sweden")),
    ("no", N_("Norway")),
    ("dk", N_("Denmark")),
    ("fi", N_("Finland")),
    ("es", N_("Spain")),
    ("mx", N_("Mexico")),
    ("ar", N_("Argentina")),
    ("br", N_("Brazil")),
    ("pt", N_("Portugal")),
    ("it", N_("Italy")),
    ("pl", N_("Poland")),
    ("jp", N_("Japan")),
    ("kr", N_("South Korea")),
    ("za", N_("South Africa")),
)
"""Chart countries (ISO 3166 codes, as the iTunes charts take them)."""


class DiscoverView(QDialog):
    """Top podcasts of a country and category as cards; a card opens its podcast page."""

    def __init__(self, discover: DiscoverController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discoverView")
        self.setWindowTitle(_("Discover podcasts"))
        self.discover = discover
        self.country = QComboBox()
        self.country.setObjectName("discoverCountry")
        self.country.setAccessibleName(_("Country"))
        for code, name in COUNTRIES:
            self.country.addItem(_(name), code)
        self.genre = QComboBox()
        self.genre.setObjectName("discoverGenre")
        self.genre.setAccessibleName(_("Category"))
        self.genre.addItem(_("All categories"), "")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.status = QLabel("")
        self.status.setObjectName("discoverChartsStatus")
        self.errors = QLabel("")
        self.errors.setObjectName("discoverChartsErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b26a00;")
        self.errors.setVisible(False)
        self.cards = ResultCards(discover.covers)
        self.cards.setObjectName("chartCards")
        self.cards.setAccessibleName(_("Top podcasts"))
        self.cards.openRequested.connect(lambda result: discover.open_page(result, self))
        self.cards.subscribeRequested.connect(self._subscribe)
        discover.subscribedFeed.connect(self.cards.cards.mark_subscribed)
        pickers = QHBoxLayout()
        for label, combo in (("&Country:", self.country), ("C&ategory:", self.genre)):
            text = QLabel(label)
            text.setBuddy(combo)
            pickers.addWidget(text)
            pickers.addWidget(combo)
        pickers.addStretch(1)
        pickers.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.status)
        layout.addWidget(self.errors)
        layout.addWidget(self.cards, 1)
        self.resize(680, 600)
        self.country.currentIndexChanged.connect(self.load)
        self.genre.currentIndexChanged.connect(self.load)
        discover.bridge.genres(self._genres, lambda _message: None)
        self.load()

    def load(self) -> None:
        """Ask for the chart the pickers name (an answer to an earlier choice is dropped)."""
        self.busy.setVisible(True)
        self.status.setText(
            _("Loading the top podcasts of {currentText}…").format(
                currentText=self.country.currentText()
            )
        )
        self.discover.bridge.charts(
            self.country.currentData(), self.genre.currentData() or "", self._charted, self._failed
        )

    def _genres(self, genres: list[tuple[str, str]]) -> None:
        chosen = self.genre.currentData()
        self.genre.blockSignals(True)
        self.genre.clear()
        self.genre.addItem(_("All categories"), "")
        for genre_id, label in genres:
            self.genre.addItem(_(label), genre_id)
        self.genre.setCurrentIndex(max(0, self.genre.findData(chosen)))
        self.genre.blockSignals(False)

    def _charted(self, answer: MergedAnswer) -> None:
        self.busy.setVisible(False)
        count = len(answer.results)
        where = self.country.currentText()
        self.status.setText(
            _("Top {count} podcasts in {where}.").format(count=count, where=where)
            if count
            else _("No chart for {where}.").format(where=where)
        )
        self.errors.setText(errors_text(answer.errors))
        self.errors.setVisible(bool(answer.errors))
        self.cards.show_results(answer.results)

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.status.setText(_("The charts could not be loaded: {message}").format(message=message))

    def _subscribe(self, result: DirectoryResult) -> None:
        self.discover.subscribe_card(self.cards.cards, result, self._show_error)

    def _show_error(self, message: str) -> None:
        self.errors.setText(message)
        self.errors.setVisible(True)
