"""The plaintext ``podcasts.password`` column of old versions, and scrubbing it everywhere.

Feed passwords now live in the keyring (``player.services.feed_passwords``). These are the
storage steps of moving them there: read what is left, empty the column once the keyring has
the values, and leave no copy behind, neither in the live file (its free pages and WAL) nor
in the pre-upgrade backups :func:`player.storage.db.backup_file` wrote.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from player.storage.db import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PlaintextPassword:
    """One feed's password still in the database. ``repr`` hides the value."""

    podcast_id: int
    url: str
    password: str

    def __repr__(self) -> str:
        return f"PlaintextPassword(podcast_id={self.podcast_id}, url={self.url!r}, <hidden>)"


def plaintext_passwords(store: Store) -> list[PlaintextPassword]:
    """Feeds whose password is still in the ``podcasts.password`` column."""
    rows = store.query(
        "SELECT id, url, password FROM podcasts WHERE password IS NOT NULL AND password != ''"
    )
    return [PlaintextPassword(int(r["id"]), str(r["url"]), str(r["password"])) for r in rows]


def empty_column(store: Store, moved: Iterable[PlaintextPassword]) -> int:
    """Set the column NULL for the given feeds, in one transaction, only where it still holds
    the value that was moved (a value changed meanwhile is not dropped unmoved); returns the
    rows emptied. Then :func:`compact` so no copy survives in the file."""
    emptied = 0
    with store.write() as conn:
        for entry in moved:
            cur = conn.execute(
                "UPDATE podcasts SET password = NULL WHERE id = ? AND password = ?",
                (entry.podcast_id, entry.password),
            )
            emptied += cur.rowcount
    return emptied


def clear_password(store: Store, podcast_id: int) -> None:
    """Drop one feed's plaintext password (the listener set a new one, which the keyring or
    this session now keeps instead)."""
    with store.write() as conn:
        conn.execute("UPDATE podcasts SET password = NULL WHERE id = ?", (podcast_id,))


def compact(store: Store) -> None:
    """Rebuild the live file and empty its WAL.

    An UPDATE leaves the old row's bytes in the page's free space, and every earlier update of
    a podcast row (its ETag, its last check) left older copies, password included, in free
    space and on free pages. VACUUM writes every page anew; the TRUNCATE checkpoint then copies
    them into the file and cuts the WAL to nothing. Runs once, after a migration that moved
    something (a large library takes a second or two).
    """
    if not store.vacuum():
        log.warning("the database's WAL could not be emptied now (another reader is open)")


def backup_files(database: Path) -> list[Path]:
    """The pre-upgrade backups of ``database`` (named by :func:`~player.storage.db.backup_file`)."""
    return sorted(database.parent.glob(f"{database.name}.v*.bak"))


def scrub_backup(path: Path) -> bool:
    """Empty the password column of one backup copy and rebuild it (VACUUM) so the old bytes
    are gone from the file; False when it cannot be opened as a database (left alone, logged
    by name)."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        log.warning("cannot open the backup %s to remove passwords (%s)", path.name, exc)
        return False
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(podcasts)")}
        if "password" in columns:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("UPDATE podcasts SET password = NULL WHERE password IS NOT NULL")
        conn.execute("VACUUM")
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        log.warning("cannot remove passwords from the backup %s (%s)", path.name, exc)
        return False
    finally:
        conn.close()
    return True
