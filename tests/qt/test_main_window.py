"""The window opens on a fresh data folder with the three panes and the demo podcast."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTableView, QWidget

from player.paths import DataPaths
from player.qt.app import Application


def test_fresh_data_folder_shows_demo_podcast(qtbot, data_dir: Path) -> None:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    window = app.window
    for name in ("libraryPane", "queuePane", "nowPlayingPane"):
        pane = window.findChild(QWidget, name)
        assert pane is not None and pane.isVisible(), name

    table = window.findChild(QTableView, "episodeTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 4, timeout=15_000)
    titles = {table.model().index(r, 0).data() for r in range(4)}
    assert "Up Next, Without Uploading" in titles
    sidebar = window.library_pane.sidebar.model()
    labels = [sidebar.index(r).data() for r in range(sidebar.rowCount())]
    assert labels[:3] == ["New", "In progress", "Downloaded"]
    assert any(label.startswith("Signal & Noise") for label in labels[3:])
    app.close()


def test_second_start_does_not_duplicate_demo(qtbot, data_dir: Path) -> None:
    for _ in range(2):
        app = Application(DataPaths(data_dir), aout="dummy")
        qtbot.addWidget(app.window)
        app.start()
        qtbot.waitUntil(lambda a=app: a.library_model.rowCount() == 4, timeout=15_000)
        app.close()
        app.window.close()
