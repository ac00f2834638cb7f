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


def test_a_new_query_frees_the_old_rows_off_the_gui_thread(qtbot, data_dir: Path) -> None:
    """The rows of the previous view are emptied by a worker; the new view is loaded meanwhile."""
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    model = app.episode_model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=15_000)
    old_rows = model.rows
    model.index(0, 0).data()  # format one row's texts, so the text cache has an entry too
    old_texts = model._texts
    assert len(old_rows) == 4 and old_texts
    model.reload()
    assert model.rows is not old_rows
    qtbot.waitUntil(
        lambda: model.rowCount() == 4 and not old_rows and not old_texts, timeout=15_000
    )
    assert {model.index(r, 0).data() for r in range(4)} >= {"Up Next, Without Uploading"}
    app.close()


def test_the_window_starts_the_parse_workers_once_it_is_idle(qtbot, data_dir: Path) -> None:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    parser = app.sync_service.parser
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=15_000)
    assert not parser.started  # not during start-up: the library and the first page go first
    qtbot.waitUntil(lambda: parser.started, timeout=20_000)
    app.close()
    assert not parser.started
