"""Finding podcasts in the real window: search, cards, the podcast page, charts, settings.

The four directories are loopback fakes in their real shapes (tests/support/directory_servers.py)
listing feeds that live on another loopback server (tests/support/discover_rig.py); the window,
its services and its SQLite library are real. Everything is driven with the keyboard and the
mouse, as a listener would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from player.domain.queries import EpisodeQuery
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.add_podcast import AddPodcastDialog
from player.qt.dialogs.discover import DiscoverView
from player.qt.dialogs.podcast_page import PodcastPage
from player.qt.dialogs.settings import SettingsDialog
from player.qt.widgets.result_cards import ResultCards
from tests.qt.conftest import context_menu, row_of
from tests.support.discover_rig import SHOWS, Rig, discover_rig

SIGNALS = SHOWS[0].title


NO_KEYRING = "keyring.backends.fail.Keyring"
MEMORY_KEYRING = "tests.support.memory_keyring.MemoryKeyring"


@pytest.fixture
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    """The directories; no keyring, unless the test asks for ``MEMORY_KEYRING`` (indirect)."""
    with discover_rig(keyring_backend=getattr(request, "param", NO_KEYRING)) as running:
        yield running


@pytest.fixture
def app(qtbot, data_dir: Path, rig: Rig) -> Iterator[Application]:
    """The real window (demo podcast listed), its directories the rig's fakes."""
    application = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(application.window)
    application.start()
    qtbot.waitUntil(lambda: application.episode_model.rowCount() == 4, timeout=20_000)
    application.window.activateWindow()
    yield application
    application.close()


def open_add(app: Application, qtbot) -> AddPodcastDialog:
    """Ctrl+N, as a listener opens Add podcast."""
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=5000)
    QTest.keyClick(app.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.findChild(AddPodcastDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    assert dialog is not None
    return dialog


def search(dialog: AddPodcastDialog, qtbot, text: str) -> ResultCards:
    """Type ``text`` into the box key by key; wait for the cards of that query."""
    field = dialog.findChild(QLineEdit, "addPodcastUrl")
    field.clear()
    field.setFocus()
    QTest.keyClicks(field, text, delay=20)
    cards = dialog.cards
    qtbot.waitUntil(
        lambda: cards.isVisible() and dialog.status.text().endswith(f"for “{text}”."),
        timeout=15_000,
    )
    return cards


def titles(cards: ResultCards) -> list[str]:
    return [r.title for r in cards.cards.results]


def page_of(app: Application, qtbot) -> PodcastPage:
    qtbot.waitUntil(lambda: any(p.isVisible() for p in _pages(app)), timeout=10_000)
    return next(p for p in _pages(app) if p.isVisible())


def _pages(app: Application) -> list[PodcastPage]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PodcastPage)] + list(
        app.window.findChildren(PodcastPage)
    )


def click(button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def click_card_button(cards: ResultCards, row: int) -> None:
    QTest.mouseClick(
        cards.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        cards.button_center(row),
    )  # fmt: skip


def test_search_with_the_keyboard_open_the_page_and_subscribe_with_the_mouse(
    app: Application, qtbot, rig: Rig
) -> None:
    dialog = open_add(app, qtbot)
    cards = search(dialog, qtbot, "open web")
    assert titles(cards) == [SIGNALS]
    card = cards.result_at(0)
    assert card.author == "Radio Example Collective" and card.episode_count == 12
    assert set(card.sources) == {"itunes", "fyyd", "gpodder"}  # Podcast Index: no keyring
    assert not dialog.provider_errors.isVisible()

    QTest.keyClick(dialog.findChild(QLineEdit, "addPodcastUrl"), Qt.Key.Key_Down)
    assert cards.hasFocus()
    QTest.keyClick(cards, Qt.Key.Key_Return)
    page = page_of(app, qtbot)
    qtbot.waitUntil(lambda: page.episodes.topLevelItemCount() == 12, timeout=10_000)
    assert page.episodes.topLevelItem(0).text(0) == "Episode 12: Web notes, part 12"
    assert page.episodes.topLevelItem(0).text(2) == "29:00"
    assert "open standards" in page.description.toPlainText()
    assert "<b>" not in page.description.toPlainText()  # the feed's HTML is shown as HTML
    assert "Technology" in page.facts.text()
    assert "example.org/signals" in page.website.text()
    # A feed without the podcast namespace: no empty side column, no badges.
    assert not page.side_scroll.isVisible() and not page.live_badge.isVisible()
    assert app.library.podcasts() and SIGNALS not in {p.title for p in app.library.podcasts()}

    click(page.subscribe)
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, SIGNALS) >= 0, timeout=20_000)
    qtbot.waitUntil(lambda: page.subscribe.text() == "✓ Subscribed", timeout=5000)
    assert not page.subscribe.isEnabled()
    assert cards.result_at(0).subscribed  # the card behind the page says so too
    podcast = next(p for p in app.library.podcasts() if p.title == SIGNALS)
    assert podcast.url == rig.feed_url(SIGNALS)
    assert app.library.count_episodes(EpisodeQuery(podcast_id=podcast.id)) == 12
    page.close()
    dialog.reject()


def test_subscribe_from_a_card_with_the_mouse_and_marks_in_the_next_search(
    app: Application, qtbot, rig: Rig
) -> None:
    dialog = open_add(app, qtbot)
    cards = search(dialog, qtbot, "open")
    assert len(titles(cards)) == len([s for s in SHOWS if "Open" in s.title])
    row = titles(cards).index("Open Kitchen Radio")
    click_card_button(cards, row)
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Open Kitchen Radio") >= 0, timeout=20_000)
    qtbot.waitUntil(lambda: cards.result_at(row).subscribed, timeout=5000)
    assert dialog.isVisible()  # open for the next one
    assert not dialog.error.text()

    cards = search(dialog, qtbot, "kitchen")
    assert [(r.title, r.subscribed) for r in cards.cards.results] == [("Open Kitchen Radio", True)]
    dialog.reject()


def test_one_failing_directory_shows_its_error_beside_the_results(
    app: Application, qtbot, rig: Rig
) -> None:
    rig.directories.fyyd.status = 503
    dialog = open_add(app, qtbot)
    cards = search(dialog, qtbot, "kitchen")
    assert titles(cards) == ["Open Kitchen Radio"]
    assert cards.result_at(0).sources == ("itunes",)
    qtbot.waitUntil(dialog.provider_errors.isVisible, timeout=2000)
    assert "fyyd" in dialog.provider_errors.text() and "503" in dialog.provider_errors.text()
    dialog.reject()


def test_an_older_answer_arriving_after_a_newer_query_is_never_shown(
    app: Application, qtbot, rig: Rig
) -> None:
    rig.directories.set_latency(1.0)
    dialog = open_add(app, qtbot)
    field = dialog.findChild(QLineEdit, "addPodcastUrl")
    shown: list[str] = []
    original = dialog._answered
    dialog._answered = lambda answer: (shown.append(answer.query), original(answer))  # type: ignore[method-assign]
    field.setFocus()
    QTest.keyClicks(field, "riv")
    qtbot.waitUntil(lambda: dialog.query == "riv", timeout=5000)  # "riv" is on its way
    QTest.keyClicks(field, "ers")
    qtbot.waitUntil(lambda: dialog.status.text().endswith("for “rivers”."), timeout=15_000)
    qtbot.wait(1500)  # time for "riv" to have come back, had it not been dropped
    assert shown == ["rivers"]
    assert dialog.discover is not None and dialog.discover.bridge.dropped >= 1
    assert titles(dialog.cards) == ["Rivers of the World"]
    dialog.reject()


def test_a_subscription_opens_its_page_from_the_sidebar(app: Application, qtbot) -> None:
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Signal & Noise") >= 0, timeout=10_000)
    menu = context_menu(sidebar, row_of(sidebar, "Signal & Noise"))
    action = next(a for a in menu.actions() if a.text() == "Podcast page")
    action.trigger()
    page = page_of(app, qtbot)
    assert page.title.text().count("Signal &amp; Noise") == 1
    assert page.subscribe.text() == "✓ Subscribed" and not page.subscribe.isEnabled()
    page.close()


def test_discover_charts_by_country_and_category_with_subscribed_marks(
    app: Application, qtbot, rig: Rig
) -> None:
    dialog = open_add(app, qtbot)
    browse = dialog.findChild(QLabel, "addPodcastBrowse")
    assert browse.isVisible() and "top podcasts" in browse.text()
    browse.linkActivated.emit("#charts")  # (the link's own click is Qt's)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    view = app.window.findChild(DiscoverView)
    assert view is not None
    qtbot.waitUntil(lambda: view.cards.cards.rowCount() > 0, timeout=15_000)
    assert {r.title for r in view.cards.cards.results} >= {SIGNALS, "Rivers of the World"}
    click_card_button(view.cards, titles(view.cards).index(SIGNALS))
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, SIGNALS) >= 0, timeout=20_000)
    qtbot.waitUntil(
        lambda: view.cards.result_at(titles(view.cards).index(SIGNALS)).subscribed, timeout=5000
    )
    qtbot.waitUntil(lambda: view.genre.count() > 1, timeout=10_000)
    science = next(
        i for i in range(view.genre.count()) if view.genre.itemText(i).startswith("Science")
    )
    view.genre.setCurrentIndex(science)
    qtbot.waitUntil(
        lambda: titles(view.cards) and "Rivers of the World" in titles(view.cards), timeout=15_000
    )

    # fyyd has no category charts: none of its overall list is mixed into "Science".
    def no_fyyd() -> bool:
        shown = [view.cards.result_at(i) for i in range(len(titles(view.cards)))]
        return bool(shown) and all("fyyd" not in result.sources for result in shown)

    qtbot.waitUntil(no_fyyd, timeout=15_000)
    view.country.setCurrentIndex(view.country.findData("gb"))
    qtbot.waitUntil(lambda: "United Kingdom" in view.status.text(), timeout=15_000)
    view.close()


def test_settings_directories_switches_and_the_key_without_a_keyring(
    app: Application, qtbot
) -> None:
    seen: dict[str, object] = {}

    def act(dialog: QWidget) -> None:
        """Runs inside the dialog's own event loop (Settings is modal)."""
        assert isinstance(dialog, SettingsDialog)
        page = dialog.directories
        assert page is not None
        dialog.findChild(QTabWidget).setCurrentWidget(page)
        seen["switches"] = set(page.switches)
        seen["no keyring shown"] = page.findChild(QLabel, "noKeyring").isVisible()
        seen["key field enabled"] = page.key.isEnabled()
        seen["how to"] = page.findChild(QLabel, "podcastIndexHowTo").text()
        seen["privacy"] = page.findChild(QLabel, "directoriesPrivacy").text()
        page.switches["fyyd"].setChecked(False)
        dialog.accept()

    when_modal(SettingsDialog, act)
    app.window.registry["settings"].trigger()
    qtbot.waitUntil(lambda: app.settings.get("directory.fyyd.enabled") is False, timeout=10_000)
    assert seen["switches"] == {"itunes", "podcastindex", "fyyd", "gpodder"}
    assert seen["no keyring shown"] is True
    assert seen["key field enabled"] is False  # nowhere safe to keep it
    assert "api.podcastindex.org" in str(seen["how to"])
    assert "What leaves this computer" in str(seen["privacy"])
    statuses = {p.name: p.enabled for p in app.discover.service.providers()}
    assert statuses["fyyd"] is False and statuses["itunes"] is True


def when_modal(kind: type, act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal ``kind`` dialog, inside its own event loop."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            try:
                act(widget)
            finally:
                widget.close()  # end its event loop: a failure is reported, never a hang
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


@pytest.mark.parametrize("rig", [MEMORY_KEYRING], indirect=True)
def test_a_podcast_index_key_goes_to_the_keyring_never_the_database(
    app: Application, qtbot, rig: Rig, data_dir: Path
) -> None:
    fake = rig.directories.podcastindex
    assert "podcastindex" not in {r.name for r in app.discover.service.providers() if r.enabled}

    def type_key(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog) and dialog.directories is not None
        page = dialog.directories
        dialog.findChild(QTabWidget).setCurrentWidget(page)
        QTest.keyClicks(page.key, fake.key)
        QTest.keyClicks(page.secret, fake.secret)
        dialog.accept()

    when_modal(SettingsDialog, type_key)
    app.window.registry["settings"].trigger()
    credentials = app.discover.service.credentials
    qtbot.waitUntil(lambda: credentials.podcastindex() is not None, timeout=10_000)
    assert credentials.podcastindex().secret == fake.secret  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "key is stored" in app.window.status_label.text(), timeout=5000)

    dialog = open_add(app, qtbot)
    cards = search(dialog, qtbot, "rivers")
    assert "podcastindex" in cards.result_at(0).sources  # signed requests the fake accepted
    dialog.reject()
    app.writer.close()  # everything queued is in the database file now
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert fake.secret.encode() not in path.read_bytes(), path


def test_searching_and_opening_pages_over_and_over_leaves_no_windows_or_threads(
    app: Application, qtbot, rig: Rig
) -> None:
    """A short long-session check (the benchmark runs it for minutes: --soak)."""
    dialog = open_add(app, qtbot)
    words = ("open", "rivers", "kitchen", "night owls", "open road")

    def one_round(n: int) -> None:
        cards = search(dialog, qtbot, words[n % len(words)])
        cards.setFocus()
        QTest.keyClick(cards, Qt.Key.Key_Return)
        page = page_of(app, qtbot)
        qtbot.waitUntil(lambda: page.episodes.topLevelItemCount() > 0, timeout=10_000)
        page.close()

    for n in range(3):  # warm: caches, pools and the first page made
        one_round(n)
    qtbot.wait(300)
    widgets, threads = len(QApplication.allWidgets()), threading.active_count()
    started = time.monotonic()
    for n in range(15):
        one_round(n)
    qtbot.wait(300)
    assert len(QApplication.allWidgets()) <= widgets + 5, "widgets pile up"
    assert threading.active_count() <= threads + 1, "threads pile up"
    assert len([p for p in _pages(app) if p.isVisible()]) == 0
    assert time.monotonic() - started < 60
    dialog.reject()
