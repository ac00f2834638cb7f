"""Every shortcut pressed on the real window, checked against the player's real state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.add_podcast import AddPodcastDialog
from player.qt.dialogs.shortcuts import ShortcutsHelp
from tests.qt.conftest import click_row, row_of

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _press(app: Application, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the listener's focus is (the episode list by default)."""
    target = QApplication.focusWidget() or app.window.library_pane.table
    QTest.keyClick(target, key, modifier)


def _focus_table(app: Application, qtbot) -> None:
    app.window.activateWindow()
    table = app.window.library_pane.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)


def _start_demo(app: Application, qtbot, title: str = "Up Next, Without Uploading") -> None:
    table = app.window.library_pane.table
    click_row(table, row_of(table, title), double=True)
    qtbot.waitUntil(lambda: app.player.state == "playing", timeout=15_000)
    qtbot.waitUntil(lambda: len(app.player.chapters) >= 4, timeout=10_000)
    _focus_table(app, qtbot)


def test_space_toggles_playback(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    _press(gui, K.Key_Space)
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    _press(gui, K.Key_Space)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=5000)


def test_left_and_right_skip(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    gui.player.pause()
    gui.player.seek(40.0)
    qtbot.waitUntil(lambda: abs(gui.player.position - 40.0) < 0.3, timeout=5000)
    _press(gui, K.Key_Right)
    qtbot.waitUntil(lambda: abs(gui.player.position - 70.0) < 0.5, timeout=5000)
    _press(gui, K.Key_Left)
    qtbot.waitUntil(lambda: abs(gui.player.position - 60.0) < 0.5, timeout=5000)


def test_shift_left_and_right_move_between_chapters(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    gui.player.pause()
    chapters = gui.player.chapters
    gui.player.seek(chapters[1].start + 5)
    qtbot.waitUntil(lambda: gui.player.position > chapters[1].start + 4, timeout=5000)
    _press(gui, K.Key_Right, SHIFT)
    qtbot.waitUntil(lambda: abs(gui.player.position - chapters[2].start) < 0.5, timeout=5000)
    gui.player.seek(chapters[2].start + 0.5)
    qtbot.waitUntil(lambda: abs(gui.player.position - chapters[2].start - 0.5) < 0.3, timeout=5000)
    _press(gui, K.Key_Left, SHIFT)
    qtbot.waitUntil(lambda: abs(gui.player.position - chapters[1].start) < 0.5, timeout=5000)


def test_brackets_change_the_rate(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    _press(gui, K.Key_BracketRight)
    qtbot.waitUntil(lambda: abs(gui.player.rate - 1.1) < 1e-6, timeout=5000)
    _press(gui, K.Key_BracketLeft)
    _press(gui, K.Key_BracketLeft)
    qtbot.waitUntil(lambda: abs(gui.player.rate - 0.9) < 1e-6, timeout=5000)
    assert gui.window.now_playing_pane.rate.value() == 0.9


def test_m_mutes_and_n_plays_the_next_in_queue(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    _press(gui, K.Key_M)
    qtbot.waitUntil(lambda: gui.player.muted, timeout=5000)
    assert gui.window.now_playing_pane.mute.isChecked()
    _press(gui, K.Key_M)
    qtbot.waitUntil(lambda: not gui.player.muted, timeout=5000)

    next_id = next(e.id for e in gui.library.episodes() if e.title == "One Feed, Many Doors")
    gui.queue.add([next_id])
    _press(gui, K.Key_N)
    qtbot.waitUntil(
        lambda: gui.player.episode is not None and gui.player.episode.id == next_id, timeout=10_000
    )
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=10_000)


def test_media_keys_work_while_the_window_has_focus(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    _press(gui, K.Key_MediaTogglePlayPause)
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    _press(gui, K.Key_MediaPlay)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=5000)
    _press(gui, K.Key_MediaPause)
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    _press(gui, K.Key_MediaStop)
    qtbot.waitUntil(lambda: gui.player.state == "stopped", timeout=5000)
    other = next(e.id for e in gui.library.episodes() if e.title == "One Feed, Many Doors")
    gui.queue.add([other])
    _press(gui, K.Key_MediaNext)
    qtbot.waitUntil(
        lambda: gui.player.episode is not None and gui.player.episode.id == other, timeout=10_000
    )


def test_ctrl_f_searches_and_space_there_types_a_space(gui: Application, qtbot) -> None:
    _start_demo(gui, qtbot)
    _press(gui, K.Key_F, CTRL)
    search = gui.window.library_pane.search
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=5000)
    QTest.keyClicks(search, "open source")
    assert search.text() == "open source"
    QTest.keyClick(search, K.Key_Left)  # Left moves the cursor, it does not skip back
    position = gui.player.position
    qtbot.wait(300)
    assert gui.player.state == "playing"  # the space typed above did not pause
    assert gui.player.position >= position
    qtbot.waitUntil(
        lambda: (
            gui.episode_model.query.text == "open source" and gui.episode_model.total is not None
        ),
        timeout=5000,
    )
    titles = {gui.episode_model.index(r, 0).data() for r in range(gui.episode_model.rowCount())}
    assert "Open Source and the Listener's Rights" in titles


def test_ctrl_n_opens_add_podcast_and_ctrl_r_refreshes(gui: Application, qtbot) -> None:
    _focus_table(gui, qtbot)
    _press(gui, K.Key_N, CTRL)
    dialog = gui.window.findChild(AddPodcastDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    dialog.reject()
    _focus_table(gui, qtbot)
    finished = []
    gui.sync.refreshFinished.connect(finished.append)
    _press(gui, K.Key_R, CTRL)
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    assert finished[0].feeds == 1


def test_delete_removes_the_selection_from_the_queue(gui: Application, qtbot) -> None:
    ids = [e.id for e in gui.library.episodes()][:3]
    gui.queue.add(ids)
    gui.library_controller.reload_queue()
    queue_view = gui.window.queue_pane.list
    qtbot.waitUntil(lambda: queue_view.model().rowCount() == 3, timeout=5000)
    click_row(queue_view, 1)
    queue_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is queue_view, timeout=5000)
    QTest.keyClick(queue_view, K.Key_Delete)
    qtbot.waitUntil(lambda: queue_view.model().rowCount() == 2, timeout=5000)
    assert gui.queue.ids() == [ids[0], ids[2]]


def test_ctrl_q_quits(gui: Application, qtbot) -> None:
    _focus_table(gui, qtbot)
    _press(gui, K.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not gui.window.isVisible(), timeout=5000)


def test_help_lists_shortcuts_and_changed_ones_are_stored(
    gui: Application, qtbot, data_dir
) -> None:
    _focus_table(gui, qtbot)
    _press(gui, K.Key_F1)
    help_window = gui.window.findChild(ShortcutsHelp)
    qtbot.waitUntil(lambda: help_window is not None and help_window.isVisible(), timeout=5000)
    rows = help_window.rows()
    assert rows["Play/Pause"].startswith("Space")
    assert rows["Next chapter"] == "Shift+Right"
    assert rows["Quit"] == "Ctrl+Q"
    help_window.close()

    gui.commands.apply_settings({"ui.shortcuts": {"play_pause": "P"}})
    _start_demo(gui, qtbot)
    _press(gui, K.Key_P)
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    assert gui.settings.get("ui.shortcuts") == {"play_pause": "P"}
    gui.close()

    again = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(again.window)
    keys = [k.toString() for k in again.window.registry["play_pause"].shortcuts()]
    assert keys[0] == "P" and "Space" not in keys
    again.close()
