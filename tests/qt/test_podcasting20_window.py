"""The podcast namespace in the real window: the podcast page's people, support links,
creator's picks and live items; the episode view's Version menu and soundbite preview; the
"is live now" notification and the sidebar's LIVE badge.

The feeds, their art and their media live on a :class:`LoopbackServer`; the window, its
SQLite library and libVLC (dummy audio) are real; the listener clicks and picks from menus.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from player.directory.model import DirectoryResult
from player.domain.models import EpisodeState
from player.qt.app import Application
from player.qt.dialogs.podcast_page import PodcastPage
from player.qt.models.library import LiveRole
from player.storage import EpisodeRepo
from tests.support.http_server import LoopbackServer
from tests.support.p20_feeds import ALT_TEXT, EPISODE, LIVE, PICK, SHOW, P20Feeds, serve_p20_feeds


@pytest.fixture
def feeds() -> Iterator[tuple[LoopbackServer, P20Feeds]]:
    with LoopbackServer() as server:
        yield server, serve_p20_feeds(server)


def _page(gui: Application, qtbot, title: str) -> PodcastPage:
    def shown() -> PodcastPage | None:
        page = gui.discover.page
        ok = page is not None and page.isVisible() and page.shown.title == title
        return page if ok and page.preview is not None else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=15_000)
    page = shown()
    assert page is not None
    return page


def _subscribe(gui: Application, qtbot, url: str) -> int:
    gui.sync.subscribe(url)
    qtbot.waitUntil(lambda: any(p.title == SHOW for p in gui.library.podcasts()), timeout=20_000)
    return next(p.id for p in gui.library.podcasts() if p.title == SHOW)


def _history(gui: Application) -> list[tuple]:
    return [tuple(r) for r in gui.store.query("SELECT * FROM play_events")]


def test_the_podcast_page_shows_people_support_picks_and_a_live_show(
    gui: Application, qtbot, feeds: tuple[LoopbackServer, P20Feeds]
) -> None:
    server, served = feeds
    page = gui.discover.open_page(DirectoryResult(title="Open mic", feed_url=served.feed_url))
    page = _page(gui, qtbot, SHOW)

    names = [p.name for p in page.people.people]
    assert names == ["Maya Okafor", "Jonas Lind", "Priya Raman"]  # hosts first, then crew
    roles = [r.text() for r in page.people.findChildren(QLabel, "personRole")]
    assert sorted(roles) == ["Co host", "Host", "Producer"]
    qtbot.waitUntil(lambda: page.people.avatars_shown() == 2, timeout=10_000)  # two have photos
    assert server.hits["/art/face-0.png"] == 1

    assert page.support.isVisible() and page.support_header.isVisible()
    assert "Become a member" in page.support.text() and "Leave a tip" in page.support.text()
    assert "https://openmic.example/support" in page.support.text()

    live = [t.text() for t in page.findChildren(QLabel, "podcastPageLiveText")]
    assert live[0] == f"Live now: {LIVE}" and live[1].startswith("Upcoming: Next week")
    assert page.live_badge.isVisible() and len(page.live_buttons) == 1
    assert page.ai_badge.isVisible() and "machine-generated" in page.ai_badge.toolTip()
    assert page.schedule.text() == "New episodes: Every Friday; announced at once (Podping)"
    assert "irc://irc.openmic.example/%23openmic" in page.links.text()
    assert "Comments" in page.links.text()
    assert page.cover.accessibleDescription() == ALT_TEXT

    titles = [t.text() for t in page.findChildren(QLabel, "podcastPagePodrollTitle")]
    assert titles == [PICK]

    # Listen live: a stream through libVLC, nothing saved, nothing "played".
    before = _history(gui)
    QTest.mouseClick(page.live_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    assert gui.player.mode == "live" and gui.player.episode.title == LIVE
    pane = gui.window.now_playing_pane
    assert pane.title.text() == LIVE and pane.extras_bar.mode_label.text() == "● LIVE"
    qtbot.waitUntil(lambda: gui.player.position > 1.0, timeout=10_000)
    gui.player.pause()
    assert _history(gui) == before
    assert server.hits["/media/live.mp3"] >= 1

    # One click on a creator's pick opens its page; one more subscribes to it.
    QTest.mouseClick(page.podroll_buttons[0], Qt.MouseButton.LeftButton)
    pick = _page(gui, qtbot, PICK)
    assert pick is not page and "riverbanks" in pick.description.toPlainText()
    QTest.mouseClick(pick.subscribe, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.title == PICK for p in gui.library.podcasts()), timeout=20_000)
    qtbot.waitUntil(lambda: pick.subscribe.text() == "✓ Subscribed", timeout=5000)


def _play_mailbag(gui: Application, qtbot, served: P20Feeds) -> int:
    _subscribe(gui, qtbot, served.feed_url)
    episode = next(e for e in gui.library.episodes() if e.title == EPISODE)
    gui.playback_controller.play(episode)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    bar = gui.window.now_playing_pane.extras_bar
    qtbot.waitUntil(lambda: bar.version.isVisible(), timeout=10_000)
    return episode.id


def test_the_version_menu_switches_to_the_audio_only_alternate(
    gui: Application, qtbot, feeds: tuple[LoopbackServer, P20Feeds]
) -> None:
    server, served = feeds
    episode_id = _play_mailbag(gui, qtbot, served)
    pane = gui.window.now_playing_pane
    bar = pane.extras_bar
    assert pane.season.text() == "Season 3: Letters from listeners · Mailbag special"
    assert [p.name for p in bar.people.people] == ["Maya Okafor", "Ana Ruiz"]  # the episode's
    assert "irc://irc.openmic.example/%23mailbag" in bar.links.text()
    gui.player.seek(40.0)

    actions = bar.version_menu.actions()
    labels = [a.text() for a in actions]
    assert labels == ["As published", "Audio only · 64 kbps · en", "En español · 128 kbps · es"]
    assert actions[0].isChecked()
    assert not actions[2].isEnabled()  # only an IPFS source: nothing this player can open
    audio_only: QAction = actions[1]
    audio_only.trigger()
    qtbot.waitUntil(lambda: gui.player.media_url == served.audio_only_url, timeout=10_000)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    assert abs(gui.player.position - 40.0) < 2.0
    assert audio_only.isChecked() and bar.version.text() == "Version: Audio only · 64 kbps · en"
    assert server.hits["/media/mailbag-64k.mp3"] >= 1
    assert gui.player.episode.id == episode_id

    actions[0].trigger()  # back to the feed's own file
    qtbot.waitUntil(lambda: gui.player.media_url == served.media_url, timeout=10_000)
    assert actions[0].isChecked()


def test_a_soundbite_preview_plays_its_range_and_marks_nothing_heard(
    gui: Application, qtbot, feeds: tuple[LoopbackServer, P20Feeds]
) -> None:
    _server, served = feeds
    episode_id = _play_mailbag(gui, qtbot, served)
    gui.player.seek(90.0)
    qtbot.waitUntil(lambda: gui.player.position > 91.0, timeout=10_000)
    gui.player.pause()
    episodes = EpisodeRepo(gui.store)
    qtbot.waitUntil(lambda: episodes.get(episode_id).position > 90.0, timeout=5000)
    saved = episodes.get(episode_id).position
    before = _history(gui)

    bar = gui.window.now_playing_pane.extras_bar
    assert bar.preview.isVisible()
    (bite,) = bar.preview_menu.actions()
    assert bite.text() == "“The best call of the night” (0:30, 3 s)"
    bite.trigger()
    qtbot.waitUntil(lambda: gui.player.mode == "preview", timeout=5000)
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    assert bar.mode_label.text() == "Preview, until 0:33" and bar.stop_preview.isVisible()
    qtbot.waitUntil(lambda: gui.player.position >= 31.0, timeout=10_000)
    assert gui.player.position < 33.5
    # The range ends, and the episode is back where the listener left it, paused.
    qtbot.waitUntil(lambda: gui.player.mode == "normal", timeout=10_000)
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    assert abs(gui.player.position - (saved - gui.player.service.settings.resume_rewind)) < 1.5
    assert not bar.stop_preview.isVisible()
    assert gui.writer.flush(5)
    stored = episodes.get(episode_id)
    assert stored.state is EpisodeState.NEW and abs(stored.position - saved) < 0.01
    assert _history(gui) == before


def test_a_show_that_goes_live_is_announced_and_marked_in_the_sidebar(
    gui: Application, qtbot, feeds: tuple[LoopbackServer, P20Feeds]
) -> None:
    server, served = feeds
    serve_p20_feeds(server, live_status="pending")
    podcast_id = _subscribe(gui, qtbot, served.feed_url)
    controller = gui.podcasting20
    finished: list[object] = []
    gui.sync.refreshFinished.connect(finished.append)

    def refresh() -> None:
        finished.clear()
        assert gui.sync.refresh()
        qtbot.waitUntil(lambda: bool(finished) and not gui.sync.refreshing, timeout=20_000)
        qtbot.wait(300)  # the controller's read after the refresh has answered

    refresh()
    assert controller.notified == [] and podcast_id not in gui.library_model.live

    serve_p20_feeds(server, live_status="live")  # the show goes live
    refresh()
    qtbot.waitUntil(lambda: podcast_id in gui.library_model.live, timeout=10_000)
    (event,) = controller.notified
    assert event.podcast_title == SHOW and event.title == LIVE
    model = gui.library_model
    keys = [e.key for e in model.entries if e.podcast and e.podcast.id == podcast_id]
    index = model.index(model.row_of(keys[0]))
    assert index.data(LiveRole) is True
    assert "Live now" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith(f"{SHOW}, live now")

    refresh()  # still live: nothing new to announce
    assert len(controller.notified) == 1
