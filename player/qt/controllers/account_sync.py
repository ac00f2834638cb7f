"""Account sync in the window: the engine runs by itself on workers, never on the GUI thread.

A sync starts

- **shortly after start-up** (the library and the first episodes come first),
- **on a timer** (every :data:`INTERVAL_MS`, restarted after every sync, the listener's too),
- **after local changes**, debounced (:data:`DEBOUNCE_MS` after playback pauses or stops, an
  episode is marked played, a feed is added or removed): the debounced one first asks the
  store, cheaply, whether anything is waiting to be sent and syncs only then,
- and when the listener chooses "Sync now" (menu, Settings -> Sync).

One sync at a time: a trigger while one runs is remembered and runs after it. Being offline is
normal: the error is recorded by the engine and shown in Settings -> Sync (and once on the status
line, not again while it repeats); changes wait in the outbox. Where the password is not in a
keyring (none on this system) the window asks for it once per session and keeps it in memory
only (:meth:`~player.services.sync_passwords.SyncPasswords.remember_for_session`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from player.i18n import _
from player.qt.controllers.account_sync_report import (
    AskPassword,
    SyncOutcome,
    ask_password_dialog,
    changed_library,
    report_text,
)
from player.qt.workers import TaskRunner, to_main
from player.services.account_sync import AccountSyncService, SyncReport, SyncStatus, account_of
from player.services.playback_state import PlayerState
from player.services.sync_passwords import SyncPasswords

if TYPE_CHECKING:
    from player.qt.app import Application

log = logging.getLogger(__name__)

STARTUP_DELAY_MS = 12_000
"""After start-up: the library, the first episodes and the feed refresh's start come first."""
INTERVAL_MS = 15 * 60_000
DEBOUNCE_MS = 30_000
"""Quiet time after a local change before the changes go (a pause, then play again: one sync)."""


class AccountSyncController(QObject):
    """Owns the sync engine in the window: triggers, one sync at a time, status as signals.

    The intervals are arguments so tests can prove the schedule in seconds; the app uses the
    module's constants.
    """

    statusChanged = Signal(object)
    """A :class:`SyncStatus` (after a sync, a login, a logout, or a status read)."""
    busyChanged = Signal(bool)
    """A sync (or a login) started (True) or ended (False): buttons follow this."""
    syncStarted = Signal()
    """The engine started talking to the server (not sent for a check that found nothing)."""
    syncFinished = Signal(object)
    """The :class:`SyncReport` of a sync that ran."""
    libraryChanged = Signal()
    """A sync changed podcasts or episodes: the library and queue views reload."""
    message = Signal(str)
    """A sentence for the status line (the listener's syncs; a new error of automatic ones)."""

    def __init__(
        self,
        runner: TaskRunner,
        engine: AccountSyncService,
        passwords: SyncPasswords,
        *,
        ask_password: AskPassword | None = None,
        interval_ms: int = INTERVAL_MS,
        debounce_ms: int = DEBOUNCE_MS,
        startup_delay_ms: int = STARTUP_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.engine = engine
        self.passwords = passwords
        self.ask_password = ask_password or ask_password_dialog(
            parent if isinstance(parent, QWidget) else None
        )
        self.status: SyncStatus = SyncStatus(logged_in=False)
        """The last status read (on a worker); the GUI thread never asks the engine itself."""
        self.last_report: SyncReport | None = None
        self.syncs = 0
        """Syncs that ran (tests and the log)."""
        self._busy = False
        self._again: bool | None = None
        """A trigger arrived while busy: sync after this one (True: only if something waits)."""
        self._asked = False
        self._closed = False
        self._last_error_shown: str | None = None
        self.timer = self._timer("accountSyncTimer", interval_ms, self._timed)
        self.debounce = self._timer("accountSyncDebounce", debounce_ms, self._debounced)
        self.startup = self._timer("accountSyncStartup", startup_delay_ms, self._timed)

    def _timer(self, name: str, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def busy(self) -> bool:
        """A sync or a login is running."""
        return self._busy

    # -- triggers ---------------------------------------------------------------------------

    def start(self) -> None:
        """After the window shows: read the status now, sync shortly, then on the timer."""
        self.refresh_status()
        self.startup.start()
        self.timer.start()

    def local_change(self, *_args: object) -> None:
        """Something the listener did locally: sync when things have been quiet a while."""
        if not self._closed:
            self.debounce.start()  # restarts: a burst of changes is one sync

    def sync_now(self) -> bool:
        """The listener's "Sync now" (False when a sync is already running: it runs after)."""
        return self._start(only_if_pending=False, manual=True)

    def _timed(self) -> None:
        self._start(only_if_pending=False, manual=False)

    def _debounced(self) -> None:
        self._start(only_if_pending=True, manual=False)

    # -- one sync ---------------------------------------------------------------------------

    def _start(self, only_if_pending: bool, manual: bool) -> bool:
        if self._closed:
            return False
        if self._busy:
            keep = self._again if self._again is not None else True
            self._again = keep and only_if_pending
            return False
        self._set_busy(True)
        engine = self.engine

        def work() -> SyncOutcome:
            status = engine.status()
            if not status.logged_in:
                return SyncOutcome(status)
            if only_if_pending and not self._pending(engine):
                return SyncOutcome(status)
            if not status.password_stored:
                return SyncOutcome(status, needs_password=True)
            to_main(self._started)
            report = engine.sync()
            return SyncOutcome(engine.status(), report)

        self.runner.run(
            work,
            lambda outcome: self._done(outcome, only_if_pending, manual),
            lambda exc: self._failed(exc, manual),
        )
        return True

    def _started(self) -> None:
        if not self._closed:
            self.syncStarted.emit()

    @staticmethod
    def _pending(engine: AccountSyncService) -> bool:
        """Worker: episode actions wait, or the library's feeds differ from the server's list."""
        repo = engine.repo
        return repo.pending_count() > 0 or repo.local_feeds() != repo.known_feeds()

    def _done(self, outcome: SyncOutcome, only_if_pending: bool, manual: bool) -> None:
        if not self._settle():
            return
        self._show(outcome.status)
        if outcome.report is not None or not self.timer.isActive():
            self.timer.start()  # a full interval after this sync (a check postpones nothing)
        if outcome.needs_password:
            if self._ask(outcome.status, again=manual):
                self._start(only_if_pending, manual)
                return
            if manual:
                self.message.emit(_("Not synced: the sync password is needed (Settings → Sync)."))
        report = outcome.report
        if report is not None:
            self.syncs += 1
            self.last_report = report
            self.syncFinished.emit(report)
            if changed_library(report):
                self.libraryChanged.emit()
            self._tell(report, manual)
        elif manual and not outcome.status.logged_in:
            self.message.emit(_("Not synced: log in first (Settings → Sync)."))
        self._run_again()

    def _failed(self, exc: BaseException, manual: bool) -> None:
        """The engine raised (it reports errors rather than raising: this is unexpected)."""
        if not self._settle():
            return
        log.error("sync failed: %s", exc)
        if manual or str(exc) != self._last_error_shown:
            self._last_error_shown = str(exc)
            self.message.emit(_("Sync failed: {exc}").format(exc=exc))
        self.refresh_status()
        self._run_again()

    def _run_again(self) -> None:
        again, self._again = self._again, None
        if again is not None:
            self._start(only_if_pending=again, manual=False)

    def _tell(self, report: SyncReport, manual: bool) -> None:
        """Status line: the listener's syncs always; automatic ones only a new error."""
        if report.complete:
            self._last_error_shown = None
            if manual:
                self.message.emit(report_text(report))
            return
        error = report_text(report)
        if manual or error != self._last_error_shown:
            self._last_error_shown = error
            self.message.emit(f"Sync: {error}")

    def _ask(self, status: SyncStatus, again: bool = False) -> bool:
        """Once per session (and at the listener's own "Sync now"): ask for the password
        (no keyring), keep it in memory."""
        if self._asked and not again:
            return False
        self._asked = True
        password = self.ask_password(status)
        if not password:
            return False
        self.passwords.remember_for_session(account_of(status), password)
        return True

    def _settle(self) -> bool:
        """A task ended: no longer busy; False (and nothing done) once the window has closed."""
        if self._closed:
            return False
        self._set_busy(False)
        return True

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def _show(self, status: SyncStatus) -> None:
        self.status = status
        self.statusChanged.emit(status)

    # -- the account ------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Read the status on a worker and emit it."""
        self.runner.run(self.engine.status, self._status_read, self._status_failed)

    def _status_read(self, status: SyncStatus) -> None:
        if not self._closed:
            self._show(status)

    def _status_failed(self, exc: BaseException) -> None:
        log.warning("sync status could not be read: %s", exc)

    def login(
        self,
        kind: str,
        server: str,
        username: str,
        password: str,
        device: str = "",
        failed: Callable[[str], object] | None = None,
    ) -> bool:
        """Check the account with the server on a worker, then sync once (False: busy).

        ``failed(sentence)`` on the GUI thread when the server refuses or cannot be reached
        (nothing is stored then).
        """
        return self._login(lambda: self.engine.login(kind, server, username, password, device),
                           failed)  # fmt: skip

    def login_with(
        self, work: Callable[[], SyncStatus], failed: Callable[[str], object] | None = None
    ) -> bool:
        """A login whose credentials come from a longer task (Nextcloud's browser flow);
        ``work`` runs on a worker and ends with ``engine.login``."""
        return self._login(work, failed)

    def _login(
        self, work: Callable[[], SyncStatus], failed: Callable[[str], object] | None
    ) -> bool:
        if self._busy or self._closed:
            return False
        self._set_busy(True)

        def ok(status: SyncStatus) -> None:
            if not self._settle():
                return
            self._asked = False
            self._last_error_shown = None
            self._show(status)
            self.message.emit(
                _("Logged in to {server} as {username}.").format(
                    server=status.server, username=status.username
                )
            )
            self.sync_now()

        def bad(exc: BaseException) -> None:
            if not self._settle():
                return
            sentence = str(exc) or type(exc).__name__
            log.info("sync login failed: %s", sentence)
            if failed is not None:
                failed(sentence)
            self.refresh_status()

        self.runner.run(work, ok, bad)
        return True

    def logout(self) -> bool:
        """Forget the account on a worker (False: a sync is running; try again after it)."""
        if self._busy or self._closed:
            return False
        self._set_busy(True)

        def work() -> SyncStatus:
            self.engine.logout()
            return self.engine.status()

        def ok(status: SyncStatus) -> None:
            if not self._settle():
                return
            self._show(status)
            self.message.emit(_("Logged out of the sync account."))

        def bad(exc: BaseException) -> None:
            if self._settle():
                self.message.emit(_("Could not log out: {exc}").format(exc=exc))

        self.runner.run(work, ok, bad)
        return True

    def close(self) -> None:
        """No more syncs (the app is closing; a running one finishes on its worker)."""
        self._closed = True
        for timer in (self.timer, self.debounce, self.startup):
            if shiboken6.isValid(timer):
                timer.stop()


@dataclass(frozen=True, slots=True)
class SyncTimes:
    """The schedule's times in ms (tests shorten them; the app uses the defaults)."""

    interval_ms: int = INTERVAL_MS
    debounce_ms: int = DEBOUNCE_MS
    startup_delay_ms: int = STARTUP_DELAY_MS


def account_sync(app: Application, times: SyncTimes) -> AccountSyncController:
    """The composition of account sync (kept out of app.py): the engine over the app's store,
    feed service and settings, the password in the keyring the directories use; what counts
    as a local change; where a sync's results show."""
    window, player, library = app.window, app.player, app.library_controller
    passwords = SyncPasswords(app.discover.service.credentials)
    engine = AccountSyncService(app.store, app.sync_service, passwords, settings=app.settings)
    controller = AccountSyncController(
        app.runner,
        engine,
        passwords,
        interval_ms=times.interval_ms,
        debounce_ms=times.debounce_ms,
        startup_delay_ms=times.startup_delay_ms,
        parent=window,
    )
    player.stateChanged.connect(
        lambda state: (
            controller.local_change()
            if state in (PlayerState.PAUSED, PlayerState.STOPPED)
            else None
        )
    )
    for changed in (player.finished, app.undo.changed, app.sync.subscribed,
                    app.sync.libraryChanged, app.downloads.finished):  # fmt: skip
        changed.connect(controller.local_change)
    controller.libraryChanged.connect(library.reload)
    controller.libraryChanged.connect(library.reload_episodes)
    controller.message.connect(window.show_message)
    action = window.registry["sync_now"]
    window.registry.connect("sync_now", controller.sync_now)
    controller.busyChanged.connect(lambda busy: action.setEnabled(not busy))
    controller.syncStarted.connect(lambda: window.set_activity("account_sync", "Syncing…"))
    controller.busyChanged.connect(
        lambda busy: None if busy else window.set_activity("account_sync", "")
    )
    return controller
