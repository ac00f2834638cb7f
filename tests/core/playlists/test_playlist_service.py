"""The playlist service on a real store: names, errors in one sentence, ids for a queue."""

from __future__ import annotations

import pytest

from player.domain.errors import NotFoundError
from player.domain.playlists import PlaylistRules, StateRule
from player.domain.queries import EpisodeSort
from player.services.playlists import PlaylistService
from player.storage import Store
from player.storage.playlists import DuplicatePlaylistError
from tests.support.playlist_library import brute_force, build_library


def test_names_errors_and_queue_ids(memory_store: Store) -> None:
    rows = build_library(memory_store, podcasts=10, per_podcast=20, now=1_800_000_000.0)
    service = PlaylistService(memory_store)
    rules = PlaylistRules(state=StateRule.NEW, sort=EpisodeSort.OLDEST, limit=15)
    pid = service.create("Backlog", rules)
    with pytest.raises(DuplicatePlaylistError) as dup:
        service.create("  backlog ", PlaylistRules())
    assert str(dup.value) == "There is already a playlist called “backlog”."
    other = service.create("Other", PlaylistRules())
    with pytest.raises(DuplicatePlaylistError):
        service.update(other, "BACKLOG", PlaylistRules())
    with pytest.raises(NotFoundError) as missing:
        service.playlist("Nope")
    assert str(missing.value) == "There is no playlist called “Nope”."

    expected = brute_force(rules, rows, 0)
    assert service.episode_ids(pid) == expected == service.episode_ids("BACKLOG")
    assert [e.id for e in service.episodes("Backlog", limit=5)] == expected[:5]
    assert [(s.name, s.count) for s in service.summaries()] == [
        ("Backlog", 15),
        ("Other", len(rows)),
    ]
    service.rename(pid, "Old first")
    assert service.playlist(pid).name == "Old first"
    assert service.delete("old FIRST").id == pid
    assert [p.name for p in service.playlists()] == ["Other"]
