"""The library sidebar model alone, fed from an in-memory store through the inline pool."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QListView

from player.domain.feed import FeedItem
from player.qt.models.library import (
    SPECIAL_ENTRIES,
    CountRole,
    EntryRole,
    ErrorRole,
    LibraryListModel,
    PodcastRole,
)
from player.qt.workers import run_posted
from player.services.library import LibraryService
from player.storage import PodcastRepo
from tests.support.library import add_podcast


def _subscribe(store, title: str, episodes: int, image: str = "") -> int:
    items = [FeedItem(guid=f"{title}-{n}", title=f"{title} {n}") for n in range(episodes)]
    slug = title.lower().replace(" ", "-")
    add_podcast(store, items, url=f"https://example.org/{slug}.xml", title=title)
    podcast_id = PodcastRepo(store).find_by_url(f"https://example.org/{slug}.xml").id
    if image:
        PodcastRepo(store).update(podcast_id, image_url=image)
    return podcast_id


def _load(runner, store, model: LibraryListModel) -> None:
    runner.run(LibraryService(store).podcasts, model.set_podcasts)
    run_posted()


def _labels(model: LibraryListModel) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


def test_special_views_come_first_then_the_shows_by_title(runner, store) -> None:
    _subscribe(store, "Zebra Talk", 2)
    _subscribe(store, "apple hour", 3)
    model = LibraryListModel()
    assert _labels(model) == ["New", "In progress", "Downloaded"]
    _load(runner, store, model)
    assert _labels(model) == ["New", "In progress", "Downloaded", "apple hour", "Zebra Talk"]
    entry = model.index(3).data(EntryRole)
    assert entry.key == f"podcast:{entry.podcast.id}" and entry.query.podcast_id == entry.podcast.id
    assert model.index(3).data(CountRole) == 3 and model.index(0).data(CountRole) is None
    assert model.index(0).data(EntryRole) is SPECIAL_ENTRIES[0]


def test_a_show_is_found_by_id_without_a_query(runner, store) -> None:
    apple = _subscribe(store, "Apple Hour", 3, image="https://example.org/apple.png")
    zebra = _subscribe(store, "Zebra Talk", 2)
    model = LibraryListModel()
    _load(runner, store, model)
    assert model.podcast(apple).title == "Apple Hour"
    assert model.cover_url(apple) == "https://example.org/apple.png"
    assert model.cover_url(zebra) == "" and model.podcast(9999) is None
    assert model.unplayed_count() == 5
    assert [p.id for p in model.podcasts()] == [apple, zebra]


def test_new_counts_change_rows_in_place_and_the_selection_stays(runner, store, qtbot) -> None:
    apple = _subscribe(store, "Apple Hour", 3)
    _subscribe(store, "Zebra Talk", 2)
    model = LibraryListModel()
    _load(runner, store, model)
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectionModel().setCurrentIndex(
        model.index(model.row_of(f"podcast:{apple}")), QItemSelectionModel.SelectionFlag.Select
    )
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed: list[bool] = []
    model.podcastsChanged.connect(lambda: changed.append(True))

    episodes = LibraryService(store).episodes(limit=10)
    LibraryService(store).mark_played([e.id for e in episodes if e.podcast_id == apple][:2])
    _subscribe(store, "Middle Show", 1)  # one more show arrives in the middle
    _load(runner, store, model)

    assert resets == [] and changed == [True]
    assert _labels(model)[3:] == ["Apple Hour", "Middle Show", "Zebra Talk"]
    current = view.selectionModel().currentIndex()
    assert current.data(PodcastRole).id == apple and current.data(CountRole) == 1


def test_a_renamed_show_that_moves_resets_the_list(runner, store) -> None:
    apple = _subscribe(store, "Apple Hour", 1)
    _subscribe(store, "Zebra Talk", 1)
    model = LibraryListModel()
    _load(runner, store, model)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    PodcastRepo(store).update(apple, title="Zzz Last")
    _load(runner, store, model)
    assert resets == [True]
    assert _labels(model)[3:] == ["Zebra Talk", "Zzz Last"]


def test_a_failed_or_gone_feed_says_so(runner, store) -> None:
    apple = _subscribe(store, "Apple Hour", 2)
    PodcastRepo(store).update(apple, last_error="HTTP 404", gone=True)
    model = LibraryListModel()
    _load(runner, store, model)
    index = model.index(model.row_of(f"podcast:{apple}"))
    assert index.data(ErrorRole) == "HTTP 404"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "2 unplayed of 2" in tip and "Last refresh failed: HTTP 404" in tip
    assert "no longer refreshed" in tip
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Apple Hour, 2 unplayed, refresh failed"
    )


def test_the_sidebar_lays_out_in_batches_only_when_the_library_is_large(
    runner, store, qtbot, monkeypatch
) -> None:
    """One pass for a small library (batches kept the window's timers waiting during every
    refresh), batches once the list reaches BATCHED_FROM rows, and back when it shrinks."""
    from player.qt.widgets import sidebar

    monkeypatch.setattr(sidebar, "BATCHED_FROM", 6)
    model = LibraryListModel()
    view = sidebar.SidebarView(model)
    qtbot.addWidget(view)
    assert view.layoutMode() == QListView.LayoutMode.SinglePass  # three special entries
    ids = [_subscribe(store, f"Show {n}", 1) for n in range(3)]
    _load(runner, store, model)
    assert model.rowCount() == 6
    assert view.layoutMode() == QListView.LayoutMode.Batched
    PodcastRepo(store).delete(ids[0])
    _load(runner, store, model)
    assert model.rowCount() == 5
    assert view.layoutMode() == QListView.LayoutMode.SinglePass
