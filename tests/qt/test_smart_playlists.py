"""Smart playlists in the real window: made with the editor (its count computed off the GUI
thread), listed in the sidebar with a live count, selected to show exactly its episodes."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from player.domain.playlists import DownloadRule, PlaylistRules, StateRule
from player.domain.queries import EpisodeSort
from player.qt.app import Application
from player.qt.dialogs.playlist_editor import PlaylistEditorDialog
from player.qt.models.library import CountRole
from player.qt.workers import TaskRunner
from player.services.playlists import PlaylistChoices, PlaylistService
from tests.qt.conftest import click_row, row_of


def _editor(gui: Application, qtbot) -> PlaylistEditorDialog:
    qtbot.waitUntil(lambda: gui.playlists.dialog is not None, timeout=10_000)
    dialog = gui.playlists.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_a_playlist_made_in_the_editor_lists_exactly_its_episodes(gui: Application, qtbot) -> None:
    menu_texts = [a.text() for a in gui.window.menuBar().actions()[0].menu().actions()]
    assert "New Smart Playlist…" in menu_texts
    gui.window.registry["new_playlist"].trigger()
    dialog = _editor(gui, qtbot)
    qtbot.waitUntil(lambda: dialog.count is not None, timeout=10_000)
    assert dialog.count == 4, dialog.preview.text()  # no rules: the whole demo
    assert dialog.preview.text() == "4 episodes match"

    demo = gui.library.episodes()
    short = [e for e in demo if e.duration is not None and e.duration < 120]
    assert 0 < len(short) < len(demo)
    dialog.name.setText("Short ones")
    dialog.shorter.setValue(2)  # minutes
    dialog.sort.setCurrentIndex(dialog.sort.findData("oldest"))
    qtbot.waitUntil(lambda: dialog.count == len(short), timeout=10_000)
    assert dialog.preview.text() == f"{len(short)} episodes match"

    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Short ones") >= 0, timeout=10_000)
    row = row_of(sidebar, "Short ones")
    assert sidebar.model().index(row, 0).data(CountRole) == len(short)

    [saved] = PlaylistService(gui.store).playlists()
    assert saved.name == "Short ones"
    assert saved.rules == PlaylistRules(max_duration=120, sort=EpisodeSort.OLDEST)
    # Saving selects the new playlist; clicking it again keeps it shown.
    click_row(sidebar, row)
    expected = [e.id for e in sorted(short, key=lambda e: (e.published, e.id))]
    model = gui.episode_model
    qtbot.waitUntil(
        lambda: [model.episode(r).id for r in range(model.rowCount())] == expected,
        timeout=10_000,
    )
    assert gui.window.library_pane.current_entry is not None
    assert gui.window.library_pane.current_entry.key == f"playlist:{saved.id}"

    # Edited to "played" it matches none; marking one played, its count follows at once.
    gui.window.library_pane.playlistEditRequested.emit(saved.id)
    dialog = _editor(gui, qtbot)
    qtbot.waitUntil(lambda: dialog.name.text() == "Short ones", timeout=10_000)
    assert dialog.rules() == saved.rules
    dialog.state.setCurrentIndex(dialog.state.findData(StateRule.PLAYED.value))
    qtbot.waitUntil(lambda: dialog.count == 0, timeout=10_000)
    QTest.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(
        lambda: sidebar.model().index(row_of(sidebar, "Short ones"), 0).data(CountRole) == 0,
        timeout=10_000,
    )
    gui.library.mark_played([short[0].id])
    gui.library_controller.reload_episodes()
    qtbot.waitUntil(
        lambda: sidebar.model().index(row_of(sidebar, "Short ones"), 0).data(CountRole) == 1,
        timeout=10_000,
    )

    gui.playlists.delete(saved.id)
    qtbot.waitUntil(lambda: row_of(sidebar, "Short ones") < 0, timeout=10_000)
    assert PlaylistService(gui.store).playlists() == []


def test_the_editor_counts_on_the_task_pool_and_reads_back_its_rules(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = TaskRunner(parent=owner)
    threads: list[threading.Thread] = []

    def count(rules: PlaylistRules) -> int:
        threads.append(threading.current_thread())
        return 7

    choices = PlaylistChoices([(1, "Show A"), (2, "Show B")], ["News", "News/Daily"], ["long"])
    rules = PlaylistRules(
        podcasts_out=(2,),
        folders_in=("News/Daily",),
        tags_in=("LONG",),
        state=StateRule.NEW,
        downloaded=DownloadRule.NO,
        min_duration=600,
        max_duration=1800,
        newer_than_days=7,
        older_than_days=1,
        sort=EpisodeSort.DURATION,
        descending=False,
        limit=20,
    )
    dialog = PlaylistEditorDialog(runner, choices, count, lambda n, r: 1, owner, rules=rules)
    qtbot.waitUntil(lambda: dialog.count == 7, timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert dialog.rules() == replace(rules, tags_in=("long",))  # the library's spelling
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # no name yet
    dialog.name.setText("Short unplayed")
    assert save.isEnabled()
    runner.wait()


def test_the_window_opens_on_the_playlist_it_showed_last(qtbot, data_dir) -> None:
    from player.paths import DataPaths
    from player.storage import SettingsRepo, Store

    store = Store(data_dir / "library.sqlite3")
    playlist_id = PlaylistService(store).save("Short", PlaylistRules(max_duration=120))
    SettingsRepo(store).set("ui.last_entry", f"playlist:{playlist_id}")
    store.close()
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    try:
        app.start()
        pane = app.window.library_pane
        qtbot.waitUntil(
            lambda: (
                pane.current_entry is not None
                and pane.current_entry.key == f"playlist:{playlist_id}"
            ),
            timeout=20_000,
        )
        expected = PlaylistService(app.store).episode_ids(playlist_id)
        assert 0 < len(expected) < 4
        model = app.episode_model
        qtbot.waitUntil(
            lambda: [model.episode(r).id for r in range(model.rowCount())] == expected,
            timeout=10_000,
        )
        sidebar = pane.sidebar
        assert sidebar.currentIndex().row() == row_of(sidebar, "Short")
    finally:
        app.close()


def test_play_fills_a_queue_of_the_playlists_name_and_plays_its_first(
    gui: Application, qtbot
) -> None:
    service = PlaylistService(gui.store)
    playlist_id = service.save("Oldest two", PlaylistRules(sort=EpisodeSort.OLDEST, limit=2))
    expected = service.episode_ids(playlist_id)
    assert len(expected) == 2
    gui.playlists.reload()
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Oldest two") >= 0, timeout=10_000)

    gui.window.library_pane.playlistPlayRequested.emit(playlist_id)
    qtbot.waitUntil(
        lambda: gui.player.episode is not None and gui.player.episode.id == expected[0],
        timeout=15_000,
    )
    active = gui.queue.active()
    assert active.name == "Oldest two"
    assert gui.queue.ids(active.id) == expected
    qtbot.waitUntil(lambda: gui.queue_model.view.ids == expected, timeout=10_000)


def test_library_changes_during_a_count_ask_for_one_more_count_not_a_pile(
    gui: Application, qtbot
) -> None:
    controller = gui.playlists
    counted: list[int] = []
    release = threading.Event()
    summaries = controller.service.summaries

    def slow_summaries() -> list:
        counted.append(1)
        release.wait(5)
        return summaries()

    gui.runner.wait()
    controller.service.summaries = slow_summaries  # type: ignore[method-assign]
    for _ in range(10):  # an import's reloads, one per feed
        controller.reload()
    release.set()
    qtbot.waitUntil(lambda: not controller._counting, timeout=10_000)
    gui.runner.wait()
    qtbot.waitUntil(lambda: not controller._counting, timeout=10_000)
    assert len(counted) == 2  # the one running, then one for every change during it
