"""An optional tray icon: play/pause, next, show the window, quit; the unplayed count as tooltip.

It is given the few actions it triggers as callables and is told about state changes through
setters, so it knows nothing of the player, the library or the window (connect your signals to
``set_playing`` / ``set_unplayed`` / ``set_now_playing``). Not every desktop has a tray
(GNOME without an extension, some Wayland compositors): check :meth:`PlayerTray.available`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from player import APP_DISPLAY_NAME
from player.i18n import _, ngettext


def unplayed_tooltip(count: int, now_playing: str | None = None) -> str:
    """``Podcast Player: 3 unplayed episodes`` (and what is playing on a second line)."""
    if count <= 0:
        text = _("{app}: no unplayed episodes").format(app=APP_DISPLAY_NAME)
    else:
        text = ngettext(
            "{app}: {count} unplayed episode", "{app}: {count} unplayed episodes", count
        ).format(app=APP_DISPLAY_NAME, count=count)
    return f"{text}\n{now_playing}" if now_playing else text


class PlayerTray(QObject):
    """The tray icon and its menu. ``show()`` it after construction."""

    def __init__(
        self,
        icon: QIcon,
        *,
        play_pause: Callable[[], object],
        next_episode: Callable[[], object],
        show_window: Callable[[], object],
        quit_app: Callable[[], object],
        sync_now: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._show_window = show_window
        self._play_pause_callback = play_pause
        self._unplayed = 0
        self._now_playing: str | None = None

        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.show_action = self._action("trayShow", _("Show Podcast Player"), show_window)
        self.menu.addSeparator()
        self.play_pause_action = self._action("trayPlayPause", _("Play"), play_pause)
        self.next_action = self._action("trayNext", _("Next Episode"), next_episode)
        self.menu.addSeparator()
        self.sync_action = (
            self._action("traySync", _("Sync Now"), sync_now) if sync_now is not None else None
        )
        self.quit_action = self._action("trayQuit", _("Quit"), quit_app)

        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.setToolTip(unplayed_tooltip(0))

    def _action(self, name: str, text: str, callback: Callable[[], object]) -> QAction:
        action = QAction(text, self.menu)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: callback())
        self.menu.addAction(action)
        return action

    @staticmethod
    def available() -> bool:
        """Whether this desktop shows tray icons at all."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray (e.g. the setting was turned off)."""
        self.icon.hide()

    def set_playing(self, playing: bool) -> None:
        """Follow the player: the menu offers Pause while playing, Play otherwise."""
        self.play_pause_action.setText(_("Pause") if playing else _("Play"))

    def set_unplayed(self, count: int) -> None:
        """Follow the library's unplayed count (shown in the tooltip)."""
        self._unplayed = max(0, count)
        self.icon.setToolTip(unplayed_tooltip(self._unplayed, self._now_playing))

    def set_now_playing(self, title: str | None) -> None:
        """The current episode's title under the count, or None when nothing is loaded."""
        self._now_playing = title or None
        self.icon.setToolTip(unplayed_tooltip(self._unplayed, self._now_playing))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A left click shows the window, a middle click plays or pauses (common tray habits)."""
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self._show_window()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self._play_pause_callback()
