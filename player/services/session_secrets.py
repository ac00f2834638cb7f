"""Secrets in the system keyring, or, where there is none, in this process's memory only.

The sync password and the feed passwords share this: a listener without a keyring types a
password once per session and it is never written to disk (the database, a backup or a log
never sees it). Values never appear in a log line or a repr.
"""

from __future__ import annotations

import logging
import threading

from player.services.credentials import Credentials, CredentialsError

log = logging.getLogger(__name__)


class SessionSecrets:
    """Named secrets: the keyring when it works, else memory until the process ends."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self.credentials = credentials or Credentials()
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SessionSecrets(persistent={self.persistent}, session_only={len(self._session)})"

    @property
    def persistent(self) -> bool:
        """True when secrets outlive the session (a keyring is available)."""
        return self.credentials.available()

    def get(self, name: str) -> str | None:
        """The secret ``name``: this session's copy first, else the keyring's, else None."""
        with self._lock:
            if name in self._session:
                return self._session[name]
        return self.credentials.secret(name) if self.persistent else None

    def put(self, name: str, value: str) -> bool:
        """Keep ``value``; True when the keyring took it, False when only memory did (no
        keyring, or it refused: then the refusal is logged by its sentence, no value)."""
        if self.persistent:
            try:
                self.credentials.set_secret(name, value)
            except CredentialsError as exc:
                log.warning("keyring refused a secret (%s); kept for this session only", exc)
            else:
                with self._lock:
                    self._session.pop(name, None)
                return True
        self.remember_for_session(name, value)
        return False

    def remember_for_session(self, name: str, value: str) -> None:
        """Keep ``value`` in memory only, until the app closes."""
        with self._lock:
            self._session[name] = value

    def delete(self, name: str) -> None:
        """Forget ``name`` everywhere (nothing stored is fine)."""
        with self._lock:
            self._session.pop(name, None)
        if self.persistent:
            self.credentials.delete_secret(name)

    def move(self, old: str, new: str) -> bool:
        """File the secret ``old`` under ``new`` (wherever it is kept); False when there was
        none. A keyring failure is logged and leaves the old entry in place."""
        with self._lock:
            value = self._session.pop(old, None)
            if value is not None:
                self._session[new] = value
                return True
        if not self.persistent:
            return False
        try:
            return self.credentials.move_secret(old, new)
        except CredentialsError as exc:
            log.warning("keyring: cannot move a secret to its new name (%s)", exc)
            return False
