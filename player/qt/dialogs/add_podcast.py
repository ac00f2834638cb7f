"""The "Add podcast" dialog: paste a feed or web page URL; errors stay in the dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from player.qt.bridges.sync import SyncBridge
from player.services.subscribe import SubscribeResult


class AddPodcastDialog(QDialog):
    """Subscribe by URL (HTML pages are searched for their feed) or by a local feed file."""

    def __init__(
        self,
        sync: SyncBridge,
        parent: QWidget | None = None,
        import_opml: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addPodcastDialog")
        self.setWindowTitle("Add podcast")
        self.sync = sync
        self.import_opml = import_opml
        """Where an OPML subscription list typed here goes (the import dialog)."""
        self.url = QLineEdit()
        self.url.setObjectName("addPodcastUrl")
        self.url.setAccessibleName("Feed or website address")
        self.url.setPlaceholderText("https://example.org/feed.xml or the podcast's web page")
        clip = QGuiApplication.clipboard().text().strip()
        if clip.startswith(("http://", "https://", "feed:", "itpc:", "pcast:", "podcast:")):
            self.url.setText(clip)
        self.error = QLabel("")
        self.error.setObjectName("addPodcastError")
        self.error.setAccessibleName("Error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Subscribe")
        self.ok.setObjectName("addPodcastSubscribe")
        self.buttons.accepted.connect(self._subscribe)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of the podcast's feed or web page:"))
        layout.addWidget(self.url)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _subscribe(self) -> None:
        text = self.url.text().strip()
        if not text:
            self.error.setText("Enter the address of a feed or of the podcast's web page.")
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
