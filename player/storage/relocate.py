"""Moving local files the library points at: rewrite every stored ``file:`` URL under one folder.

The demo podcast moved from ``seeds/demo`` into the package (``player/demo``); libraries seeded
before still pointed at the old files, and their demo episodes would not play. The rewrite is
generic (every text column of every table) so nothing that stores a URL is forgotten.
"""

from __future__ import annotations

from player.storage.db import Store


def relocate_file_urls(store: Store, old_prefix: str, new_prefix: str) -> int:
    """Replace ``old_prefix`` by ``new_prefix`` at the start of every stored text value, in one
    transaction; returns how many values changed."""
    if not old_prefix or old_prefix == new_prefix:
        return 0
    pattern = old_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    changed = 0
    with store.write() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        for table in tables:
            columns = [
                row[1]
                for row in conn.execute(f'PRAGMA table_info("{table}")')
                if (row[2] or "").upper() in ("TEXT", "")
            ]
            for column in columns:
                cursor = conn.execute(
                    f'UPDATE "{table}" SET "{column}" = ? || substr("{column}", ?) '
                    f"WHERE \"{column}\" LIKE ? ESCAPE '\\'",
                    (new_prefix, len(old_prefix) + 1, pattern),
                )
                changed += cursor.rowcount
    return changed
