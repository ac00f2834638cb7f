"""The Podcast Index key and secret, kept in the system keyring (never the database or logs).

The ``keyring`` library picks the desktop's store (Secret Service on Linux, the Keychain on
macOS, the Credential Locker on Windows). Where there is none it answers with
``keyring.backends.fail.Keyring``: :meth:`Credentials.available` is then False and
:meth:`Credentials.status` says so in a sentence Settings can show; Podcast Index is then off
rather than broken. Nothing here logs a value: only whether a credential exists.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from player.domain.errors import PlayerError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "podcast-player"
"""The keyring service name every entry is filed under."""
PODCASTINDEX_KEY = "podcastindex.key"
PODCASTINDEX_SECRET = "podcastindex.secret"
NO_KEYRING = (
    "No keyring is available on this system (install and unlock a Secret Service such as "
    "GNOME Keyring or KWallet), so a Podcast Index key cannot be stored."
)
SIGNUP_URL = "https://api.podcastindex.org"


class CredentialsError(PlayerError):
    """The keyring refused to store or read a credential; the message says why."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key and its secret. ``repr`` hides the secret so a stray log line cannot leak it."""

    key: str
    secret: str

    def __repr__(self) -> str:
        return f"ApiKey(key={self.key!r}, secret=<hidden>)"


class Credentials:
    """Reads and writes the app's entries in one keyring backend (the system's by default)."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._lock = threading.Lock()
        self._known: ApiKey | bool | None = False
        """The key last read or written (False: not read yet). Searching as the listener types
        must not ask the keyring (a D-Bus call, perhaps an unlock prompt) at every key."""

    @property
    def backend(self) -> KeyringBackend:
        """The keyring used (looked up on first use: the lookup may touch D-Bus)."""
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    def available(self) -> bool:
        """False when the only backend is keyring's "fail" one (no keyring on this system)."""
        from keyring.backends import fail

        return not isinstance(self.backend, fail.Keyring)

    def status(self) -> str:
        """ "" when the keyring works; else the sentence Settings shows."""
        return "" if self.available() else NO_KEYRING

    def podcastindex(self) -> ApiKey | None:
        """The stored Podcast Index key and secret, or None (none stored, or no keyring).

        Read once, then remembered; :meth:`set_podcastindex` and :meth:`clear_podcastindex`
        on this object update what is remembered, :meth:`forget_cached` drops it.
        """
        with self._lock:
            if self._known is not False:
                return self._known if isinstance(self._known, ApiKey) else None
        found = self._read()
        with self._lock:
            self._known = found
        return found

    def forget_cached(self) -> None:
        """Read the keyring again next time (another program may have changed it)."""
        with self._lock:
            self._known = False

    def _read(self) -> ApiKey | None:
        if not self.available():
            return None
        from keyring.errors import KeyringError

        try:
            key = self.backend.get_password(SERVICE, PODCASTINDEX_KEY)
            secret = self.backend.get_password(SERVICE, PODCASTINDEX_SECRET)
        except KeyringError as exc:
            log.warning("keyring: cannot read the Podcast Index key (%s)", type(exc).__name__)
            return None
        if not key or not secret:
            return None
        return ApiKey(key=key, secret=secret)

    def set_podcastindex(self, key: str, secret: str) -> None:
        """Store a key and secret (both needed); raises :class:`CredentialsError`."""
        key, secret = key.strip(), secret.strip()
        if not key or not secret:
            raise CredentialsError("Podcast Index needs both the API key and the API secret.")
        if not self.available():
            raise CredentialsError(NO_KEYRING)
        from keyring.errors import KeyringError

        try:
            self.backend.set_password(SERVICE, PODCASTINDEX_KEY, key)
            self.backend.set_password(SERVICE, PODCASTINDEX_SECRET, secret)
        except KeyringError as exc:
            raise CredentialsError(
                f"The keyring refused to store the Podcast Index key ({type(exc).__name__})."
            ) from None
        with self._lock:
            self._known = ApiKey(key=key, secret=secret)
        log.info("keyring: a Podcast Index key is stored")

    def clear_podcastindex(self) -> None:
        """Forget the key and secret (nothing happens when none is stored)."""
        if not self.available():
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        for name in (PODCASTINDEX_KEY, PODCASTINDEX_SECRET):
            try:
                self.backend.delete_password(SERVICE, name)
            except PasswordDeleteError:
                pass
            except KeyringError as exc:
                raise CredentialsError(
                    f"The keyring refused to forget the Podcast Index key ({type(exc).__name__})."
                ) from None
        with self._lock:
            self._known = None
        log.info("keyring: the Podcast Index key is forgotten")
