"""A data folder as an older version left it: schema one behind, feed passwords in plain text.

Built with the real migrations (stopped one short), so opening it with the current build
upgrades it, and the upgrade writes its real pre-upgrade backup, the copy that still holds the
old ``podcasts.password`` column.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from player.storage.db import migrate
from player.storage.schema import LATEST_VERSION


def old_library(database: Path, feeds: dict[str, tuple[str, str]], neighbours: int = 20) -> None:
    """Write ``database`` at schema ``LATEST_VERSION - 1`` with ``feeds`` (URL -> user name
    and plaintext password) among ``neighbours`` public ones, their rows rewritten once as
    refreshes do, so old copies of the rows linger in the file's free space as in a library."""
    database.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(database), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        # As builds without Debian's SQLITE_SECURE_DELETE default write: freed bytes stay.
        conn.execute("PRAGMA secure_delete = OFF")
        migrate(conn, None, target=LATEST_VERSION - 1)
        for url, (username, password) in feeds.items():
            conn.execute(
                "INSERT INTO podcasts (url, title, username, password, description, added_at) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (url, f"Private {url}", username, password, "A long description. " * 15),
            )
        for n in range(neighbours):  # public feeds on the same pages
            conn.execute(
                "INSERT INTO podcasts (url, title, description, added_at) VALUES (?, ?, ?, 0)",
                (f"https://public.example/{n}.xml", f"Public {n}", "Another description. " * 8),
            )
        # The feeds rewrote their descriptions shorter: each row moved within its page, and
        # the old copy, password included, stays in the page's free space.
        conn.execute("UPDATE podcasts SET description = 'Short.' WHERE password IS NOT NULL")
    finally:
        conn.close()


def column_values(database: Path) -> list[str | None]:
    """Every ``podcasts.password`` value in a database file (a live one or a backup)."""
    conn = sqlite3.connect(str(database))
    try:
        query = "SELECT password FROM podcasts WHERE username IS NOT NULL ORDER BY id"
        return [row[0] for row in conn.execute(query)]
    finally:
        conn.close()


def files_containing(folder: Path, needles: list[bytes]) -> list[str]:
    """Files under ``folder`` whose bytes contain any of ``needles`` (as "file: needle")."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)}: {n!r}" for n in needles if n in data]
    return found
