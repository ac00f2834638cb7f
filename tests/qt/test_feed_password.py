"""Podcast Settings keeps a private feed's password through the keyring, or for this session
when there is none (and says so); the password never goes into the database."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from player.domain.models import Podcast
from player.qt.app import Application
from player.qt.dialogs.podcast_settings import LEFT_IN_DATABASE, PodcastSettingsDialog
from player.services.credentials import Credentials
from player.services.feed_passwords import NOT_KEPT, FeedPasswords
from player.storage import PodcastRepo
from tests.qt.conftest import row_of
from tests.qt.test_now_playing import _menu_action
from tests.qt.test_window_flows import _context_menu
from tests.support.memory_keyring import MemoryKeyring

URL = "https://private.example/feed.xml"
PASSWORD = "dialog-Pw-3318"


def _note(dialog: PodcastSettingsDialog) -> QLabel:
    label = dialog.findChild(QLabel, "podcastPasswordNote")
    assert label is not None
    return label


def test_with_a_keyring_the_kept_password_is_shown_and_no_note(qtbot) -> None:
    passwords = FeedPasswords(Credentials(MemoryKeyring()))
    passwords.set_password(URL, PASSWORD)
    dialog = PodcastSettingsDialog(Podcast(1, URL, "P", username="ann"), passwords=passwords)
    qtbot.addWidget(dialog)
    assert dialog.password.text() == PASSWORD
    assert _note(dialog).isHidden()
    assert dialog.changed_password() is None  # untouched: nothing to write
    assert "password" not in dialog.values()
    dialog.password.setText("")
    assert dialog.changed_password() == ""  # cleared: forgotten on save


def test_without_a_keyring_the_dialog_says_it_is_for_this_session(qtbot) -> None:
    passwords = FeedPasswords(Credentials(fail.Keyring()))
    dialog = PodcastSettingsDialog(Podcast(1, URL, "P"), passwords=passwords)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _note(dialog).isVisible() and _note(dialog).text() == NOT_KEPT
    dialog.password.setText(PASSWORD)
    assert dialog.changed_password() == PASSWORD
    legacy = Podcast(1, URL, "P", username="ann", password="old-one")
    dialog = PodcastSettingsDialog(legacy, passwords=passwords)
    qtbot.addWidget(dialog)
    assert dialog.password.text() == "old-one"
    assert _note(dialog).text() == LEFT_IN_DATABASE


@pytest.fixture
def no_system_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def test_a_password_typed_in_the_window_is_kept_for_the_session_not_on_disk(
    no_system_keyring: None, gui: Application, qtbot
) -> None:
    sidebar = gui.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, "Signal & Noise") >= 0, timeout=10_000)
    seen: dict[str, str] = {}

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PodcastSettingsDialog):
            QTimer.singleShot(50, fill_in)
            return
        seen["note"] = _note(dialog).text() if _note(dialog).isVisible() else ""
        dialog.username.setText("ann")
        dialog.password.setText(PASSWORD)
        dialog.accept()

    menu = _context_menu(sidebar, row_of(sidebar, "Signal & Noise"))
    QTimer.singleShot(50, fill_in)
    _menu_action(menu, "Settings…").trigger()
    menu.close()
    assert seen["note"] == NOT_KEPT
    podcast = PodcastRepo(gui.store).list()[0]
    qtbot.waitUntil(lambda: gui.feed_passwords.password(podcast.url) == PASSWORD, timeout=10_000)
    qtbot.waitUntil(lambda: PodcastRepo(gui.store).list()[0].username == "ann", timeout=10_000)
    stored = PodcastRepo(gui.store).list()[0]
    assert stored.password is None
    assert gui.feed_passwords.for_podcast(stored) == PASSWORD  # what refreshes will send
    assert gui.sync_service.passwords is gui.feed_passwords  # one object: refresh sees it
    assert gui.writer.flush(timeout=10)
    files = list(gui.paths.root.glob("library.sqlite3*"))
    assert files and not [f for f in files if PASSWORD.encode() in f.read_bytes()]
