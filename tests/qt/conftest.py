"""A running app on a fresh data folder (demo podcast seeded, real libVLC with dummy audio)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMenu, QPushButton

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.add_podcast import AddPodcastDialog

DEMO_TITLES = {
    "Up Next, Without Uploading",
    "Chapters, Transcripts and the Shape of Sound",
    "One Feed, Many Doors",
    "Open Source and the Listener's Rights",
}


@pytest.fixture
def gui(qtbot, data_dir: Path) -> Iterator[Application]:
    """The real window, started, with the demo podcast's episodes listed."""
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    app.window.activateWindow()
    yield app
    app.close()


def row_of(view: QAbstractItemView, text: str, column: int = 0) -> int:
    """The row whose cell shows ``text`` (starts with), or -1."""
    model = view.model()
    for row in range(model.rowCount()):
        value = model.index(row, column).data() or ""
        if str(value).startswith(text):
            return row
    return -1


def click_row(
    view: QAbstractItemView,
    row: int,
    double: bool = False,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> None:
    """Click (or double-click) the middle of a row's first cell, as a user would."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    center: QPoint = view.visualRect(index).center()
    if double:
        # Qt 6 item views only honour a double click on the row the press landed on.
        QTest.mouseClick(view.viewport(), button, Qt.KeyboardModifier.NoModifier, center)
        QTest.mouseDClick(view.viewport(), button, Qt.KeyboardModifier.NoModifier, center)
    else:
        QTest.mouseClick(view.viewport(), button, Qt.KeyboardModifier.NoModifier, center)


def context_menu(view: QAbstractItemView, row: int) -> QMenu:
    """Right-click a row's first cell, as a user would; returns the menu that opened."""
    rect = view.visualRect(view.model().index(row, 0))
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(view.viewport(), event)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def play_demo(gui: Application, qtbot, title: str = "Up Next, Without Uploading") -> None:
    """Double-click a demo episode and wait until it plays with its chapters listed."""
    table = gui.window.library_pane.table
    click_row(table, row_of(table, title), double=True)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    chapters = gui.window.now_playing_pane.chapter_list
    qtbot.waitUntil(lambda: chapters.count() >= 4, timeout=10_000)


def subscribe_in_dialog(gui: Application, url: str) -> AddPodcastDialog:
    """Type ``url`` into the open Add podcast dialog and press Subscribe, as a user would."""
    dialog = gui.window.findChild(AddPodcastDialog)
    assert dialog is not None and dialog.isVisible()
    field = dialog.findChild(QLineEdit, "addPodcastUrl")
    field.clear()
    QTest.keyClicks(field, url)
    QTest.mouseClick(
        dialog.findChild(QPushButton, "addPodcastSubscribe"), Qt.MouseButton.LeftButton
    )
    return dialog
