"""The sidebar of a big library: folders with counts and nested shows, collapsing that is
remembered across a restart, a show dragged into a folder, tags edited in a dialog, the
sidebar's order, and the playlist rows' menu.

The real window on a real store; rows are clicked, dragged and right-clicked as a user does.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMenu

from player.domain.organise import PlaylistSummary
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.models.library import DepthRole, EntryRole, KindRole, LibraryListModel
from player.qt.widgets.sidebar import SidebarView
from player.services.organise import EPISODE, PODCAST, OrganiseService
from player.storage import FolderRepo, PodcastRepo
from tests.qt.conftest import click_row, context_menu
from tests.support.library import add_podcast, item


def _show(app: Application, name: str, episodes: int, folder: str = "") -> int:
    items = [item(f"{name}-{i}", f"https://example.org/{name}/{i}.mp3") for i in range(episodes)]
    add_podcast(app.store, items, url=f"https://example.org/{name}.xml", title=name)
    podcast_id = next(p.id for p in PodcastRepo(app.store).list() if p.title == name)
    if folder:
        OrganiseService(app.store).move_podcast(podcast_id, folder)
    return podcast_id


def _keys(model: LibraryListModel) -> list[str]:
    return [e.key for e in model.entries]


def _reload_until(app: Application, qtbot, key: str, present: bool = True) -> None:
    app.library_controller.reload()
    model = app.library_model
    qtbot.waitUntil(lambda: (model.row_of(key) >= 0) == present, timeout=10_000)


def _library(app: Application, qtbot) -> dict[str, int]:
    ids = {
        "Alpha": _show(app, "Alpha", 3, "News"),
        "Beta": _show(app, "Beta", 2, "News/Daily"),
        "Gamma": _show(app, "Gamma", 1, "Tech"),
        "Loose": _show(app, "Loose", 4),
    }
    _reload_until(app, qtbot, f"podcast:{ids['Beta']}")
    return ids


def _drop(view: SidebarView, data: QMimeData, row: int | None) -> None:
    """Drag-enter, move and drop ``data`` at a row's middle (None: the empty area below)."""
    viewport = view.viewport()
    if row is None:
        point = QPointF(viewport.rect().center().x(), viewport.rect().bottom() - 3)
    else:
        point = QPointF(view.visualRect(view.model().index(row, 0)).center())
    action, left, none = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    for event in (
        QDragEnterEvent(point.toPoint(), action, data, left, none),
        QDragMoveEvent(point.toPoint(), action, data, left, none),
        QDropEvent(point, action, data, left, none),
    ):
        QApplication.sendEvent(viewport, event)


def test_folders_come_before_loose_shows_with_counts_and_indents(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    model = gui.library_model
    keys = _keys(model)
    assert keys[:3] == ["new", "in-progress", "downloaded"]
    folder_rows = [k for k in keys if k.startswith("folder:")]
    assert folder_rows == ["folder:News", "folder:News/Daily", "folder:Tech"]
    news = model.row_of("folder:News")
    assert model.index(news).data(KindRole) == "folder"
    assert model.index(news).data() == "News"
    daily = model.row_of("folder:News/Daily")
    assert model.index(daily).data() == "Daily" and model.index(daily).data(DepthRole) == 1
    beta = model.row_of(f"podcast:{ids['Beta']}")
    assert model.index(beta).data(DepthRole) == 2 and daily < beta
    alpha = model.row_of(f"podcast:{ids['Alpha']}")
    assert model.index(alpha).data(DepthRole) == 1 and beta < alpha < model.row_of("folder:Tech")
    loose = model.row_of(f"podcast:{ids['Loose']}")
    assert model.index(loose).data(DepthRole) == 0 and loose > model.row_of(
        f"podcast:{ids['Gamma']}"
    )
    # The badge of a folder counts its nested shows' unplayed episodes too.
    assert model.index(news).data(Qt.ItemDataRole.UserRole + 4) == 5
    # Selecting a folder lists every episode of its shows.
    sidebar = gui.window.library_pane.sidebar
    click_row(sidebar, news)
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 5, timeout=10_000)
    assert gui.episode_model.query.folder == "News"
    # podcasts() lists every show, the demo one too; podcast(id) finds one in a folder.
    assert {p.title for p in model.podcasts()} >= {"Alpha", "Beta", "Gamma", "Loose"}
    assert model.podcast(ids["Beta"]) is not None


def test_collapse_hides_a_folder_and_is_remembered_after_a_restart(qtbot, data_dir: Path) -> None:
    for start in (1, 2):
        app = Application(DataPaths(data_dir), aout="dummy")
        qtbot.addWidget(app.window)
        app.start()
        try:
            model, sidebar = app.library_model, app.window.library_pane.sidebar
            qtbot.waitUntil(lambda m=model: m.row_of("podcast:1") >= 0, timeout=20_000)
            if start == 1:
                ids = _library(app, qtbot)
                row = model.row_of("folder:News")
                index = model.index(row)
                arrow = (
                    sidebar.itemDelegate()
                    .row_layout(sidebar.visualRect(index), index, sidebar.font())
                    .arrow
                )
                assert arrow is not None
                QTest.mouseClick(
                    sidebar.viewport(),
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier,
                    arrow.center(),
                )
                assert model.is_collapsed("News")
                assert model.row_of(f"podcast:{ids['Alpha']}") == -1
                assert model.row_of("folder:News/Daily") == -1
                assert model.row_of("folder:Tech") >= 0
                qtbot.waitUntil(
                    lambda a=app: {f.name: f.collapsed for f in FolderRepo(a.store).summaries()}[
                        "News"
                    ],
                    timeout=5000,
                )
            else:
                qtbot.waitUntil(lambda m=model: m.row_of("folder:News") >= 0, timeout=10_000)
                assert model.is_collapsed("News")
                assert model.row_of("folder:News/Daily") == -1
                alpha = next(p for p in model.podcasts() if p.title == "Alpha")
                assert model.row_of(f"podcast:{alpha.id}") == -1
                # The menu's "Expand" shows the rows again.
                menu = context_menu(sidebar, model.row_of("folder:News"))
                [expand] = [a for a in menu.actions() if a.text() == "Expand"]
                expand.trigger()
                menu.close()
                assert model.row_of(f"podcast:{alpha.id}") >= 0
                qtbot.waitUntil(
                    lambda a=app: not FolderRepo(a.store).summaries()[0].collapsed, timeout=5000
                )
        finally:
            app.close()


def test_a_show_dragged_onto_a_folder_moves_there_and_back_out(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    model, sidebar = gui.library_model, gui.window.library_pane.sidebar
    loose_key = f"podcast:{ids['Loose']}"
    data = model.mimeData([model.index(model.row_of(loose_key))])
    _drop(sidebar, data, model.row_of("folder:Tech"))
    qtbot.waitUntil(
        lambda: PodcastRepo(gui.store).get(ids["Loose"]).folder == "Tech", timeout=10_000
    )
    qtbot.waitUntil(
        lambda: model.index(model.row_of(loose_key)).data(DepthRole) == 1, timeout=10_000
    )
    row = model.row_of(loose_key)
    assert model.row_of("folder:Tech") < row
    assert model.index(model.row_of("folder:Tech")).data(Qt.ItemDataRole.UserRole + 4) == 5
    # Dropped on the empty area under the rows: out of any folder.
    gui.window.resize(1024, 900)
    data = model.mimeData([model.index(row)])
    _drop(sidebar, data, None)
    qtbot.waitUntil(lambda: PodcastRepo(gui.store).get(ids["Loose"]).folder == "", timeout=10_000)
    # A special view takes no shows.
    data = model.mimeData([model.index(model.row_of(f"podcast:{ids['Alpha']}"))])
    _drop(sidebar, data, model.row_of("new"))
    qtbot.wait(200)
    assert PodcastRepo(gui.store).get(ids["Alpha"]).folder == "News"


def test_move_to_folder_menu_and_delete_folder(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    model, sidebar = gui.library_model, gui.window.library_pane.sidebar
    menu = context_menu(sidebar, model.row_of(f"podcast:{ids['Loose']}"))
    [move] = [a for a in menu.actions() if a.text() == "Move to folder"]
    submenu = move.menu()
    assert isinstance(submenu, QMenu)
    [daily] = [a for a in submenu.actions() if a.text().strip() == "Daily"]
    daily.trigger()
    menu.close()
    qtbot.waitUntil(
        lambda: PodcastRepo(gui.store).get(ids["Loose"]).folder == "News/Daily", timeout=10_000
    )
    menu = context_menu(sidebar, model.row_of("folder:News"))
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Rename…",
        "Delete folder",
        "Collapse",
        "New folder…",
    ]
    [delete] = [a for a in menu.actions() if a.text() == "Delete folder"]
    delete.trigger()
    menu.close()
    _reload_until(gui, qtbot, "folder:News/Daily", present=False)
    assert PodcastRepo(gui.store).get(ids["Loose"]).folder == "Daily"
    assert PodcastRepo(gui.store).get(ids["Alpha"]).folder == ""
    gui.organise_controller.rename_folder("Daily", "Morning")
    _reload_until(gui, qtbot, "folder:Morning")
    assert PodcastRepo(gui.store).get(ids["Beta"]).folder == "Morning"


def _fill_tags_dialog(gui: Application, qtbot, tick: str, add: str) -> None:
    qtbot.waitUntil(lambda: gui.organise_controller.tags_dialog is not None, timeout=10_000)
    dialog = gui.organise_controller.tags_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    for i in range(dialog.list.count()):
        entry = dialog.list.item(i)
        if entry.text() == tick:
            rect = dialog.list.visualItemRect(entry)
            # The check box sits at the row's left: a click there ticks it.
            point = rect.topLeft() + type(rect.topLeft())(10, rect.height() // 2)
            QTest.mouseClick(
                dialog.list.viewport(),
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                point,
            )
    QTest.keyClicks(dialog.field, add)
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    buttons = dialog.findChild(QDialogButtonBox)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_tags_dialog_for_a_show_and_for_episodes(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    service = OrganiseService(gui.store)
    service.add_tags(PODCAST, ids["Gamma"], ["Science"])
    model, sidebar = gui.library_model, gui.window.library_pane.sidebar
    menu = context_menu(sidebar, model.row_of(f"podcast:{ids['Alpha']}"))
    [tags] = [a for a in menu.actions() if a.text() == "Tags…"]
    tags.trigger()
    menu.close()
    _fill_tags_dialog(gui, qtbot, tick="Science", add="Long form")
    qtbot.waitUntil(
        lambda: service.tags_of(PODCAST, ids["Alpha"]) == ["Long form", "Science"], timeout=10_000
    )
    # Episodes: the episode table's menu.
    pane = gui.window.library_pane
    click_row(sidebar, model.row_of(f"podcast:{ids['Loose']}"))
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 4, timeout=10_000)
    click_row(pane.table, 0)
    episode_id = gui.episode_model.episode(0).id
    menu = context_menu(pane.table, 0)
    [tags] = [a for a in menu.actions() if a.text() == "Tags…"]
    tags.trigger()
    menu.close()
    _fill_tags_dialog(gui, qtbot, tick="", add="later")
    qtbot.waitUntil(lambda: service.tags_of(EPISODE, episode_id) == ["later"], timeout=10_000)


def test_sort_orders_shows_inside_folders_and_is_remembered(gui: Application, qtbot) -> None:
    ids = {
        name: _show(gui, name, count, "Mix") for name, count in (("Aa", 1), ("Bb", 5), ("Cc", 3))
    }
    _reload_until(gui, qtbot, f"podcast:{ids['Cc']}")
    model = gui.library_model

    def order() -> list[str]:
        return [
            e.label for e in model.entries if e.podcast is not None and e.podcast.folder == "Mix"
        ]

    assert order() == ["Aa", "Bb", "Cc"]
    button = gui.window.library_pane.sort_button
    assert button.text() == "Sort: Title"
    [unplayed] = [a for a in button.menu().actions() if a.text() == "Unplayed count"]
    unplayed.trigger()
    assert order() == ["Bb", "Cc", "Aa"]
    assert button.text() == "Sort: Unplayed count"
    qtbot.waitUntil(lambda: gui.settings.get("sidebar.sort") == "unplayed", timeout=5000)
    # A reload keeps it; the setting reaches the database.
    _reload_until(gui, qtbot, "folder:Mix")
    assert order() == ["Bb", "Cc", "Aa"]
    stored = "SELECT value FROM settings WHERE key = 'sidebar.sort'"
    qtbot.waitUntil(lambda: gui.store.scalar(stored) == '"unplayed"', timeout=5000)


def test_playlist_rows_and_their_menu_signals(gui: Application, qtbot) -> None:
    model, pane = gui.library_model, gui.window.library_pane
    model.set_playlists(
        [PlaylistSummary(7, "Short ones", 12), PlaylistSummary(9, "Unheard news", 3)]
    )
    keys = _keys(model)
    assert keys[3:6] == ["section:playlists", "playlist:7", "playlist:9"]
    row = model.row_of("playlist:7")
    assert model.index(row).data() == "Short ones"
    assert model.index(row).data(Qt.ItemDataRole.UserRole + 4) == 12
    entry = model.index(row).data(EntryRole)
    assert entry.query.playlist_id == 7
    signals = (
        ("Play", pane.playlistPlayRequested),
        ("Edit…", pane.playlistEditRequested),
        ("Delete playlist", pane.playlistDeleteRequested),
    )
    # Only the menu's signals are under test: the playlists controller's dialogs stay shut.
    for signal in (*(s for _, s in signals), pane.newPlaylistRequested):
        signal.disconnect()
    for label, signal in signals:
        menu = context_menu(pane.sidebar, row)
        [action] = [a for a in menu.actions() if a.text() == label]
        with qtbot.waitSignal(signal) as blocker:
            action.trigger()
        menu.close()
        assert blocker.args == [7]
    menu = context_menu(pane.sidebar, row)
    [new] = [a for a in menu.actions() if a.text() == "New Smart Playlist…"]
    with qtbot.waitSignal(pane.newPlaylistRequested):
        new.trigger()
    menu.close()
    # The section header is not selectable; the selection survives a playlist refresh.
    assert not (
        model.flags(model.index(model.row_of("section:playlists"))) & Qt.ItemFlag.ItemIsSelectable
    )
    pane.select_entry("playlist:9")
    model.set_playlists(
        [PlaylistSummary(7, "Short ones", 13), PlaylistSummary(9, "Unheard news", 4)]
    )
    assert pane.sidebar.currentIndex().data(EntryRole).key == "playlist:9"


def test_selecting_a_show_in_a_collapsed_folder_expands_it(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    model, pane = gui.library_model, gui.window.library_pane
    model.set_collapsed("News", True)
    key = f"podcast:{ids['Beta']}"
    assert model.row_of(key) == -1
    assert pane.select_entry(key)
    assert not model.is_collapsed("News")
    assert pane.sidebar.currentIndex().data(EntryRole).key == key
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == 2, timeout=10_000)


def _answer_input(qtbot, text: str) -> None:
    """Type ``text`` into the name prompt that is about to open, and press OK."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(20, answer)


def test_new_folder_from_a_show_menu_and_from_the_empty_area(gui: Application, qtbot) -> None:
    ids = _library(gui, qtbot)
    model, sidebar = gui.library_model, gui.window.library_pane.sidebar
    menu = context_menu(sidebar, model.row_of(f"podcast:{ids['Loose']}"))
    [move] = [a for a in menu.actions() if a.text() == "Move to folder"]
    [new] = [a for a in move.menu().actions() if a.text() == "New folder…"]
    menu.close()
    _answer_input(qtbot, "Sport / Cycling")
    new.trigger()
    qtbot.waitUntil(
        lambda: PodcastRepo(gui.store).get(ids["Loose"]).folder == "Sport/Cycling", timeout=10_000
    )
    _reload_until(gui, qtbot, "folder:Sport/Cycling")
    # The empty area's menu: a new empty folder, and a new playlist (another part handles it).
    gui.window.resize(1024, 900)
    viewport = sidebar.viewport()
    point = QPoint(viewport.width() // 2, viewport.height() - 3)
    assert not sidebar.indexAt(point).isValid()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions()] == ["New folder…", "New Smart Playlist…"]
    gui.window.library_pane.newPlaylistRequested.disconnect()  # the editor is tested elsewhere
    with qtbot.waitSignal(gui.window.library_pane.newPlaylistRequested):
        menu.actions()[1].trigger()
    menu.close()
    _answer_input(qtbot, "Empty one")
    menu.actions()[0].trigger()
    _reload_until(gui, qtbot, "folder:Empty one")


def test_left_and_right_keys_collapse_and_expand_the_current_folder(
    gui: Application, qtbot
) -> None:
    ids = _library(gui, qtbot)
    model, sidebar = gui.library_model, gui.window.library_pane.sidebar
    click_row(sidebar, model.row_of("folder:Tech"))
    sidebar.setFocus()
    QTest.keyClick(sidebar, Qt.Key.Key_Left)
    assert model.is_collapsed("Tech") and model.row_of(f"podcast:{ids['Gamma']}") == -1
    assert sidebar.currentIndex().data(EntryRole).key == "folder:Tech"
    QTest.keyClick(sidebar, Qt.Key.Key_Right)
    assert not model.is_collapsed("Tech") and model.row_of(f"podcast:{ids['Gamma']}") >= 0
    assert gui.runner.wait()  # both saves ran, in whatever order: the newest state is kept
    assert not {f.name: f.collapsed for f in FolderRepo(gui.store).summaries()}["Tech"]


def test_nested_rows_keep_whole_badges_at_1024x700(gui: Application, qtbot) -> None:
    _library(gui, qtbot)
    OrganiseService(gui.store).move_podcast(1, "News/Daily/Very deeply nested folder name")
    gui.library_model.set_playlists([PlaylistSummary(1, "A playlist with a long name", 12345)])
    _reload_until(gui, qtbot, "folder:News/Daily/Very deeply nested folder name")
    gui.window.resize(1024, 700)
    qtbot.waitUntil(lambda: gui.window.width() == 1024, timeout=5000)
    QApplication.processEvents()
    sidebar = gui.window.library_pane.sidebar
    model, delegate = sidebar.model(), sidebar.itemDelegate()
    viewport = sidebar.viewport().rect()
    assert not sidebar.horizontalScrollBar().isVisible()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        sidebar.scrollTo(index)
        parts = delegate.row_layout(sidebar.visualRect(index), index, sidebar.font())
        for label, badge in parts.badges:
            assert viewport.contains(badge), (model.index(row).data(), label)
            assert badge.width() >= sidebar.fontMetrics().horizontalAdvance(label)
        assert parts.text.width() > 20, model.index(row).data()
