"""What account sync says to the listener, apart from when it runs
(:mod:`player.qt.controllers.account_sync`): a sync's outcome as the GUI thread receives it, the
sentence a report becomes, whether the library views must reload, and the password question
asked where no keyring keeps passwords.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from player.i18n import _
from player.services.account_sync import SyncReport, SyncStatus

AskPassword = Callable[[SyncStatus], str | None]
"""Asks the listener for the account's password (None: they declined)."""


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What a sync task hands back to the GUI thread."""

    status: SyncStatus
    report: SyncReport | None = None
    """None: no sync ran (not logged in, nothing pending, or the password is missing)."""
    needs_password: bool = False


def report_text(report: SyncReport) -> str:
    """One sentence for the status line and the Sync page."""
    if not report.complete:
        return report.errors[-1] if report.errors else _("The sync stopped early.")
    parts = [f"sent {report.uploaded}, received {report.downloaded} episode changes"]
    if report.subscriptions_added or report.subscriptions_removed:
        parts.append(
            f"{report.subscriptions_added} podcasts added, {report.subscriptions_removed} removed"
        )
    if report.positions_updated:
        parts.append(f"{report.positions_updated} positions or played marks updated")
    return "Synced: " + "; ".join(parts) + "."


def changed_library(report: SyncReport) -> bool:
    """The sync changed what the library and queue views show."""
    return bool(
        report.subscriptions_added
        or report.subscriptions_removed
        or report.positions_updated
        or report.downloaded
    )


def ask_password_dialog(parent: QWidget | None) -> AskPassword:
    """The once-per-session question: a password field over the window."""

    def ask(status: SyncStatus) -> str | None:
        text, ok = QInputDialog.getText(
            parent,
            _("Sync password"),
            _(
                "No keyring keeps passwords on this system.\nPassword for {username} on "
                "{server} (kept until the app closes):"
            ).format(username=status.username, server=status.server),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    return ask
