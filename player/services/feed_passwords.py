"""Passwords of private feeds (HTTP Basic): in the system keyring, never in the database.

Each feed's password is the keyring entry ``feed:<feed URL>``. The URL, not the podcast's id,
names it because ids are per data folder and the keyring is per user: two data folders (or a
library rebuilt from OPML) would otherwise read each other's passwords under the same id, while
the same feed URL with the same login is the same secret wherever it is subscribed. The price
is that the entry must follow the feed when its URL changes (a 301 in a refresh, a rename
from the sync server): :meth:`FeedPasswords.moved` is called there.

Where no keyring works a password typed in Podcast Settings is kept for this session only
(:data:`NOT_KEPT` says so in the dialog); nothing here writes one to disk or logs one.
"""

from __future__ import annotations

import logging

from player.domain.models import Podcast
from player.i18n import N_
from player.services.credentials import Credentials
from player.services.session_secrets import SessionSecrets

log = logging.getLogger(__name__)

NOT_KEPT = N_(
    "No keyring is available on this system, so this password is kept only until the app "
    "closes (it is never written to disk); you will be asked to enter it again next time."
)


def secret_name(url: str) -> str:
    """The keyring entry's name for the password of the feed at ``url``."""
    return f"feed:{url}"


class FeedPasswords:
    """Reads and keeps feed passwords; refresh, downloads and Podcast Settings share one."""

    def __init__(
        self, credentials: Credentials | None = None, secrets: SessionSecrets | None = None
    ) -> None:
        self.secrets = secrets or SessionSecrets(credentials)

    def __repr__(self) -> str:
        return f"FeedPasswords(persistent={self.persistent})"

    @property
    def persistent(self) -> bool:
        """True when a password outlives the session (a keyring is available)."""
        return self.secrets.persistent

    def password(self, url: str) -> str | None:
        """The password kept for the feed at ``url``, or None."""
        return self.secrets.get(secret_name(url))

    def for_podcast(self, podcast: Podcast) -> str | None:
        """The password to send with ``podcast``'s requests: only a feed with a user name
        sends one, so the others never ask the keyring (a D-Bus call each). A plaintext one
        an old version stored is used while no keyring exists to move it into."""
        if not podcast.username:
            return None
        return self.password(podcast.url) or podcast.password

    def set_password(self, url: str, password: str | None) -> bool:
        """Keep (or, empty, forget) the feed's password; True when it outlives the session."""
        if not password:
            self.forget(url)
            return self.persistent
        kept = self.secrets.put(secret_name(url), password)
        log.info("feed password for %s kept %s", url, "in the keyring" if kept else "in memory")
        return kept

    def forget(self, url: str) -> None:
        """Forget the feed's password (none kept is fine)."""
        self.secrets.delete(secret_name(url))

    def moved(self, old_url: str, new_url: str) -> None:
        """The feed at ``old_url`` is now at ``new_url``: its password follows it."""
        if old_url != new_url and self.secrets.move(secret_name(old_url), secret_name(new_url)):
            log.info("feed password follows %s to %s", old_url, new_url)
