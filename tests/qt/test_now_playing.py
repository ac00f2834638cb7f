"""The now-playing pane through its real widgets: speed that sticks, a sleep label that counts
down, the last episode back after a restart, time left at speed, readable controls, and
labelled sections with an inviting empty state.

Each test drives the real window (menus, keys, clicks) on the real services (SQLite, libVLC with
dummy audio) and checks what the widgets then show.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from player.domain.format import clock
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.podcast_settings import PodcastSettingsDialog
from player.qt.dialogs.settings import SettingsDialog
from player.storage import EpisodeRepo, PodcastRepo
from tests.qt.conftest import click_row, play_demo, row_of
from tests.qt.test_window_flows import _context_menu

FIRST = "Up Next, Without Uploading"
OTHER = "One Feed, Many Doors"


def _menu_action(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text() == text)


def _focus_table(app: Application, qtbot) -> None:
    app.window.activateWindow()
    table = app.window.library_pane.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)


def _press_space(app: Application) -> None:
    QTest.keyClick(QApplication.focusWidget() or app.window.library_pane.table, Qt.Key.Key_Space)


def _countdown(text: str) -> int:
    """Seconds in the last m:ss of a sleep label."""
    match = re.search(r"(\d+):(\d\d)$", text)
    assert match, text
    return int(match.group(1)) * 60 + int(match.group(2))


def _episode_id(app: Application, title: str) -> int:
    return next(e.id for e in EpisodeRepo(app.store).list() if e.title == title)


# -- speed -----------------------------------------------------------------------------------


def test_the_speed_picked_from_the_presets_sticks_for_the_next_episode(
    gui: Application, qtbot
) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot, FIRST)
    menu = pane.rate_presets.menu()
    assert [a.text() for a in menu.actions()] == [
        "0.8×", "1×", "1.2×", "1.5×", "1.8×", "2×", "2.5×", "3×"
    ]  # fmt: skip
    _menu_action(menu, "1.5×").trigger()
    qtbot.waitUntil(lambda: abs(gui.player.rate - 1.5) < 1e-6, timeout=5000)
    assert pane.rate.value() == 1.5
    assert _menu_action(menu, "1.5×").isChecked()

    table = gui.window.library_pane.table
    click_row(table, row_of(table, OTHER), double=True)
    qtbot.waitUntil(lambda: pane.title.text() == OTHER, timeout=10_000)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    assert gui.player.rate == 1.5
    assert pane.rate.value() == 1.5
    assert gui.settings.get("playback.rate") == 1.5


def test_a_speed_set_with_the_keyboard_holds_when_the_queue_moves_on(
    gui: Application, qtbot
) -> None:
    gui.library_controller.add_to_queue([_episode_id(gui, FIRST), _episode_id(gui, OTHER)])
    qtbot.waitUntil(lambda: gui.queue_model.rowCount() == 2, timeout=10_000)
    play_demo(gui, qtbot, FIRST)
    _focus_table(gui, qtbot)
    for _ in range(2):
        QTest.keyClick(gui.window.library_pane.table, Qt.Key.Key_BracketRight)
    qtbot.waitUntil(lambda: abs(gui.player.rate - 1.2) < 1e-6, timeout=5000)
    QTest.keyClick(gui.window.library_pane.table, Qt.Key.Key_N)  # next in the queue
    pane = gui.window.now_playing_pane
    qtbot.waitUntil(lambda: pane.title.text() == OTHER, timeout=10_000)
    assert gui.player.rate == 1.2
    assert pane.rate.value() == 1.2


def test_a_podcasts_own_speed_comes_first_and_leaves_the_default_alone(
    gui: Application, qtbot
) -> None:
    gui.settings.set("playback.rate", 1.3)
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Signal & Noise") >= 0, timeout=10_000)
    seen: dict[str, str] = {}

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PodcastSettingsDialog):
            QTimer.singleShot(50, fill_in)
            return
        hint = dialog.findChild(QLabel, "podcastRateHint")
        seen["hint"] = hint.text() if hint is not None else ""
        dialog.own_rate.setChecked(True)
        dialog.rate.setValue(1.8)
        dialog.accept()

    menu = _context_menu(sidebar, row_of(sidebar, "Signal & Noise"))
    QTimer.singleShot(50, fill_in)
    _menu_action(menu, "Settings…").trigger()
    menu.close()
    assert "default speed, now 1.3×" in seen["hint"]
    podcasts = PodcastRepo(gui.store)
    qtbot.waitUntil(lambda: podcasts.list()[0].playback_rate == 1.8, timeout=10_000)

    play_demo(gui, qtbot, FIRST)
    assert gui.player.rate == 1.8
    assert gui.window.now_playing_pane.rate.value() == 1.8
    gui.window.now_playing_pane.rate.setValue(2.0)  # as typed or stepped in the spin box
    qtbot.waitUntil(lambda: abs(gui.player.rate - 2.0) < 1e-6, timeout=5000)
    # A change while the podcast with its own speed plays is for this episode only.
    assert gui.settings.get("playback.rate") == 1.3


def test_the_settings_dialog_edits_the_default_speed(gui: Application, qtbot) -> None:
    dialog = SettingsDialog(gui.settings.all(), "", [], clear_history=lambda: None)
    qtbot.addWidget(dialog)
    assert dialog.default_rate.value() == 1.0
    dialog.default_rate.setFocus()
    QTest.keyClick(dialog.default_rate, Qt.Key.Key_Up)
    QTest.keyClick(dialog.default_rate, Qt.Key.Key_Up)
    assert dialog.changes()["playback.rate"] == 1.2
    gui.commands.apply_settings(dialog.changes())
    play_demo(gui, qtbot, FIRST)
    assert gui.player.rate == 1.2


# -- sleep timer -----------------------------------------------------------------------------


def test_the_sleep_label_counts_down(gui: Application, qtbot) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot)
    _menu_action(pane.sleep.menu(), "In 15 minutes").trigger()
    qtbot.waitUntil(lambda: pane.sleep_label.text().startswith("Stops in "), timeout=2000)
    first = _countdown(pane.sleep_label.text())
    assert 14 * 60 + 58 <= first <= 15 * 60
    qtbot.waitUntil(lambda: _countdown(pane.sleep_label.text()) <= first - 2, timeout=4000)
    assert pane.sleep_label.isVisible()


def test_sleep_at_the_end_of_the_episode_says_so_and_counts_down(gui: Application, qtbot) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot)
    _menu_action(pane.sleep.menu(), "At the end of the episode").trigger()
    prefix = "Stops at the end of this episode, in "
    qtbot.waitUntil(lambda: pane.sleep_label.text().startswith(prefix), timeout=2000)
    first = _countdown(pane.sleep_label.text())
    left = (gui.player.duration or 0) - gui.player.position
    assert abs(first - left) <= 2
    qtbot.waitUntil(lambda: _countdown(pane.sleep_label.text()) <= first - 2, timeout=4000)
    _menu_action(pane.sleep.menu(), "Off").trigger()
    qtbot.waitUntil(lambda: pane.sleep_label.text() == "", timeout=2000)


# -- after a restart -------------------------------------------------------------------------


def _start(qtbot, data_dir: Path) -> Application:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    return app


def test_after_a_restart_the_last_episode_is_ready_and_space_resumes_it(
    qtbot, data_dir: Path
) -> None:
    title = "Chapters, Transcripts and the Shape of Sound"
    first = _start(qtbot, data_dir)
    try:
        play_demo(first, qtbot, title)
        first.player.seek(75.0)
        qtbot.waitUntil(lambda: first.player.position > 76.0, timeout=10_000)
        first.window.close()
    finally:
        first.close()

    second = _start(qtbot, data_dir)
    try:
        pane = second.window.now_playing_pane
        qtbot.waitUntil(lambda: pane.title.text() == title, timeout=10_000)
        assert second.player.state == "paused"
        saved = EpisodeRepo(second.store).get(_episode_id(second, title)).position
        assert saved > 76.0
        resume_at = saved - 2.0  # the resume rewind
        assert abs(pane.slider.value() / 1000 - resume_at) < 0.1
        assert pane.elapsed.text() == clock(resume_at)
        qtbot.waitUntil(lambda: pane.chapter_list.count() >= 4, timeout=10_000)
        assert pane.chapter_title.text().startswith("Chapter: ")
        assert pane.lower_stack.currentWidget() is pane.lower_splitter
        assert "Chapters" in pane.notes.toPlainText()  # this episode's own notes
        # The podcast's cover arrives with the sidebar (not the placeholder icon's 96 px).
        qtbot.waitUntil(lambda: pane.cover.pixmap().width() == pane.cover.width(), timeout=10_000)
        assert pane.play_pause.isEnabled()

        _focus_table(second, qtbot)
        _press_space(second)
        qtbot.waitUntil(lambda: second.player.state == "playing", timeout=5000)
        qtbot.waitUntil(lambda: second.player.position > resume_at + 0.3, timeout=5000)
        assert second.player.position < resume_at + 5.0
    finally:
        second.close()


# -- time left, skip buttons, volume -------------------------------------------------------


def test_remaining_time_is_real_time_at_the_current_speed(gui: Application, qtbot) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot)
    gui.player.pause()
    gui.player.seek(31.0)
    duration = gui.player.duration or 0.0
    assert pane.remaining.text() == f"-{clock(duration - 31.0)}"
    pane.rate.setValue(2.0)
    qtbot.waitUntil(lambda: abs(gui.player.rate - 2.0) < 1e-6, timeout=5000)
    assert pane.remaining.text() == f"-{clock((duration - 31.0) / 2)} at 2×"
    assert pane.remaining.toolTip() == (
        f"{clock((duration - 31.0) / 2)} left at 2× ({clock(duration - 31.0)} of audio)"
    )


def test_skip_buttons_say_how_far_they_jump_and_the_volume_shows_its_value(
    gui: Application, qtbot
) -> None:
    pane = gui.window.now_playing_pane
    assert (pane.skip_back.text(), pane.skip_forward.text()) == ("-10 s", "+30 s")
    assert pane.volume_value.text() == "100 %"
    gui.commands.apply_settings(
        {"playback.skip_back_seconds": 15, "playback.skip_forward_seconds": 45}
    )
    assert (pane.skip_back.text(), pane.skip_forward.text()) == ("-15 s", "+45 s")
    assert pane.skip_back.toolTip() == "Skip back 15 seconds"

    play_demo(gui, qtbot)
    gui.player.pause()
    gui.player.seek(60.0)
    QTest.mouseClick(pane.skip_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: abs(gui.player.position - 45.0) < 0.3, timeout=5000)

    pane.volume.setFocus()
    QTest.keyClick(pane.volume, Qt.Key.Key_PageDown)
    QTest.keyClick(pane.volume, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: gui.player.volume == 80, timeout=5000)
    assert pane.volume_value.text() == "80 %"
    assert pane.volume_value.isVisible()


# -- sections and the empty state ------------------------------------------------------------


def test_chapters_and_show_notes_are_labelled_and_the_notes_fill_the_pane(
    gui: Application, qtbot
) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot)
    assert pane.chapters_header.isVisible() and pane.chapters_header.text() == "Chapters (5)"
    assert pane.notes_header.isVisible() and pane.notes_header.text() == "Show notes"
    chapters = pane.chapter_list
    # Every chapter visible at once, no empty rows below them.
    assert not chapters.verticalScrollBar().isVisible()
    rows_height = chapters.count() * chapters.sizeHintForRow(0) + 2 * chapters.frameWidth()
    assert chapters.height() == rows_height
    # The notes reach the bottom of the pane: they get whatever height is left.
    notes_bottom = pane.notes.mapTo(pane, pane.notes.rect().bottomLeft()).y()
    assert notes_bottom >= pane.height() - 15
    assert "How a podcast player can suggest" in pane.notes.toPlainText()


def test_show_notes_of_another_episode_say_whose_they_are(gui: Application, qtbot) -> None:
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot, FIRST)
    table = gui.window.library_pane.table
    row = row_of(table, OTHER)
    click_row(table, row)
    menu = _context_menu(table, row)
    _menu_action(menu, "Show notes").trigger()
    menu.close()
    assert pane.notes_header.text() == f"Show notes: {OTHER}"
    assert "Open RSS feeds, distribution across platforms" in pane.notes.toPlainText()
    assert pane.title.text() == FIRST  # the player still plays the first
    assert pane.notes_back.isVisible() and pane.notes_back.text() == "Back to now playing"
    assert not pane.chapter_list.isVisible()  # the playing episode's chapters step aside

    QTest.mouseClick(pane.notes_back, Qt.MouseButton.LeftButton)
    assert pane.notes_header.text() == "Show notes"
    assert "How a podcast player can suggest" in pane.notes.toPlainText()
    assert not pane.notes_back.isVisible()
    assert pane.chapter_list.isVisible() and pane.chapter_list.count() == 5


def test_with_nothing_playing_the_pane_invites_to_play(gui: Application, qtbot) -> None:
    pane = gui.window.now_playing_pane
    assert pane.lower_stack.currentWidget() is pane.empty_state
    assert pane.empty_state.isVisible()
    assert not pane.chapter_list.isVisible() and not pane.notes.isVisible()
    assert "Double-click an episode to play it." in pane.empty_state.text()

    gui.library_controller.add_to_queue([_episode_id(gui, OTHER)])
    qtbot.waitUntil(lambda: OTHER in pane.empty_state.text(), timeout=10_000)
    assert "press <b>Space</b> to play “One Feed, Many Doors” from your queue" in (
        pane.empty_state.text()
    )
    assert pane.play_pause.isEnabled()

    _focus_table(gui, qtbot)
    _press_space(gui)  # one press plays it (it used to load it paused)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    assert pane.title.text() == OTHER
    assert pane.lower_stack.currentWidget() is pane.lower_splitter


def test_every_control_fits_the_pane_at_1024x700(gui: Application, qtbot) -> None:
    gui.window.resize(1024, 700)
    pane = gui.window.now_playing_pane
    play_demo(gui, qtbot)
    pane.rate.setValue(2.5)
    _menu_action(pane.sleep.menu(), "At the end of the episode").trigger()
    qtbot.waitUntil(lambda: pane.sleep_label.text().startswith("Stops at the end"), timeout=2000)
    QTest.qWait(50)  # one layout pass with the longest texts
    inside = pane.rect()
    for widget in (
        pane.skip_back, pane.skip_forward, pane.rate, pane.rate_presets, pane.volume,
        pane.volume_value, pane.sleep, pane.sleep_label, pane.remaining, pane.notes,
    ):  # fmt: skip
        box = QRect(widget.mapTo(pane, QPoint(0, 0)), widget.size())
        assert inside.contains(box), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
    # The pane leaves the library most of the window (titles need the width).
    assert pane.minimumSizeHint().width() <= 300
