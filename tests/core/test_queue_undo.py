"""Queue moves and undo through the services, on a real SQLite library (no display)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from player.services.queue import QueueService
from player.services.undo import UndoService
from player.services.up_next import UpNextService
from player.storage import EpisodeRepo, Store
from tests.core.recommend.library import MONDAY, TZ, add_show, daily, listen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


@pytest.fixture
def ids(store: Store) -> list[int]:
    return add_show(store, "Morning News", daily(MONDAY, 8))


def _services(store: Store) -> tuple[QueueService, UpNextService, UndoService]:
    queue = QueueService(store)
    up_next = UpNextService(store, tz=TZ)
    return queue, up_next, UndoService(store, queue, up_next)


def test_alt_moves_step_a_block_and_stop_at_the_ends(store: Store, ids: list[int]) -> None:
    queue = QueueService(store)
    a, b, c, d = ids[:4]
    queue.add([a, b, c, d])
    queue.move([c], -1)
    assert queue.ids() == [a, c, b, d]
    queue.move([c], -1)
    queue.move([c], -1)  # already at the top: stays
    assert queue.ids() == [c, a, b, d]
    queue.move([a, b], 1)
    assert queue.ids() == [c, d, a, b]
    queue.move([a, b], 5)
    assert queue.ids() == [c, d, a, b]
    queue.move_to_top([b])
    queue.move_to_bottom([c])
    assert queue.ids() == [b, d, a, c]


def test_undo_remove_puts_entries_back_in_their_places(store: Store, ids: list[int]) -> None:
    queue, _, undo = _services(store)
    queue.add(ids[:5])
    step = undo.remove_from_queue([ids[1], ids[3]])
    assert step is not None and step.done == "Removed 2 episodes from the queue."
    assert queue.ids() == [ids[0], ids[2], ids[4]]
    assert undo.undo() is step
    assert queue.ids() == ids[:5]
    assert undo.undo() is None  # nothing left to undo
    assert undo.remove_from_queue([ids[7]]) is None  # not queued: nothing to undo


def test_undo_clear_brings_the_whole_queue_back(store: Store, ids: list[int]) -> None:
    queue, _, undo = _services(store)
    queue.add(ids[:4])
    step = undo.clear_queue()
    assert step is not None and step.done == "Cleared the queue (4 episodes)."
    assert queue.ids() == []
    assert undo.clear_queue() is None  # nothing to clear, nothing to undo
    undo.undo()
    assert queue.ids() == ids[:4]


def test_undo_mark_played_restores_state_position_and_last_played(
    store: Store, ids: list[int]
) -> None:
    _, _, undo = _services(store)
    listen(store, ids[2], MONDAY + timedelta(hours=9), minutes=7)  # stopped 7 minutes in
    episodes = EpisodeRepo(store)
    before = episodes.get(ids[2])
    assert before.in_progress and before.position == 7 * 60
    step = undo.mark_played([ids[2], ids[3]])
    assert step is not None and step.done == "Marked 2 episodes played."
    assert episodes.get(ids[2]).state.value == "played"
    assert episodes.get(ids[2]).position == 0
    undo.undo()
    after = episodes.get(ids[2])
    assert (after.state, after.position, after.last_played) == (
        before.state,
        before.position,
        before.last_played,
    )
    assert episodes.get(ids[3]).state.value == "new"


def test_undo_dismiss_brings_the_suggestion_back(store: Store, ids: list[int]) -> None:
    _, up_next, undo = _services(store)
    at = MONDAY + timedelta(days=8)
    top = up_next.suggest(at)[0].episode.id
    step = undo.dismiss(top)
    assert step.done.endswith("will not be suggested again.")
    assert top not in [s.episode.id for s in up_next.suggest(at, limit=10)]
    undo.undo()
    assert up_next.suggest(at)[0].episode.id == top
    assert store.scalar("SELECT COUNT(*) FROM dismissed") == 0


def test_undo_of_a_repeated_dismiss_keeps_the_first_mark(store: Store, ids: list[int]) -> None:
    _, up_next, undo = _services(store)
    up_next.dismiss(ids[0])
    first = up_next.dismissed_at(ids[0])
    undo.dismiss(ids[0])
    undo.undo()
    assert up_next.dismissed_at(ids[0]) == first


def test_queued_is_never_suggested_and_comes_back_when_unqueued(
    store: Store, ids: list[int]
) -> None:
    queue, up_next, undo = _services(store)
    at = MONDAY + timedelta(days=8)
    suggested = [s.episode.id for s in up_next.suggest(at, limit=10)]
    queue.add(suggested[:2])
    again = [s.episode.id for s in up_next.suggest(at, limit=10)]
    assert not set(again) & set(suggested[:2])
    undo.remove_from_queue([suggested[0]])
    assert suggested[0] in [s.episode.id for s in up_next.suggest(at, limit=10)]
    undo.undo()  # queued again: gone from the suggestions again
    assert suggested[0] not in [s.episode.id for s in up_next.suggest(at, limit=10)]


def test_only_the_latest_steps_are_kept(store: Store, ids: list[int]) -> None:
    queue, up_next, _ = _services(store)
    undo = UndoService(store, queue, up_next, limit=2)
    queue.add(ids[:3])
    for episode_id in ids[:3]:
        undo.remove_from_queue([episode_id])
    assert undo.undo() is not None and undo.undo() is not None
    assert undo.undo() is None
    assert queue.ids() == ids[1:3]
