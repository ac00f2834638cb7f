"""The window's chrome on a listener's first day: the F1 list, Help -> About, the theme choice,
status messages that do not go stale, and a start-up without Qt warnings on stderr.

Each test drives the real window (keys, menus, buttons, the settings dialog) on a fresh data
folder; downloads come from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import vlc
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, qVersion
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from player import __version__
from player.domain.errors import StoreError
from player.logging_setup import configure_logging
from player.paths import DataPaths
from player.qt.actions import SPECS
from player.qt.app import Application
from player.qt.dialogs.about import AboutDialog
from player.qt.dialogs.settings import SettingsDialog
from player.qt.dialogs.shortcuts import ShortcutsHelp
from player.qt.theme import apply_theme
from tests.qt.conftest import click_row, context_menu, row_of
from tests.support.http_server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parents[2]
DEMO_MP3 = ROOT / "player" / "demo" / "episodes" / "01-up-next-without-uploading.mp3"
NATIVE_WINDOW_WARNINGS = ("must be a top level window", "does not support setParent")
OFFSCREEN_LIMITS = (
    "This plugin does not support raise()",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints()",
)


@pytest.fixture(autouse=True)
def _system_theme_afterwards() -> Iterator[None]:
    """The palette is the application's: put the default back for the tests that follow."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, "system")


def _focus_table(app: Application, qtbot) -> None:
    app.window.activateWindow()
    table = app.window.library_pane.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)


def _menu_action(app: Application, menu_title: str, text: str):  # type: ignore[no-untyped-def]
    """The action a listener picks from the menu bar (by the texts they read)."""
    for menu_action in app.window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no {menu_title} -> {text}")


def _when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next visible ``kind`` dialog, also when it runs its own event loop."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            try:
                act(widget)
            except Exception:
                widget.close()  # end its event loop, so the failure is reported, not a hang
                raise
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


def _inside(widget: QWidget, outer: QWidget) -> bool:
    top_left = widget.mapTo(outer, QPoint(0, 0))
    return outer.rect().contains(top_left) and outer.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


# -- 1. the F1 list -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_f1_shows_every_shortcut_without_scrolling(
    gui: Application, qtbot, size: tuple[int, int]
) -> None:
    gui.window.resize(*size)
    _focus_table(gui, qtbot)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    dialog = gui.window.findChild(ShortcutsHelp)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    qtbot.waitExposed(dialog)

    assert dialog.width() <= size[0] and dialog.height() <= size[1]
    assert not [area for area in dialog.findChildren(QAbstractScrollArea) if area.isVisible()]
    for title in ("Playback", "Queue", "Library", "Window"):
        section = dialog.findChild(QWidget, f"shortcutsSection{title}")
        assert section is not None and section.isVisible() and _inside(section, dialog)
    for spec in SPECS:
        command = dialog.findChild(QLabel, f"shortcutCommand_{spec.name}")
        keys = dialog.findChild(QLabel, f"shortcutKeys_{spec.name}")
        assert command.text() == spec.label.removesuffix("…")
        for label in (command, keys):
            assert label.isVisible() and _inside(label, dialog), spec.name
            assert label.width() >= label.sizeHint().width(), f"{spec.name} is squeezed"
    play_keys = dialog.findChild(QLabel, "shortcutKeys_play_pause").text()
    assert "<b>Space</b>" in play_keys and "Media Play" in play_keys
    assert "not set" in dialog.findChild(QLabel, "shortcutKeys_import_opml").text()

    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


# -- 2. Help -> About -----------------------------------------------------------------------


def test_about_names_the_versions_and_opens_the_data_and_log_folders(
    gui: Application, qtbot, data_dir: Path
) -> None:
    opened: list[QUrl] = []
    gui.open_url = opened.append
    _menu_action(gui, "Help", "About Podcast Player").trigger()
    dialog = gui.window.findChild(AboutDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    qtbot.waitExposed(dialog)

    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Podcast Player" in text and __version__ in text
    assert vlc.libvlc_get_version().decode() in text
    assert qVersion() in text
    assert str(data_dir) in text

    logs = DataPaths(data_dir).logs
    log_file = configure_logging(logs)  # where the app writes its log
    try:
        QTest.mouseClick(dialog.findChild(QPushButton, "openLogFolder"), Qt.MouseButton.LeftButton)
        assert opened == [QUrl.fromLocalFile(str(log_file.parent))]
        QTest.mouseClick(dialog.findChild(QPushButton, "openDataFolder"), Qt.MouseButton.LeftButton)
        assert opened[-1] == QUrl.fromLocalFile(str(data_dir))
        link = dialog.findChild(QLabel, "aboutDataFolder")
        QTest.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(4, link.height() // 2))
        assert len(opened) == 3 and opened[-1] == QUrl.fromLocalFile(str(data_dir))
    finally:
        import logging

        from player.logging_setup import OWN_HANDLER

        for handler in list(logging.getLogger().handlers):
            if handler.name == OWN_HANDLER:
                logging.getLogger().removeHandler(handler)
                handler.close()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()


# -- 3. the theme ---------------------------------------------------------------------------


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + (0.0722 * channel(colour.blueF()))
    )


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _choose_theme(app: Application, qtbot, label: str) -> None:
    """Settings -> Appearance -> Theme, then Save, as the listener does it."""

    def choose(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "themeChoice")
        combo.setCurrentIndex(combo.findText(label))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    _when_shown(SettingsDialog, choose)
    _menu_action(app, "Podcasts", "Settings…").trigger()
    qtbot.waitUntil(lambda: app.settings.get("ui.theme") == label.lower(), timeout=10_000)


def _light_and_dark_pixels(widget: QWidget) -> tuple[int, int]:
    image = widget.grab().toImage()
    light = dark = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            value = image.pixelColor(x, y).lightness()
            light += value > 190
            dark += value < 70
    return light, dark


def _glyph_lightness(pixmap) -> float:  # type: ignore[no-untyped-def]
    """The mean lightness of a pixmap's opaque pixels (the glyph's ink)."""
    image = pixmap.toImage()
    values = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert values, "an empty glyph"
    return sum(values) / len(values)


def test_dark_theme_applies_at_once_is_readable_and_is_remembered(
    gui: Application, qtbot, data_dir: Path
) -> None:
    _choose_theme(gui, qtbot, "Dark")
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    pairs = {
        "text": (QPalette.ColorRole.Text, QPalette.ColorRole.Base, 7.0),
        "window text": (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window, 7.0),
        "buttons": (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button, 7.0),
        "selection": (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight, 4.5),
        "links": (QPalette.ColorRole.Link, QPalette.ColorRole.Base, 4.5),
        "tooltips": (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase, 7.0),
        "placeholders": (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base, 4.5),
    }
    for name, (fg, bg, ratio) in pairs.items():
        assert _contrast(palette.color(fg), palette.color(bg)) >= ratio, name
    disabled = QPalette.ColorGroup.Disabled
    for fg, bg in (
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ):
        dim = _contrast(palette.color(disabled, fg), palette.color(disabled, bg))
        full = _contrast(palette.color(fg), palette.color(bg))
        assert 3.0 <= dim < full, fg  # readable, yet visibly disabled

    # The hand-painted sidebar rows and the episode table follow at once: light text on dark.
    for view in (gui.window.library_pane.sidebar, gui.window.library_pane.table):
        light, dark = _light_and_dark_pixels(view.viewport())
        assert dark > 10 * light > 0, view.objectName()
    assert gui.window.palette().color(QPalette.ColorRole.Window).lightness() < 80
    # Nothing playing: the cover shows the app's glyph, redrawn light on the dark background.
    assert _glyph_lightness(gui.window.now_playing_pane.cover.pixmap()) > 150
    gui.close()

    apply_theme(QApplication.instance(), "system")  # as a fresh process starts
    again = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(again.window)
    again.start()
    try:
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
        qtbot.waitUntil(lambda: again.episode_model.rowCount() == 4, timeout=20_000)
        _choose_theme(again, qtbot, "Light")
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
        light, dark = _light_and_dark_pixels(again.window.library_pane.sidebar.viewport())
        assert light > dark
    finally:
        again.close()


# -- 4. status messages ---------------------------------------------------------------------


def _feed_xml(media_url: str) -> bytes:
    size = DEMO_MP3.stat().st_size
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Status Show</title><link>https://example.org/</link>"
        '<item><guid isPermaLink="false">s1</guid><title>Status episode</title>'
        f'<enclosure url="{media_url}" type="audio/mpeg" length="{size}"/></item>'
        "</channel></rss>"
    ).encode()


def _feed(server: LoopbackServer) -> str:
    """A one-episode feed whose enclosure (the demo MP3) the same server serves."""
    media = server.route(
        "/ep1.mp3", Reply(200, DEMO_MP3.read_bytes(), {"Content-Type": "audio/mpeg"})
    )
    headers = {"Content-Type": "application/rss+xml"}
    return server.route("/status.xml", Reply(200, _feed_xml(media), headers))


def test_a_failed_refresh_takes_its_progress_and_cancel_away(
    gui: Application, qtbot, monkeypatch
) -> None:
    """Fault injection: the service raises as a refresh whose database read fails would."""

    def broken(*_args: object, **_kwargs: object) -> None:
        time.sleep(0.3)  # long enough for the progress to be on screen first
        raise StoreError("Cannot read the library database: disk I/O error")

    monkeypatch.setattr(gui.sync.sync, "refresh", broken)
    assert gui.sync.refresh(None)
    qtbot.waitUntil(gui.window.refresh_progress.isVisible, timeout=2000)
    assert gui.window.registry["cancel_refresh"].isEnabled()
    qtbot.waitUntil(
        lambda: gui.window.status_label.text().startswith("Refresh failed: Cannot read"),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: not gui.window.refresh_progress.isVisible(), timeout=1000)
    assert not gui.window.registry["cancel_refresh"].isEnabled()
    assert not gui.sync.refreshing
    assert gui.sync.refresh(None), "a new refresh can start after a failed one"
    qtbot.waitUntil(lambda: not gui.sync.refreshing, timeout=5000)


def test_status_messages_time_out_and_finished_work_leaves_no_trace(
    gui: Application, qtbot
) -> None:
    status = gui.window.status_label
    gui.window.message_timeout_ms = 400

    with LoopbackServer() as server:
        feed_url = _feed(server)
        gui.sync.subscribe(feed_url)
        subscribed = "Subscribed to Status Show"
        qtbot.waitUntil(lambda: status.text().startswith(subscribed), timeout=20_000)
        qtbot.waitUntil(lambda: status.text() == "", timeout=3000)

        # A refresh is ongoing state: shown while it runs (here a slow server), gone after.
        xml = _feed_xml(server.url("/ep1.mp3"))
        server.route("/status.xml", Reply(200, chunks=[xml[:80], xml[80:]], delay=0.8))
        _focus_table(gui, qtbot)
        QTest.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
        )
        qtbot.waitUntil(lambda: status.text() == "Refreshing feeds…", timeout=5000)
        qtbot.waitUntil(gui.window.refresh_progress.isVisible, timeout=2000)
        assert gui.window.registry["cancel_refresh"].isEnabled()
        qtbot.waitUntil(lambda: status.text().startswith("Refreshed 2 feeds"), timeout=20_000)
        # The tool bar lays its widgets out lazily: the bar goes with its next layout pass.
        qtbot.waitUntil(lambda: not gui.window.refresh_progress.isVisible(), timeout=1000)
        assert not gui.window.registry["cancel_refresh"].isEnabled()
        qtbot.waitUntil(lambda: status.text() == "", timeout=3000)

        sidebar = gui.window.library_pane.sidebar
        qtbot.waitUntil(lambda: row_of(sidebar, "Status Show") >= 0, timeout=10_000)
        click_row(sidebar, row_of(sidebar, "Status Show"))
        table = gui.window.library_pane.table
        qtbot.waitUntil(lambda: row_of(table, "Status episode") >= 0, timeout=10_000)
        row = row_of(table, "Status episode")
        click_row(table, row)
        menu = context_menu(table, row)
        seen: list[str] = []
        indicator = gui.downloads_controller.indicator  # downloads in flight are shown there
        gui.downloads.summary.connect(lambda _text: seen.append(indicator.text()))
        finished = []
        gui.downloads.finished.connect(finished.append)
        next(a for a in menu.actions() if a.text() == "Download").trigger()
        menu.close()
        qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    assert finished[0].error in (None, "")
    assert any(text.startswith("Downloading 1 episode") for text in seen)
    qtbot.waitUntil(lambda: "Downloading" not in indicator.text(), timeout=3000)
    qtbot.wait(600)  # longer than a message lasts: nothing old comes back
    assert "Subscribed" not in status.text() and "Downloading" not in status.text()
    assert not indicator.isVisible()

    # A failure is a message too: it shows, then goes (here the file became a folder).
    episode = next(e for e in gui.library.episodes() if e.title == "Status episode")
    path = Path(episode.download_path)
    path.unlink()
    path.mkdir()
    (path / "keep").write_bytes(b"x")
    qtbot.waitUntil(lambda: row_of(table, "Status episode") >= 0, timeout=10_000)
    row = row_of(table, "Status episode")
    click_row(table, row)
    menu = context_menu(table, row)
    next(a for a in menu.actions() if a.text() == "Delete download").trigger()
    menu.close()
    qtbot.waitUntil(lambda: status.text().startswith("Delete failed"), timeout=10_000)
    qtbot.waitUntil(lambda: status.text() == "", timeout=3000)


# -- 5. no native-window warnings -----------------------------------------------------------


def test_start_up_and_menus_print_no_top_level_window_warnings(
    qtbot, data_dir: Path, qtlog
) -> None:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
        pane = app.window.library_pane
        for view in (pane.table, pane.sidebar):
            row = 0 if view is pane.table else row_of(view, "Signal & Noise")
            click_row(view, row)
            context_menu(view, row).close()
        sleep_menu = app.window.now_playing_pane.sleep.menu()
        sleep_menu.popup(app.window.mapToGlobal(QPoint(200, 200)))
        qtbot.waitUntil(sleep_menu.isVisible, timeout=5000)
        sleep_menu.close()
        app.window.registry["shortcuts_help"].trigger()
        app.window.findChild(ShortcutsHelp).close()
        app.window.registry["about"].trigger()
        app.window.findChild(AboutDialog).close()
        qtbot.wait(200)
        native = [w.objectName() for w in app.window.findChildren(QWidget) if w.internalWinId()]
    finally:
        app.close()
    messages = [record.message for record in qtlog.records]
    assert [m for m in messages if any(w in m for w in NATIVE_WINDOW_WARNINGS)] == []
    # Nothing else either, but what the offscreen platform says it cannot do (raise, grab).
    assert [m for m in messages if not m.startswith(OFFSCREEN_LIMITS)] == []
    assert native == ["videoSurface"]  # only the video surface needs a native window


def test_export_says_done_only_once_the_file_is_written(
    gui: Application, qtbot, monkeypatch, tmp_path: Path
) -> None:
    """The file picker is the one stand-in: the listener's choice of a file name."""
    target = tmp_path / "mine.opml"
    monkeypatch.setattr(
        "player.qt.controllers.library.QFileDialog.getSaveFileName",
        lambda *_args, **_kwargs: (str(target), "OPML files (*.opml)"),
    )
    status = gui.window.status_label
    with LoopbackServer() as server:
        feed_url = _feed(server)
        gui.sync.subscribe(feed_url)
        qtbot.waitUntil(lambda: status.text().startswith("Subscribed to"), timeout=20_000)
        _menu_action(gui, "Podcasts", "Export subscriptions (OPML)…").trigger()
        if status.text().startswith("Exported"):  # said at once: it must be true at once
            assert target.exists()
        qtbot.waitUntil(lambda: status.text().startswith("Exported"), timeout=10_000)
        assert status.text() == f"Exported 1 subscription to {target}."
        assert feed_url in target.read_text(encoding="utf-8")
