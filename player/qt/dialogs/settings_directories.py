"""Settings → Directories: which directories are asked, and the Podcast Index key.

The switches are ordinary settings. The key and secret are not: they go to the system keyring
(``player.services.credentials``), never to the database, so this page hands them back
separately (``credentials()``) and shows only whether a key is stored, never the key itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from player.i18n import N_, _
from player.services.credentials import SIGNUP_URL

PRIVACY = N_(
    "What leaves this computer: the words you search for, and the country and category of a "
    "chart you open, go to each directory switched on here. Opening a podcast page or "
    "subscribing fetches the feed from the podcast's own server. Nothing about your library "
    "or your listening is sent. (“New shows you would like” makes requests of its own: "
    "charts, and look-ups of shows your subscriptions recommend; the Privacy page says which.)"
)


@dataclass(frozen=True, slots=True)
class ProviderSwitch:
    """One directory as the page shows it."""

    name: str
    label: str
    enabled: bool
    """The listener's switch (the setting), not whether it can answer now."""
    note: str = ""
    """Why it is off although switched on (no key, no keyring), from the service."""


@dataclass(frozen=True, slots=True)
class DirectoriesInfo:
    """What the page needs, gathered on a worker (the keyring may be slow to answer)."""

    providers: tuple[ProviderSwitch, ...] = ()
    keyring: bool = True
    """A system keyring is there to keep the Podcast Index key in."""
    keyring_note: str = ""
    """The sentence saying why there is none (empty when there is one)."""
    has_key: bool = False
    """A Podcast Index key and secret are stored."""
    settings: dict[str, str] = field(default_factory=dict)
    """Provider name -> the setting that switches it on or off."""


def setting_for(name: str) -> str:
    """The setting that switches a directory on or off."""
    return f"directory.{name}.enabled"


class DirectoriesPage(QWidget):
    """Provider switches, the Podcast Index key and secret, and what leaves the machine."""

    def __init__(self, info: DirectoriesInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directoriesPage")
        self.info = info
        layout = QVBoxLayout(self)
        switches = QGroupBox(_("Search these directories"))
        rows = QVBoxLayout(switches)
        self.switches: dict[str, QCheckBox] = {}
        for provider in info.providers:
            box = QCheckBox(provider.label)
            box.setObjectName(f"directorySwitch_{provider.name}")
            box.setChecked(provider.enabled)
            rows.addWidget(box)
            self.switches[provider.name] = box
            if provider.note:  # switched on, but off for a reason (no key, no keyring)
                note = QLabel(provider.note)
                note.setObjectName(f"directoryNote_{provider.name}")
                note.setWordWrap(True)
                note.setContentsMargins(24, 0, 0, 0)
                note.setStyleSheet("color: #b26a00;")
                rows.addWidget(note)
        layout.addWidget(switches)

        key_box = QGroupBox(_("Podcast Index API key"))
        form = QFormLayout(key_box)
        self.key = QLineEdit()
        self.key.setObjectName("podcastIndexKey")
        self.key.setAccessibleName(_("Podcast Index API key"))
        self.secret = QLineEdit()
        self.secret.setObjectName("podcastIndexSecret")
        self.secret.setAccessibleName(_("Podcast Index API secret"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        stored = "stored in the keyring; type to replace"
        self.key.setPlaceholderText(stored if info.has_key else "")
        self.secret.setPlaceholderText(stored if info.has_key else "")
        form.addRow(_("Key:"), self.key)
        form.addRow(_("Secret:"), self.secret)
        self.forget = QCheckBox(_("Remove the stored key"))
        self.forget.setObjectName("podcastIndexForget")
        self.forget.setVisible(info.has_key)
        form.addRow(self.forget)
        how = QLabel(
            _(
                "Podcast Index needs a free key: sign up at <a "
                "href='{SIGNUP_URL}'>api.podcastindex.org</a>, then paste the key and secret "
                "here. They are kept in your system keyring, never in the app's database."
            ).format(SIGNUP_URL=SIGNUP_URL)
        )
        how.setObjectName("podcastIndexHowTo")
        how.setWordWrap(True)
        how.setOpenExternalLinks(True)
        how.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        form.addRow(how)
        self.no_keyring = QLabel(info.keyring_note or _("No system keyring is available."))
        self.no_keyring.setObjectName("noKeyring")
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setStyleSheet("color: #b26a00;")
        self.no_keyring.setVisible(not info.keyring)
        form.addRow(self.no_keyring)
        for widget in (self.key, self.secret, self.forget):
            widget.setEnabled(info.keyring)
        layout.addWidget(key_box)
        privacy = QLabel(_(PRIVACY))
        privacy.setObjectName("directoriesPrivacy")
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        self.error = QLabel("")
        self.error.setObjectName("directoriesError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        layout.addStretch(1)

    def problem(self) -> str:
        """A sentence when what was typed cannot be saved (a key without its secret)."""
        key, secret = self.key.text().strip(), self.secret.text().strip()
        if bool(key) != bool(secret):
            return _("Enter both the Podcast Index key and its secret (or neither).")
        return ""

    def changes(self) -> dict[str, bool]:
        """Switches the listener flipped, as settings."""
        changed = {}
        for provider in self.info.providers:
            box = self.switches[provider.name]
            if box.isChecked() != provider.enabled:
                key = self.info.settings.get(provider.name, setting_for(provider.name))
                changed[key] = box.isChecked()
        return changed

    def credentials(self) -> tuple[str, str] | None:
        """A new key and secret to store; ("", "") to remove the stored one; None: unchanged."""
        key, secret = self.key.text().strip(), self.secret.text().strip()
        if key and secret:
            return key, secret
        if self.forget.isChecked():
            return "", ""
        return None
