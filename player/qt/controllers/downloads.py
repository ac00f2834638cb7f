"""The downloads view and its status-bar indicator, wired to the download bridge.

The indicator is a flat button at the right of the status bar: it says what is downloading
(or that something failed) and opens the downloads view; it hides when there is nothing to say.
The view is built the first time it is asked for and then kept, so its selection survives
closing and reopening it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from player.i18n import _
from player.qt.bridges.downloads import DownloadBridge

if TYPE_CHECKING:  # imported when first shown, not with the window's start
    from player.qt.dialogs.downloads import DownloadsDialog


class DownloadsController(QObject):
    """Opens the downloads view and carries out its commands through the bridge."""

    def __init__(self, status_bar: QStatusBar, bridge: DownloadBridge, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        """The view's parent (it opens over the main window)."""
        self.bridge = bridge
        self.view: DownloadsDialog | None = None
        self.indicator = QToolButton()
        self.indicator.setObjectName("downloadsIndicator")
        self.indicator.setAutoRaise(True)
        self.indicator.setToolTip(_("Show downloads"))
        self.indicator.setVisible(False)
        self.indicator.clicked.connect(lambda _checked=False: self.show())
        status_bar.addPermanentWidget(self.indicator)
        bridge.summary.connect(self._summary)

    def _summary(self, text: str) -> None:
        self.indicator.setText(text)
        self.indicator.setAccessibleName(
            _("Downloads: {text}").format(text=text) if text else _("Downloads")
        )
        self.indicator.setVisible(bool(text))

    def show(self) -> DownloadsDialog:
        """View -> Downloads: bring the downloads window up (built once, then reused)."""
        from player.qt.dialogs.downloads import DownloadsDialog

        if self.view is None:
            view = DownloadsDialog(self.bridge.model, self.window)
            view.cancelRequested.connect(self.bridge.cancel)
            view.retryRequested.connect(self.bridge.retry)
            view.clearRequested.connect(self.bridge.clear_finished)
            self.view = view
        if self.view.isVisible():
            self.view.raise_()  # already open, perhaps behind the main window
        self.view.show()
        self.view.activateWindow()
        return self.view
