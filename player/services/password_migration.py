"""Start-up: moving the feed passwords old versions kept in plain text into the keyring.

Runs wherever the library is opened (:func:`open_library`: the window and every command).
Order matters, so an interruption never loses a password nor leaves one on disk for good:

1. every value is written to the keyring and read back;
2. the pre-upgrade backups are scrubbed (their copies of the column set NULL, then VACUUM);
3. the column is emptied in one transaction and the live file rebuilt (VACUUM, WAL emptied).

Interrupted after 1 or 2, the next start does it again (the keyring writes are idempotent).
Without a keyring nothing moves: the values are on disk already, refreshes keep using them, and
one warning line (a count, never a value) goes to the log; Podcast Settings says it too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from player.i18n import _
from player.paths import DataPaths
from player.services.credentials import Credentials, CredentialsError
from player.services.feed_passwords import secret_name
from player.storage import Store
from player.storage.legacy_passwords import (
    backup_files,
    compact,
    empty_column,
    plaintext_passwords,
    scrub_backup,
)

log = logging.getLogger(__name__)

LEFT_IN_DATABASE = (
    "%d feed password(s) stay in the library database: no keyring is available to move them "
    "into (install and unlock GNOME Keyring or KWallet; they move at the next start)"
)


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What one start-up did with the plaintext passwords."""

    moved: int = 0
    left: int = 0
    """Still in the database (no keyring, or it refused)."""
    backups_scrubbed: int = 0


def migrate_feed_passwords(store: Store, credentials: Credentials | None = None) -> MigrationReport:
    """Move plaintext feed passwords into the keyring (see the module docstring)."""
    found = plaintext_passwords(store)
    if not found:
        return MigrationReport()
    credentials = credentials or Credentials()
    if not credentials.available():
        log.warning(LEFT_IN_DATABASE, len(found))
        return MigrationReport(left=len(found))
    try:
        for entry in found:
            credentials.set_secret(secret_name(entry.url), entry.password)
        if any(credentials.secret(secret_name(e.url)) != e.password for e in found):
            raise CredentialsError(_("the keyring did not keep what was written"))
    except CredentialsError as exc:
        log.warning("feed passwords stay in the database for now: %s", exc)
        return MigrationReport(left=len(found))
    scrubbed = 0
    if store.path is not None:
        scrubbed = sum(scrub_backup(path) for path in backup_files(store.path))
    moved = empty_column(store, found)
    compact(store)
    log.info("moved %d feed password(s) into the keyring; %d backup(s) scrubbed", moved, scrubbed)
    return MigrationReport(moved=moved, left=len(found) - moved, backups_scrubbed=scrubbed)


def open_library(paths: DataPaths, credentials: Credentials | None = None) -> Store:
    """Open the data folder's database and move any plaintext feed passwords out of it.

    The one place the window and the commands open the library, so no way in skips the
    migration. A failure of the migration itself is logged and never stops the app.
    """
    store = Store(paths.database)
    try:
        migrate_feed_passwords(store, credentials)
    except Exception as exc:  # a keyring backend bug must not keep the library closed
        log.warning("moving feed passwords into the keyring failed (%s)", type(exc).__name__)
    return store
