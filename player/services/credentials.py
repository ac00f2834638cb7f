"""Secrets kept in the system keyring (never the database or logs): the Podcast Index key,
the sync password (:mod:`.sync_passwords`), feed passwords (:mod:`.feed_passwords`).

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
from player.i18n import N_, _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "podcast-player"
"""The keyring service name every entry is filed under."""
PODCASTINDEX_KEY = "podcastindex.key"
PODCASTINDEX_SECRET = "podcastindex.secret"
NO_KEYRING = N_(
    "No keyring is available on this system (install and unlock a Secret Service such as "
    "GNOME Keyring or KWallet), so passwords and keys cannot be stored."
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
        return "" if self.available() else _(NO_KEYRING)

    def secret(self, name: str) -> str | None:
        """The value filed under ``name``, or None (none stored, no keyring, or it refused).

        A refusal is logged by its kind only (never the name's value), and read as "none":
        whoever asked then asks the listener or goes without.
        """
        if not self.available():
            return None
        from keyring.errors import KeyringError

        try:
            return self.backend.get_password(SERVICE, name) or None
        except KeyringError as exc:
            log.warning("keyring: cannot read an entry (%s)", type(exc).__name__)
            return None

    def set_secret(self, name: str, value: str) -> None:
        """File ``value`` under ``name``; raises :class:`CredentialsError` (``NO_KEYRING``
        when there is no keyring) rather than keeping it anywhere else."""
        if not self.available():
            raise CredentialsError(_(NO_KEYRING))
        from keyring.errors import KeyringError

        try:
            self.backend.set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise CredentialsError(
                _("The keyring refused to store a credential ({name__}).").format(
                    name__=type(exc).__name__
                )
            ) from None

    def delete_secret(self, name: str) -> None:
        """Forget the entry ``name`` (none stored, or no keyring: nothing to do)."""
        if not self.available():
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self.backend.delete_password(SERVICE, name)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise CredentialsError(
                _("The keyring refused to forget a credential ({name__}).").format(
                    name__=type(exc).__name__
                )
            ) from None

    def move_secret(self, old: str, new: str) -> bool:
        """File the entry ``old`` under ``new`` instead (a feed that moved); False when there
        was none. The new entry is written before the old one goes, so a failure in between
        leaves a copy rather than nothing."""
        value = self.secret(old)
        if value is None:
            return False
        self.set_secret(new, value)
        self.delete_secret(old)
        return True

    def podcastindex(self) -> ApiKey | None:
        """The stored Podcast Index key and secret, or None (none stored, or no keyring).

        Read once, then remembered; :meth:`set_podcastindex` and :meth:`clear_podcastindex`
        on this object update what is remembered, :meth:`forget_cached` drops it.
        """
        with self._lock:
            if self._known is not False:
                return self._known if isinstance(self._known, ApiKey) else None
        key, secret = self.secret(PODCASTINDEX_KEY), self.secret(PODCASTINDEX_SECRET)
        found = ApiKey(key=key, secret=secret) if key and secret else None
        with self._lock:
            self._known = found
        return found

    def forget_cached(self) -> None:
        """Read the keyring again next time (another program may have changed it)."""
        with self._lock:
            self._known = False

    def set_podcastindex(self, key: str, secret: str) -> None:
        """Store a key and secret (both needed); raises :class:`CredentialsError`."""
        key, secret = key.strip(), secret.strip()
        if not key or not secret:
            raise CredentialsError(_("Podcast Index needs both the API key and the API secret."))
        self.set_secret(PODCASTINDEX_KEY, key)
        self.set_secret(PODCASTINDEX_SECRET, secret)
        with self._lock:
            self._known = ApiKey(key=key, secret=secret)
        log.info("keyring: a Podcast Index key is stored")

    def clear_podcastindex(self) -> None:
        """Forget the key and secret (nothing happens when none is stored)."""
        for name in (PODCASTINDEX_KEY, PODCASTINDEX_SECRET):
            self.delete_secret(name)
        with self._lock:
            self._known = None
        log.info("keyring: the Podcast Index key is forgotten")
