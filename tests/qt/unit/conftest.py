"""Qt unit tests: one model or widget at a time, on an in-memory store and an inline task pool.

Nothing here boots the application (no libVLC, no demo library, no D-Bus): a task given to the
``runner`` runs at once on the test's thread, and its result arrives through ``to_main`` as it
would from a worker, when ``run_posted()`` (or the event loop) runs the posted calls.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject

from player.qt.workers import InlinePool, TaskRunner, run_posted
from player.storage import Store


@pytest.fixture
def store() -> Iterator[Store]:
    """A migrated, empty in-memory store."""
    memory = Store(None)
    yield memory
    memory.close()


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:
    """A task runner whose tasks run inline (deterministic: no thread ever races the test)."""
    owner = QObject()
    inline = TaskRunner(parent=owner, pool=InlinePool())
    yield inline
    run_posted()
    owner.deleteLater()
