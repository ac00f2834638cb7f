"""The tray icon triggers the callables it was given and shows the unplayed count."""

from __future__ import annotations

from PySide6.QtWidgets import QSystemTrayIcon

from player.qt.app_icon import app_icon
from player.qt.tray import PlayerTray, unplayed_tooltip


def test_menu_actions_call_back_and_tooltip_follows_state(qtbot) -> None:
    calls: list[str] = []
    tray = PlayerTray(
        app_icon(),
        play_pause=lambda: calls.append("play_pause"),
        next_episode=lambda: calls.append("next"),
        show_window=lambda: calls.append("show"),
        quit_app=lambda: calls.append("quit"),
    )
    for action in (tray.play_pause_action, tray.next_action, tray.show_action, tray.quit_action):
        action.trigger()
    assert calls == ["play_pause", "next", "show", "quit"]
    assert [a.objectName() for a in tray.menu.actions() if a.objectName()] == [
        "trayShow",
        "trayPlayPause",
        "trayNext",
        "trayQuit",
    ]

    tray.set_playing(True)
    assert tray.play_pause_action.text() == "Pause"
    tray.set_playing(False)
    assert tray.play_pause_action.text() == "Play"

    tray.set_unplayed(3)
    assert tray.icon.toolTip() == "Podcast Player: 3 unplayed episodes"
    tray.set_now_playing("Up Next, Without Uploading")
    assert tray.icon.toolTip() == "Podcast Player: 3 unplayed episodes\nUp Next, Without Uploading"
    tray.set_unplayed(1)
    assert tray.icon.toolTip().startswith("Podcast Player: 1 unplayed episode\n")

    calls.clear()
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.MiddleClick)
    assert calls == ["show", "play_pause"]


def test_tooltip_wording() -> None:
    assert unplayed_tooltip(0) == "Podcast Player: no unplayed episodes"
    assert unplayed_tooltip(-2) == "Podcast Player: no unplayed episodes"
    assert unplayed_tooltip(1) == "Podcast Player: 1 unplayed episode"


def test_app_icon_has_every_hicolor_size(qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (48, 48), (256, 256), (512, 512)} <= sizes


def test_sync_now_is_in_the_menu_when_given(qtbot) -> None:
    calls: list[str] = []
    tray = PlayerTray(
        app_icon(),
        play_pause=lambda: None,
        next_episode=lambda: None,
        show_window=lambda: None,
        quit_app=lambda: None,
        sync_now=lambda: calls.append("sync"),
    )
    names = [a.objectName() for a in tray.menu.actions() if a.objectName()]
    assert names == ["trayShow", "trayPlayPause", "trayNext", "traySync", "trayQuit"]
    assert tray.sync_action is not None
    tray.sync_action.trigger()
    assert calls == ["sync"]
