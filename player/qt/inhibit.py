"""Keep the desktop awake while an episode plays (freedesktop ScreenSaver inhibition).

``org.freedesktop.ScreenSaver.Inhibit`` on the session bus is what GNOME, KDE, Xfce and most
others honour for "do not blank or suspend for idleness"; it returns a cookie that
``UnInhibit`` releases. Playing takes the inhibition, pausing or stopping releases it. Without
the service (or a bus) this logs once and does nothing.
"""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
from PySide6.QtDBus import QDBusConnection, QDBusInterface

from player import APP_DISPLAY_NAME
from player.i18n import _

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
CALL_TIMEOUT_MS = 2000


class SleepInhibitor:
    """Takes and releases one inhibition; calls are typed (``u`` cookies) as the spec says."""

    def __init__(self, connection: QDBusConnection | None = None) -> None:
        self.connection = connection
        self.cookie: int | None = None
        self._warned = False

    def _unavailable(self, reason: str) -> None:
        if not self._warned:
            log.info("sleep inhibition is off: %s", reason)
            self._warned = True

    def _interface(self) -> QDBusInterface | None:
        connection = self.connection or QDBusConnection.sessionBus()
        if not connection.isConnected():
            self._unavailable("no D-Bus session bus")
            return None
        interface = QDBusInterface(SERVICE, PATH, INTERFACE, connection)
        interface.setTimeout(CALL_TIMEOUT_MS)
        if not interface.isValid():
            self._unavailable(f"no screensaver service ({interface.lastError().message()})")
            return None
        return interface

    def set_playing(self, playing: bool) -> None:
        """Inhibit while playing; release otherwise (idempotent both ways)."""
        if playing and self.cookie is None:
            self.inhibit(_("Playing a podcast"))
        elif not playing and self.cookie is not None:
            self.release()

    def inhibit(self, reason: str) -> bool:
        """Ask the desktop not to sleep; True when it agreed."""
        interface = self._interface()
        if interface is None:
            return False
        try:
            cookie = QMetaObject.invokeMethod(
                interface,
                "Inhibit",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG("QString", APP_DISPLAY_NAME),
                Q_ARG("QString", reason),
            )
        except RuntimeError as exc:
            self._unavailable(f"the screensaver service refused Inhibit ({exc})")
            return False
        if interface.lastError().isValid():
            self._unavailable(interface.lastError().message())
            return False
        self.cookie = int(cast(int, cookie))  # Q_RETURN_ARG("uint"); the stubs say object
        log.debug("inhibited sleep, cookie %s", self.cookie)
        return True

    def release(self) -> None:
        """Let the desktop sleep again."""
        cookie, self.cookie = self.cookie, None
        if cookie is None:
            return
        interface = self._interface()
        if interface is None:
            return
        try:
            QMetaObject.invokeMethod(
                interface, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
            )
        except RuntimeError as exc:
            log.info("releasing the sleep inhibition failed: %s", exc)
