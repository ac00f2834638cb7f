"""Per-podcast settings: playback rate, automatic downloads and cleanup, user agent, login."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from player.domain.models import Podcast
from player.qt.widgets.speed import speed_spin_box
from player.services.feed_passwords import NOT_KEPT, FeedPasswords


class PodcastSettingsDialog(QDialog):
    """Edits the podcast's own settings; ``values()`` gives the columns to store.

    ``default_rate`` is the speed episodes start at without an own speed (the last speed the
    listener chose), shown so the choice between the two is an informed one.
    """

    def __init__(
        self,
        podcast: Podcast,
        parent: QWidget | None = None,
        default_rate: float = 1.0,
        passwords: FeedPasswords | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("podcastSettingsDialog")
        self.setWindowTitle(f"Settings for {podcast.title}")
        self.own_rate = QCheckBox("Own playback speed")
        self.own_rate.setObjectName("podcastOwnRate")
        self.rate_hint = QLabel(
            f"When set, episodes of this podcast start at this speed. Otherwise they start at "
            f"the default speed, now {default_rate:g}× (the last speed you chose)."
        )
        self.rate_hint.setObjectName("podcastRateHint")
        self.rate_hint.setWordWrap(True)
        self.rate = speed_spin_box(podcast.playback_rate or default_rate)
        self.rate.setObjectName("podcastRate")
        self.own_rate.setChecked(podcast.playback_rate is not None)
        self.rate.setEnabled(self.own_rate.isChecked())
        self.own_rate.toggled.connect(self.rate.setEnabled)
        self.auto_download = QSpinBox()
        self.auto_download.setRange(0, 50)
        self.auto_download.setSpecialValueText("Off")
        self.auto_download.setValue(podcast.auto_download)
        self.keep_downloads = QSpinBox()
        self.keep_downloads.setRange(0, 500)
        self.keep_downloads.setSpecialValueText("No limit")
        self.keep_downloads.setValue(podcast.keep_downloads)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(0, 3650)
        self.keep_days.setSpecialValueText("Never")
        self.keep_days.setSuffix(" days")
        self.keep_days.setValue(podcast.keep_days)
        self.user_agent = QLineEdit(podcast.user_agent or "")
        self.user_agent.setPlaceholderText("Default")
        self.username = QLineEdit(podcast.username or "")
        # The keyring is read here, once, as the dialog opens (not at every key typed), and
        # only for a feed with a login.
        self.passwords = passwords or FeedPasswords()
        kept = self.passwords.password(podcast.url) if podcast.username else None
        self._shown_password = kept or podcast.password or ""
        self.password = QLineEdit(self._shown_password)
        self.password.setObjectName("podcastPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = QLabel(password_note(podcast, self.passwords.persistent))
        self.password_note.setObjectName("podcastPasswordNote")
        self.password_note.setWordWrap(True)
        self.password_note.setVisible(bool(self.password_note.text()))
        form = QFormLayout(self)
        form.addRow(self.own_rate, self.rate)
        form.addRow(self.rate_hint)
        form.addRow("Download new episodes automatically (newest N)", self.auto_download)
        form.addRow("Keep at most this many played downloads", self.keep_downloads)
        form.addRow("Delete played downloads after", self.keep_days)
        form.addRow("User agent for this feed", self.user_agent)
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        form.addRow(self.password_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for widget, name in (
            (self.rate, "Playback speed"),
            (self.auto_download, "Auto-download"),
            (self.keep_downloads, "Downloads to keep"),
            (self.keep_days, "Days to keep"),
            (self.user_agent, "User agent"),
            (self.username, "Username"),
            (self.password, "Password"),
        ):
            widget.setAccessibleName(name)

    def values(self) -> dict[str, Any]:
        """The podcast columns this dialog edits, as chosen."""
        return {
            "playback_rate": round(self.rate.value(), 1) if self.own_rate.isChecked() else None,
            "auto_download": self.auto_download.value(),
            "keep_downloads": self.keep_downloads.value(),
            "keep_days": self.keep_days.value(),
            "user_agent": self.user_agent.text().strip() or None,
            "username": self.username.text().strip() or None,
        }

    def changed_password(self) -> str | None:
        """The password typed, when it differs from the one shown ("" clears it); None when
        unchanged. It is kept through :class:`FeedPasswords`, never with :meth:`values`."""
        typed = self.password.text()
        return None if typed == self._shown_password else typed


LEFT_IN_DATABASE = (
    "This password is still stored in the library database, as older versions kept it: no "
    "keyring is available to move it into. Saving a new one keeps that one for this session only."
)


def password_note(podcast: Podcast, persistent: bool) -> str:
    """What the dialog says about where the password is kept ("" when in the keyring)."""
    if persistent:
        return ""
    return LEFT_IN_DATABASE if podcast.password else NOT_KEPT
