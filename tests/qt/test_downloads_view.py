"""The downloads view through its real widgets, with real transfers from 127.0.0.1.

A download is started the way a listener starts one (the episode's context menu), the view is
opened from the View menu, and its rows, buttons and the status line are checked while the
real manager moves real bytes from a throttled local server into the data folder.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QStyleOptionViewItem

from player.domain.downloads import DownloadEvent, DownloadStatus
from player.domain.feed import FeedDocument, FeedItem
from player.qt.app import Application
from player.qt.dialogs.downloads import DownloadsDialog
from player.qt.models.downloads import EPISODE, PODCAST, PROGRESS, STATUS, FractionRole
from player.services.downloads.eligible import can_download
from player.services.downloads.manager import DownloadManager
from player.storage import EpisodeRepo, PodcastRepo
from player.storage.feed_writer import write_feed
from tests.qt.conftest import click_row, row_of
from tests.qt.test_window_flows import _context_menu, _select_podcast
from tests.support.http_server import LoopbackServer

ROOT = Path(__file__).resolve().parents[2]
MEDIA = ROOT / "player" / "demo" / "episodes" / "01-up-next-without-uploading.mp3"
SHOW = "Loopback Radio"


@pytest.fixture
def server() -> LoopbackServer:
    """A local server sending about 120 kB/s, so a 790 kB episode takes several seconds."""
    with LoopbackServer(throttle_bps=120_000) as srv:
        yield srv


def _subscribe(gui: Application, qtbot, items: list[tuple[str, str]]) -> dict[str, int]:
    """A podcast whose episodes live on the local server, shown in the window; title -> id."""
    podcast_id = PodcastRepo(gui.store).add("http://feeds.invalid/loopback", title=SHOW)
    feed_items = [
        FeedItem(guid=f"loop-{i}", title=title, enclosure_url=url, published=1.7e9 + i * 3600)
        for i, (title, url) in enumerate(items)
    ]
    write_feed(gui.store, podcast_id, FeedDocument(title=SHOW, items=feed_items))
    gui.library_controller.reload()
    _select_podcast(gui, SHOW, qtbot)
    qtbot.waitUntil(lambda: gui.episode_model.rowCount() == len(items), timeout=10_000)
    return {e.title: e.id for e in gui.library.episodes() if e.podcast_title == SHOW}


def _menu_texts(gui: Application, title: str) -> list[str]:
    table = gui.window.library_pane.table
    row = row_of(table, title)
    assert row >= 0, f"{title} is not listed"
    click_row(table, row)
    menu = _context_menu(table, row)
    texts = [a.text() for a in menu.actions()]
    menu.close()
    return texts


def _download_from_menu(gui: Application, title: str) -> None:
    table = gui.window.library_pane.table
    row = row_of(table, title)
    click_row(table, row)
    menu = _context_menu(table, row)
    next(a for a in menu.actions() if a.text() == "Download").trigger()
    menu.close()


def _open_view(gui: Application) -> DownloadsDialog:
    """View -> Downloads, from the menu bar's own menu."""
    view_menu = next(
        a.menu() for a in gui.window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    assert isinstance(view_menu, QMenu)
    action = next(a for a in view_menu.actions() if a.text() == "Downloads")
    action.trigger()
    dialog = gui.window.findChild(DownloadsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _cell(dialog: DownloadsDialog, title: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    row = row_of(dialog.table, title, EPISODE)
    return dialog.table.model().index(row, column).data(role) if row >= 0 else None


def _click(button) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_progress_moves_in_the_row_and_cancel_leaves_nothing_half_written(
    gui: Application, qtbot, server: LoopbackServer
) -> None:
    url = server.add("slow.mp3", MEDIA)
    ids = _subscribe(gui, qtbot, [("A slow download", url)])
    _download_from_menu(gui, "A slow download")
    dialog = _open_view(gui)

    qtbot.waitUntil(
        lambda: (_cell(dialog, "A slow download", PROGRESS, FractionRole) or 0) > 0.05,
        timeout=15_000,
    )
    assert _cell(dialog, "A slow download", PODCAST) == SHOW
    assert _cell(dialog, "A slow download", STATUS) == "Downloading"
    first = _cell(dialog, "A slow download", PROGRESS, FractionRole)
    text = _cell(dialog, "A slow download", PROGRESS)
    assert " of 788.1 kB" in text and "/s" in text, text
    qtbot.waitUntil(
        lambda: _cell(dialog, "A slow download", PROGRESS, FractionRole) > first + 0.1,
        timeout=10_000,
    )
    indicator = gui.window.findChild(type(gui.downloads_controller.indicator), "downloadsIndicator")
    assert indicator.isVisible() and indicator.text().startswith("Downloading 1 episode")

    click_row(dialog.table, row_of(dialog.table, "A slow download", EPISODE))
    assert not dialog.retry_button.isEnabled()
    _click(dialog.cancel_button)
    qtbot.waitUntil(lambda: _cell(dialog, "A slow download", STATUS) == "Cancelled", timeout=10_000)

    downloads = gui.paths.downloads
    left = [p for p in downloads.rglob("*") if p.is_file()]
    assert left == [], f"half-written files kept: {left}"
    assert EpisodeRepo(gui.store).get(ids["A slow download"]).download_path == ""
    # It really stopped: no file appears and the row does not move on by itself.
    time.sleep(1.0)
    qtbot.wait(100)
    assert _cell(dialog, "A slow download", STATUS) == "Cancelled"
    assert [p for p in downloads.rglob("*") if p.is_file()] == []
    assert dialog.retry_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert not indicator.isVisible()
    assert "Cancelled the download of “A slow download”" in gui.window.status_label.text()


def test_a_404_shows_a_failed_row_naming_the_episode_and_retry_succeeds(
    gui: Application, qtbot, server: LoopbackServer
) -> None:
    server.throttle_bps = None
    url = server.add_status("gone.mp3", 404)
    ids = _subscribe(gui, qtbot, [("The missing episode", url)])
    _download_from_menu(gui, "The missing episode")
    dialog = _open_view(gui)

    qtbot.waitUntil(
        lambda: str(_cell(dialog, "The missing episode", STATUS)).startswith("Failed"),
        timeout=15_000,
    )
    status = _cell(dialog, "The missing episode", STATUS)
    assert "404" in status and "no file at this address" in status, status
    assert _cell(dialog, "The missing episode", PODCAST) == SHOW
    message = gui.window.status_label.text()
    assert message.startswith("Could not download “The missing episode”:"), message
    assert str(ids["The missing episode"]) not in message
    indicator = gui.downloads_controller.indicator
    assert indicator.isVisible() and indicator.text() == "1 download failed"
    qtbot.wait(1500)  # a failure does not go away by itself
    assert str(_cell(dialog, "The missing episode", STATUS)).startswith("Failed")
    dialog.close()
    QTest.mouseClick(indicator, Qt.MouseButton.LeftButton)  # the status bar opens it again
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    click_row(dialog.table, row_of(dialog.table, "The missing episode", EPISODE))
    assert dialog.detail.isVisible()
    assert dialog.detail.text() == message  # the whole sentence, under the list

    server.add("gone.mp3", MEDIA)  # the host fixed its file
    assert not dialog.cancel_button.isEnabled()
    _click(dialog.retry_button)
    qtbot.waitUntil(lambda: _cell(dialog, "The missing episode", STATUS) == "Done", timeout=15_000)
    path = Path(EpisodeRepo(gui.store).get(ids["The missing episode"]).download_path)
    assert path.is_file() and path.read_bytes() == MEDIA.read_bytes()
    assert gui.window.status_label.text() == "Downloaded “The missing episode”."
    assert _cell(dialog, "The missing episode", PROGRESS, FractionRole) == 1.0

    _click(dialog.clear_button)
    assert dialog.table.model().rowCount() == 0
    assert dialog.stack.currentWidget() is dialog.empty
    assert path.is_file()  # clearing the list keeps the downloaded file


def test_a_failure_left_from_an_earlier_session_is_listed_and_can_be_cleared(
    gui: Application, qtbot, server: LoopbackServer
) -> None:
    url = server.add_status("gone.mp3", 404)
    ids = _subscribe(gui, qtbot, [("Failed yesterday", url)])
    earlier = DownloadManager(gui.store, gui.paths, {"downloads.retries": 0})  # its own session
    try:
        earlier.enqueue([ids["Failed yesterday"]])
        assert earlier.wait_idle(15)
    finally:
        earlier.shutdown()
    assert gui.downloads.model.rowCount() == 0
    gui.downloads.load()  # what the window does when it starts
    dialog = _open_view(gui)
    qtbot.waitUntil(lambda: row_of(dialog.table, "Failed yesterday", EPISODE) >= 0, timeout=5000)
    assert str(_cell(dialog, "Failed yesterday", STATUS)).startswith("Failed: ")

    _click(dialog.clear_button)
    assert row_of(dialog.table, "Failed yesterday", EPISODE) < 0
    qtbot.waitUntil(lambda: gui.downloads_manager.repo.get(ids["Failed yesterday"]) is None)


def test_local_files_are_not_offered_for_download(
    gui: Application, qtbot, server: LoopbackServer
) -> None:
    demo = next(e for e in gui.library.episodes() if e.title == "Up Next, Without Uploading")
    assert not can_download(demo)
    texts = _menu_texts(gui, "Up Next, Without Uploading")
    assert "Play" in texts and "Download" not in texts, texts

    # Asked anyway (an old shortcut, the bus), the answer names the episode, not its id.
    gui.downloads.download([demo.id])
    qtbot.waitUntil(lambda: "Up Next, Without Uploading" in gui.window.status_label.text())
    message = gui.window.status_label.text()
    assert message.startswith("Could not download “Up Next, Without Uploading”:"), message
    assert "already a file on this computer" in message
    assert f"Episode {demo.id}" not in message

    url = server.add("remote.mp3", MEDIA)
    _subscribe(gui, qtbot, [("A remote episode", url)])
    remote = next(e for e in gui.library.episodes() if e.title == "A remote episode")
    assert can_download(remote)
    assert "Download" in _menu_texts(gui, "A remote episode")


def test_downloads_has_a_shortcut_and_an_empty_state(gui: Application, qtbot) -> None:
    gui.window.activateWindow()
    QTest.keyClick(gui.window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (d := gui.window.findChild(DownloadsDialog)) is not None and d.isVisible(),
        timeout=5000,
    )
    dialog = gui.window.findChild(DownloadsDialog)
    assert dialog.stack.currentWidget() is dialog.empty
    assert "choose Download" in dialog.empty.text()
    assert not dialog.clear_button.isEnabled()


def test_repainting_the_progress_bars_keeps_none_alive(gui: Application, qtbot) -> None:
    """The progress column repaints five times a second per download, for hours."""
    running = DownloadEvent(1, 300_000, 788_100, 60_000.0, 8.0, DownloadStatus.RUNNING)
    gui.downloads.model.apply(replace(running, episode_title="Painted often", podcast_title=SHOW))
    dialog = _open_view(gui)
    delegate = dialog.table.itemDelegateForColumn(PROGRESS)
    index = dialog.table.model().index(0, PROGRESS)
    assert "300.0 kB of 788.1 kB" in index.data()
    image = QImage(240, 30, QImage.Format.Format_ARGB32)
    option = QStyleOptionViewItem()
    option.initFrom(dialog.table)
    option.rect = QRect(0, 0, 230, 28)
    before = sys.getrefcount(None)
    painter = QPainter(image)
    for _ in range(3000):
        delegate.paint(painter, option, index)
    painter.end()
    for _ in range(300):
        dialog.table.viewport().repaint()
    drift = before - sys.getrefcount(None)
    assert abs(drift) < 60, f"None lost {drift} references over 3000 repaints"
