"""Named queues in the real window: the selector at the top of the queue pane, its menu (new,
rename, delete, auto-advance), "Move to queue ▸" on an entry, "Add to a queue ▸" in the
library, MPRIS following the active queue, and the active queue kept across a restart.

Real SQLite, real libVLC (dummy audio); the listener's keys, clicks and menus drive it, and
the store is checked afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QPushButton

from player.domain.organise import NEXT_UP_QUEUE_ID
from player.paths import DataPaths
from player.qt.app import Application
from player.storage.queues import QueuesRepo
from tests.qt.conftest import click_row, context_menu


def _ids(gui: Application) -> list[int]:
    return sorted(e.id for e in gui.library.episodes())


def _titles(gui: Application) -> list[str]:
    model = gui.window.queue_pane.list.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _shown_ids(gui: Application) -> list[int]:
    return gui.queue_model.view.ids


def _combo_texts(gui: Application) -> list[str]:
    combo = gui.window.queue_pane.selector.combo
    return [combo.itemText(i) for i in range(combo.count())]


def _setup(gui: Application, qtbot) -> tuple[int, list[int]]:
    """Next up holds the first two demo episodes, "Long listens" the last two."""
    a, b, c, d = _ids(gui)
    long = gui.queue.create("Long listens")
    gui.queue.add([a, b])
    gui.queue.add([c, d], queue_id=long)
    gui.library_controller.reload_queue()
    qtbot.waitUntil(lambda: _combo_texts(gui) == ["Next up (2)", "Long listens (2)"], timeout=5000)
    return long, [a, b, c, d]


def _choose_in_combo(gui: Application, qtbot, row: int) -> None:
    """Pick a queue with the keyboard, as a listener would (Down/Up on the focused combo)."""
    combo = gui.window.queue_pane.selector.combo
    combo.setFocus()
    key = Qt.Key.Key_Down if row > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != row:
        QTest.keyClick(combo, key)


def _trigger(menu: QMenu, text: str) -> None:
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, [a.text() for a in menu.actions()]
    action.trigger()


def test_switching_in_the_combo_shows_that_queue_and_makes_it_active(
    gui: Application, qtbot
) -> None:
    long, (a, b, c, d) = _setup(gui, qtbot)
    assert _shown_ids(gui) == [a, b]
    _choose_in_combo(gui, qtbot, 1)
    qtbot.waitUntil(lambda: _shown_ids(gui) == [c, d], timeout=5000)
    assert QueuesRepo(gui.store).active_id() == long
    assert gui.window.queue_pane.time_left.text().startswith("2 episodes")
    # MPRIS "can go next" reads the queue the pane shows, the active one.
    gui.player.play_episode(d)
    qtbot.waitUntil(lambda: gui.player.episode is not None and gui.player.episode.id == d)
    assert gui.mpris.player_adaptor.can_go_next() is False  # d is the last of Long listens
    _choose_in_combo(gui, qtbot, 0)
    qtbot.waitUntil(lambda: _shown_ids(gui) == [a, b], timeout=5000)
    assert gui.mpris.player_adaptor.can_go_next() is True  # Next up's head comes next
    assert QueuesRepo(gui.store).active_id() == NEXT_UP_QUEUE_ID


def test_a_stale_reload_never_shows_the_old_queue_after_a_switch(gui: Application, qtbot) -> None:
    _long, (a, b, c, d) = _setup(gui, qtbot)
    gui.library_controller.reload_queue()  # in flight while the listener switches
    _choose_in_combo(gui, qtbot, 1)
    seen: list[list[int]] = []
    gui.queue_model.modelReset.connect(lambda: seen.append(_shown_ids(gui)))
    qtbot.waitUntil(lambda: _shown_ids(gui) == [c, d], timeout=5000)
    qtbot.wait(300)
    assert [a, b] not in seen and _shown_ids(gui) == [c, d]
    assert gui.window.queue_pane.selector.combo.currentText() == "Long listens (2)"


def test_move_to_queue_from_the_entry_menu(gui: Application, qtbot) -> None:
    long, (a, b, c, d) = _setup(gui, qtbot)
    view = gui.window.queue_pane.list
    menu = context_menu(view, 1)  # b
    sub = next(a.menu() for a in menu.actions() if a.text() == "Move to queue")
    assert [x.text() for x in sub.actions()] == ["Long listens (2)"]  # not the shown queue
    sub.actions()[0].trigger()
    menu.close()
    qtbot.waitUntil(lambda: _shown_ids(gui) == [a], timeout=5000)
    assert gui.queue.ids(long) == [c, d, b]
    qtbot.waitUntil(lambda: _combo_texts(gui) == ["Next up (1)", "Long listens (3)"], timeout=5000)


def test_add_to_a_queue_from_the_library_menu(gui: Application, qtbot) -> None:
    long, (a, b, c, d) = _setup(gui, qtbot)
    table = gui.window.library_pane.table
    row = next(r for r in range(table.model().rowCount()) if table.model().episode(r).id == a)
    click_row(table, row)
    menu = context_menu(table, row)
    assert "Add to queue" in [x.text() for x in menu.actions()]  # still the active queue's
    sub = next(x.menu() for x in menu.actions() if x.text() == "Add to a queue")
    assert [x.text() for x in sub.actions()] == ["Next up (2)", "Long listens (2)"]
    sub.actions()[1].trigger()
    menu.close()
    qtbot.waitUntil(lambda: gui.queue.ids(long) == [c, d, a], timeout=5000)
    assert gui.queue.ids(NEXT_UP_QUEUE_ID) == [a, b]  # one episode, two queues
    qtbot.waitUntil(lambda: _combo_texts(gui)[1] == "Long listens (3)", timeout=5000)


def test_new_rename_and_delete_from_the_selector_menu(gui: Application, qtbot) -> None:
    _long, (a, _b, _c, _d) = _setup(gui, qtbot)
    selector = gui.window.queue_pane.selector
    _trigger(selector.menu, "New queue…")
    dialog = selector.dialog
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    dialog.setTextValue("News first")
    dialog.accept()
    qtbot.waitUntil(lambda: selector.combo.currentText() == "News first (0)", timeout=5000)
    news = gui.queue.find("News first").id
    assert QueuesRepo(gui.store).active_id() == news and _shown_ids(gui) == []

    _trigger(selector.menu, "Rename…")
    dialog = selector.dialog
    assert isinstance(dialog, QInputDialog) and dialog.textValue() == "News first"
    dialog.setTextValue("Long listens")  # taken: the window says why, nothing changes
    dialog.accept()
    qtbot.waitUntil(
        lambda: "There is already a queue called “Long listens”." in gui.window.status_label.text(),
        timeout=5000,
    )
    _trigger(selector.menu, "Rename…")
    selector.dialog.setTextValue("Morning news")
    selector.dialog.accept()
    qtbot.waitUntil(lambda: selector.combo.currentText() == "Morning news (0)", timeout=5000)

    _trigger(selector.menu, "Delete")
    box = selector.dialog
    assert isinstance(box, QMessageBox) and "Morning news" in box.text()
    QTest.mouseClick(box.findChild(QPushButton, "queueDeleteConfirm"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _combo_texts(gui) == ["Next up (2)", "Long listens (2)"], timeout=5000)
    assert selector.combo.currentText() == "Next up (2)"  # the active queue fell back
    assert QueuesRepo(gui.store).active_id() == NEXT_UP_QUEUE_ID and _shown_ids(gui)[0] == a
    assert not selector.delete_action.isEnabled()  # Next up stays


def test_auto_advance_toggle_is_per_queue(gui: Application, qtbot) -> None:
    long, _ids4 = _setup(gui, qtbot)
    selector = gui.window.queue_pane.selector
    _choose_in_combo(gui, qtbot, 1)
    qtbot.waitUntil(lambda: gui.queue_model.view.queue_id == long, timeout=5000)
    assert selector.advance_action.isChecked()
    _trigger(selector.menu, "Play to the end of each episode and go on")
    qtbot.waitUntil(lambda: not QueuesRepo(gui.store).auto_advance(long), timeout=5000)
    qtbot.waitUntil(
        lambda: (
            gui.queue_model.view.queue is not None and not gui.queue_model.view.queue.auto_advance
        ),
        timeout=5000,
    )
    assert not selector.advance_action.isChecked()
    assert QueuesRepo(gui.store).auto_advance(NEXT_UP_QUEUE_ID)
    _choose_in_combo(gui, qtbot, 0)
    qtbot.waitUntil(lambda: gui.queue_model.view.queue_id == NEXT_UP_QUEUE_ID, timeout=5000)
    assert selector.advance_action.isChecked()  # Next up's own switch


def test_the_active_queue_survives_a_restart(qtbot, data_dir) -> None:
    first = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(first.window)
    first.start()
    qtbot.waitUntil(lambda: first.episode_model.rowCount() == 4, timeout=20_000)
    long, (_a, _b, c, d) = _setup(first, qtbot)
    _choose_in_combo(first, qtbot, 1)
    qtbot.waitUntil(lambda: _shown_ids(first) == [c, d], timeout=5000)
    first.window.close()
    first.close()

    second = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(second.window)
    second.start()
    qtbot.waitUntil(lambda: _shown_ids(second) == [c, d], timeout=20_000)
    assert second.window.queue_pane.selector.combo.currentText() == "Long listens (2)"
    assert second.queue.active_id() == long
    second.close()
