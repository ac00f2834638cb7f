"""The episode table model alone: pages as the view scrolls, stale results dropped by
generation, and refreshes that change rows in place (in-memory store, inline task pool)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex

from player.domain.feed import FeedItem
from player.domain.models import EpisodeState
from player.domain.queries import EpisodeQuery
from player.qt.controllers.library import episode_pages
from player.qt.models.episode_cells import Column
from player.qt.models.episode_refresh import PAGE_SIZE
from player.qt.models.episodes import EpisodeTableModel
from player.qt.workers import InlinePool, TaskRunner, run_posted
from player.services.library import LibraryService
from player.storage import Store
from tests.support.library import add_podcast

DAY = 86_400.0


def _items(count: int, prefix: str = "ep", newest: float = 1_700_000_000.0) -> list[FeedItem]:
    """``count`` items, newest first, a day apart."""
    return [
        FeedItem(
            guid=f"{prefix}-{n}",
            title=f"{prefix} {n:04d}",
            published=newest - n * DAY,
            enclosure_url=f"https://example.org/{prefix}-{n}.mp3",
            enclosure_type="audio/mpeg",
            duration=600.0,
        )
        for n in range(count)
    ]


def _model(runner: TaskRunner, store: Store) -> EpisodeTableModel:
    library = LibraryService(store)
    return EpisodeTableModel(runner, episode_pages(library), fetch=library.episodes_by_id)


def _listed(
    runner: TaskRunner, store: Store, count: int, query: EpisodeQuery
) -> tuple[list[int], EpisodeTableModel]:
    """A show of ``count`` episodes, and a model that has listed ``query``'s first page."""
    ids = add_podcast(store, _items(count))
    model = _model(runner, store)
    model.set_query(query)
    run_posted()
    return ids, model


def _titles(model: EpisodeTableModel) -> list[str]:
    return [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]


class _Resets:
    """Counts what a view would see: resets and inserted/removed rows."""

    def __init__(self, model: EpisodeTableModel) -> None:
        self.resets = self.inserted = self.removed = 0
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(lambda _p, first, last: self._add("inserted", last - first + 1))
        model.rowsRemoved.connect(lambda _p, first, last: self._add("removed", last - first + 1))

    def _reset(self) -> None:
        self.resets += 1

    def _add(self, what: str, rows: int) -> None:
        setattr(self, what, getattr(self, what) + rows)


def test_pages_arrive_as_the_view_asks_for_more(runner, store) -> None:
    podcast_ids = add_podcast(store, _items(2 * PAGE_SIZE + 50))
    assert len(podcast_ids) == 2 * PAGE_SIZE + 50
    model = _model(runner, store)
    model.set_query(EpisodeQuery())
    assert model.loading and model.rowCount() == 0  # the page is read; it is not shown yet
    run_posted()
    assert model.rowCount() == PAGE_SIZE and model.total == 2 * PAGE_SIZE + 50
    assert _titles(model)[:2] == ["ep 0000", "ep 0001"]  # newest first
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    run_posted()
    model.fetchMore(QModelIndex())
    run_posted()
    assert model.rowCount() == 2 * PAGE_SIZE + 50
    assert not model.canFetchMore(QModelIndex())
    titles = _titles(model)
    assert titles == [f"ep {n:04d}" for n in range(2 * PAGE_SIZE + 50)]  # each once, in order


def test_a_page_for_an_older_query_is_dropped(runner, store) -> None:
    add_podcast(store, _items(5, "old"), url="https://example.org/a.xml", title="A")
    b_ids = add_podcast(store, _items(3, "new"), url="https://example.org/b.xml", title="B")
    b = LibraryService(store).episode(b_ids[0]).podcast_id
    model = _model(runner, store)
    pages: list[int] = []
    model.loaded.connect(lambda: pages.append(model.generation))

    model.set_query(EpisodeQuery())  # its page is read at once and waits for delivery
    model.set_query(EpisodeQuery(podcast_id=b))  # the listener picked a show meanwhile
    run_posted()
    assert _titles(model) == ["new 0000", "new 0001", "new 0002"]
    assert model.total == 3 and model.query.podcast_id == b
    assert pages == [model.generation]  # only the current query's page was shown


def test_the_page_of_a_query_typed_past_is_told_it_is_stale(runner, store) -> None:
    """Each page load gets a ``stale`` check: true once another query was asked for, so a
    search the listener typed past gives up its reads (see ``Store.abandoned_when``); a page
    of the query shown, and the refresh's reloads, stay wanted."""
    add_podcast(store, _items(30))
    pages = episode_pages(LibraryService(store))
    checks: list[tuple[EpisodeQuery, Callable[[], bool]]] = []

    def recording(query, offset, limit, after, stale=lambda: False):  # type: ignore[no-untyped-def]
        checks.append((query, stale))
        return pages(query, offset, limit, after, stale)

    model = EpisodeTableModel(runner, recording, fetch=LibraryService(store).episodes_by_id)
    first, second = EpisodeQuery(text="ep 001"), EpisodeQuery(text="ep 0012")
    model.set_query(first)
    assert not checks[-1][1]()
    model.set_query(second)
    run_posted()
    stale = {query: check() for query, check in checks}
    assert stale == {first: True, second: False}
    assert _titles(model) == ["ep 0012"]
    model.refresh()
    run_posted()
    assert not checks[-1][1]()


def test_a_stale_page_load_returns_nothing_and_a_wanted_one_its_rows(store) -> None:
    add_podcast(store, _items(2000))
    load = episode_pages(LibraryService(store))
    query = EpisodeQuery(text="ep")
    page, total = load(query, 0, PAGE_SIZE, None, lambda: False)
    assert len(page) == PAGE_SIZE and total == 2000
    assert load(query, 0, PAGE_SIZE, None, lambda: True) == ([], None)


def test_a_refresh_changes_rows_in_place_and_keeps_a_heard_episode_listed(runner, store) -> None:
    ids, model = _listed(runner, store, 6, EpisodeQuery(unplayed=True))
    seen = _Resets(model)
    LibraryService(store).mark_played([ids[2]])  # heard to the end while the list showed it

    model.refresh(keep_unmatched=True)
    run_posted()
    assert model.rowCount() == 6 and seen.resets == 0 and seen.removed == 0
    row = _titles(model).index("ep 0002")
    assert model.episode(row).state is EpisodeState.PLAYED
    assert model.index(row, Column.STATE).data() == "Played"


def test_a_refresh_after_marking_removes_the_rows_and_shows_new_episodes(runner, store) -> None:
    ids, model = _listed(runner, store, 4, EpisodeQuery(unplayed=True))
    seen = _Resets(model)
    LibraryService(store).mark_played([ids[1], ids[3]])  # the listener marked them
    newer = _items(2, "fresh", newest=1_800_000_000.0)
    add_podcast(store, newer, url="https://example.org/other.xml", title="Other")

    model.refresh(keep_unmatched=False)
    run_posted()
    assert _titles(model) == ["fresh 0000", "fresh 0001", "ep 0000", "ep 0002"]
    assert seen.resets == 0 and seen.removed == 2 and seen.inserted == 2
    assert model.total == 4


def test_a_refresh_planned_before_a_reload_is_dropped(runner, store) -> None:
    ids, model = _listed(runner, store, 3, EpisodeQuery(unplayed=True))
    LibraryService(store).mark_played([ids[0]])
    model.refresh(keep_unmatched=False)
    model.reload()  # a new page on its way: the planned merge is stale and must not apply
    run_posted()
    assert _titles(model) == ["ep 0001", "ep 0002"]
    assert not model.loading


def test_the_playing_row_follows_the_position_in_place(runner, store) -> None:
    ids, model = _listed(runner, store, 3, EpisodeQuery())
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    playing = LibraryService(store).episode(ids[1])
    model.follow_episode(playing)
    model.follow_position(300.0, 600.0)
    row = _titles(model).index("ep 0001")
    assert model.index(row, Column.STATE).data() == "50% heard"
    assert changed and set(changed) == {row}


def test_a_new_query_hands_the_old_rows_to_the_pool_to_free(store) -> None:
    """Freeing 50,000 rows holds the GIL: it is a task of its own, not GUI-thread work."""
    pool = InlinePool()
    runner = TaskRunner(pool=pool)
    add_podcast(store, _items(3))
    model = _model(runner, store)
    model.set_query(EpisodeQuery())
    run_posted()
    started = pool.started
    model.set_query(EpisodeQuery(unplayed=True))
    assert pool.started == started + 2  # the old rows released, the first page read
    run_posted()
    runner.deleteLater()


def test_a_refresh_does_not_grow_the_list_by_a_page(runner, store) -> None:
    """A refresh reads a page more than is shown (room for new episodes on top); keeping it
    made the list, and the window's memory, grow by a page at every automatic refresh."""
    _ids, model = _listed(runner, store, 3 * PAGE_SIZE, EpisodeQuery())
    assert model.rowCount() == PAGE_SIZE
    for _ in range(3):
        model.refresh()
        run_posted()
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    # New episodes on top still come in, and push nothing shown out.
    add_podcast(store, _items(2, prefix="new", newest=1_800_000_000.0))
    model.refresh()
    run_posted()
    assert model.rowCount() == PAGE_SIZE + 2
    assert _titles(model)[:3] == ["new 0000", "new 0001", "ep 0000"]
