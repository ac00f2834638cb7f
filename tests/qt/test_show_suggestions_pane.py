"""New shows you would like, in the real window: the pane lists a new show with its reason,
Subscribe subscribes (over HTTP, from a loopback feed) and the row leaves; Not interested
takes a row away for good. The directories are loopback fakes; the library has a history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.widgets.show_suggestions import ShowRow, ShowSuggestionsPanel
from player.storage import Store
from player.storage.show_marks import ShowMarksRepo
from tests.qt.conftest import row_of
from tests.support.show_library import COSMIC, NEBULA, ShowLibrary, show_library


@pytest.fixture
def library(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ShowLibrary]:
    """The history written into the data folder's library, then the store closed."""
    store = Store(DataPaths(data_dir).database)
    with show_library(store) as running:
        store.close()
        for name, value in running.fakes.env.items():
            monkeypatch.setenv(name, value)
        before = keyring.get_keyring()  # no keyring: Podcast Index off, Apple's charts only
        keyring.set_keyring(keyring.core.load_keyring("keyring.backends.fail.Keyring"))
        try:
            yield running
        finally:
            keyring.set_keyring(before)


@pytest.fixture
def app(qtbot, data_dir: Path, library: ShowLibrary) -> Iterator[Application]:
    application = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(application.window)
    application.window.resize(1280, 800)
    application.start()
    application.window.show()
    yield application
    application.close()


def _row(panel: ShowSuggestionsPanel, title: str) -> ShowRow | None:
    return next((r for r in panel.rows if r.suggestion.title == title), None)


def test_the_pane_shows_a_new_show_and_subscribes_on_click(
    app: Application, qtbot, library: ShowLibrary
) -> None:
    panel = app.window.findChild(ShowSuggestionsPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: _row(panel, NEBULA) is not None, timeout=20_000)
    row = _row(panel, NEBULA)
    assert row is not None
    assert (
        row.reason.text() == f"Recommended by the makers of {COSMIC}, which you finish every week."
    )
    assert "podroll" in row.reason.toolTip()
    # The pane sits under the up-next cards, in the window, and can be seen (a row added to
    # a shown layout is shown by a queued call: wait for it).
    qtbot.waitUntil(lambda: panel.isVisible() and row.isVisible() and row.subscribe.isVisible())
    QTest.mouseClick(row.subscribe, Qt.MouseButton.LeftButton)
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, NEBULA) >= 0, timeout=20_000)
    qtbot.waitUntil(lambda: _row(panel, NEBULA) is None, timeout=10_000)
    # Later rounds (the library changed) do not bring it back: it is subscribed now.
    app.show_suggestions.refresh()
    qtbot.waitUntil(lambda: not app.show_suggestions._pending, timeout=20_000)
    assert _row(panel, NEBULA) is None and panel.rows


def test_not_interested_takes_the_row_away_for_good(
    app: Application, qtbot, library: ShowLibrary, data_dir: Path
) -> None:
    panel = app.window.findChild(ShowSuggestionsPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: len(panel.rows) >= 2, timeout=20_000)
    row = panel.rows[1]
    title, url = row.suggestion.title, row.suggestion.feed_url
    QTest.mouseClick(row.dismiss, Qt.MouseButton.LeftButton)
    assert _row(panel, title) is None  # at once, before the write
    store = Store(DataPaths(data_dir).database)
    try:
        qtbot.waitUntil(
            lambda: url in [m.url for m in ShowMarksRepo(store).dismissed()], timeout=10_000
        )
    finally:
        store.close()
    app.show_suggestions.refresh()
    qtbot.waitUntil(lambda: not app.show_suggestions._pending, timeout=20_000)
    assert _row(panel, title) is None


def test_settings_say_what_is_sent_and_switch_the_network_off(qtbot) -> None:
    from PySide6.QtWidgets import QCheckBox, QLabel

    from player.domain.settings import DEFAULTS
    from player.domain.show_privacy import NETWORK_KEY, PRIVACY_NOTE
    from player.qt.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(dict(DEFAULTS), "", [], clear_history=lambda: None)
    qtbot.addWidget(dialog)
    said = dialog.findChild(QLabel, "showSuggestionsPrivacy")
    assert said is not None and said.text() == PRIVACY_NOTE
    for words in ("category", "chart", "podcast:guid", "Never a title", "nothing is sent"):
        assert words in PRIVACY_NOTE
    switch = dialog.findChild(QCheckBox, "showSuggestionsNetwork")
    assert switch is not None and switch.isChecked()
    switch.click()
    assert dialog.changes()[NETWORK_KEY] is False
