"""The window through its real widgets: subscribe, play, queue, chapters, search, errors.

Everything here drives the app the way a user does (clicks, typing, drops, menus) and checks
what the widgets then show; the services behind them are real (SQLite, libVLC with dummy
audio, HTTP on 127.0.0.1).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
)

from player.qt.app import Application
from player.qt.dialogs.add_podcast import AddPodcastDialog
from player.qt.models.library import ErrorRole
from player.storage import QueueRepo
from tests.qt.conftest import DEMO_TITLES, click_row, play_demo, row_of, subscribe_in_dialog
from tests.qt.conftest import context_menu as _context_menu
from tests.support.http_server import LoopbackServer, Reply, rss

FEED_ITEMS = [(f"g{i}", f"Loopback episode {i}") for i in range(5, 0, -1)]


def _select_podcast(app: Application, title: str, qtbot) -> None:
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, title) >= 0, timeout=20_000)
    click_row(sidebar, row_of(sidebar, title))
    qtbot.waitUntil(
        lambda: app.episode_model.rowCount() > 0 and app.episode_model.query.podcast_id is not None,
        timeout=10_000,
    )


def _subscribe_via_dialog(app: Application, url: str, qtbot) -> AddPodcastDialog:
    app.window.registry["add_podcast"].trigger()
    return subscribe_in_dialog(app, url)


def test_subscribe_through_the_dialog_and_see_the_episodes(gui: Application, qtbot) -> None:
    with LoopbackServer() as server:
        url = server.route(
            "/show.xml",
            Reply(200, rss("Loopback Show", FEED_ITEMS), {"Content-Type": "application/rss+xml"}),
        )
        dialog = _subscribe_via_dialog(gui, url, qtbot)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        _select_podcast(gui, "Loopback Show", qtbot)
        qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 5, timeout=10_000)
        table = gui.window.library_pane.table
        titles = [table.model().index(r, 0).data() for r in range(5)]
        assert set(titles) == {t for _, t in FEED_ITEMS}
        assert "Subscribed to Loopback Show" in gui.window.status_label.text()


def test_subscribe_error_stays_in_the_dialog(gui: Application, qtbot) -> None:
    with LoopbackServer() as server:
        server.route("/missing.xml", Reply(404, b"no such feed"))
        dialog = _subscribe_via_dialog(gui, server.url("/missing.xml"), qtbot)
        error = dialog.findChild(type(dialog.error), "addPodcastError")
        qtbot.waitUntil(lambda: bool(error.text()), timeout=20_000)
        assert dialog.isVisible()
        assert "404" in error.text() or "not found" in error.text().lower()
        dialog.reject()


def test_double_click_plays_and_time_moves(gui: Application, qtbot) -> None:
    table = gui.window.library_pane.table
    row = row_of(table, "Up Next, Without Uploading")
    click_row(table, row, double=True)
    pane = gui.window.now_playing_pane
    qtbot.waitUntil(lambda: pane.title.text() == "Up Next, Without Uploading", timeout=10_000)
    assert pane.podcast.text().startswith("Signal & Noise")
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    first = pane.elapsed.text()
    qtbot.waitUntil(lambda: pane.elapsed.text() not in (first, "0:00"), timeout=10_000)
    assert pane.remaining.text().startswith("-")
    assert pane.play_pause.accessibleName() == "Pause"


def _drop(view, mime: QMimeData, row: int) -> None:
    """Deliver a drop onto ``row`` of an item view (what Qt does at the end of a drag)."""
    model = view.model()
    if row < model.rowCount():
        rect = view.visualRect(model.index(row, 0))
        point = QPoint(rect.center().x(), rect.top() + 2)
    else:
        point = QPoint(view.viewport().rect().center().x(), view.viewport().height() - 3)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    for event_type in ("enter", "move"):
        cls = QDragEnterEvent if event_type == "enter" else QDragMoveEvent
        event = cls(
            point,
            actions,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(view.viewport(), event)
    drop = QDropEvent(
        QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), drop)


def test_drag_episodes_into_the_queue_and_reorder(gui: Application, qtbot) -> None:
    table = gui.window.library_pane.table
    queue_view = gui.window.queue_pane.list
    repo = QueueRepo(gui.store)
    first, second = (row_of(table, "Up Next"), row_of(table, "One Feed"))
    for expected, row in enumerate((first, second), start=1):
        click_row(table, row)
        indexes = table.selectionModel().selectedRows()
        _drop(queue_view, table.model().mimeData(indexes), queue_view.model().rowCount())
        qtbot.waitUntil(lambda n=expected: queue_view.model().rowCount() == n, timeout=5000)
    titles = [queue_view.model().index(r, 0).data() for r in range(2)]
    assert titles[0].startswith("Up Next") and titles[1].startswith("One Feed")
    assert "2 episodes" in gui.window.queue_pane.time_left.text()

    # Reorder: drag the second entry above the first.
    queue_view.selectionModel().clear()
    click_row(queue_view, 1)
    mime = queue_view.model().mimeData(queue_view.selectionModel().selectedRows())
    _drop(queue_view, mime, 0)
    qtbot.waitUntil(
        lambda: str(queue_view.model().index(0, 0).data()).startswith("One Feed"), timeout=5000
    )
    episodes = {e.title: e.id for e in gui.library.episodes()}
    assert repo.ids() == [episodes["One Feed, Many Doors"], episodes["Up Next, Without Uploading"]]


def test_clicking_a_chapter_seeks_there(gui: Application, qtbot) -> None:
    play_demo(gui, qtbot)
    pane = gui.window.now_playing_pane
    target = pane.chapters[3]
    item = pane.chapter_list.item(3)
    rect = pane.chapter_list.visualItemRect(item)
    QTest.mouseClick(
        pane.chapter_list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )
    qtbot.waitUntil(
        lambda: target.start - 0.5 <= gui.player.position < target.start + 5, timeout=10_000
    )
    qtbot.waitUntil(lambda: pane.chapter_title.text() == f"Chapter: {target.title}", timeout=5000)
    assert pane.chapter_list.item(3).font().bold()


def test_chapter_markers_are_where_the_chapters_are(gui: Application, qtbot) -> None:
    play_demo(gui, qtbot)
    gui.player.pause()
    slider = gui.window.now_playing_pane.slider
    slider.resize(600, slider.height())
    qtbot.waitUntil(lambda: slider.duration > 0, timeout=5000)
    image = slider.grab().toImage()
    marker = QColor(slider.palette().color(slider.palette().ColorRole.Highlight).darker(130))
    groove_y = slider.rect().center().y()
    for chapter in slider.chapters[1:]:
        x = slider.x_for_seconds(chapter.start)
        expected = round(chapter.start / slider.duration * 100)
        span = slider.width()
        assert abs(100 * x / span - expected) <= 4, (chapter.title, x, expected)
        colors = {
            image.pixelColor(x + dx, groove_y + dy).name()
            for dx in (-1, 0, 1)
            for dy in (-4, -3, 3, 4)
        }
        assert marker.name() in colors, (chapter.title, colors)
        # Hovering just after the marker names that chapter.
        assert slider.chapter_at(slider.seconds_at(x + 2)) == chapter


def test_search_field_filters_as_you_type(gui: Application, qtbot) -> None:
    search = gui.window.library_pane.search
    search.setFocus()
    QTest.keyClicks(search, "transcri")
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 1, timeout=5000)
    assert gui.episode_model.index(0, 0).data() == "Chapters, Transcripts and the Shape of Sound"
    search.clear()
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 4, timeout=5000)
    titles = {gui.episode_model.index(r, 0).data() for r in range(4)}
    assert titles == DEMO_TITLES


def test_broken_feed_shows_its_error_badge(gui: Application, qtbot) -> None:
    with LoopbackServer() as server:
        good = Reply(200, rss("Flaky Show", FEED_ITEMS), {"Content-Type": "application/rss+xml"})
        url = server.route("/flaky.xml", good)
        dialog = _subscribe_via_dialog(gui, url, qtbot)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        sidebar = gui.window.library_pane.sidebar
        qtbot.waitUntil(lambda: row_of(sidebar, "Flaky Show") >= 0, timeout=10_000)
        server.route(
            "/flaky.xml",
            Reply(200, b"<html><body>Gateway hiccup</body></html>", {"Content-Type": "text/html"}),
        )
        gui.window.registry["refresh"].trigger()
        index = lambda: sidebar.model().index(row_of(sidebar, "Flaky Show"))  # noqa: E731
        qtbot.waitUntil(lambda: bool(index().data(ErrorRole)), timeout=20_000)
        assert (
            "not a podcast feed" in index().data(ErrorRole).lower()
            or "html" in index().data(ErrorRole).lower()
        )
        assert index().data(ErrorRole) in index().data(Qt.ItemDataRole.ToolTipRole)
        demo = sidebar.model().index(row_of(sidebar, "Signal & Noise"))
        assert not demo.data(ErrorRole)
        # The badge is painted: the row shows the error red.
        sidebar.resize(320, 400)
        image = sidebar.grab().toImage()
        rect = sidebar.visualRect(index())
        reds = [
            image.pixelColor(x, rect.center().y()).name() for x in range(rect.left(), rect.right())
        ]
        assert "#c62828" in reds


def _answer_next_question(button: QMessageBox.StandardButton) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)


def test_unsubscribe_from_the_context_menu_removes_the_podcast(gui: Application, qtbot) -> None:
    sidebar = gui.window.library_pane.sidebar
    row = row_of(sidebar, "Signal & Noise")
    menu = _context_menu(sidebar, row)
    action = next(a for a in menu.actions() if a.text().startswith("Unsubscribe"))
    _answer_next_question(QMessageBox.StandardButton.Yes)
    action.trigger()
    menu.close()
    qtbot.waitUntil(lambda: row_of(sidebar, "Signal & Noise") < 0, timeout=10_000)
    assert gui.library.podcasts() == []
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 0, timeout=5000)


def test_episode_context_menu_marks_played_and_queues(gui: Application, qtbot) -> None:
    table = gui.window.library_pane.table
    row = row_of(table, "One Feed")
    click_row(table, row)
    menu = _context_menu(table, row)
    next(a for a in menu.actions() if a.text() == "Mark played").trigger()
    menu.close()
    # "New" lists unplayed episodes only: it leaves that list, and shows as played in its show.
    qtbot.waitUntil(lambda: row_of(table, "One Feed") < 0, timeout=5000)
    _select_podcast(gui, "Signal & Noise", qtbot)
    qtbot.waitUntil(
        lambda: gui.episode_model.index(row_of(table, "One Feed"), 4).data() == "Played",
        timeout=5000,
    )
    row = row_of(table, "One Feed")
    click_row(table, row)
    menu = _context_menu(table, row)
    next(a for a in menu.actions() if a.text() == "Add to queue").trigger()
    menu.close()
    queue_view = gui.window.queue_pane.list
    qtbot.waitUntil(lambda: queue_view.model().rowCount() == 1, timeout=5000)


def test_layout_and_selection_are_restored(qtbot, data_dir) -> None:
    from player.paths import DataPaths

    first = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(first.window)
    first.start()
    qtbot.waitUntil(lambda: first.library_model.rowCount() == 4, timeout=20_000)
    first.window.resize(701, 555)
    saved_size = (first.window.width(), first.window.height())  # the screen may clamp it
    first.window.library_pane.select_entry("podcast:1")
    qtbot.waitUntil(lambda: first.episode_model.query.podcast_id == 1, timeout=5000)
    first.window.library_pane.splitter.setSizes([233, 400])
    first.window.close()
    first.close()

    second = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(second.window)
    second.start()
    qtbot.waitUntil(lambda: second.episode_model.query.podcast_id == 1, timeout=20_000)
    assert (second.window.width(), second.window.height()) == saved_size
    assert saved_size[0] == 701
    assert second.window.library_pane.splitter.sizes()[0] == 233
    second.close()


def test_every_control_has_an_accessible_name(gui: Application) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSlider,
        QAbstractSpinBox,
        QScrollBar,
    )

    missing = []
    for kind in (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QLineEdit):
        for widget in gui.window.findChildren(kind):
            if isinstance(widget, QScrollBar):
                continue  # scroll bars belong to their view, which is named
            if widget.isVisibleTo(gui.window) and not (
                widget.accessibleName() or widget.text()
                if hasattr(widget, "text")
                else widget.accessibleName()
            ):
                missing.append(widget.objectName() or type(widget).__name__)
    assert missing == []
