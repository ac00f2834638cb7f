"""Settings as JSON values under string keys, with defaults declared in one place."""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

from player.domain.settings import DEFAULTS
from player.storage.db import Store
from player.storage.writer import Writes

_UPSERT = (
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


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
            conn.execute(_UPSERT, (key, json.dumps(value)))

    def all(self) -> dict[str, Any]:
        """Every setting: defaults overlaid with what is stored."""
        values = dict(DEFAULTS)
        for row in self.store.query("SELECT key, value FROM settings"):
            values[row["key"]] = json.loads(row["value"])
        return values


class CachedSettings(SettingsRepo):
    """The window's settings: read once, then served from memory; writes queued to the writer.

    The GUI thread reads settings while painting and on every MPRIS query; none of that may
    wait for a database another thread is writing. The stored JSON text is kept (not the
    decoded value), so every ``get`` returns a fresh object, as the database did. Changes made
    by another process while the window runs are not seen (the window owns its settings).
    """

    def __init__(self, store: Store, writer: Writes) -> None:
        super().__init__(store)
        self.writer = writer
        self._lock = threading.Lock()
        self._stored = {
            row["key"]: str(row["value"]) for row in store.query("SELECT key, value FROM settings")
        }

    def get(self, key: str, default: Any = None) -> Any:
        """The value in memory, else the declared default, else ``default`` (no query)."""
        raw = self._stored.get(key)
        if raw is None:
            return DEFAULTS.get(key, default)
        return json.loads(raw)

    def set(self, key: str, value: Any) -> None:
        """Change it in memory now; the database follows on the writer (latest value wins)."""
        text = json.dumps(value)
        with self._lock:
            self._stored[key] = text

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(_UPSERT, (key, text))

        self.writer.save(("setting", key), write)

    def all(self) -> dict[str, Any]:
        """Every setting: defaults overlaid with what is held in memory."""
        with self._lock:
            stored = dict(self._stored)
        return {**DEFAULTS, **{key: json.loads(raw) for key, raw in stored.items()}}
