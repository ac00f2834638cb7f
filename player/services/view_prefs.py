"""Each sidebar view's filters and order, remembered across selections and restarts.

They are kept as one JSON setting ("ui.view_prefs": entry key -> :class:`ViewPrefs`), only
for views the listener changed, so a library of 500 shows stores a handful of entries. The
window's settings are a :class:`~player.storage.settings.CachedSettings`: reading is served
from memory and writing is queued to the store's writer, never awaited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from player.domain.view_filters import DEFAULT_PREFS, ViewPrefs
from player.storage.db import Store
from player.storage.library_tags import distinct_tags

SETTING = "ui.view_prefs"


class Settings(Protocol):
    """What this service needs of a settings store."""

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value or ``default``."""

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value."""


class ViewPrefsService:
    """Load and save the per-view filters; list the tags a filter can pick."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def load(self) -> dict[str, ViewPrefs]:
        """Every remembered view (a damaged value is dropped, not an error at start-up)."""
        raw = self.settings.get(SETTING, {})
        if not isinstance(raw, dict):
            return {}
        return {str(key): ViewPrefs.from_json(value) for key, value in raw.items()}

    def save(self, prefs: Mapping[str, ViewPrefs]) -> None:
        """Replace the remembered views; those back at the defaults are not stored."""
        self.settings.set(
            SETTING,
            {key: p.to_json() for key, p in sorted(prefs.items()) if p != DEFAULT_PREFS},
        )

    def tags(self) -> list[str]:
        """The library's tags, for the filter's tag menu (a query: run it on the task pool)."""
        return distinct_tags(self.store)
