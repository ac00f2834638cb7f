"""The podcast page of a subscription, opened from the sidebar: its stored episodes by
season, its settings changed in place (and kept), and Unsubscribe from the page."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from player.domain.feed import FeedItem
from player.qt.app import Application
from player.qt.dialogs.podcast_page import PodcastPage
from player.storage import EpisodeRepo, PodcastRepo
from tests.qt.conftest import context_menu, row_of
from tests.support.library import add_podcast

SHOW = "A serial in seasons"
# An address nothing answers: the page's feed preview fails at once, offline.
FEED = "http://127.0.0.1:9/serial.xml"


def _seed(gui: Application, qtbot) -> int:
    items = [
        FeedItem(
            guid=f"s{season}e{n}",
            title=f"Chapter {n} of season {season}",
            enclosure_url=f"https://example.org/s{season}/{n}.mp3",
            enclosure_type="audio/mpeg",
            published=1_700_000_000.0 + season * 1_000_000 + n * 1000,
            duration=1800.0,
            season=season,
            season_name="The Return" if season == 2 else "",
            episode_number=float(n),
        )
        for season, count in ((1, 3), (2, 2))
        for n in range(1, count + 1)
    ]
    items.append(
        FeedItem(
            guid="trailer",
            title="Trailer",
            enclosure_url="https://example.org/trailer.mp3",
            enclosure_type="audio/mpeg",
            published=1_690_000_000.0,
        )
    )
    ids = add_podcast(gui.store, items, url=FEED, title=SHOW)
    EpisodeRepo(gui.store).mark_played([ids[0]])
    gui.library_controller.reload()
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, SHOW) >= 0, timeout=10_000)
    return EpisodeRepo(gui.store).get(ids[0]).podcast_id


def _open_page(gui: Application, qtbot) -> PodcastPage:
    sidebar = gui.window.library_pane.sidebar
    menu = context_menu(sidebar, row_of(sidebar, SHOW))
    next(a for a in menu.actions() if a.text() == "Podcast page").trigger()
    menu.close()
    page = gui.discover.page
    assert page is not None and page.isVisible()
    section = page.subscribed
    assert section is not None
    qtbot.waitUntil(lambda: section.tree.topLevelItemCount() == 3, timeout=10_000)
    return page


def _texts(page: PodcastPage) -> list[tuple[str, list[str]]]:
    tree = page.subscribed.tree
    out = []
    for row in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(row)
        if not top.isHidden():
            out.append((top.text(0), [top.child(i).text(0) for i in range(top.childCount())]))
    return out


def test_the_page_lists_the_stored_episodes_by_season(gui: Application, qtbot) -> None:
    _seed(gui, qtbot)
    page = _open_page(gui, qtbot)
    section = page.subscribed
    assert not page.episodes.isVisible()  # the feed's "latest" list gives way to the store's
    assert section.isVisible() and section.unsubscribe.isVisible()
    assert _texts(page) == [
        (
            "Season 1 (3 episodes)",
            ["1. Chapter 1 of season 1", "2. Chapter 2 of season 1", "3. Chapter 3 of season 1"],
        ),
        (
            "Season 2 · The Return (2 episodes)",
            ["1. Chapter 1 of season 2", "2. Chapter 2 of season 2"],
        ),
        ("No season (1 episode)", ["Trailer"]),
    ]
    first = section.tree.topLevelItem(0).child(0)
    assert first.text(3) == "Played" and first.text(2) == "30:00"
    section.season.setCurrentIndex(2)  # "Season 2 · The Return"
    assert [title for title, _ in _texts(page)] == ["Season 2 · The Return (2 episodes)"]
    section.season.setCurrentIndex(0)
    assert len(_texts(page)) == 3
    page.close()


def test_a_setting_changed_on_the_page_is_kept(gui: Application, qtbot) -> None:
    podcast_id = _seed(gui, qtbot)
    page = _open_page(gui, qtbot)
    section = page.subscribed
    section.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: section.unsubscribe.isEnabled(), timeout=5000)
    section.own_rate.click()
    section.rate.setValue(1.5)
    section.auto_download.setFocus()
    section.auto_download.selectAll()
    QTest.keyClicks(section.auto_download, "3")
    section.skip_intro.setValue(30)
    repo = PodcastRepo(gui.store)
    qtbot.waitUntil(lambda: repo.get(podcast_id).auto_download == 3, timeout=5000)
    stored = repo.get(podcast_id)
    assert (stored.playback_rate, stored.skip_intro) == (1.5, 30.0)
    # A change just before closing is saved too (the page does not wait for the delay).
    section.keep_days.setValue(14)
    page.close()
    qtbot.waitUntil(lambda: repo.get(podcast_id).keep_days == 14, timeout=5000)
    # Opened again, the page shows what was stored.
    page = _open_page(gui, qtbot)
    section = page.subscribed
    qtbot.waitUntil(lambda: section.keep_days.value() == 14, timeout=5000)
    assert section.own_rate.isChecked() and section.rate.value() == 1.5
    assert section.auto_download.value() == 3 and section.skip_intro.value() == 30
    page.close()


def test_unsubscribe_from_the_page_asks_then_removes_the_show(gui: Application, qtbot) -> None:
    _seed(gui, qtbot)
    page = _open_page(gui, qtbot)
    section = page.subscribed
    qtbot.waitUntil(lambda: section.unsubscribe.isEnabled(), timeout=5000)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(50, lambda: answer(button))

    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.No))
    QTest.mouseClick(section.unsubscribe, Qt.MouseButton.LeftButton)
    assert asked and SHOW in asked[0]
    assert any(p.title == SHOW for p in gui.library.podcasts())  # "No" keeps it
    assert page.isVisible()

    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.Yes))
    QTest.mouseClick(section.unsubscribe, Qt.MouseButton.LeftButton)
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, SHOW) < 0, timeout=10_000)
    assert all(p.title != SHOW for p in gui.library.podcasts())
    # Nothing left to show: the page closes (and, closed, may already be deleted).
    qtbot.waitUntil(lambda: not shiboken6.isValid(page) or not page.isVisible(), timeout=5000)
