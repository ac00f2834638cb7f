"""Settings as JSON values under string keys, with defaults declared in one place."""

from __future__ import annotations

import json
from typing import Any

from player.domain.settings import DEFAULTS
from player.storage.db import Store


class SettingsRepo:
    """Read and write settings; unknown keys fall back to :data:`DEFAULTS`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, else the declared default, else ``default``."""
        raw = self.store.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        if raw is None:
            return DEFAULTS.get(key, default)
        return json.loads(str(raw))

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def all(self) -> dict[str, Any]:
        """Every setting: defaults overlaid with what is stored."""
        values = dict(DEFAULTS)
        for row in self.store.query("SELECT key, value FROM settings"):
            values[row["key"]] = json.loads(row["value"])
        return values
