"""The sync account's password: in the system keyring, or for this session only.

Where a keyring works, the password is filed under :data:`~player.services.credentials.SERVICE`
with a name made of the server kind, address and user, so two accounts never share an entry.
Where none works the password is kept in this process's memory only (never on disk): the
window asks once per session, the command line reads ``PODCAST_PLAYER_SYNC_PASSWORD`` or asks.
"""

from __future__ import annotations

from player.i18n import N_
from player.services.credentials import Credentials
from player.services.session_secrets import SessionSecrets
from player.syncapi.model import SyncAccount

NOT_KEPT = N_(
    "No keyring is available on this system, so the sync password is kept only until the "
    "app closes; it will be asked again next time (it is never written to disk)."
)


def secret_name(account: SyncAccount) -> str:
    """The keyring entry's name for an account's password."""
    return f"sync:{account.kind}:{account.server}:{account.username}"


class SyncPasswords:
    """Keyring-backed passwords with a memory-only fallback for this session."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self.secrets = SessionSecrets(credentials)
        self.credentials = self.secrets.credentials

    def __repr__(self) -> str:
        return f"SyncPasswords(persistent={self.persistent})"

    @property
    def persistent(self) -> bool:
        """True when passwords outlive the session (a keyring is available)."""
        return self.secrets.persistent

    def sync_password(self, account: SyncAccount) -> str | None:
        """The account's password (this session's, else the keyring's), or None."""
        return self.secrets.get(secret_name(account))

    def set_sync_password(self, account: SyncAccount, password: str) -> None:
        """Keep the password (the keyring, else memory: see :data:`NOT_KEPT`)."""
        self.secrets.put(secret_name(account), password)

    def remember_for_session(self, account: SyncAccount, password: str) -> None:
        """A password the listener typed for this session (no keyring to keep it in)."""
        self.secrets.remember_for_session(secret_name(account), password)

    def clear_sync_password(self, account: SyncAccount) -> None:
        """Forget the account's password (keyring and memory)."""
        self.secrets.delete(secret_name(account))
