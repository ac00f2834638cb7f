"""The library pane as a listener lives with it: readable titles, a list that follows playback
without rows vanishing, search results counted and ranked, a sidebar that holds 30+ shows.

The real window on a real store (podcasts written the way feed sync writes them), real libVLC
with dummy audio; the widgets are driven with the mouse and keyboard.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget

from player.domain.feed import FeedItem
from player.domain.models import Episode, EpisodeState
from player.domain.queries import EpisodeSort
from player.qt.app import Application
from player.qt.models.episode_cells import Column, EpisodeRole, ProgressRole, ShortStateRole
from player.qt.models.library import PodcastRole
from player.qt.models.row_merge import plan_merge
from player.storage import PodcastRepo
from tests.qt.conftest import click_row, play_demo, row_of
from tests.support.library import add_podcast, item

BIG_SHOW = "Aardvark Radio With A Long Name"
SIZES = ((1024, 700), (1280, 800))


def _add_many_podcasts(gui: Application, qtbot, count: int = 32, big: int = 201) -> None:
    """``count`` shows (the first with ``big`` unplayed episodes and a failed refresh)."""
    for p in range(count):
        title = BIG_SHOW if p == 0 else f"Show number {p:02d} with a longer name"
        episodes = big if p == 0 else 3
        items = [
            item(f"s{p}-e{i}", f"https://example.org/{p}/{i}.mp3", title=f"Episode {i} of {p}")
            for i in range(episodes)
        ]
        add_podcast(gui.store, items, url=f"https://example.org/show{p}.xml", title=title)
    podcast_id = next(p.id for p in gui.library.podcasts() if p.title == BIG_SHOW)
    PodcastRepo(gui.store).update(podcast_id, last_error="The server refused the connection")
    gui.library_controller.reload()
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: sidebar.model().rowCount() == 3 + 1 + count, timeout=10_000)
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() >= 200, timeout=10_000)


def _resize(gui: Application, qtbot, size: tuple[int, int]) -> None:
    gui.window.resize(*size)
    qtbot.waitUntil(lambda: (gui.window.width(), gui.window.height()) == size, timeout=5000)
    QApplication.processEvents()


def _drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press, move and release the left button, as a hand on the mouse does."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, point, button, buttons in (
        (QEvent.Type.MouseButtonPress, start, left, left),
        (QEvent.Type.MouseMove, QPoint((start.x() + end.x()) // 2, start.y()), none, left),
        (QEvent.Type.MouseMove, end, none, left),
        (QEvent.Type.MouseButtonRelease, end, left, none),
    ):
        local = QPointF(point)
        event = QMouseEvent(
            kind,
            local,
            QPointF(widget.mapToGlobal(point)),
            button,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)


def _edge(header: QHeaderView, column: int) -> QPoint:
    """A point on the right edge of a header section, where the resize cursor appears."""
    x = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    return QPoint(x, header.height() // 2)


# -- 1. titles win the width --------------------------------------------------------------


def test_titles_get_the_width_without_a_horizontal_scrollbar(gui: Application, qtbot) -> None:
    table = gui.window.library_pane.table
    header = table.horizontalHeader()
    bold = QFont(table.font())
    bold.setBold(True)
    # At the default size a demo title (bold: unplayed) is shown whole, not "Op…".
    _resize(gui, qtbot, (1280, 800))
    demo_title = "Open Source and the Listener's Rights"
    assert row_of(table, demo_title) >= 0
    title_room = header.sectionSize(Column.TITLE) - 8
    assert QFontMetrics(bold).horizontalAdvance(demo_title) <= title_room
    _add_many_podcasts(gui, qtbot)  # enough rows for a vertical scrollbar, as in real life
    for size in SIZES:
        _resize(gui, qtbot, size)
        width = table.viewport().width()
        assert header.sectionSize(Column.TITLE) >= 0.35 * width, (size, width)
        assert header.length() <= width, size
        assert not table.horizontalScrollBar().isVisible(), size
        # Every other column still shows its usual text whole (font-measured, not per row).
        metrics = table.fontMetrics()
        assert header.sectionSize(Column.DATE) > metrics.horizontalAdvance("2026-12-31")
        assert header.sectionSize(Column.DURATION) > metrics.horizontalAdvance("1:59:59")
        assert header.sectionSize(Column.STATE) > metrics.horizontalAdvance("Played")
    # One show's list hides the Podcast column: the title takes its width too.
    title = header.sectionSize(Column.TITLE)
    gui.window.library_pane.select_entry("podcast:1")
    qtbot.waitUntil(lambda: header.isSectionHidden(Column.PODCAST), timeout=5000)
    qtbot.waitUntil(lambda: header.sectionSize(Column.TITLE) > title, timeout=5000)
    assert header.length() == table.viewport().width()


def test_column_edges_can_be_dragged_and_the_title_follows(gui: Application, qtbot) -> None:
    _resize(gui, qtbot, (1280, 800))
    table = gui.window.library_pane.table
    header = table.horizontalHeader()
    podcast, title = header.sectionSize(Column.PODCAST), header.sectionSize(Column.TITLE)
    start = _edge(header, Column.PODCAST)
    _drag(header.viewport(), start, start + QPoint(40, 0))
    assert abs(header.sectionSize(Column.PODCAST) - (podcast + 40)) <= 2
    assert header.sectionSize(Column.TITLE) < title
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    # The title's own edge moves too: it widens, the column after it gives the width.
    title = header.sectionSize(Column.TITLE)
    start = _edge(header, Column.TITLE)
    _drag(header.viewport(), start, start + QPoint(30, 0))
    assert abs(header.sectionSize(Column.TITLE) - (title + 30)) <= 2
    assert header.length() <= table.viewport().width()
    # A larger window gives its extra width to the title.
    title = header.sectionSize(Column.TITLE)
    _resize(gui, qtbot, (1600, 900))
    assert header.sectionSize(Column.TITLE) > title
    assert header.length() <= table.viewport().width()


# -- 2. the list follows playback, rows stay ------------------------------------------------


def test_the_playing_row_follows_playback_and_stays_in_new(gui: Application, qtbot) -> None:
    model, table = gui.episode_model, gui.window.library_pane.table
    resets = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    title = "One Feed, Many Doors"
    click_row(table, row_of(table, "Up Next"))  # the listener looks at another row
    selected = table.selectionModel().selectedRows()[0].data(EpisodeRole).id
    play_demo(gui, qtbot, title)
    click_row(table, row_of(table, "Up Next"))
    gui.player.seek(30.0)
    row = lambda: row_of(table, title)  # noqa: E731
    qtbot.waitUntil(lambda: "heard" in str(model.index(row(), Column.STATE).data()), timeout=10_000)
    assert 0.0 < model.index(row(), Column.STATE).data(ProgressRole) < 1.0
    # Where "45% heard" does not fit (a narrow window), the column says "45%" (and the bar).
    heard = model.index(row(), Column.STATE).data()
    assert model.index(row(), Column.STATE).data(ShortStateRole) == heard.removesuffix(" heard")
    # Heard to the end: "Played", and still listed in "New" where the listener looks.
    duration = gui.player.duration or 0.0
    gui.player.seek(duration - 1.0)
    qtbot.waitUntil(lambda: model.index(row(), Column.STATE).data() == "Played", timeout=15_000)
    qtbot.wait(300)  # the refresh after the end has come back
    assert model.rowCount() == 4 and row() >= 0
    assert gui.window.library_pane.current_entry.key == "new"
    assert [i.data(EpisodeRole).id for i in table.selectionModel().selectedRows()] == [selected]
    assert not resets, "the list was reset under the listener"
    # Choosing "New" again shows what "New" means now.
    gui.window.library_pane.select_entry("in-progress")
    qtbot.waitUntil(lambda: gui.episode_model.query.in_progress, timeout=5000)
    gui.window.library_pane.select_entry("new")
    qtbot.waitUntil(lambda: model.rowCount() == 3 and row() < 0, timeout=5000)


def test_a_refresh_keeps_selection_and_scroll_and_adds_new_episodes(
    gui: Application, qtbot
) -> None:
    _add_many_podcasts(gui, qtbot)
    _resize(gui, qtbot, (1280, 800))
    model, table = gui.episode_model, gui.window.library_pane.table
    # 300 episodes newer than the four shown arrived: they come first, the list stays in order.
    dates = [model.episode(r).published for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    resets = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    table.scrollTo(model.index(60, 0), table.ScrollHint.PositionAtTop)
    QApplication.processEvents()
    top = model.episode(table.rowAt(0)).id
    click_row(table, table.rowAt(table.viewport().height() // 2))
    selected = table.selectionModel().selectedRows()[0].data(EpisodeRole).id
    # A feed refresh brings a new episode (newest, so first in the list); the library reloads
    # as it does on "library changed".
    newest = FeedItem(
        guid="fresh",
        title="A brand new episode",
        enclosure_url="https://example.org/fresh.mp3",
        enclosure_type="audio/mpeg",
        published=time.time() + 3600,
    )
    add_podcast(gui.store, [newest], url="https://example.org/fresh.xml", title="Fresh Show")
    gui.library_controller.reload()
    qtbot.waitUntil(lambda: row_of(table, "A brand new episode") == 0, timeout=10_000)
    QApplication.processEvents()
    assert model.episode(table.rowAt(0)).id == top
    assert [i.data(EpisodeRole).id for i in table.selectionModel().selectedRows()] == [selected]
    assert not resets


def test_pages_after_a_refresh_list_every_episode_once(gui: Application, qtbot) -> None:
    """A kept row (heard elsewhere) is not in the query any more: later pages neither skip
    an episode nor repeat one, also in an order paged by offset (by podcast)."""
    _add_many_podcasts(gui, qtbot, big=601)  # "New": 4 demo + 601 + 31 x 3 = 698 unplayed
    model, table = gui.episode_model, gui.window.library_pane.table
    header = table.horizontalHeader()
    podcast_header = QPoint(
        header.sectionViewportPosition(Column.PODCAST) + header.sectionSize(Column.PODCAST) // 2,
        header.height() // 2,
    )
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=podcast_header)
    qtbot.waitUntil(
        lambda: model.query.sort is EpisodeSort.PODCAST and model.rowCount() == 200,
        timeout=10_000,
    )
    heard = model.episode(5)
    gui.library.mark_played([heard.id])  # as the player does at the end of an episode
    gui.library_controller.reload_episodes()
    qtbot.waitUntil(lambda: model.episode(5).state is EpisodeState.PLAYED, timeout=10_000)
    assert model.episode(5).id == heard.id
    while model.canFetchMore() or model.loading:
        table.scrollToBottom()
        QTest.qWait(20)
    ids = [e.id for e in model.rows]
    assert len(ids) == len(set(ids)) == 698


def test_a_merge_keeps_order_removes_the_gone_and_inserts_the_new() -> None:
    def ep(episode_id: int) -> Episode:
        return Episode(id=episode_id, podcast_id=1, guid=str(episode_id), title=str(episode_id))

    # Shown: 1..6. Now: 9 is new on top, 3 no longer matches but stays, 4 is deleted,
    # 8 is new between 5 and 6, and 7 arrives after the end.
    fresh = [ep(9), ep(1), ep(2), ep(5), ep(8), ep(6), ep(7)]
    plan = plan_merge([1, 2, 3, 4, 5, 6], fresh, [ep(3)], key=lambda e: e.id)
    assert [e.id for e in plan.rows] == [9, 1, 2, 3, 5, 8, 6, 7]
    assert plan.removals == [(3, 3)]
    assert plan.insertions == [(0, 0), (5, 5), (7, 7)]


# -- 3. search: counted and ranked ------------------------------------------------------


def _episode(guid: str, title: str, notes: str, days_ago: int) -> FeedItem:
    return FeedItem(
        guid=guid,
        title=title,
        enclosure_url=f"https://example.org/{guid}.mp3",
        enclosure_type="audio/mpeg",
        description=f"<p>{notes}</p>",
        description_text=notes,
        published=time.time() - days_ago * 86400,
    )


def test_search_shows_a_count_and_ranks_title_matches_first(gui: Application, qtbot) -> None:
    items = [
        _episode("notes", "A quiet walk", "We talk about zeppelins at length.", 1),
        _episode("old", "Zeppelins of the past", "History.", 30),
        _episode("new", "Building zeppelins today", "Engineering.", 10),
        _episode("other", "Nothing to see", "Gardens.", 2),
    ]
    add_podcast(gui.store, items, url="https://example.org/air.xml", title="Air Show")
    gui.library_controller.reload()
    pane = gui.window.library_pane
    qtbot.waitUntil(lambda: row_of(pane.sidebar, "Air Show") >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 8, timeout=10_000)
    pane.search.setFocus()
    QTest.keyClicks(pane.search, "zeppelin")
    model = gui.episode_model
    qtbot.waitUntil(lambda: model.query.text == "zeppelin" and model.total == 3, timeout=5000)
    titles = [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]
    # Title matches first (newest first among them), then the one that only mentions it.
    assert titles == ["Building zeppelins today", "Zeppelins of the past", "A quiet walk"]
    assert pane.result_count.isVisible()
    assert pane.result_count.text() == "3 episodes match “zeppelin”"
    header = pane.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1  # best match, no column sort
    # The demo: the episode called "Chapters…" comes before those that mention chapters.
    pane.search.clear()
    QTest.keyClicks(pane.search, "chapters")
    qtbot.waitUntil(lambda: model.query.text == "chapters" and bool(model.total), timeout=5000)
    assert model.index(0, Column.TITLE).data() == "Chapters, Transcripts and the Shape of Sound"
    assert pane.result_count.text().endswith("match “chapters”")
    # Nothing found says so; clearing the search goes back to the list by date.
    pane.search.clear()
    QTest.keyClicks(pane.search, "xylophonist")
    qtbot.waitUntil(lambda: model.query.text == "xylophonist" and model.total == 0, timeout=5000)
    assert pane.result_count.text() == "No episodes match “xylophonist”"
    pane.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 8 and not model.query.text, timeout=5000)
    assert not pane.result_count.isVisible()
    assert header.sortIndicatorSection() == Column.DATE
    dates = [model.episode(r).published for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)


# -- 4. the sidebar ---------------------------------------------------------------------


def test_sidebar_holds_30_shows_with_whole_badges(gui: Application, qtbot) -> None:
    _add_many_podcasts(gui, qtbot)
    sidebar = gui.window.library_pane.sidebar
    model = sidebar.model()
    delegate = sidebar.itemDelegate()
    for size in SIZES:
        _resize(gui, qtbot, size)
        viewport = sidebar.viewport().rect()
        assert not sidebar.horizontalScrollBar().isVisible(), size
        for row in range(model.rowCount()):
            index = model.index(row)
            sidebar.scrollTo(index)
            rect = sidebar.visualRect(index)
            assert viewport.contains(rect), (size, row, rect, viewport)  # reachable, whole
            if index.data(PodcastRole) is None:
                continue
            assert rect.height() <= 32, "compact rows"
            parts = delegate.row_layout(rect, index, sidebar.font())
            assert parts.badges, row
            for _label, badge in parts.badges:
                assert rect.contains(badge), (row, badge, rect)
            assert parts.text.right() < parts.badges[0][1].left()  # the name stops before them
    # The big show: "!" and "201", both whole; the count badge fits its digits.
    row = row_of(sidebar, BIG_SHOW)
    index = model.index(row)
    sidebar.scrollTo(index)
    rect = sidebar.visualRect(index)
    parts = delegate.row_layout(rect, index, sidebar.font())
    assert [label for label, _ in parts.badges] == ["!", "201"]
    count_badge = parts.badges[1][1]
    digits = QFontMetrics(parts.badge_font).horizontalAdvance("201")
    assert count_badge.width() >= digits + 6
    # Painted where laid out: the error red and the count's grey are inside the viewport.
    image = sidebar.viewport().grab().toImage()
    y = parts.badges[0][1].center().y()
    reds = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())}
    assert "#c62828" in reds
    inside = count_badge.adjusted(2, 2, -2, -2)
    edge = {image.pixelColor(inside.right() - 1, inside.center().y()).name()}
    row_background = image.pixelColor(rect.left() + 1, rect.top() + 1).name()
    assert edge != {row_background}, "the count badge's right end is painted (not clipped)"
