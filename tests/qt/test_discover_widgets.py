"""The search-or-URL box, the result cards and the bridge, on hand-made directory answers.

The directory here is an in-process stand-in with a chosen delay per query (no network at all),
so these tests pin the widgets' own rules: what counts as an address, which answer is shown
when an older one arrives late, and what the keyboard and the mouse do on a card. The whole
window against loopback directory servers is in ``test_discover_window.py``.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from player.directory.model import DirectoryResult, MergedAnswer
from player.qt.bridges.discover import DiscoverBridge
from player.qt.dialogs.add_podcast import is_address
from player.qt.dialogs.settings_directories import DirectoriesInfo, DirectoriesPage, ProviderSwitch
from player.qt.widgets.result_cards import ResultCards, age_text, meta_text
from player.qt.workers import TaskRunner


def result(n: int, **extra: Any) -> DirectoryResult:
    return DirectoryResult(
        title=f"Show {n}",
        feed_url=f"http://127.0.0.1:9/feed{n}.xml",
        author=f"Host {n}",
        episode_count=10 * n,
        newest=time.time() - 3 * 86_400,
        sources=("itunes", "fyyd"),
        **extra,
    )


class SlowDirectory:
    """Answers each query after ``delays[query]`` seconds (default 0.05)."""

    def __init__(self, delays: dict[str, float]) -> None:
        self.delays = delays
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def search(self, query: str, limit: int = 30) -> MergedAnswer:
        with self.lock:
            self.asked.append(query)
        time.sleep(self.delays.get(query, 0.05))
        return MergedAnswer(query, (DirectoryResult(title=f"{query} show", feed_url="x"),))

    def charts(self, country: str = "us", genre: str = "", limit: int = 50) -> MergedAnswer:
        return MergedAnswer("")

    def genres(self) -> list[tuple[str, str]]:
        return []

    def preview(self, feed_url: str) -> Any:
        raise NotImplementedError

    def providers(self) -> list[Any]:
        return []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("https://example.org/feed.xml", True),
        ("feed://example.org/rss", True),
        ("example.org/feed.xml", True),
        ("npr.org", True),
        ("/home/me/show.xml", True),
        ("/home/me/My Feeds/show.xml", True),
        ("the daily", False),
        ("radiolab", False),
        ("99% invisible", False),
        ("S-Town", False),
        ("", False),
    ],
)
def test_an_address_subscribes_and_anything_else_searches(text: str, address: bool) -> None:
    assert is_address(text) is address


def test_an_older_answer_arriving_last_is_dropped(qtbot) -> None:
    directory = SlowDirectory({"ra": 0.6, "radio": 0.05})
    runner = TaskRunner()
    bridge = DiscoverBridge(runner, directory)
    shown: list[str] = []
    bridge.search("ra", lambda a: shown.append(a.query), shown.append)
    bridge.search("radio", lambda a: shown.append(a.query), shown.append)
    qtbot.waitUntil(lambda: bridge.dropped == 1, timeout=5000)
    assert shown == ["radio"]
    assert sorted(directory.asked) == ["ra", "radio"]
    runner.wait()


def test_meta_line_says_episodes_last_episode_and_sources() -> None:
    now = time.time()
    assert age_text(now - 3 * 86_400 - 5, now) == "last episode 3 days ago"
    assert age_text(None) == ""
    text = meta_text(result(2))
    assert text == "20 episodes · last episode 3 days ago · found on Apple Podcasts, fyyd"
    assert meta_text(DirectoryResult(title="t", feed_url="u")) == ""


def test_cards_move_with_arrows_open_with_enter_and_subscribe_with_the_button(qtbot) -> None:
    cards = ResultCards(None)
    qtbot.addWidget(cards)
    cards.resize(600, 400)
    cards.show()
    qtbot.waitExposed(cards)
    cards.show_results((result(1), result(2, subscribed=True), result(3)))
    opened: list[DirectoryResult] = []
    subscribed: list[DirectoryResult] = []
    cards.openRequested.connect(opened.append)
    cards.subscribeRequested.connect(subscribed.append)
    cards.setFocus()
    QTest.keyClick(cards, Qt.Key.Key_Down)
    QTest.keyClick(cards, Qt.Key.Key_Down)
    QTest.keyClick(cards, Qt.Key.Key_Return)
    assert [r.title for r in opened] == ["Show 3"]
    QTest.keyClick(cards, Qt.Key.Key_Up)
    QTest.keyClick(cards, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert subscribed == []  # "Show 2" is already subscribed: nothing to do
    QTest.mouseClick(
        cards.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        cards.button_center(0),
    )  # fmt: skip
    assert [r.title for r in subscribed] == ["Show 1"]
    assert [r.title for r in opened] == ["Show 3"]  # the button does not open the page
    text_point = cards.visualRect(cards.cards.index(2, 0)).center()
    text_point.setX(120)
    QTest.mouseClick(
        cards.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, text_point
    )
    assert [r.title for r in opened] == ["Show 3", "Show 3"]
    cards.cards.mark_subscribed(result(1).feed_url)
    assert cards.result_at(0).subscribed
    assert "subscribed" in cards.cards.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def _page(has_key: bool, keyring: bool = True) -> DirectoriesPage:
    switches = (
        ProviderSwitch("itunes", "Apple Podcasts", True),
        ProviderSwitch("podcastindex", "Podcast Index", True, "Off: add a Podcast Index key."),
    )
    info = DirectoriesInfo(
        switches, keyring=keyring, has_key=has_key, settings={"itunes": "directory.itunes.enabled"}
    )
    return DirectoriesPage(info)


def test_directories_page_hands_back_switches_and_a_whole_key_only(qtbot) -> None:
    page = _page(has_key=False)
    qtbot.addWidget(page)
    assert page.findChild(QLabel, "directoryNote_podcastindex").text().startswith("Off: add")
    assert page.changes() == {} and page.credentials() is None and page.problem() == ""
    page.switches["itunes"].setChecked(False)
    assert page.changes() == {"directory.itunes.enabled": False}
    page.key.setText("KEY")
    assert "both" in page.problem()  # a key without its secret is not saved half
    page.secret.setText(" SECRET ")
    assert page.problem() == "" and page.credentials() == ("KEY", "SECRET")


def test_directories_page_removes_a_stored_key_and_says_when_there_is_no_keyring(qtbot) -> None:
    stored = _page(has_key=True)
    qtbot.addWidget(stored)
    assert "stored in the keyring" in stored.key.placeholderText()
    assert stored.credentials() is None
    stored.forget.setChecked(True)
    assert stored.credentials() == ("", "")
    none = _page(has_key=False, keyring=False)
    qtbot.addWidget(none)
    none.show()
    assert none.no_keyring.isVisible() and not none.key.isEnabled()
