"""OPML import in the window, feeds that refresh by themselves, and the first-start welcome.

Real window, real SQLite, real HTTP on 127.0.0.1 (``tests.support.http_server``): the import
dialog is driven by typing and clicking, the automatic refresh by its own timer (with a short
"hour", the one thing the app lets a test choose), the welcome by its buttons.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
)

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.add_podcast import AddPodcastDialog
from player.qt.dialogs.import_opml import ImportOpmlDialog
from player.qt.dialogs.settings import SettingsDialog
from player.services.sync import inline_service
from player.storage import SettingsRepo, Store
from tests.qt.conftest import context_menu, row_of, subscribe_in_dialog
from tests.support.http_server import LoopbackServer, Reply, Seen, rss

RSS = {"Content-Type": "application/rss+xml"}
DEMO = "Signal & Noise"


def opml(feeds: list[tuple[str, str]]) -> bytes:
    """An OPML 2.0 list of (title, feed URL)."""
    outlines = "".join(f'<outline type="rss" text="{t}" xmlUrl="{u}"/>' for t, u in feeds)
    return (
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>Mine</title>'
        f"</head><body>{outlines}</body></opml>"
    ).encode()


def show(title: str, episodes: int) -> Reply:
    items = [(f"{title}-{i}", f"{title} episode {i}") for i in range(episodes, 0, -1)]
    return Reply(200, rss(title, items), RSS)


def gated(gate: threading.Event, reply: Reply) -> Callable[[Seen], Reply]:
    """A reply held back until the test opens ``gate`` (a feed still being fetched)."""

    def answer(_seen: Seen) -> Reply:
        gate.wait(30)
        return reply

    return answer


def _sidebar_titles(app: Application) -> list[str]:
    return [p.title for p in app.library_model.podcasts()]


def _open_import_dialog(app: Application) -> ImportOpmlDialog:
    app.window.registry["import_opml"].trigger()
    dialogs = [d for d in app.window.findChildren(ImportOpmlDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _start_import(dialog: ImportOpmlDialog, source: str) -> None:
    field = dialog.findChild(QLineEdit, "importOpmlSource")
    field.clear()
    QTest.keyClicks(field, source)
    QTest.mouseClick(dialog.findChild(QPushButton, "importOpmlStart"), Qt.MouseButton.LeftButton)


def _status(dialog: ImportOpmlDialog) -> str:
    return dialog.findChild(QLabel, "importOpmlStatus").text()


# -- OPML import ------------------------------------------------------------------------------


def test_import_from_a_url_shows_progress_and_ends_with_what_was_imported(
    gui: Application, qtbot
) -> None:
    gate = threading.Event()
    with LoopbackServer() as server:
        feeds = [
            ("Alpha Hour", server.route("/alpha.xml", show("Alpha Hour", 3))),
            ("Beta Talk", server.route("/beta.xml", show("Beta Talk", 2))),
            ("Slow Gamma", server.route("/gamma.xml", gated(gate, show("Slow Gamma", 4)))),
            ("Dead Delta", server.url("/delta.xml")),  # 404: not routed
        ]
        url = server.route("/subscriptions.opml", Reply(200, opml(feeds)))
        dialog = _open_import_dialog(gui)
        _start_import(dialog, url)

        # Three of four are in while the slow one is still being fetched: the window keeps
        # running (the dialog shows live progress) and the bar counts feeds.
        bar = dialog.findChild(QProgressBar, "importOpmlProgress")
        qtbot.waitUntil(lambda: bar.isVisible() and bar.value() == 3, timeout=20_000)
        assert bar.maximum() == 4
        assert bar.text() == "3 of 4 feeds"
        assert _status(dialog).startswith("Fetched 3 of 4 feeds")
        assert dialog.findChild(QPushButton, "importOpmlCancel").text() == "Stop"
        gate.set()

        qtbot.waitUntil(lambda: _status(dialog).startswith("Imported"), timeout=20_000)
        assert _status(dialog) == "Imported 3 podcasts, 9 episodes; 1 failed."
        problems = dialog.findChild(QLabel, "importOpmlProblems")
        assert problems.isVisible()
        assert "Dead Delta: " in problems.text()
        reason = problems.text().split("Dead Delta: ", 1)[1].lower()
        assert "404" in reason or "no feed" in reason or "not found" in reason
        assert dialog.findChild(QPushButton, "importOpmlCancel").text() == "Close"
        assert gui.window.status_label.text() == "Imported 3 podcasts, 9 episodes; 1 failed."
        qtbot.waitUntil(
            lambda: (
                {"Alpha Hour", "Beta Talk", "Slow Gamma", "Dead Delta"} <= set(_sidebar_titles(gui))
            ),
            timeout=10_000,
        )
        dead = next(p for p in gui.library.podcasts() if p.title == "Dead Delta")
        assert dead.last_error  # kept, with the red mark's reason, for the next refresh
        dialog.findChild(QPushButton, "importOpmlCancel").click()
        assert not dialog.isVisible()


def test_stopping_an_import_keeps_what_was_fetched_and_fetches_no_more(
    gui: Application, qtbot
) -> None:
    gui.settings.set("sync.concurrency", 1)  # one feed at a time, in the list's order
    gate = threading.Event()
    with LoopbackServer() as server:
        feeds = [
            ("First Show", server.route("/1.xml", show("First Show", 2))),
            ("Second Show", server.route("/2.xml", gated(gate, show("Second Show", 3)))),
        ] + [
            (f"Later {i}", server.route(f"/later{i}.xml", show(f"Later {i}", 1))) for i in range(3)
        ]
        url = server.route("/subscriptions.opml", Reply(200, opml(feeds)))
        dialog = _open_import_dialog(gui)
        _start_import(dialog, url)
        qtbot.waitUntil(lambda: bool(server.requests_for("/2.xml")), timeout=20_000)
        stop = dialog.findChild(QPushButton, "importOpmlCancel")
        assert stop.text() == "Stop"
        stop.click()
        assert _status(dialog).startswith("Stopping")
        gate.set()  # the answer in flight arrives after the stop: it is not parsed

        qtbot.waitUntil(lambda: _status(dialog).startswith("Imported"), timeout=20_000)
        assert _status(dialog) == "Imported 1 podcast, 2 episodes; 4 not imported (cancelled)."
        assert not any(server.requests_for(f"/later{i}.xml") for i in range(3))
        titles = sorted(p.title for p in gui.library.podcasts())
        assert titles == ["First Show", "Signal & Noise: The Open Podcast Lab"]  # no empty ones
        qtbot.waitUntil(lambda: "First Show" in _sidebar_titles(gui), timeout=10_000)
        assert not any(t.startswith(("Later", "Second")) for t in _sidebar_titles(gui))

        # The stopped list can be imported again: the rest come in, nothing twice.
        dialog.findChild(QPushButton, "importOpmlCancel").click()
        dialog = _open_import_dialog(gui)
        _start_import(dialog, url)
        qtbot.waitUntil(lambda: _status(dialog).startswith("Imported"), timeout=20_000)
        assert _status(dialog) == "Imported 4 podcasts, 6 episodes; 1 already subscribed."
        assert len(gui.library.podcasts()) == 6
        dialog.reject()


def test_choose_file_imports_a_file_and_a_bad_address_stays_in_the_dialog(
    gui: Application, qtbot, tmp_path: Path
) -> None:
    with LoopbackServer() as server:
        server.route("/missing.opml", Reply(404, b"gone"))
        path = tmp_path / "from-another-app.opml"
        path.write_bytes(opml([("File Show", server.route("/f.xml", show("File Show", 4)))]))

        dialog = _open_import_dialog(gui)
        _start_import(dialog, server.url("/missing.opml"))
        qtbot.waitUntil(lambda: _status(dialog).startswith("Could not import"), timeout=20_000)
        assert "404" in _status(dialog) or "not found" in _status(dialog).lower()
        again = dialog.findChild(QPushButton, "importOpmlStart")
        assert again.isEnabled() and again.text() == "Try again"
        assert dialog.findChild(QLineEdit, "importOpmlSource").isEnabled()

        QTest.mouseClick(
            dialog.findChild(QPushButton, "importOpmlChoose"), Qt.MouseButton.LeftButton
        )
        picker = dialog.findChild(QFileDialog, "importOpmlFilePicker")
        qtbot.waitUntil(picker.isVisible, timeout=5000)
        picker.selectFile(str(path))
        picker.accept()
        qtbot.waitUntil(lambda: _status(dialog).startswith("Imported"), timeout=20_000)
        assert _status(dialog) == "Imported 1 podcast, 4 episodes."
        assert dialog.findChild(QLineEdit, "importOpmlSource").text() == str(path)
        assert not dialog.findChild(QLabel, "importOpmlProblems").isVisible()
        dialog.reject()


def _drop_on_window(app: Application, mime: QMimeData) -> None:
    target = app.window.library_pane.table.viewport()
    point = QPoint(target.width() // 2, target.height() // 2)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(app.window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(app.window, drop)


@pytest.mark.parametrize("as_url", [False, True], ids=["file", "url"])
def test_a_dropped_opml_goes_through_the_import_dialog(
    gui: Application, qtbot, tmp_path: Path, as_url: bool
) -> None:
    with LoopbackServer() as server:
        body = opml([("Dropped Show", server.route("/d.xml", show("Dropped Show", 2)))])
        path = tmp_path / "dropped.opml"
        path.write_bytes(body)
        url = server.route("/subscriptions.opml", Reply(200, body))
        mime = QMimeData()
        mime.setUrls([QUrl(url) if as_url else QUrl.fromLocalFile(str(path))])
        _drop_on_window(gui, mime)
        dialogs = [d for d in gui.window.findChildren(ImportOpmlDialog) if d.isVisible()]
        assert len(dialogs) == 1
        dialog = dialogs[0]
        qtbot.waitUntil(lambda: _status(dialog).startswith("Imported"), timeout=20_000)
        assert _status(dialog) == "Imported 1 podcast, 2 episodes."
        assert dialog.findChild(QLineEdit, "importOpmlSource").text() == (
            url if as_url else str(path)
        )
        dialog.reject()


def test_an_opml_address_given_to_add_podcast_is_imported(gui: Application, qtbot) -> None:
    with LoopbackServer() as server:
        body = opml([("Listed Show", server.route("/l.xml", show("Listed Show", 2)))])
        url = server.route("/export", Reply(200, body, {"Content-Type": "text/x-opml"}))
        gui.window.registry["add_podcast"].trigger()
        add = gui.window.findChild(AddPodcastDialog)
        field = add.findChild(QLineEdit, "addPodcastUrl")
        field.clear()
        QTest.keyClicks(field, url)
        QTest.mouseClick(
            add.findChild(QPushButton, "addPodcastSubscribe"), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(lambda: not add.isVisible(), timeout=20_000)
        dialogs = [d for d in gui.window.findChildren(ImportOpmlDialog) if d.isVisible()]
        assert len(dialogs) == 1  # not "This web page does not link to a podcast feed."
        qtbot.waitUntil(lambda: _status(dialogs[0]).startswith("Imported"), timeout=20_000)
        assert _status(dialogs[0]) == "Imported 1 podcast, 2 episodes."
        dialogs[0].reject()


# -- automatic refresh ------------------------------------------------------------------------

HOUR_MS = 1500
"""The test's "hour": the schedule is proved in seconds, not hours."""


class GrowingFeed:
    """A feed whose next episode appears when the test says so; counts what was asked."""

    def __init__(self, server: LoopbackServer) -> None:
        self.episodes = 1
        self.gate = threading.Event()
        self.gate.set()
        self.url = server.route("/growing.xml", self._answer)
        self.server = server

    def _answer(self, _seen: Seen) -> Reply:
        self.gate.wait(30)
        return show("Growing Show", self.episodes)

    @property
    def fetches(self) -> int:
        return len(self.server.requests_for("/growing.xml"))


@pytest.fixture
def growing(data_dir: Path) -> Iterator[GrowingFeed]:
    """A library with one subscription of the listener's own (made before the window starts)."""
    with LoopbackServer() as server:
        feed = GrowingFeed(server)
        store = Store(DataPaths(data_dir).ensure().database)
        service = inline_service(store)
        service.subscribe(feed.url)
        service.close()
        store.close()
        yield feed


def _scheduled_app(qtbot, data_dir: Path, hours: float = 1) -> Iterator[Application]:
    store = Store(DataPaths(data_dir).ensure().database)
    SettingsRepo(store).set("sync.auto_refresh_hours", hours)
    store.close()
    app = Application(DataPaths(data_dir), aout="dummy", refresh_hour_ms=HOUR_MS)
    qtbot.addWidget(app.window)
    started: list[tuple[bool, bool]] = []
    app.sync.refreshStarted.connect(
        lambda _n: started.append((app.window.isVisible(), app.sync.automatic))
    )
    app.refresh_starts = started  # type: ignore[attr-defined]
    app.start()
    yield app
    app.close()


@pytest.fixture
def scheduled(qtbot, data_dir: Path, growing: GrowingFeed) -> Iterator[Application]:
    yield from _scheduled_app(qtbot, data_dir)


def test_feeds_refresh_at_start_up_and_then_every_interval(
    scheduled: Application, growing: GrowingFeed, qtbot
) -> None:
    assert growing.fetches == 1  # the subscription's own fetch
    qtbot.waitUntil(lambda: growing.fetches == 2, timeout=20_000)  # start-up, untouched
    assert scheduled.refresh_starts[0] == (True, True)  # after the window was shown
    growing.episodes = 2
    qtbot.waitUntil(lambda: growing.fetches >= 3, timeout=20_000)  # a second one, by itself
    qtbot.waitUntil(
        lambda: any(
            p.title == "Growing Show" and p.episode_count == 2
            for p in scheduled.library_model.podcasts()
        ),
        timeout=10_000,
    )
    assert all(automatic for _shown, automatic in scheduled.refresh_starts)
    # A new episode is news: the scheduled refresh says so; an empty one stays quiet.
    assert re.search(r"\b1 new episode", scheduled.window.status_label.text())


def _save_settings_with(app: Application, qtbot, label: str) -> None:
    """Settings... -> "Refresh feeds" -> ``label`` -> Save, through the real (modal) dialog."""
    chosen: list[str] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(50, choose)
            return
        combo = dialog.findChild(QComboBox, "autoRefreshChoice")
        combo.setCurrentIndex(combo.findText(label))
        chosen.append(combo.currentText())
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(50, choose)
    app.window.registry["settings"].trigger()
    qtbot.waitUntil(lambda: chosen == [label], timeout=10_000)


def test_off_stops_the_schedule_and_a_new_interval_applies_without_restart(
    scheduled: Application, growing: GrowingFeed, qtbot
) -> None:
    qtbot.waitUntil(lambda: growing.fetches == 2, timeout=20_000)
    qtbot.waitUntil(lambda: not scheduled.sync.refreshing, timeout=10_000)
    _save_settings_with(scheduled, qtbot, "Off")
    assert scheduled.settings.get("sync.auto_refresh_hours") == 0
    assert not scheduled.refresh_schedule.timer.isActive()
    seen = growing.fetches
    qtbot.wait(3 * HOUR_MS)  # three "hours" with the schedule off: nothing is fetched
    assert growing.fetches == seen

    _save_settings_with(scheduled, qtbot, "Every 2 hours")
    assert scheduled.settings.get("sync.auto_refresh_hours") == 2
    assert scheduled.refresh_schedule.timer.interval() == 2 * HOUR_MS
    qtbot.waitUntil(lambda: growing.fetches == seen + 1, timeout=20_000)


def test_a_scheduled_refresh_never_runs_beside_another(
    scheduled: Application, growing: GrowingFeed, qtbot
) -> None:
    qtbot.waitUntil(lambda: growing.fetches == 2, timeout=20_000)
    qtbot.waitUntil(lambda: not scheduled.sync.refreshing, timeout=10_000)
    growing.gate.clear()  # the next fetch hangs: a long refresh
    scheduled.window.registry["refresh"].trigger()  # the listener's Ctrl+R
    qtbot.waitUntil(lambda: growing.fetches == 3, timeout=10_000)
    starts = len(scheduled.refresh_starts)
    qtbot.wait(3 * HOUR_MS)  # the schedule comes due while that refresh still runs
    assert growing.fetches == 3
    assert len(scheduled.refresh_starts) == starts
    assert scheduled.sync.refreshing and not scheduled.sync.automatic
    growing.gate.set()
    qtbot.waitUntil(lambda: not scheduled.sync.refreshing, timeout=10_000)
    qtbot.waitUntil(lambda: growing.fetches == 4, timeout=20_000)  # then on time again
    assert scheduled.refresh_starts[-1] == (True, True)
    assert growing.server.max_in_flight == 1


def test_refreshing_one_podcast_does_not_postpone_the_schedule(
    qtbot, data_dir: Path, growing: GrowingFeed
) -> None:
    for app in _scheduled_app(qtbot, data_dir, hours=4):  # due every 6 s
        qtbot.waitUntil(lambda a=app: len(a.refresh_starts) == 1, timeout=20_000)
        qtbot.waitUntil(lambda a=app: not a.sync.refreshing, timeout=10_000)
        sidebar = app.window.library_pane.sidebar
        qtbot.waitUntil(lambda s=sidebar: row_of(s, "Growing Show") >= 0, timeout=10_000)
        qtbot.wait(2000)  # a third of the interval passes
        left = app.refresh_schedule.timer.remainingTime()
        assert 0 < left < 4500
        menu = context_menu(sidebar, row_of(sidebar, "Growing Show"))
        next(a for a in menu.actions() if a.text() == "Refresh").trigger()
        menu.close()
        qtbot.waitUntil(lambda a=app: len(a.refresh_starts) == 2, timeout=10_000)
        qtbot.waitUntil(lambda a=app: not a.sync.refreshing, timeout=10_000)
        assert app.refresh_starts[1] == (True, False)  # the listener's, for one show
        assert 0 < app.refresh_schedule.timer.remainingTime() < left  # still due as before


def test_a_fresh_library_does_not_refresh_at_start_up(gui: Application, qtbot) -> None:
    # The demo was imported a moment ago: the schedule waits a full interval.
    assert gui.refresh_schedule.timer.isActive()
    assert gui.refresh_schedule.timer.remainingTime() > 50 * 60_000
    assert not gui.sync.refreshing


# -- first start ------------------------------------------------------------------------------


def _welcome(app: Application):  # type: ignore[no-untyped-def]
    return app.window.findChild(QPushButton, "welcome_add_podcast").parentWidget()


def test_the_welcome_offers_add_and_import_until_there_is_a_show_of_ones_own(
    gui: Application, qtbot
) -> None:
    panel = _welcome(gui)
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert row_of(gui.window.library_pane.sidebar, DEMO) >= 0  # beside the demo
    buttons = [b.text() for b in panel.findChildren(QPushButton)]
    assert buttons == ["Add podcast…", "Import subscriptions (OPML)…"]

    QTest.mouseClick(panel.findChild(QPushButton, "welcome_import_opml"), Qt.MouseButton.LeftButton)
    imports = [d for d in gui.window.findChildren(ImportOpmlDialog) if d.isVisible()]
    assert len(imports) == 1
    imports[0].reject()

    with LoopbackServer() as server:
        url = server.route("/mine.xml", show("My Own Show", 2))
        QTest.mouseClick(
            panel.findChild(QPushButton, "welcome_add_podcast"), Qt.MouseButton.LeftButton
        )
        subscribe_in_dialog(gui, url)
        qtbot.waitUntil(lambda: "My Own Show" in _sidebar_titles(gui), timeout=20_000)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5000)

    # Unsubscribing the only show of one's own brings the help back.
    own = next(p for p in gui.library.podcasts() if p.title == "My Own Show")
    gui.sync.unsubscribe(own.id)
    qtbot.waitUntil(panel.isVisible, timeout=10_000)


def test_the_welcome_can_be_hidden_for_good(qtbot, data_dir: Path) -> None:
    for start in (1, 2):
        app = Application(DataPaths(data_dir), aout="dummy")
        qtbot.addWidget(app.window)
        app.start()
        try:
            sidebar = app.window.library_pane.sidebar
            qtbot.waitUntil(lambda s=sidebar: row_of(s, DEMO) >= 0, timeout=20_000)
            panel = _welcome(app)
            if start == 1:
                qtbot.waitUntil(panel.isVisible, timeout=5000)
                QTest.mouseClick(
                    panel.findChild(QToolButton, "welcomeDismiss"), Qt.MouseButton.LeftButton
                )
                assert not panel.isVisible()
                qtbot.waitUntil(
                    lambda a=app: a.settings.get("ui.welcome_dismissed") is True, timeout=5000
                )
                app.library_controller.reload()  # the library reloads: it stays hidden
            qtbot.wait(300)
            assert not panel.isVisible()
        finally:
            app.close()
