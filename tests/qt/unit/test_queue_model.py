"""The queue model alone: rows from the store's queue, the playing mark and its time left,
and drops that ask the store (the new order comes back from it, never from the view)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from player.domain.feed import FeedItem
from player.qt.models.episodes import EPISODE_MIME
from player.qt.models.queue import (
    CoverUrlRole,
    DetailRole,
    PlayingRole,
    QueueListModel,
    decode_ids,
)
from player.qt.workers import run_posted
from player.services.queue import QueueService
from player.storage import PodcastRepo
from tests.support.library import add_podcast


def _show(store, count: int = 3) -> list[int]:
    items = [
        FeedItem(guid=f"e{n}", title=f"Episode {n}", duration=600.0 * (n + 1)) for n in range(count)
    ]
    ids = add_podcast(store, items, title="The Show")
    PodcastRepo(store).update(
        PodcastRepo(store).find_by_url("https://example.org/feed.xml").id,
        image_url="https://example.org/cover.png",
    )
    return ids


def _queued(runner, store, ids: list[int]) -> tuple[QueueListModel, QueueService]:
    queue = QueueService(store)
    model = QueueListModel()
    runner.run(lambda: queue.add(ids), lambda _: runner.run(queue.view, model.set_view))
    run_posted()
    return model, queue


def _titles(model: QueueListModel) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


def test_rows_are_the_queue_in_order_with_their_detail_and_cover(runner, store) -> None:
    ids = _show(store)
    model, _ = _queued(runner, store, [ids[2], ids[0]])
    assert _titles(model) == ["Episode 2", "Episode 0"]
    assert model.index(0).data(DetailRole) == "The Show · 30 min"
    assert model.index(1).data(DetailRole) == "The Show · 10 min"
    assert model.index(0).data(CoverUrlRole) == "https://example.org/cover.png"
    assert model.index(1).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "2. Episode 0, The Show · 10 min"
    )


def test_the_playing_row_is_marked_and_only_affected_rows_repaint(runner, store) -> None:
    ids = _show(store)
    model, _ = _queued(runner, store, ids)
    repainted: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): repainted.append(first.row()))
    model.set_playing(ids[1])
    assert repainted == [1]
    assert model.index(1).data(PlayingRole) and model.index(1).data(Qt.ItemDataRole.FontRole)
    assert not model.index(0).data(PlayingRole)
    repainted.clear()
    model.set_playing(ids[2])
    assert sorted(repainted) == [1, 2]
    model.set_playing(ids[2])  # the same again: nothing to repaint
    assert sorted(repainted) == [1, 2]


def test_the_playing_row_counts_down_and_repaints_when_its_text_changes(runner, store) -> None:
    ids = _show(store)
    model, _ = _queued(runner, store, ids)
    model.set_playing(ids[0])  # 10 minutes long
    repainted: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): repainted.append(first.row()))
    model.set_playing_position(300.0)
    assert model.index(0).data(DetailRole) == "The Show · 5 min left"
    assert repainted == [0]
    model.set_playing_position(300.4)  # the same text: no repaint
    assert repainted == [0]
    model.set_playing_position(590.0)
    assert model.index(0).data(DetailRole) == "The Show · under 1 min left"


def test_a_drop_asks_the_store_and_the_new_order_comes_back_from_it(runner, store) -> None:
    ids = _show(store, count=4)
    model, queue = _queued(runner, store, ids[:3])
    asked: list[tuple[list[int], int]] = []

    def drop(dropped: list[int], row: int) -> None:
        asked.append((dropped, row))
        runner.run(
            lambda: queue.insert(dropped, row), lambda _: runner.run(queue.view, model.set_view)
        )

    model.dropRequested.connect(drop)
    mime = model.mimeData([model.index(2)])  # drag the last entry ...
    assert decode_ids(mime) == [ids[2]]
    accepted = model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert accepted is False  # ... the view must not move rows itself
    assert _titles(model) == ["Episode 0", "Episode 1", "Episode 2"]  # not until the store says
    run_posted()
    assert asked == [([ids[2]], 0)]
    assert _titles(model) == ["Episode 2", "Episode 0", "Episode 1"]

    from_library = QMimeData()
    from_library.setData(EPISODE_MIME, str(ids[3]).encode())
    model.dropMimeData(from_library, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    run_posted()
    assert asked[-1] == ([ids[3]], 3)  # below the last row: the end of the queue
    assert _titles(model) == ["Episode 2", "Episode 0", "Episode 1", "Episode 3"]


def test_a_drop_without_episodes_is_refused(runner, store) -> None:
    model = QueueListModel()
    asked: list[object] = []
    model.dropRequested.connect(lambda *args: asked.append(args))
    empty = QMimeData()
    empty.setText("not episodes")
    assert not model.canDropMimeData(empty, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert model.dropMimeData(empty, Qt.DropAction.CopyAction, 0, 0, QModelIndex()) is False
    assert asked == []
