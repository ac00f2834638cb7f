"""Named queues through the repository and the service, on a real SQLite library: creating,
renaming and deleting them, the active queue and its fallback, moves between queues, one
episode in two queues, undo after a switch, and up next leaving out the active queue."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from player.domain.errors import NotFoundError
from player.domain.organise import NEXT_UP_QUEUE_ID, QueueSummary
from player.services.listening import ListeningLog
from player.services.queue import PlayerQueue, QueueNameError, QueueService
from player.services.undo import UndoService
from player.services.up_next import UpNextService
from player.storage import QueueRepo, SettingsRepo, Store
from player.storage.queues import ACTIVE_KEY
from tests.core.recommend.library import MONDAY, TZ, add_show, daily, listen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


@pytest.fixture
def ids(store: Store) -> list[int]:
    return add_show(store, "Morning News", daily(MONDAY, 8))


def test_next_up_is_there_and_active_from_the_start(store: Store) -> None:
    service = QueueService(store)
    assert service.queues() == [
        QueueSummary(id=NEXT_UP_QUEUE_ID, name="Next up", count=0, auto_advance=True, active=True)
    ]
    assert service.active_id() == NEXT_UP_QUEUE_ID


def test_create_rename_reorder_and_delete(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    news = service.create("  News   first ")  # spaces tidied
    long = service.create("Long listens")
    assert [q.name for q in service.queues()] == ["Next up", "News first", "Long listens"]
    service.add(ids[:2], queue_id=news)
    service.rename(news, "Morning news")
    assert service.find("MORNING NEWS") == QueueSummary(news, "Morning news", 2, True, False)
    service.reorder([long, NEXT_UP_QUEUE_ID])
    assert [q.id for q in service.queues()] == [long, NEXT_UP_QUEUE_ID, news]
    service.delete(news)
    assert [q.id for q in service.queues()] == [long, NEXT_UP_QUEUE_ID]
    assert store.scalar("SELECT COUNT(*) FROM queue") == 0  # its entries went with it
    assert store.scalar("SELECT COUNT(*) FROM episodes") == 8  # the episodes did not


def test_names_and_ids_are_checked_with_one_sentence(store: Store) -> None:
    service = QueueService(store)
    long = service.create("Long listens")
    with pytest.raises(
        QueueNameError, match=re.escape("There is already a queue called “long LISTENS”.") + "$"
    ):
        service.create("long LISTENS")
    with pytest.raises(
        QueueNameError, match=re.escape("There is already a queue called “Next up”.") + "$"
    ):
        service.rename(long, "Next up")
    with pytest.raises(QueueNameError, match=re.escape("A queue needs a name.") + "$"):
        service.create(" ")
    with pytest.raises(
        QueueNameError, match=re.escape("cannot be deleted: every library keeps it.") + "$"
    ):
        service.delete(NEXT_UP_QUEUE_ID)
    with pytest.raises(NotFoundError, match=re.escape("There is no queue with id 99.") + "$"):
        service.set_active(99)
    with pytest.raises(NotFoundError, match=re.escape("There is no queue called “Nope”.") + "$"):
        service.find("Nope")
    with pytest.raises(NotFoundError, match=re.escape("There is no episode with id 12345.") + "$"):
        service.add([12345])
    service.rename(NEXT_UP_QUEUE_ID, "Up next")  # "Next up" may be renamed, never deleted
    assert service.queues()[0].name == "Up next"
    assert service.ensure_queue("long listens") == long
    made = service.ensure_queue("Smart: Unplayed news")
    assert service.ensure_queue("Smart: Unplayed news") == made != long


def test_everything_acts_on_the_active_queue(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    a, b, c, d = ids[:4]
    service.add([a, b])
    long = service.create("Long listens")
    service.set_active(long)
    service.add([c, d])
    service.add([a], next_up=True)
    assert service.ids() == [a, c, d] and service.view().queue_id == long
    assert service.ids(NEXT_UP_QUEUE_ID) == [a, b]
    service.move([d], -1)
    assert service.ids() == [a, d, c]
    assert service.next_after(d) == c and service.repo.queue_id == long
    view = service.view()
    assert view.queue == QueueSummary(long, "Long listens", 3, True, True)
    assert [q.count for q in view.queues] == [2, 3]
    # A new service (the next run of the app) finds the same queue active.
    assert QueueService(store).active_id() == long
    service.clear()
    assert service.ids() == [] and service.ids(NEXT_UP_QUEUE_ID) == [a, b]


def test_a_deleted_active_queue_falls_back_to_next_up(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    news = service.create("News first")
    service.set_active(news)
    service.delete(news)
    assert service.active_id() == NEXT_UP_QUEUE_ID
    assert [q.active for q in service.queues()] == [True]
    SettingsRepo(store).set(ACTIVE_KEY, "rubbish")  # a damaged setting is no crash either
    assert service.active_id() == NEXT_UP_QUEUE_ID


def test_move_between_queues_is_one_transaction(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    a, b, c, d = ids[:4]
    long = service.create("Long listens")
    service.add([a, b, c])
    service.add([d, b], queue_id=long)
    service.move_to_queue([b, c], long)  # b is there already: keeps its place; c goes last
    assert service.ids() == [a]
    assert service.ids(long) == [d, b, c]
    for queue_id, count in ((NEXT_UP_QUEUE_ID, 1), (long, 3)):  # ord stays 0..n-1 in both
        rows = store.query("SELECT ord FROM queue WHERE queue_id = ? ORDER BY ord", (queue_id,))
        assert [r[0] for r in rows] == list(range(count))
    # A move naming an episode that does not exist changes nothing at all.
    with pytest.raises(NotFoundError):
        service.move_between([a, 9999], None, long)
    assert service.ids() == [a] and service.ids(long) == [d, b, c]
    service.move_between([d], long, NEXT_UP_QUEUE_ID)
    assert service.ids() == [a, d] and service.ids(long) == [b, c]


def test_one_episode_in_two_queues_until_it_is_heard(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    a, b = ids[:2]
    long = service.create("Long listens")
    service.add([a, b])
    service.add([a], queue_id=long)
    assert [q.count for q in service.queues()] == [2, 1]
    service.remove([a])  # from the active queue only
    assert service.ids() == [b] and service.ids(long) == [a]
    service.add([a])
    ListeningLog(store).finish(a, 60.0, learning=True)  # heard to the end: done everywhere
    assert service.ids() == [b] and service.ids(long) == []
    assert QueueRepo(store).ids() == [b]


def test_fill_replaces_a_queue_for_a_smart_playlist(store: Store, ids: list[int]) -> None:
    service = QueueService(store)
    target = service.ensure_queue("Smart: News")
    service.add(ids[:3], queue_id=target)
    service.fill(target, [ids[5], ids[4], ids[5]])
    assert service.ids(target) == [ids[5], ids[4]]
    service.set_active(target)
    assert PlayerQueue(store).next_after(None) == ids[5]


def test_undo_puts_back_into_the_queue_it_came_from(store: Store, ids: list[int]) -> None:
    queue = QueueService(store)
    undo = UndoService(store, queue, UpNextService(store, tz=TZ))
    long = queue.create("Long listens")
    queue.set_active(long)
    queue.add(ids[:3])
    step = undo.remove_from_queue([ids[1]])
    assert step is not None
    queue.set_active(NEXT_UP_QUEUE_ID)  # the listener switched before undoing
    undo.undo()
    assert queue.ids(long) == ids[:3] and queue.ids() == []
    cleared = undo.clear_queue()
    assert cleared is None  # Next up is empty: nothing to clear


def test_player_queue_honours_each_queues_auto_advance(store: Store, ids: list[int]) -> None:
    service, player = QueueService(store), PlayerQueue(store)
    a, b, c = ids[:3]
    long = service.create("Long listens")
    service.add([a, b])
    service.add([c, a], queue_id=long)
    assert player.advance_after(a) == b
    service.set_active(long)
    assert player.advance_after(c) == a
    service.set_auto_advance(long, False)
    assert player.advance_after(c) is None
    assert player.next_after(c) == a  # "next" by hand still goes on
    service.set_active(NEXT_UP_QUEUE_ID)
    assert player.advance_after(a) == b


def test_up_next_leaves_out_the_active_queue(store: Store) -> None:
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=7), 30))
    for day in range(10):
        listen(store, news[day], MONDAY + timedelta(days=day - 7, hours=8))
    at = MONDAY + timedelta(days=3, hours=8)
    up_next = UpNextService(store, tz=TZ)
    suggested = [s.episode.id for s in up_next.suggest(at, limit=50)]
    assert suggested
    top = suggested[0]
    queues = QueueService(store)
    long = queues.create("Long listens")
    queues.add([top], queue_id=long)  # in a queue the player does not follow: still suggested
    assert top in [s.episode.id for s in up_next.suggest(at, limit=50)]
    queues.set_active(long)
    assert top not in [s.episode.id for s in up_next.suggest(at, limit=50)]
