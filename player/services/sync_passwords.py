"""The sync account's password: in the system keyring, or for this session only.

Where a keyring works, the password is filed under :data:`~player.services.credentials.SERVICE`
with a name made of the server kind, address and user, so two accounts never share an entry.
Where none works the password is kept in this process's memory only (never on disk): the
window asks once per session, the command line reads ``PODCAST_PLAYER_SYNC_PASSWORD`` or asks.
"""

from __future__ import annotations

import logging
import threading

from player.services.credentials import Credentials, CredentialsError
from player.syncapi.model import SyncAccount

log = logging.getLogger(__name__)

NOT_KEPT = (
    "No keyring is available on this system, so the sync password is kept only until the "
    "app closes; it will be asked again next time (it is never written to disk)."
)


def secret_name(account: SyncAccount) -> str:
    """The keyring entry's name for an account's password."""
    return f"sync:{account.kind}:{account.server}:{account.username}"


class SyncPasswords:
    """Keyring-backed passwords with a memory-only fallback for this session."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self.credentials = credentials or Credentials()
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def persistent(self) -> bool:
        """True when passwords outlive the session (a keyring is available)."""
        return self.credentials.available()

    def sync_password(self, account: SyncAccount) -> str | None:
        name = secret_name(account)
        with self._lock:
            if name in self._session:
                return self._session[name]
        if not self.persistent:
            return None
        return self.credentials.secret(name)

    def set_sync_password(self, account: SyncAccount, password: str) -> None:
        """Keep the password (the keyring, else memory: see :data:`NOT_KEPT`)."""
        name = secret_name(account)
        if self.persistent:
            try:
                self.credentials.set_secret(name, password)
                return
            except CredentialsError as exc:
                log.warning("sync: the keyring refused the password (%s); kept for now", exc)
        with self._lock:
            self._session[name] = password

    def remember_for_session(self, account: SyncAccount, password: str) -> None:
        """A password the listener typed for this session (no keyring to keep it in)."""
        with self._lock:
            self._session[secret_name(account)] = password

    def clear_sync_password(self, account: SyncAccount) -> None:
        name = secret_name(account)
        with self._lock:
            self._session.pop(name, None)
        if self.persistent:
            self.credentials.delete_secret(name)
