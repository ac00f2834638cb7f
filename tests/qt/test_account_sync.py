"""Settings -> Sync and the window's own syncs, against a real gpodder.net-API server.

The server is gpodder-fastapi-router on 127.0.0.1 (``gpodder_server``, tests/support); the feed
is a real RSS document on a loopback HTTP server; the keyring is an in-memory one (or none, as
on a machine without Secret Service). The window is the real one: the test types into the
Sync page and clicks its buttons; syncs run on the task pool while the GUI thread keeps turning.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path

import httpx
import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.controllers.account_sync import SyncTimes
from player.qt.dialogs.settings import SettingsDialog
from player.qt.dialogs.settings_sync import GPODDER_NET, SyncPage
from player.storage import EpisodeRepo, PodcastRepo
from tests.support.http_server import LoopbackServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.nextcloud_server import NextcloudServer

USER, PASSWORD = "ann", "correct horse battery"
QUIET = SyncTimes(interval_ms=600_000, debounce_ms=600_000, startup_delay_ms=600_000)
"""No sync by itself during a test that drives them (each test says when it wants them)."""
FEED_PATH = "shows/field-notes.xml"


def rss(base: str, episodes: int = 3) -> bytes:
    """A small real feed whose episodes have lengths (so a position is a fraction)."""
    items = "".join(
        f'<item><guid isPermaLink="false">fn-{n}</guid><title>Field note {n}</title>'
        f"<pubDate>{formatdate(time.time() - n * 86_400)}</pubDate>"
        f'<enclosure url="{base}/media/fn-{n}.mp3" type="audio/mpeg" length="1000"/>'
        "<itunes:duration>10:00</itunes:duration></item>"
        for n in range(1, episodes + 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>Field Notes</title><link>{base}/</link><description>Notes.</description>"
        f"{items}</channel></rss>"
    ).encode()


@pytest.fixture
def feeds() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        server.add(FEED_PATH, rss(server.base_url), content_type="application/rss+xml")
        yield server


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The process's keyring is an in-memory one for the test (never a developer's real one)."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No keyring at all: keyring's "fail" backend, as on a desktop without Secret Service."""
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(before)


def start_app(qtbot, data_dir: Path, times: SyncTimes = QUIET) -> Application:
    app = Application(DataPaths(data_dir), aout="dummy", sync_times=times)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() >= 4, timeout=20_000)
    return app


@pytest.fixture
def app(qtbot, data_dir: Path, memory_keyring: MemoryKeyring) -> Iterator[Application]:
    running = start_app(qtbot, data_dir)
    yield running
    running.close()


def when_modal(kind: type, act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal ``kind`` dialog, inside its own event loop (Settings and
    the password question are modal); the dialog is closed afterwards, also on a failure."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            try:
                act(widget)
            finally:
                widget.close()
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


def in_sync_page(app: Application, qtbot, act: Callable[[SyncPage], None]) -> None:
    """Open Settings from the menu, go to the Sync tab, run ``act`` there, close Settings."""
    finished: list[bool] = []

    def on_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        page = dialog.findChild(SyncPage, "syncPage")
        assert page is not None
        dialog.findChild(QTabWidget).setCurrentWidget(page)
        qtbot.waitExposed(page)
        try:
            act(page)
        finally:
            finished.append(True)

    when_modal(SettingsDialog, on_dialog)
    app.window.registry["settings"].trigger()
    qtbot.waitUntil(lambda: bool(finished), timeout=120_000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)


def type_into(field: QLineEdit, text: str) -> None:
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClicks(field, text)


def click(page: SyncPage, name: str) -> None:
    button = page.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def text(page: SyncPage, name: str) -> str:
    return page.findChild(QLabel, name).text()


def subscribe(app: Application, qtbot, url: str) -> int:
    app.sync.subscribe(url)
    repo = PodcastRepo(app.store)
    qtbot.waitUntil(lambda: repo.find_by_url(url) is not None, timeout=20_000)
    podcast = repo.find_by_url(url)
    assert podcast is not None
    return podcast.id


def episode_ids(app: Application, podcast_id: int) -> dict[str, int]:
    rows = app.store.query("SELECT guid, id FROM episodes WHERE podcast_id = ?", (podcast_id,))
    return {str(guid): int(id_) for guid, id_ in rows}


def server_actions(url: str, user: str = USER, password: str = PASSWORD) -> list[dict]:
    reply = httpx.get(f"{url}/api/2/episodes/{user}.json", params={"since": 0},
                      auth=(user, password), timeout=30)  # fmt: skip
    reply.raise_for_status()
    return list(reply.json()["actions"])


def log_in_on_page(page: SyncPage, qtbot, server: str, password: str = PASSWORD) -> None:
    type_into(page.server, server)
    type_into(page.user, USER)
    type_into(page.password, password)
    click(page, "syncLogin")


def wait_idle(app: Application, qtbot, syncs: int) -> None:
    controller = app.account_sync
    qtbot.waitUntil(lambda: controller.syncs >= syncs and not controller.busy, timeout=60_000)


# -- the Sync page, by hand -------------------------------------------------------------------


def test_the_sync_page_without_an_account(qtbot, data_dir: Path, no_keyring) -> None:
    """No server needed: the form's defaults, Nextcloud's fields, the no-keyring notice, and
    what "Sync now" says before any login."""
    app = start_app(qtbot, data_dir)
    try:
        seen: dict[str, object] = {}

        def visit(page: SyncPage) -> None:
            seen["server"] = page.server.text()
            seen["note"] = page.no_keyring.isVisible()
            seen["buttons"] = [b.isEnabled() for b in (page.login_button, page.sync_button,
                                                        page.logout_button)]  # fmt: skip
            page.kind.setCurrentIndex(page.kind.findData("nextcloud"))
            seen["nextcloud"] = (page.device.isVisible(), page.browser_button.isVisible(),
                                 page.server.text())  # fmt: skip
            page.kind.setCurrentIndex(page.kind.findData("gpodder"))
            seen["back"] = (page.device.isVisible(), page.browser_button.isVisible(),
                            page.server.text())  # fmt: skip
            type_into(page.user, USER)
            click(page, "syncLogin")  # no password typed: said, nothing sent
            seen["no password"] = text(page, "syncError")

        in_sync_page(app, qtbot, visit)
        assert seen["server"] == GPODDER_NET and seen["note"] is True
        assert seen["buttons"] == [True, False, False]
        assert seen["nextcloud"] == (False, True, "")
        assert seen["back"] == (True, False, GPODDER_NET)
        assert seen["no password"] == "Enter the password."
        assert not app.account_sync.busy

        app.window.registry["sync_now"].trigger()
        qtbot.waitUntil(lambda: "log in first" in app.window.status_label.text(), timeout=10_000)
        assert app.account_sync.syncs == 0
    finally:
        app.close()


def test_settings_sync_logs_in_syncs_and_shows_the_state(
    app: Application, qtbot, gpodder_server, feeds: LoopbackServer, memory_keyring, data_dir
) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    feed_url = feeds.url(FEED_PATH)
    podcast_id = subscribe(app, qtbot, feed_url)
    seen: dict[str, object] = {}

    def first_visit(page: SyncPage) -> None:
        seen["default server"] = page.server.text()
        seen["device shown"] = page.device.isVisible()
        seen["no keyring note"] = page.no_keyring.isVisible()
        seen["sync enabled"] = page.sync_button.isEnabled()
        seen["account"] = text(page, "syncAccount")
        # Nextcloud: no device name, a browser login, no gpodder.net default.
        page.kind.setCurrentIndex(page.kind.findData("nextcloud"))
        seen["nextcloud device shown"] = page.device.isVisible()
        seen["nextcloud browser"] = page.browser_button.isVisible()
        seen["nextcloud server"] = page.server.text()
        page.kind.setCurrentIndex(page.kind.findData("gpodder"))

        # A wrong password: a readable sentence in red, nothing stored.
        log_in_on_page(page, qtbot, gpodder_server.url, password="not the password")
        qtbot.waitUntil(lambda: bool(text(page, "syncError")), timeout=30_000)
        qtbot.waitUntil(lambda: page.login_button.isEnabled(), timeout=10_000)
        seen["wrong password"] = text(page, "syncError")
        seen["wrong style"] = page.error.styleSheet()
        seen["after wrong"] = text(page, "syncAccount")
        seen["keyring after wrong"] = dict(memory_keyring.entries)

        # The right one: logged in, and the first sync follows by itself.
        log_in_on_page(page, qtbot, gpodder_server.url)
        qtbot.waitUntil(lambda: text(page, "syncAccount").startswith(f"{USER} on"), timeout=30_000)
        wait_idle(app, qtbot, 1)
        qtbot.waitUntil(lambda: text(page, "syncLastSync") == "just now", timeout=10_000)
        seen["account after login"] = text(page, "syncAccount")
        seen["error after login"] = text(page, "syncError")

    in_sync_page(app, qtbot, first_visit)
    assert seen["default server"] == GPODDER_NET
    assert seen["device shown"] is True and seen["no keyring note"] is False
    assert seen["sync enabled"] is False and seen["account"] == "Not logged in."
    assert seen["nextcloud device shown"] is False and seen["nextcloud browser"] is True
    assert seen["nextcloud server"] == ""
    wrong = str(seen["wrong password"])
    assert wrong and "Traceback" not in wrong and "not the password" not in wrong
    assert "401" in wrong or "refused" in wrong.lower() or "password" in wrong.lower(), wrong
    assert "#c62828" in str(seen["wrong style"])
    assert seen["after wrong"] == "Not logged in." and seen["keyring after wrong"] == {}
    assert f"{USER} on {gpodder_server.url}" in str(seen["account after login"])
    assert seen["error after login"] == ""
    assert list(memory_keyring.entries.values()) == [PASSWORD]  # in the keyring, once

    # A local change, then "Sync now": the action reaches the server.
    ids = episode_ids(app, podcast_id)
    app.undo.mark_played([ids["fn-1"]], True)
    qtbot.waitUntil(lambda: app.account_sync.engine.repo.pending_count() > 0, timeout=10_000)

    def second_visit(page: SyncPage) -> None:
        qtbot.waitUntil(lambda: "1 episode changes" in text(page, "syncPending"), timeout=10_000)
        seen["pending"] = text(page, "syncPending")
        click(page, "syncNow")
        seen["busy buttons"] = (page.sync_button.isEnabled(), page.login_button.isEnabled())
        wait_idle(app, qtbot, 2)
        qtbot.waitUntil(lambda: text(page, "syncResult").startswith("Synced"), timeout=10_000)
        seen["result"] = text(page, "syncResult")
        seen["totals"] = text(page, "syncTotals")
        seen["pending after"] = text(page, "syncPending")

    in_sync_page(app, qtbot, second_visit)
    assert seen["busy buttons"] == (False, False)
    assert "sent 1," in str(seen["result"])
    assert str(seen["totals"]).startswith("sent ") and "sent 0," not in str(seen["totals"])
    assert seen["pending after"] == "0 episode changes"
    played = [a for a in server_actions(gpodder_server.url) if a["episode"].endswith("fn-1.mp3")]
    assert played and played[-1]["action"].lower() == "play"

    # Another device moves a position: the next sync brings it, and the episode list shows it.
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    media = feeds.url("media/fn-2.mp3")
    reply = httpx.post(
        f"{gpodder_server.url}/api/2/episodes/{USER}.json",
        json=[{"podcast": feed_url, "episode": media, "action": "play", "device": "phone",
               "started": 0, "position": 240, "total": 600, "timestamp": now}],
        auth=(USER, PASSWORD),
        timeout=30,
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    app.window.registry["sync_now"].trigger()
    wait_idle(app, qtbot, 3)
    report = app.account_sync.last_report
    assert report is not None and report.complete and report.positions_updated >= 1
    episode = EpisodeRepo(app.store).get(ids["fn-2"])
    assert episode.position == pytest.approx(240, abs=1)
    assert "Synced" in app.window.status_label.text()

    def listed_at_240() -> bool:  # the episode list reloaded, as after a feed refresh
        model = app.episode_model
        rows = (model.episode(r) for r in range(model.rowCount()))
        return any(e.id == ids["fn-2"] and abs(e.position - 240) < 1 for e in rows)

    qtbot.waitUntil(listed_at_240, timeout=10_000)

    # No password in the database, the log or anything else in the data folder.
    app.writer.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_log_out_forgets_the_account_and_its_password(
    app: Application, qtbot, gpodder_server, memory_keyring
) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    seen: dict[str, object] = {}

    def visit(page: SyncPage) -> None:
        log_in_on_page(page, qtbot, gpodder_server.url)
        wait_idle(app, qtbot, 1)
        seen["stored"] = dict(memory_keyring.entries)
        # A refused attempt while logged in: said, and it stays said; the account stays.
        log_in_on_page(page, qtbot, gpodder_server.url, password="wrong")
        qtbot.waitUntil(lambda: page.login_button.isEnabled(), timeout=30_000)
        qtbot.wait(300)  # the status read that follows a refusal has arrived
        seen["refused"] = text(page, "syncError")
        seen["still"] = text(page, "syncAccount")
        seen["stored after"] = dict(memory_keyring.entries)
        click(page, "syncLogout")
        qtbot.waitUntil(lambda: text(page, "syncAccount") == "Not logged in.", timeout=10_000)
        seen["sync enabled"] = page.sync_button.isEnabled()

    in_sync_page(app, qtbot, visit)
    assert list(seen["stored"].values()) == [PASSWORD]  # type: ignore[attr-defined]
    assert seen["refused"] and not str(seen["refused"]).startswith("Last error")
    assert str(seen["still"]).startswith(f"{USER} on ") and seen["stored after"] == seen["stored"]
    assert memory_keyring.entries == {}
    assert seen["sync enabled"] is False
    assert not app.account_sync.status.logged_in


# -- syncs by themselves ----------------------------------------------------------------------


def test_timer_and_local_changes_sync_by_themselves(
    qtbot, data_dir: Path, gpodder_server, feeds: LoopbackServer, memory_keyring
) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    app = start_app(qtbot, data_dir, SyncTimes(interval_ms=600_000, debounce_ms=300,
                                               startup_delay_ms=600_000))  # fmt: skip
    try:
        controller = app.account_sync
        podcast_id = subscribe(app, qtbot, feeds.url(FEED_PATH))
        assert controller.login("gpodder", gpodder_server.url, USER, PASSWORD, device="desk")
        wait_idle(app, qtbot, 1)  # the sync after logging in
        qtbot.wait(800)  # the subscribe's debounce came and went: nothing was pending
        quiet = controller.syncs

        # Nothing waiting: a library reload (a feed refresh's, say) triggers no sync.
        app.sync.libraryChanged.emit()
        qtbot.wait(800)
        assert controller.syncs == quiet

        # Marked played: 300 ms of quiet later the change goes by itself.
        ids = episode_ids(app, podcast_id)
        app.undo.mark_played([ids["fn-3"]], True)
        wait_idle(app, qtbot, quiet + 1)
        assert controller.last_report is not None and controller.last_report.uploaded == 1
        assert controller.engine.repo.pending_count() == 0
        assert any(a["episode"].endswith("fn-3.mp3") for a in server_actions(gpodder_server.url))

        # The timer: shortened, it syncs again and again with nothing to do.
        controller.timer.setInterval(200)
        controller.timer.start()
        wait_idle(app, qtbot, controller.syncs + 3)
    finally:
        app.close()


def test_offline_is_normal_the_error_shows_once_and_no_dialog(
    qtbot, data_dir: Path, gpodder_server, memory_keyring
) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    app = start_app(qtbot, data_dir, SyncTimes(interval_ms=250, debounce_ms=600_000,
                                               startup_delay_ms=100))  # fmt: skip
    try:
        controller = app.account_sync
        messages: list[str] = []
        controller.message.connect(messages.append)
        assert controller.login("gpodder", gpodder_server.url, USER, PASSWORD)
        wait_idle(app, qtbot, 1)
        gpodder_server.stop()  # the network goes away
        del messages[:]
        start = controller.syncs
        modal: list[QWidget] = []
        watch = QTimer()

        def look() -> None:
            widget = QApplication.activeModalWidget()
            if widget is not None:
                modal.append(widget)

        watch.timeout.connect(look)
        watch.start(20)
        wait_idle(app, qtbot, start + 4)
        watch.stop()
        assert modal == []
        assert controller.last_report is not None and not controller.last_report.complete
        errors = [m for m in messages if m.startswith("Sync:")]
        assert len(errors) == 1, messages  # shown once, not at every timer sync
        assert controller.status.last_error and "Traceback" not in controller.status.last_error

        seen: dict[str, str] = {}

        def look(page: SyncPage) -> None:
            qtbot.waitUntil(lambda: bool(text(page, "syncError")), timeout=5000)
            seen["error"] = text(page, "syncError")

        in_sync_page(app, qtbot, look)
        assert seen["error"].startswith("Last error:") and "Traceback" not in seen["error"]

        gpodder_server.start()  # back online: the next timer sync clears the error
        wait_idle(app, qtbot, controller.syncs + 1)
        qtbot.waitUntil(lambda: controller.status.last_error is None, timeout=30_000)
    finally:
        app.close()


def test_without_a_keyring_the_password_is_asked_once_per_session(
    qtbot, data_dir: Path, gpodder_server, no_keyring
) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    first = start_app(qtbot, data_dir)
    seen: dict[str, object] = {}

    def visit(page: SyncPage) -> None:
        seen["note"] = page.no_keyring.isVisible() and "never written to disk" in text(
            page, "syncNoKeyring"
        )
        log_in_on_page(page, qtbot, gpodder_server.url)
        wait_idle(first, qtbot, 1)

    in_sync_page(first, qtbot, visit)
    assert seen["note"] is True
    assert first.account_sync.last_report is not None and first.account_sync.last_report.complete
    first.close()

    # The next session knows the account but not the password: the start-up sync asks.
    second = start_app(qtbot, data_dir, SyncTimes(interval_ms=300, debounce_ms=600_000,
                                                  startup_delay_ms=100))  # fmt: skip
    try:
        asked: list[str] = []

        def answer_with(password: str | None) -> Callable[[QWidget], None]:
            def answer(dialog: QWidget) -> None:
                assert isinstance(dialog, QInputDialog)
                asked.append(dialog.labelText())
                assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
                if password is None:
                    dialog.done(QDialog.DialogCode.Rejected)
                    return
                dialog.setTextValue(password)
                dialog.done(QDialog.DialogCode.Accepted)

            return answer

        controller = second.account_sync
        when_modal(QInputDialog, answer_with(None))  # "not now"
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
        qtbot.wait(1500)  # several timer rounds: not asked again, nothing synced
        assert len(asked) == 1 and USER in asked[0] and controller.syncs == 0
        assert not controller.busy

        when_modal(QInputDialog, answer_with(PASSWORD))  # the listener's own Sync now asks
        second.window.registry["sync_now"].trigger()
        wait_idle(second, qtbot, 3)  # that sync, then the timer's: no more questions
        assert len(asked) == 2
        report = controller.last_report
        assert report is not None and report.complete
    finally:
        second.close()


def test_a_long_session_of_syncs_never_blocks_the_gui_thread(
    qtbot, data_dir: Path, gpodder_server, feeds: LoopbackServer, memory_keyring
) -> None:
    """Many timer syncs (with changes to send and to receive) while the window lives: no
    crash, no growth in threads, and the GUI thread's timers keep their beat."""
    gpodder_server.create_user(USER, PASSWORD)
    app = start_app(qtbot, data_dir, SyncTimes(interval_ms=100, debounce_ms=150,
                                               startup_delay_ms=600_000))  # fmt: skip
    try:
        controller = app.account_sync
        podcast_id = subscribe(app, qtbot, feeds.url(FEED_PATH))
        ids = list(episode_ids(app, podcast_id).values())
        assert controller.login("gpodder", gpodder_server.url, USER, PASSWORD)
        wait_idle(app, qtbot, 1)
        beat, worst = QElapsedTimer(), [0]
        beat.start()

        def tick() -> None:
            worst[0] = max(worst[0], beat.restart())

        heart = QTimer()
        heart.timeout.connect(tick)
        heart.start(10)
        goal = controller.syncs + 25
        flips = 0
        while controller.syncs < goal:
            app.undo.mark_played([ids[flips % len(ids)]], flips % 2 == 0)
            flips += 1
            qtbot.wait(120)
            assert flips < 400, "syncs stopped coming"
        wait_idle(app, qtbot, goal)
        assert worst[0] < 1000, f"the GUI thread stalled for {worst[0]} ms"

        # A server that stops answering mid-session: the sync waits on its worker, the window
        # does not (every beat of a 10 ms timer comes within a fraction of a second).
        server = gpodder_server._process
        assert server is not None
        os.kill(server.pid, signal.SIGSTOP)
        try:
            assert controller.sync_now()
            qtbot.waitUntil(lambda: "Syncing" in app.window.status_label.text(), timeout=5000)
            worst[0] = 0
            beat.restart()
            qtbot.wait(2000)
            assert controller.busy  # still waiting for the frozen server
            assert worst[0] < 300, f"the GUI thread stalled for {worst[0]} ms"
        finally:
            os.kill(server.pid, signal.SIGCONT)
        wait_idle(app, qtbot, goal + 1)
        heart.stop()
        assert controller.status.last_error is None
        assert controller.status.uploaded_total >= 10
        assert app.runner.pool.activeThreadCount() <= 4  # type: ignore[attr-defined]
    finally:
        app.close()


# -- Nextcloud: Log in with browser ----------------------------------------------------------


def test_nextcloud_log_in_with_browser(app: Application, qtbot, memory_keyring) -> None:
    """Login Flow v2 against the fake Nextcloud (written from its documentation): the browser
    opens Nextcloud's page, the listener approves there, the app password comes back."""
    opened: list[str] = []
    app.open_url = lambda url: opened.append(url.toString())
    with NextcloudServer() as cloud:
        cloud.add_user(USER, PASSWORD)
        seen: dict[str, object] = {}

        def visit(page: SyncPage) -> None:
            page.kind.setCurrentIndex(page.kind.findData("nextcloud"))
            type_into(page.server, cloud.url)
            click(page, "syncBrowserLogin")  # changed their mind: cancelled while waiting
            qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
            click(page, "syncBrowserLogin")
            qtbot.waitUntil(lambda: page.login_button.isEnabled(), timeout=10_000)
            seen["cancelled"] = text(page, "syncError")
            click(page, "syncBrowserLogin")
            qtbot.waitUntil(lambda: len(opened) == 2, timeout=10_000)  # the browser would open
            seen["waiting"] = (page.browser_button.text(), page.login_button.isEnabled())
            cloud.approve(opened[1], USER)  # the listener grants access there
            qtbot.waitUntil(lambda: text(page, "syncAccount").startswith(USER), timeout=20_000)
            wait_idle(app, qtbot, 1)
            seen["account"] = text(page, "syncAccount")
            seen["error"] = text(page, "syncError")

        in_sync_page(app, qtbot, visit)
        assert opened[1].startswith(cloud.url + "/index.php/login/v2/flow/")
        assert seen["cancelled"] == "Browser login cancelled."
        assert seen["waiting"] == ("Cancel browser login", False)
        assert seen["account"] == f"{USER} on {cloud.url}" and seen["error"] == ""
        stored = list(memory_keyring.entries.values())
        assert len(stored) == 1 and stored[0] != PASSWORD  # the app password, not the account's
        assert app.account_sync.status.kind == "nextcloud"
        assert cloud.app_password_names(USER)  # named after our User-Agent on the server
