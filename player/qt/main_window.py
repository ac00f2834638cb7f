"""The main window: lays out the panes, menus, toolbar and status line. No logic of its own:
controllers (``player.qt.controllers``) connect what the panes ask for to the services."""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolBar,
    QWidget,
)

from player import APP_DISPLAY_NAME
from player.i18n import _
from player.qt.actions import ActionRegistry
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane

log = logging.getLogger(__name__)

DROPPABLE_SUFFIXES = (".opml", ".xml", ".rss", ".atom")
NOW_PLAYING_SHARE = 0.6
NOW_PLAYING_READING_SHARE = 0.75
"""Its share while the transcript shows: lines to read, and the queue scrolls meanwhile."""
NOW_PLAYING_SLACK = 8
"""Pixels above now playing's minimum: wrapped labels need a little more than Qt counts."""
MESSAGE_TIMEOUT_MS = 8000
"""How long a one-off status message stays ("Subscribed to ...", an error)."""


class LayoutStore(Protocol):
    """What the window keeps between sessions (shortcuts, geometry, splitters, last entry):
    settings by key. The app passes its settings; the window needs no repository."""

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, else its declared default, else ``default``."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Keep a JSON-serialisable value under ``key``."""
        ...


class MainWindow(QMainWindow):
    """Library on the left; now playing above the queue on the right."""

    dropped = Signal(list)
    """Feed URLs or OPML/feed file paths dropped on the window (strings)."""
    closing = Signal()

    def __init__(
        self,
        library_pane: LibraryPane,
        queue_pane: QueuePane,
        now_playing_pane: NowPlayingPane,
        settings: LayoutStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setAcceptDrops(True)
        self.settings = settings
        self.library_pane = library_pane
        self.queue_pane = queue_pane
        self.now_playing_pane = now_playing_pane
        # Not ``actions``: that name would hide QWidget.actions().
        self.registry = ActionRegistry(self, settings.get("ui.shortcuts") or {})
        queue_pane.list.addAction(self.registry["remove_from_queue"])

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.addWidget(now_playing_pane)
        self.side_splitter.addWidget(queue_pane)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(library_pane)
        self.splitter.addWidget(self.side_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self.resize(1280, 800)
        self.splitter.setSizes([860, 420])  # episode titles need the width more
        self._side_chosen = False  # True once the listener drags it (or a saved layout)
        self._side_fit_queued = False
        self.side_splitter.splitterMoved.connect(self._side_dragged)
        # The panes' needs change with what they show (the empty state, five chapters...):
        # Qt tells the splitter with a LayoutRequest, and the share is worked out again.
        self.side_splitter.installEventFilter(self)

    # -- chrome ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.registry
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Podcasts"))
        for name in (
            "add_podcast",
            "discover",
            "new_playlist",
            "refresh",
            "cancel_refresh",
            "sync_now",
            None,
            "import_opml",
            "export_opml",
            None,
            "settings",
            None,
            "quit",
        ):
            file_menu.addSeparator() if name is None else file_menu.addAction(a[name])
        play_menu = bar.addMenu(_("P&layback"))
        for name in (
            "play_pause",
            "stop",
            None,
            "skip_back",
            "skip_forward",
            "previous_chapter",
            "next_chapter",
            None,
            "slower",
            "faster",
            "mute",
            None,
            "bookmark",
            None,
            "next_in_queue",
            "previous_in_queue",
        ):
            play_menu.addSeparator() if name is None else play_menu.addAction(a[name])
        view_menu = bar.addMenu(_("&View"))
        view_menu.addAction(a["search"])
        view_menu.addAction(a["downloads"])
        view_menu.addAction(a["statistics"])
        view_menu.addAction(a["bookmarks"])
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(a["shortcuts_help"])
        help_menu.addAction(a["about"])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(_("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.registry["add_podcast"])
        toolbar.addAction(self.registry["refresh"])
        toolbar.addAction(self.registry["cancel_refresh"])
        self.registry["cancel_refresh"].setEnabled(False)
        self.refresh_progress = QProgressBar()
        self.refresh_progress.setObjectName("refreshProgress")
        self.refresh_progress.setAccessibleName(_("Refresh progress"))
        self.refresh_progress.setMaximumWidth(220)
        self.refresh_progress.setFormat("%v of %m feeds")
        # A widget in a tool bar is shown and hidden through its action (QToolBar docs):
        # hiding the progress bar widget itself left it on screen after the refresh.
        self._refresh_progress_action = toolbar.addWidget(self.refresh_progress)
        self._refresh_progress_action.setVisible(False)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_status(self) -> None:
        """One label in the status bar. It shows the latest one-off message until it times out,
        else the ongoing activities ("Downloading 2 episodes: 45 %"), else nothing; we never
        use ``QStatusBar.showMessage``, which hides the label and then brings an old text back.
        """
        self.message_timeout_ms = MESSAGE_TIMEOUT_MS
        self._message = ""
        self._activities: dict[str, str] = {}
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self._message_expired)
        self.status_label = QLabel("")
        self.status_label.setObjectName("statusMessage")
        self.status_label.setAccessibleName(_("Status"))
        self.statusBar().addWidget(self.status_label, 1)

    def show_message(self, text: str, timeout_ms: int | None = None) -> None:
        """A one-off, non-modal message (errors included: no pop-ups); it goes away by itself
        after ``timeout_ms`` (default ``message_timeout_ms``) or when the next one comes."""
        self._message = text
        self._message_timer.start(self.message_timeout_ms if timeout_ms is None else timeout_ms)
        self._show_status()

    def set_activity(self, name: str, text: str) -> None:
        """Ongoing state under ``name`` (downloads, a refresh); an empty text clears it."""
        if text:
            self._activities[name] = text
        else:
            self._activities.pop(name, None)
        self._show_status()

    def _message_expired(self) -> None:
        self._message = ""
        self._show_status()

    def _show_status(self) -> None:
        text = self._message or " · ".join(self._activities.values())
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    def set_refresh_progress(self, done: int | None, total: int = 0) -> None:
        """Show refresh progress (None hides it)."""
        running = done is not None
        self._refresh_progress_action.setVisible(running)
        self.registry["cancel_refresh"].setEnabled(running)
        self.registry["refresh"].setEnabled(not running)
        self.set_activity("refresh", _("Refreshing feeds…") if running else "")
        if done is not None:
            self.refresh_progress.setRange(0, max(total, 1))
            self.refresh_progress.setValue(done)

    # -- drag and drop of feeds and OPML files ------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_items(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        items = _dropped_items(event.mimeData())
        if items:
            event.acceptProposedAction()
            self.dropped.emit(items)
            return
        super().dropEvent(event)

    # -- sharing the right-hand column -------------------------------------------------------

    def _side_dragged(self, _pos: int, _index: int) -> None:
        self._side_chosen = True

    def _fit_side(self) -> None:
        """Share the right-hand column until the listener sets it: now playing gets
        :data:`NOW_PLAYING_SHARE` of it (at 1280x800: five whole chapter rows, and three
        up-next cards below), never less than it needs to keep every control inside it (at
        1024x700 the queue, which scrolls, gives way) and never more than it can use."""
        if self._side_chosen:
            return
        total = sum(self.side_splitter.sizes()) or self.side_splitter.height()
        pane = self.now_playing_pane
        least = pane.minimumSizeHint().height() + NOW_PLAYING_SLACK
        share = NOW_PLAYING_READING_SHARE if pane.reading_transcript() else NOW_PLAYING_SHARE
        wanted = max(least, min(pane.sizeHint().height(), round(total * share)))
        wanted = min(wanted, total - self.queue_pane.minimumSizeHint().height())
        if self.side_splitter.sizes() != [wanted, total - wanted]:
            self.side_splitter.setSizes([wanted, total - wanted])

    def _queued_fit(self) -> None:
        self._side_fit_queued = False
        self._fit_side()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_side()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.side_splitter
            and event.type() == QEvent.Type.LayoutRequest
            and not self._side_fit_queued
            and not self._side_chosen
        ):
            # Labels that change text (the clock, four times a second) ask for layouts too:
            # one fit per turn of the event loop at most.
            self._side_fit_queued = True
            QTimer.singleShot(0, self._queued_fit)
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_side()

    # -- remembering the layout -----------------------------------------------------------

    def _splitters(self) -> list[QSplitter]:
        return [
            self.splitter,
            self.side_splitter,
            self.library_pane.splitter,
            self.now_playing_pane.lower_splitter,
        ]

    def restore_layout(self) -> None:
        """Geometry and splitter sizes from the last session."""
        geometry = self.settings.get("ui.geometry")
        if geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
        sizes = self.settings.get("ui.splitters") or {}
        for splitter in self._splitters():
            state = sizes.get(splitter.objectName())
            if state:
                splitter.restoreState(QByteArray(base64.b64decode(state)))
                if splitter is self.side_splitter:
                    self._side_chosen = True

    def save_layout(self) -> None:
        """Remember geometry, splitter sizes and the selected library entry (on close only:
        the GUI thread does not write to the database while the listener works)."""
        entry = self.library_pane.current_entry
        if entry is not None:
            self.settings.set("ui.last_entry", entry.key)
        self.settings.set("ui.geometry", base64.b64encode(self.saveGeometry().data()).decode())
        self.settings.set(
            "ui.splitters",
            {
                s.objectName(): base64.b64encode(s.saveState().data()).decode()
                for s in self._splitters()
            },
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.closing.emit()
        super().closeEvent(event)


def _dropped_items(mime: QMimeData) -> list[str]:
    """Feed URLs and local OPML/feed files from a drop; plain text URLs count too."""
    items: list[str] = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in DROPPABLE_SUFFIXES:
                items.append(str(path))
        elif url.scheme() in ("http", "https", "feed", "itpc", "pcast", "podcast"):
            items.append(url.toString())
    if not items and mime.hasText():
        for line in mime.text().split():
            if line.startswith(("http://", "https://", "feed:", "itpc:", "pcast:", "podcast:")):
                items.append(line.strip())
    return items
