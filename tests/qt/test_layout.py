"""How the right-hand column is shared: worked out until the listener drags it, then theirs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from player.qt.app import Application
from tests.qt.conftest import play_demo


def test_the_column_follows_the_panes_until_the_listener_drags_it(gui: Application, qtbot) -> None:
    window = gui.window
    splitter = window.side_splitter
    play_demo(gui, qtbot)
    pane = window.now_playing_pane
    # Both window sizes: now playing keeps every control inside it, the queue the rest.
    for width, height in ((1280, 800), (1024, 700)):
        window.resize(width, height)
        qtbot.waitUntil(
            lambda: splitter.sizes()[0] >= pane.minimumSizeHint().height(), timeout=3000
        )
        assert splitter.sizes()[1] >= window.queue_pane.minimumSizeHint().height()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: sum(splitter.sizes()) > 650, timeout=3000)
    top = splitter.sizes()[0]
    # The listener drags the handle 60 px down: that stays, through a resize too.
    handle = splitter.handle(1)
    middle = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(0, 30))
    QTest.mouseMove(handle, middle + QPoint(0, 60))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(0, 60)
    )
    dragged = splitter.sizes()
    assert dragged[0] > top + 30
    pane.set_chapters(pane.chapters[:2])  # the pane's needs change: no refit over the drag
    qtbot.wait(100)
    assert splitter.sizes() == dragged
