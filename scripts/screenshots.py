"""Take the README's screenshots from a real run of the app (run it under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py docs/screenshots

For each of the two window sizes the README promises (1280x800, the default, and 1024x700, the
smallest supported) it opens the real window on a fresh temporary data folder: the demo podcast
plus a second show whose episodes live on a throttled HTTP server on 127.0.0.1 (so downloads
really run, and one really fails). It plays a demo episode with dummy audio (chapters and a
moving position), queues two more, starts three downloads, and saves:

- ``main-1280x800.png`` and ``main-1024x700.png``: the whole window on "New";
- ``now-playing.png``, ``queue.png``: the right-hand panes at 1280x800;
- ``downloads.png``: the downloads view with one running, one done and one failed download;
- ``discover-search.png`` (and ``-1024x700``): Add podcast searching the directories by name,
  over the window; the directories are loopback fakes (tests/support/discover_rig.py), so this
  runs offline;
- ``podcast-page.png`` (and ``-1024x700``): a result's podcast page, read from its feed.
- ``transcript-1280x800.png`` and ``transcript-1024x700.png``: the Transcript tab following
  playback with a word found, and the library search's transcript hits.
- ``statistics-1280x800.png`` and ``statistics-1024x700.png`` (and ``statistics-dark-…``):
  the Statistics view over a year of made-up listening habits (tests/support/listening_log.py),
  the last 30 days; ``review-1280x800.png``: its yearly review page.
- ``bookmarks-1280x800.png`` and ``bookmarks-1024x700.png``: the playing episode's Bookmarks
  tab and slider marks, with the library-wide Bookmarks window over the window.
- ``podcast-namespace-1280x800.png`` and ``-1024x700.png``: a subscribed show's podcast page
  with the podcast namespace's facts (a live show, people with avatars, support links, the
  creator's recommendation, chat, schedule, AI disclosure) over the window, whose sidebar marks
  the show LIVE and whose now-playing pane shows the episode's people, season name, soundbite
  Preview and Version menu; the feeds are on 127.0.0.1 (tests/support/p20_feeds.py).
  ``episode-namespace-WxH.png``: the same window before the page opens.
- ``organise-1280x800.png`` and ``-1024x700.png``: a foldered sidebar (nested folders, one
  collapsed) with smart playlists, a smart playlist selected, two named queues;
  ``playlist-editor-WxH.png``: the smart playlist editor over the window.
- ``window-de-WxH.png`` and ``window-ar-WxH.png``: the window in German (its long words) and in
  Arabic (the mirrored layout); ``screenshots.py DIR languages`` takes only these.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.feed import FeedDocument, FeedItem  # noqa: E402
from player.domain.models import Episode  # noqa: E402
from player.domain.playlist_words import parse_rule_words  # noqa: E402
from player.paths import DataPaths  # noqa: E402
from player.qt.app import Application  # noqa: E402
from player.services.organise import OrganiseService  # noqa: E402
from player.services.playlists import PlaylistService  # noqa: E402
from player.services.queue import QueueService  # noqa: E402
from player.services.sync import ensure_demo_library  # noqa: E402
from player.storage import PodcastRepo, Store  # noqa: E402
from player.storage.feed_writer import write_feed  # noqa: E402
from tests.support.discover_rig import discover_rig  # noqa: E402
from tests.support.http_server import LoopbackServer  # noqa: E402
from tests.support.listening_log import seed_habits  # noqa: E402
from tests.support.p20_feeds import EPISODE as P20_EPISODE  # noqa: E402
from tests.support.p20_feeds import SHOW as P20_SHOW  # noqa: E402
from tests.support.p20_feeds import serve_p20_feeds  # noqa: E402

SIZES = [(1280, 800), (1024, 700)]
SHOW = "Field Notes from the Open Web"
MEDIA = sorted((ROOT / "player" / "demo" / "episodes").glob("*.mp3"))
EPISODES = [
    ("How a tiny community radio station rebuilt its archive in the open", MEDIA[0]),
    ("Interview: the librarian who catalogues every podcast about rivers", MEDIA[1]),
    ("Listener mail: speed, silence trimming and why we never skip intros", MEDIA[2]),
]


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition() and time.monotonic() < deadline:
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def _demo_session(data: Path, width: int, height: int) -> tuple[Application, dict[str, Episode]]:
    """The window on the demo library, two episodes queued, one paused in its third chapter
    (what the main and the language screenshots show); the episodes by title."""
    app = Application(DataPaths(data), aout="dummy")
    window = app.window
    window.resize(width, height)
    window.show()
    app.start()
    _wait(lambda: app.episode_model.rowCount() >= 7)
    episodes = {e.title: e for e in app.library.episodes()}
    queued = ["One Feed, Many Doors", "Open Source and the Listener's Rights"]
    app.queue.add([episodes[title].id for title in queued])
    app.library_controller.reload_queue()
    app.player.play_episode(episodes["Chapters, Transcripts and the Shape of Sound"].id)
    _wait(lambda: app.player.state == "playing" and len(app.player.chapters) > 2)
    app.player.seek(app.player.chapters[2].start + 4)
    _wait(lambda: app.player.position > app.player.chapters[2].start + 6)
    app.player.pause()
    return app, episodes


def _library(data: Path, slow: LoopbackServer, fast: LoopbackServer) -> None:
    """The demo podcast, then a show on local servers: a slow one, a fast one, a missing one."""
    store = Store(DataPaths(data).ensure().database)
    try:
        ensure_demo_library(store)
        podcast_id = PodcastRepo(store).add("http://feeds.invalid/field-notes", title=SHOW)
        items = []
        for i, (title, media) in enumerate(EPISODES):
            url = (
                slow.add(f"ep{i}.mp3", media)
                if i == 0
                else fast.add(f"ep{i}.mp3", media)
                if i == 1
                else fast.url("gone.mp3")
            )
            items.append(
                FeedItem(
                    guid=f"field-{i}",
                    title=title,
                    enclosure_url=url,
                    published=time.time() - (i + 1) * 86_400,
                    duration=1800 + 300 * i,
                    description="A conversation about listening in public.",
                )
            )
        write_feed(store, podcast_id, FeedDocument(title=SHOW, items=items))
    finally:
        store.close()


def _shoot(target: Path, width: int, height: int) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        LoopbackServer(throttle_bps=6_000) as slow,
        LoopbackServer() as fast,
    ):
        fast.add_status("gone.mp3", 404)
        data = Path(tmp)
        _library(data, slow, fast)
        app, episodes = _demo_session(data, width, height)
        window = app.window
        app.downloads.download([episodes[title].id for title, _media in EPISODES])
        done = episodes[EPISODES[1][0]].id
        _wait(lambda: bool(app.library.episode(done).download_path), 20)
        window.library_pane.select_entry("new")
        _wait(lambda: bool(app.suggestions.current))
        _wait(lambda: False, 1.5)  # covers, layouts and the first progress figures settle
        window.grab().save(str(target / f"main-{width}x{height}.png"))
        if (width, height) == SIZES[0]:
            window.now_playing_pane.grab().save(str(target / "now-playing.png"))
            window.queue_pane.grab().save(str(target / "queue.png"))
            view = app.downloads_controller.show()
            _wait(lambda: False, 1.0)
            view.grab().save(str(target / "downloads.png"))
            view.close()
        _bookmarks_shot(app, target, width, height)
        _transcript_shot(app, target, width, height)
        window.close()
        app.close()


def _over(window: QMainWindow, dialog: QDialog) -> QPixmap:
    """The window with ``dialog`` drawn where it stands over it (no window manager needed)."""
    shot = window.grab()
    _draw(shot, window, dialog)
    return shot


def _draw(shot: QPixmap, window: QMainWindow, dialog: QDialog) -> None:
    """Paint ``dialog`` onto ``shot`` with a thin frame (there is no window manager's)."""
    painter = QPainter(shot)
    at = dialog.pos() - window.pos()
    painter.drawPixmap(at, dialog.grab())
    painter.setPen(window.palette().color(QPalette.ColorRole.Dark))
    painter.drawRect(at.x(), at.y(), dialog.width() - 1, dialog.height() - 1)
    painter.end()


def _centre(window: QMainWindow, dialog: QDialog) -> None:
    dialog.move(window.geometry().center() - dialog.rect().center())


def _shoot_discover(target: Path, width: int, height: int) -> None:
    """Add podcast searching by name, then the first result's podcast page."""
    suffix = "" if (width, height) == SIZES[0] else f"-{width}x{height}"
    with tempfile.TemporaryDirectory() as tmp, discover_rig():
        app = Application(DataPaths(Path(tmp)), aout="dummy")
        window = app.window
        window.resize(width, height)
        window.show()
        app.start()
        _wait(lambda: app.episode_model.rowCount() >= 4)
        app.window.registry["add_podcast"].trigger()
        dialog = app.library_controller._dialog
        assert dialog is not None
        _centre(window, dialog)
        dialog.url.clear()
        QTest.keyClicks(dialog.url, "open", delay=40)
        _wait(lambda: dialog.cards.cards.rowCount() > 3)
        cards = dialog.cards
        _wait(lambda: False, 1.5)  # the covers arrive
        _centre(window, dialog)
        _wait(lambda: False, 0.3)
        _over(window, dialog).save(str(target / f"discover-search{suffix}.png"))
        cards.setFocus()
        QTest.keyClick(cards, Qt.Key.Key_Return)
        page = app.discover.page
        _wait(lambda: page is not None and page.episodes.topLevelItemCount() > 0)
        assert page is not None
        _centre(window, page)
        _wait(lambda: False, 1.0)
        shot = _over(window, dialog)
        _draw(shot, window, page)
        shot.save(str(target / f"podcast-page{suffix}.png"))
        page.close()
        dialog.reject()
        window.close()
        app.close()


BOOKMARKS = [
    ("Chapters, Transcripts and the Shape of Sound", 14.0, None, "", "Where chapters come from"),
    ("Chapters, Transcripts and the Shape of Sound", 41.5, 58.0, "The transcript part", ""),
    ("Chapters, Transcripts and the Shape of Sound", 73.0, None, "", "Quote this in the talk"),
    ("Up Next, Without Uploading", 22.0, None, "", "How suggestions are ranked"),
    ("One Feed, Many Doors", 9.5, None, "Subscribing anywhere", ""),
]
"""(episode, start, end, title, note) of the bookmarks shown."""


def _bookmarks_shot(app: Application, target: Path, width: int, height: int) -> None:
    """``bookmarks-WxH.png``: the Bookmarks tab and slider marks of the playing episode, and
    the Bookmarks window listing every bookmark, drawn over the window."""
    from player.qt.panes.now_playing_sections import BOOKMARKS as TAB
    from player.services.bookmarks import BookmarkService

    episodes = {e.title: e for e in app.library.episodes()}
    service = BookmarkService(app.store)
    if not service.list():
        for title, start, end, name, note in BOOKMARKS:
            service.add(episodes[title].id, start, end, title=name, note=note)
    window = app.window
    pane = window.now_playing_pane
    app.bookmarks.reload()
    pane.sections.reading_tabs.setCurrentIndex(TAB)
    _wait(lambda: pane.bookmarks.list.count() == 3)
    view = app.bookmarks.show_window()
    # Over the library's side, so the now-playing pane's tab and slider marks stay in view.
    left = window.library_pane.mapTo(window, window.library_pane.rect().topLeft())
    view.resize(pane.mapTo(window, pane.rect().topLeft()).x() - left.x() - 16, 340)
    view.move(window.pos() + left + QPoint(8, window.library_pane.height() - 360))
    _wait(lambda: view.table.topLevelItemCount() == len(BOOKMARKS))
    view.table.setCurrentItem(view.table.topLevelItem(2))
    _wait(lambda: False, 1.0)
    _over(window, view).save(str(target / f"bookmarks-{width}x{height}.png"))
    view.close()


def _transcript_shot(app: Application, target: Path, width: int, height: int) -> None:
    """``transcript-WxH.png``: the Transcript tab following the playing episode, a word found
    in it, and the library search listing where that word was said."""
    from player.qt.panes.now_playing_sections import TRANSCRIPT

    window = app.window
    window.now_playing_pane.sections.reading_tabs.setCurrentIndex(TRANSCRIPT)
    view = window.now_playing_pane.transcript
    _wait(lambda: view.model.rowCount() > 0)
    view.follow(app.player.position)
    window.library_pane.search.setText("chapters")
    hits = app.transcripts[1].panel
    _wait(lambda: hits.isVisible())
    view.find_field.setText("transcript")
    _wait(lambda: view.match_count.text().endswith(str(len(view.model.matches))))
    _wait(lambda: False, 1.0)
    window.grab().save(str(target / f"transcript-{width}x{height}.png"))


def _shoot_statistics(target: Path, width: int, height: int) -> None:
    """The Statistics view filling a window-sized dialog, light and dark, and its review."""
    from player.qt.theme import apply_theme

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = Store(data / "library.sqlite3")
        ensure_demo_library(store)
        seed_habits(store, 400, time.time())
        store.close()
        app = Application(DataPaths(data), aout="dummy")
        window = app.window
        window.resize(width, height)
        window.show()
        app.start()
        qapp = QApplication.instance()
        view = app.statistics.show()
        view.resize(width, height)
        _wait(lambda: view.stats is not None and view.review is not None)
        _wait(lambda: False, 1.0)
        view.grab().save(str(target / f"statistics-{width}x{height}.png"))
        if isinstance(qapp, QApplication):
            apply_theme(qapp, "dark")
            _wait(lambda: False, 1.0)
            view.grab().save(str(target / f"statistics-dark-{width}x{height}.png"))
            apply_theme(qapp, "light")
        if (width, height) == SIZES[0]:
            view.tabs.setCurrentIndex(1)
            _wait(lambda: False, 1.0)
            view.grab().save(str(target / "review-1280x800.png"))
        view.close()
        window.close()
        app.close()


def _shoot_namespace(target: Path, width: int, height: int) -> None:
    """A subscribed show's podcast page with the podcast namespace's facts, over the window."""
    with tempfile.TemporaryDirectory() as tmp, LoopbackServer() as server:
        feeds = serve_p20_feeds(server, live_status="pending")
        app = Application(DataPaths(Path(tmp)), aout="dummy")
        window = app.window
        window.resize(width, height)
        window.show()
        app.start()
        _wait(lambda: app.episode_model.rowCount() >= 4)
        app.sync.subscribe(feeds.feed_url, failed=print)
        _wait(lambda: any(p.title == P20_SHOW for p in app.library.podcasts()), 60)
        serve_p20_feeds(server, live_status="live")
        app.sync.refresh()
        podcast = next(p for p in app.library.podcasts() if p.title == P20_SHOW)
        _wait(lambda: podcast.id in app.library_model.live)
        episode = next(e for e in app.library.episodes() if e.title == P20_EPISODE)
        app.playback_controller.play(episode)
        _wait(lambda: app.player.state == "playing")
        pane = window.now_playing_pane
        _wait(lambda: pane.extras_bar.version.isVisible())
        app.player.seek(47.0)
        _wait(lambda: app.player.position > 48.0)
        app.player.pause()
        window.library_pane.select_entry(f"podcast:{podcast.id}")
        _wait(lambda: pane.extras_bar.people.avatars_shown() >= 2)
        _wait(lambda: False, 1.0)
        window.grab().save(str(target / f"episode-namespace-{width}x{height}.png"))
        page = app.discover.open_podcast(podcast)
        _wait(lambda: page.preview is not None and page.people.avatars_shown() >= 2)
        _centre(window, page)
        _wait(lambda: False, 1.5)  # avatars, covers and layouts settle
        _over(window, page).save(str(target / f"podcast-namespace-{width}x{height}.png"))
        page.close()
        window.close()
        app.close()


ORGANISED = {
    "News": ["The Morning Brief", "World at Noon"],
    "News/Daily": ["Five Minute Headlines", "Markets Today", "The Evening Wire"],
    "Science": ["Field Notes on Rivers", "The Lab Bench", "Orbit and Back"],
    "Long listens": ["Deep History", "The Long Interview"],
    "Comedy": ["Two Friends and a Mic", "Bad Ideas Club"],
    "": ["Open Source Hour", "The Quiet Kitchen"],
}
"""Shows per folder ("" none) for the organise screenshot (local feeds, nothing fetched)."""


def _organised_library(data: Path) -> None:
    """Eighteen shows in nested folders, tags, three smart playlists and two named queues."""
    store = Store(DataPaths(data).ensure().database)
    try:
        ensure_demo_library(store)
        now, n = time.time(), 0
        for folder, titles in ORGANISED.items():
            for title in titles:
                n += 1
                pid = PodcastRepo(store).add(f"http://feeds.invalid/{n}", title, folder)
                items = [
                    FeedItem(
                        guid=f"{n}-{i}",
                        title=f"{title}: episode {30 - i}",
                        enclosure_url=f"http://media.invalid/{n}/{i}.mp3",
                        published=now - (i * 2 + n % 5) * 86_400,
                        duration=(8 + (n * 7 + i * 13) % 80) * 60.0,
                    )
                    for i in range(30)
                ]
                write_feed(store, pid, FeedDocument(title=title, items=items))
                if folder.startswith("News"):
                    OrganiseService(store).add_tags("podcast", pid, ["news"])
        OrganiseService(store).set_collapsed("Comedy", True)
        playlists = PlaylistService(store)
        playlists.save(
            "Short news",
            parse_rule_words(["folder:News", "state:new", "duration:<30m", "limit:50"]),
        )
        playlists.save("Long weekend", parse_rule_words(["duration:>1h", "age:<14d"]))
        playlists.save("Science this week", parse_rule_words(["folder:Science", "age:<7d"]))
        QueueService(store).create("News first")
    finally:
        store.close()


def _shoot_organise(target: Path, width: int, height: int) -> None:
    """The foldered sidebar with a smart playlist selected, and the playlist editor."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        _organised_library(data)
        app = Application(DataPaths(data), aout="dummy")
        window = app.window
        window.resize(width, height)
        window.show()
        app.start()
        model = app.library_model
        _wait(lambda: model.row_of("folder:News/Daily") >= 0 and len(model.playlists()) == 3)
        [short] = [p for p in model.playlists() if p.name == "Short news"]
        window.library_pane.select_entry(f"playlist:{short.id}")
        _wait(lambda: app.episode_model.rowCount() >= 20)
        _wait(lambda: False, 1.5)  # covers and counts settle
        window.grab().save(str(target / f"organise-{width}x{height}.png"))
        app.playlists.edit(short.id)
        _wait(lambda: app.playlists.dialog is not None and app.playlists.dialog.isVisible())
        dialog = app.playlists.dialog
        assert dialog is not None
        _centre(window, dialog)
        _wait(lambda: False, 1.5)  # the live count
        _over(window, dialog).save(str(target / f"playlist-editor-{width}x{height}.png"))
        dialog.close()
        window.close()
        app.close()


LANGUAGES = ("de", "ar")
"""The translated windows the README shows: German (the longest strings) and Arabic (mirrored)."""


def _shoot_language(target: Path, language: str, width: int, height: int) -> None:
    """``window-LANG-WxH.png``: the main window in ``language`` (as ``LANGUAGE`` would ask),
    a chapter-marked episode playing and two in the queue; English again afterwards."""
    import os

    from player.qt.locale_setup import apply_language

    qapp = QApplication.instance()
    os.environ["LANGUAGE"] = language
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            LoopbackServer() as slow,
            LoopbackServer() as fast,
        ):
            data = Path(tmp)
            _library(data, slow, fast)
            app, _episodes = _demo_session(data, width, height)
            window = app.window
            window.library_pane.select_entry("new")
            _wait(lambda: bool(app.suggestions.current))
            _wait(lambda: False, 1.5)
            window.grab().save(str(target / f"window-{language}-{width}x{height}.png"))
            window.close()
            app.close()
    finally:
        os.environ.pop("LANGUAGE", None)
        if qapp is not None:
            apply_language(qapp, "en")


def main(out_dir: str) -> int:
    """Save the README's screenshots into ``out_dir``."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv[:1])
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    if only == "organise":  # one part, while working on it
        for width, height in SIZES:
            _shoot_organise(target, width, height)
        return 0
    if only == "languages":
        for width, height in SIZES:
            for language in LANGUAGES:
                _shoot_language(target, language, width, height)
        return 0
    for width, height in SIZES:
        _shoot(target, width, height)
        _shoot_discover(target, width, height)
        _shoot_statistics(target, width, height)
        _shoot_namespace(target, width, height)
        _shoot_organise(target, width, height)
        for language in LANGUAGES:
            _shoot_language(target, language, width, height)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
