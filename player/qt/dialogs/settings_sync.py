"""Settings → Sync: the gpodder.net or Nextcloud account, and what the last sync did.

The page acts at once, not on Save: "Log in" checks the account with the server (on a worker,
the buttons disabled meanwhile) and stores it; "Sync now" and "Log out" go to the window's
sync controller, which also runs syncs by itself. The password goes to the system keyring
(never the database); where there is none the page says so, and the window asks for it once
per session. For Nextcloud, "Log in with browser…" runs Nextcloud's Login Flow v2: the browser
opens Nextcloud's page, the listener approves there, and an app password comes back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from player.i18n import N_, _
from player.qt.controllers.account_sync import AccountSyncController
from player.qt.controllers.account_sync_report import report_text
from player.qt.workers import to_main
from player.recommend.reasons import ago_words
from player.services.account_sync import SyncReport, SyncStatus, default_device
from player.services.sync_passwords import NOT_KEPT
from player.syncapi.login_flow import start_login_flow, wait_for_login
from player.syncapi.model import GPODDER, NEXTCLOUD

log = logging.getLogger(__name__)

GPODDER_NET = "https://gpodder.net"
KIND_LABELS = (
    (GPODDER, N_("gpodder.net (or a server speaking its API)")),
    (NEXTCLOUD, N_("Nextcloud (gPodder Sync app)")),
)
WHAT_SYNCS = N_(
    "Subscriptions, listening positions and played marks go both ways between this computer "
    "and your other devices (AntennaPod, Kasts, gPodder, …); downloads stay on each. "
    "These buttons act at once, without Save."
)
ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: #b26a00;"


def last_sync_words(last_sync: float | None, now: float | None = None) -> str:
    """ "never", "just now", "5 minutes ago"."""
    if last_sync is None:
        return "never"
    return ago_words(max(0.0, (now if now is not None else time.time()) - last_sync))


class _Line(QLabel):
    """A message line that takes no room while it says nothing."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


class SyncPage(QWidget):
    """The account form, its buttons and the state of the last sync."""

    def __init__(
        self,
        controller: AccountSyncController,
        persistent: bool,
        open_url: Callable[[QUrl], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.controller = controller
        self.open_url = open_url
        self._logging_in = False
        self._browser_cancel: threading.Event | None = None
        self.persistent = persistent
        self._own_error = ""
        self._stored_error = ""
        # In a scroll area: with large fonts or a long error nothing is squeezed or clipped.
        inner = QWidget()
        inner.setObjectName("syncPageContent")
        layout = QVBoxLayout(inner)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        what = QLabel(_(WHAT_SYNCS))
        what.setObjectName("syncWhat")
        what.setWordWrap(True)
        layout.addWidget(what)

        account = QGroupBox(_("Account"))
        form = self.form = QFormLayout(account)
        self.kind = QComboBox()
        self.kind.setObjectName("syncKind")
        self.kind.setAccessibleName(_("Kind of sync server"))
        for kind, label in KIND_LABELS:
            self.kind.addItem(_(label), kind)
        form.addRow(_("Server kind:"), self.kind)
        self.server = self._field("syncServer", _("Server address"))
        self.server.setText(GPODDER_NET)
        form.addRow(_("Server:"), self.server)
        self.user = self._field("syncUser", _("User name"))
        form.addRow(_("User:"), self.user)
        self.password = self._field("syncPassword", _("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Password:"), self.password)
        self.device = self._field("syncDevice", _("Device name"))
        self.device.setPlaceholderText(default_device())
        self.device.setToolTip(_("This computer's name on the server (letters, digits, - and _)."))
        form.addRow(_("Device name:"), self.device)
        self.no_keyring = QLabel(_(NOT_KEPT))
        self.no_keyring.setObjectName("syncNoKeyring")
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setStyleSheet(NOTE_STYLE)
        self.no_keyring.setVisible(not persistent)
        form.addRow(self.no_keyring)

        buttons = QHBoxLayout()
        self.login_button = self._button("syncLogin", _("Log in"), self._login, buttons)
        self.browser_button = self._button(
            "syncBrowserLogin", _("Log in with browser…"), self._browser_login, buttons
        )
        self.sync_button = self._button("syncNow", _("Sync now"), self._sync_now, buttons)
        self.logout_button = self._button("syncLogout", _("Log out"), self._logout, buttons)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(account)

        state = QGroupBox(_("State"))
        rows = QFormLayout(state)
        self.account_label = self._label("syncAccount")
        rows.addRow(_("Account:"), self.account_label)
        self.last_sync = self._label("syncLastSync")
        rows.addRow(_("Last sync:"), self.last_sync)
        self.pending = self._label("syncPending")
        rows.addRow(_("Waiting to go:"), self.pending)
        self.totals = self._label("syncTotals")
        rows.addRow(_("So far:"), self.totals)
        self.result = self._label("syncResult", hide_empty=True)
        rows.addRow(self.result)
        self.error = self._label("syncError", hide_empty=True)
        self.error.setStyleSheet(ERROR_STYLE)
        rows.addRow(self.error)
        layout.addWidget(state)
        layout.addStretch(1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        controller.statusChanged.connect(self.show_status)
        controller.busyChanged.connect(self._busy_changed)
        controller.syncFinished.connect(self._synced)
        self._ticker = QTimer(self)  # "2 minutes ago" keeps moving while the page is open
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self.show_status(controller.status, fill=True)
        if controller.last_report is not None:
            self._synced(controller.last_report)
        self._kind_changed()
        controller.refresh_status()

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def _field(name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    @staticmethod
    def _label(name: str, hide_empty: bool = False) -> QLabel:
        label = _Line("") if hide_empty else QLabel("")
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _button(
        self, name: str, text: str, slot: Callable[[], None], row: QHBoxLayout
    ) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in a field must not Save the dialog mid-login
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    # -- showing ------------------------------------------------------------------------------

    @property
    def kind_value(self) -> str:
        """The chosen kind of server (``gpodder`` or ``nextcloud``)."""
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        nextcloud = self.kind_value == NEXTCLOUD
        self.form.setRowVisible(self.device, not nextcloud)
        self.browser_button.setVisible(nextcloud)
        if nextcloud and self.server.text().strip() == GPODDER_NET:
            self.server.clear()
        elif not nextcloud and not self.server.text().strip():
            self.server.setText(GPODDER_NET)
        self.server.setPlaceholderText(_("https://cloud.example.org") if nextcloud else GPODDER_NET)
        self.password.setPlaceholderText(
            _("an app password (Nextcloud: Settings → Security)") if nextcloud else ""
        )
        self._enable()

    def show_status(self, status: SyncStatus, fill: bool = False) -> None:
        """The account and its counts; ``fill`` also puts the account into the form."""
        if not status.logged_in:
            self.account_label.setText(_("Not logged in."))
            self.last_sync.setText("—")
            self.pending.setText("—")
            self.totals.setText("—")
            self._stored_error = ""
        else:
            where = f"{status.username} on {status.server}"
            if status.device:
                where += f" (device {status.device})"
            if not status.password_stored and self.persistent:
                where += "; the password is not in the keyring: log in again"
            self.account_label.setText(where)
            self.last_sync.setText(last_sync_words(status.last_sync))
            self.pending.setText(
                _("{pending_actions} episode changes").format(
                    pending_actions=status.pending_actions
                )
            )
            self.totals.setText(
                _("sent {uploaded_total}, received {downloaded_total} episode changes").format(
                    uploaded_total=status.uploaded_total, downloaded_total=status.downloaded_total
                )
            )
            self._stored_error = (
                _("Last error: {last_error}").format(last_error=status.last_error)
                if status.last_error
                else ""
            )
            if fill or not self.user.text():
                self._fill(status)
        self._show_error()
        self._enable()

    def _fill(self, status: SyncStatus) -> None:
        index = self.kind.findData(status.kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.server.setText(status.server)
        self.user.setText(status.username)
        if status.device:
            self.device.setText(status.device)
        self.password.setPlaceholderText(
            _("stored in the keyring; type to replace") if status.password_stored else ""
        )

    def _synced(self, report: SyncReport) -> None:
        self.result.setText(report_text(report) if report.complete else "")
        if not report.complete and report.errors:
            self._stored_error = _("Last error: {value}").format(value=report.errors[-1])
        self._show_error()

    def _busy_changed(self, _busy: bool) -> None:
        self._enable()

    def _tick(self) -> None:
        self.show_status(self.controller.status)

    def _enable(self) -> None:
        busy = self.controller.busy or self._logging_in
        logged_in = self.controller.status.logged_in
        waiting = self._browser_cancel is not None
        self.login_button.setEnabled(not busy)
        self.browser_button.setEnabled(not busy or waiting)
        self.browser_button.setText(
            _("Cancel browser login") if waiting else _("Log in with browser…")
        )
        self.sync_button.setEnabled(not busy and logged_in)
        self.logout_button.setEnabled(not busy and logged_in)
        for field in (self.kind, self.server, self.user, self.password, self.device):
            field.setEnabled(not busy)
        if busy and not waiting:
            self.sync_button.setText(_("Syncing…") if not self._logging_in else _("Sync now"))
        else:
            self.sync_button.setText(_("Sync now"))

    # -- acting -------------------------------------------------------------------------------

    def _say(self, sentence: str) -> None:
        """A sentence about what the listener just did (kept over the stored last error
        until their next action)."""
        self._own_error = sentence
        self._show_error()

    def _show_error(self) -> None:
        self.error.setText(self._own_error or self._stored_error)

    def _failed(self, sentence: str) -> None:
        self._logging_in = False
        self._say(sentence)
        self._enable()

    def _login(self) -> None:
        server, user, password = self.server.text(), self.user.text(), self.password.text()
        if not server.strip() or not user.strip():
            self._say(_("Enter the server address and your user name."))
            return
        if not password:
            self._say(_("Enter the password."))
            return
        self._say("")
        self.result.setText(_("Logging in…"))
        started = self.controller.login(
            self.kind_value, server, user, password, self.device.text(), failed=self._login_failed
        )
        if started:
            self._logging_in = True
            self.password.clear()
            self.controller.busyChanged.connect(self._login_ended)
        self._enable()

    def _login_failed(self, sentence: str) -> None:
        self.result.setText("")
        self._failed(sentence)

    def _login_ended(self, busy: bool) -> None:
        if not busy:
            self.controller.busyChanged.disconnect(self._login_ended)
            self._logging_in = False
            if self.result.text() == "Logging in…":
                self.result.setText("")
            self._enable()

    def _sync_now(self) -> None:
        self._say("")
        self.result.setText(_("Syncing…"))
        self.controller.sync_now()

    def _logout(self) -> None:
        self.result.setText("")
        self._say("")
        self.password.clear()
        self.password.setPlaceholderText("")
        self.controller.logout()

    # -- Nextcloud's Login Flow v2 --------------------------------------------------------------

    def _browser_login(self) -> None:
        if self._browser_cancel is not None:
            self._cancel_browser()
            return
        server = self.server.text().strip()
        if not server:
            self._say(_("Enter the Nextcloud server's address first."))
            return
        if "://" not in server:
            server = "https://" + server
        cancel = self._browser_cancel = threading.Event()
        opened = self.open_url
        engine = self.controller.engine

        def work() -> SyncStatus:
            flow = start_login_flow(server)
            to_main(lambda: opened(QUrl(flow.login_url)))
            granted = wait_for_login(flow, cancel=cancel)
            return engine.login(NEXTCLOUD, granted.server, granted.login_name, granted.app_password)

        self._say("")
        self.result.setText(_("Approve the login in your browser…"))

        def failed(sentence: str) -> None:
            self.result.setText("")
            self._failed(_("Browser login cancelled.") if cancel.is_set() else sentence)

        if not self.controller.login_with(work, failed=failed):
            self._browser_cancel = None
            return
        self.controller.busyChanged.connect(self._browser_ended)
        self._enable()

    def _browser_ended(self, busy: bool) -> None:
        if not busy:
            self.controller.busyChanged.disconnect(self._browser_ended)
            self._browser_cancel = None
            if self.result.text().startswith(_("Approve the login")):
                self.result.setText("")
            self._enable()

    def dialog_closed(self, *_args: object) -> None:
        """The Settings dialog closed: stop waiting for the browser, stop the clock."""
        self._ticker.stop()
        self._cancel_browser()

    def _cancel_browser(self) -> None:
        """Stop waiting for the browser login (its task ends at the next poll)."""
        if self._browser_cancel is not None:
            self._browser_cancel.set()
