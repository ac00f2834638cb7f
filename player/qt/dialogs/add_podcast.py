"""The "Add podcast" dialog: one box for a feed or web page address, or a podcast's name.

An address subscribes as it always did (a web page is searched for its feed; errors stay in the
dialog). Anything else is a search: the directories are asked ``SEARCH_DELAY_MS`` after the
last key, the answer shows as cards, and an answer to an older query is dropped (the bridge
numbers the calls). One directory failing shows its sentence beside the others' results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from player.directory.model import DirectoryResult, MergedAnswer
from player.i18n import _, ngettext
from player.qt.bridges.sync import SyncBridge
from player.qt.widgets.result_cards import ResultCards
from player.services.discover import is_address as core_is_address
from player.services.subscribe import SubscribeResult

if TYPE_CHECKING:
    from player.qt.controllers.discover import DiscoverController

SEARCH_DELAY_MS = 300
"""Typing pauses this long before the directories are asked (one query per word, not per key)."""
MIN_QUERY = 2
PATH_PREFIXES = ("/", "~", "./", "../", "file:")
"""A local feed file still subscribes, as it did before the box searched."""


def is_address(text: str) -> bool:
    """True when ``text`` is a feed or web page address (or a feed file), not a podcast's name.

    "https://…", "feed:…", "example.org/feed.xml", "npr.org" and "/home/me/feed.xml" are
    addresses; "the daily" and "radiolab" are names to search for.
    """
    stripped = text.strip()
    if stripped.startswith(PATH_PREFIXES):  # a name to search never starts so
        return True
    return core_is_address(stripped)


def answer_status(answer: MergedAnswer) -> str:
    """ "12 podcasts found for “x”" (or none), for the line above the cards."""
    count = len(answer.results)
    if count == 0:
        return _("No podcasts found for “{query}”.").format(query=answer.query)
    return ngettext(
        "{count} podcast found for “{query}”.", "{count} podcasts found for “{query}”.", count
    ).format(count=count, query=answer.query)


def errors_text(errors: dict[str, str]) -> str:
    """One line per directory that failed: its own sentence."""
    return "\n".join(errors[name] for name in sorted(errors))


class AddPodcastDialog(QDialog):
    """Subscribe by URL (HTML pages are searched for their feed), a feed file, or by name."""

    def __init__(
        self,
        sync: SyncBridge,
        parent: QWidget | None = None,
        import_opml: Callable[[str], object] | None = None,
        discover: DiscoverController | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addPodcastDialog")
        self.setWindowTitle(_("Add podcast"))
        self.sync = sync
        self.import_opml = import_opml
        """Where an OPML subscription list typed here goes (the import dialog)."""
        self.discover = discover
        self.query = ""
        """The search whose answer is shown (or awaited)."""
        self.url = QLineEdit()
        self.url.setObjectName("addPodcastUrl")
        self.url.setAccessibleName(_("Podcast name, feed or website address"))
        self.url.setPlaceholderText(
            _("A podcast's name, or https://example.org/feed.xml or its web page")
            if discover is not None
            else _("https://example.org/feed.xml or the podcast's web page")
        )
        self.url.setClearButtonEnabled(True)
        clip = QGuiApplication.clipboard().text().strip()
        if clip.startswith(("http://", "https://", "feed:", "itpc:", "pcast:", "podcast:")):
            self.url.setText(clip)
        self.error = QLabel("")
        self.error.setObjectName("addPodcastError")
        self.error.setAccessibleName(_("Error"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("discoverStatus")
        self.status.setVisible(False)
        self.provider_errors = QLabel("")
        self.provider_errors.setObjectName("discoverErrors")
        self.provider_errors.setAccessibleName(_("Directories that did not answer"))
        self.provider_errors.setWordWrap(True)
        self.provider_errors.setStyleSheet("color: #b26a00;")
        self.provider_errors.setVisible(False)
        self.cards = ResultCards(discover.covers if discover is not None else None)
        self.cards.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Subscribe"))
        self.ok.setObjectName("addPodcastSubscribe")
        self.buttons.accepted.connect(self._subscribe)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        prompt = (
            _("Search the podcast directories, or give a feed or web page address:")
            if discover is not None
            else _("Address of the podcast's feed or web page:")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.url)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.provider_errors)
        layout.addWidget(self.cards, 1)
        self.browse = QLabel(_("<a href='#charts'>Browse the top podcasts instead…</a>"))
        self.browse.setObjectName("addPodcastBrowse")
        self.browse.setVisible(discover is not None)
        layout.addWidget(self.browse)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        if discover is not None:
            self.browse.linkActivated.connect(lambda _link: self._browse(discover))
            self.url.textChanged.connect(self._typed)
            self.url.installEventFilter(self)
            self.cards.openRequested.connect(lambda result: discover.open_page(result, self))
            self.cards.subscribeRequested.connect(self.subscribe_result)
            discover.subscribedFeed.connect(self.cards.cards.mark_subscribed)

    def _browse(self, discover: DiscoverController) -> None:
        """To the Discover view (this dialog is modal over the window: it closes first)."""
        self.reject()
        discover.open_discover()

    # -- searching --------------------------------------------------------------------------

    def searching(self) -> bool:
        """The box holds a name to search for, not an address."""
        text = self.url.text()
        return self.discover is not None and bool(text.strip()) and not is_address(text)

    def _typed(self, text: str) -> None:
        self.error.setText("")
        self.ok.setText(_("Subscribe to the selected") if self.searching() else _("Subscribe"))
        if not self.searching() or len(text.strip()) < MIN_QUERY:
            self._timer.stop()
            if self.discover is not None:
                self.discover.bridge.forget("search")
            self.query = ""
            self.busy.setVisible(False)
            self.ok.setEnabled(True)
            return
        self._timer.start()

    def search_now(self) -> None:
        """Ask the directories for what the box holds (the debounce timer, or Enter)."""
        self._timer.stop()
        query = self.url.text().strip()
        if self.discover is None or len(query) < MIN_QUERY:
            return
        if query == self.query and self.cards.isVisible():
            return
        self.query = query
        self.busy.setVisible(True)
        self.status.setText(_("Searching for “{query}”…").format(query=query))
        self.status.setVisible(True)
        self.discover.bridge.search(query, self._answered, self._search_failed)

    def _answered(self, answer: MergedAnswer) -> None:
        self.busy.setVisible(False)
        self.status.setText(answer_status(answer))
        self.provider_errors.setText(errors_text(answer.errors))
        self.provider_errors.setVisible(bool(answer.errors))
        self.cards.show_results(answer.results)
        if not self.cards.isVisible():
            self.cards.setVisible(True)
            self.resize(max(self.width(), 680), max(self.height(), 580))

    def _search_failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.status.setVisible(False)
        self.error.setText(_("The search failed: {message}").format(message=message))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the box: Enter searches now (an address subscribes), Down goes to the cards."""
        searching = isinstance(event, QKeyEvent) and self.searching()
        if watched is self.url and searching and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.query == self.url.text().strip() and self.cards.cards.rowCount():
                    self.cards.setFocus()
                else:
                    self.search_now()
                return True
            if key == Qt.Key.Key_Down and self.cards.cards.rowCount():
                self.cards.setFocus()
                return True
        return super().eventFilter(watched, event)

    def subscribe_result(self, result: DirectoryResult) -> None:
        """A card's Subscribe: the dialog stays open for the next one."""
        assert self.discover is not None
        self.error.setText("")
        self.discover.subscribe_card(self.cards.cards, result, self.error.setText)

    # -- an address -------------------------------------------------------------------------

    def _subscribe(self) -> None:
        text = self.url.text().strip()
        if text and self.searching():
            current = self.cards.current_result() if self.cards.isVisible() else None
            if current is not None and not current.subscribed:
                self.subscribe_result(current)
            else:
                self.search_now()
            return
        if not text:
            self.error.setText(_("Enter the address of a feed or of the podcast's web page."))
            return
        self.error.setText("")
        self._set_busy(True)
        self.sync.subscribe(
            text,
            done=self._done,
            failed=self._failed,
            is_list=self._is_list if self.import_opml is not None else None,
        )

    def _is_list(self, address: str) -> None:
        """A subscription list, not a feed: import it rather than fail."""
        self._set_busy(False)
        self.accept()
        if self.import_opml is not None:
            self.import_opml(address)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.ok.setEnabled(not busy)
        self.url.setEnabled(not busy)

    def _done(self, result: SubscribeResult) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.error.setText(message)
        self.url.setFocus()
