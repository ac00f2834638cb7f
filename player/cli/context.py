"""What every command gets: the data folder and a lazily opened store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from player.paths import DataPaths

if TYPE_CHECKING:
    from player.storage import Store


@dataclass
class CliContext:
    """Per-invocation state. The store opens on first use, so ``--help`` touches no file."""

    paths: DataPaths
    verbose: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The library database (created and migrated on first use; old plaintext feed
        passwords move into the keyring then)."""
        if self._store is None:
            from player.services.password_migration import open_library  # only when used

            self.paths.ensure()
            self._store = open_library(self.paths)
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None
