"""A new subscription appears with its episodes or not at all, to every other process.

The window seeds the demo podcast in a worker thread while anything else (a CLI command, the
packaging test polling ``podcasts --json``) may read the same database. Between the podcast
row and its episodes there must be no commit, or a reader sees a show with 0 episodes.

The check runs a real second process at the worst moment: inside the subscription's write,
after the episodes are written but before the transaction ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from player.paths import DataPaths
from player.resources import demo_feed
from player.services import feed_steps, sync
from player.storage import Store
from tests.conftest import run_cli


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """The database file the CLI opens for ``--data-dir data_dir``."""
    opened = Store(DataPaths(data_dir).ensure().database)
    yield opened
    opened.close()


def _listed(data_dir: Path) -> list[dict[str, Any]]:
    result = run_cli(data_dir, "podcasts", "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _spy_on_writes(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> list[list[dict[str, Any]]]:
    """What another process lists while each subscription write is still open."""
    seen: list[list[dict[str, Any]]] = []
    real: Callable[..., Any] = sync.write_parsed

    def write_then_look(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        seen.append(_listed(data_dir))
        return result

    monkeypatch.setattr(sync, "write_parsed", write_then_look)  # subscribing
    # seeding the demo: the demo library imports it when it runs (not with the module)
    monkeypatch.setattr(feed_steps, "write_parsed", write_then_look)
    return seen


def test_seeding_the_demo_is_invisible_until_its_episodes_are_written(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, store: Store
) -> None:
    seen = _spy_on_writes(monkeypatch, data_dir)
    podcast_id = sync.ensure_demo_library(store)
    assert podcast_id is not None
    assert seen == [[]]  # mid-write, the other process sees no podcast at all
    after = _listed(data_dir)
    assert [(p["id"], p["episode_count"]) for p in after] == [(podcast_id, 4)]


def test_subscribing_to_a_feed_file_is_invisible_until_its_episodes_are_written(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, store: Store
) -> None:
    feed = demo_feed()
    assert feed is not None
    seen = _spy_on_writes(monkeypatch, data_dir)
    service = sync.inline_service(store)
    try:
        result = service.subscribe(str(feed))
    finally:
        service.close()
    assert seen == [[]]
    after = _listed(data_dir)
    assert [(p["id"], p["episode_count"]) for p in after] == [(result.podcast_id, 4)]
