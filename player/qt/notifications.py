"""Desktop notifications through the freedesktop Notifications service, over QtDBus.

Optional by nature: a desktop may have no notification daemon, the session may have no D-Bus
(a bare X server, Windows, macOS), or QtDBus may be missing from the Qt build. Then
:meth:`DesktopNotifier.notify` returns False and logs the reason once, and the app carries on.

The call goes through a :class:`QDBusInterface` built from the daemon's introspection and
invoked via Qt's meta-object, because that converts arguments to the declared D-Bus types;
a plain ``call()`` from Python sends 0 as ``i`` and ``[]`` as ``av`` where ``Notify`` wants
``u`` and ``as``, and strict daemons (GNOME's, Qt's) reject the call.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import cast

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt

from player import APP_DISPLAY_NAME, APP_ID
from player.domain.podcasting20 import LiveEvent
from player.i18n import ngettext
from player.services.live import live_message

try:
    from PySide6.QtDBus import QDBusConnection, QDBusInterface
except ImportError:  # a Qt build without QtDBus (Windows, macOS wheels may lack it)
    # mypy cannot express "a class, or None when the module is missing" for an import.
    QDBusConnection = QDBusInterface = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"


def new_episodes_message(new_by_podcast: Mapping[str, int]) -> tuple[str, str] | None:
    """Summary and body for "a refresh found new episodes"; None when there is nothing new."""
    counts = {title: n for title, n in new_by_podcast.items() if n > 0}
    total = sum(counts.values())
    if total == 0:
        return None
    summary = ngettext("{n} new episode", "{n} new episodes", total).format(n=total)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    lines = [f"{title} ({n})" if n > 1 else title for title, n in ranked[:5]]
    if len(ranked) > 5:
        more = len(ranked) - 5
        lines.append(ngettext("and {n} more podcast", "and {n} more podcasts", more).format(n=more))
    return summary, "\n".join(lines)


class DesktopNotifier:
    """Sends notifications; each new one replaces this notifier's previous one.

    ``connection`` defaults to the session bus; tests pass a private bus.
    """

    def __init__(
        self,
        connection: QDBusConnection | None = None,
        app_name: str = APP_DISPLAY_NAME,
        icon: str = APP_ID,
    ) -> None:
        self._connection = connection
        self._app_name = app_name
        self._icon = icon
        self._interface: QDBusInterface | None = None
        self._last_id = 0
        self._warned = False

    def _unavailable(self, reason: str) -> bool:
        if not self._warned:
            log.info("desktop notifications are off: %s", reason)
            self._warned = True
        return False

    def _service(self) -> QDBusInterface | None:
        """The daemon's interface, (re)built when missing: a daemon may start after the app."""
        if self._interface is not None and self._interface.isValid():
            return self._interface
        connection = self._connection or QDBusConnection.sessionBus()
        if not connection.isConnected():
            self._unavailable("no D-Bus session bus")
            return None
        interface = QDBusInterface(SERVICE, PATH, INTERFACE, connection)
        if not interface.isValid():
            self._unavailable(f"no notification service ({interface.lastError().message()})")
            return None
        self._interface = interface
        return interface

    def notify(self, summary: str, body: str = "", timeout_ms: int = -1) -> bool:
        """Show a notification; True when the daemon accepted it."""
        if QDBusConnection is None:
            return self._unavailable("this Qt has no QtDBus module")
        interface = self._service()
        if interface is None:
            return False
        try:
            notification_id = QMetaObject.invokeMethod(
                interface,
                "Notify",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG("QString", self._app_name),
                Q_ARG("uint", self._last_id),
                Q_ARG("QString", self._icon),
                Q_ARG("QString", summary),
                Q_ARG("QString", body),
                Q_ARG("QStringList", []),
                Q_ARG("QVariantMap", {"desktop-entry": APP_ID, "category": "transfer.complete"}),
                Q_ARG("int", timeout_ms),
            )
        except RuntimeError as exc:  # the daemon's Notify has an unexpected signature
            self._interface = None
            return self._unavailable(f"the notification service refused the call ({exc})")
        error = interface.lastError()
        if error.isValid():
            self._interface = None
            return self._unavailable(f"the notification service failed: {error.message()}")
        # Q_RETURN_ARG("uint") makes it an int (or None); the stubs say object.
        self._last_id = int(cast(int | None, notification_id) or 0)
        return True

    def notify_new_episodes(self, new_by_podcast: Mapping[str, int]) -> bool:
        """After a refresh: one notification summing up what arrived (nothing if nothing did)."""
        message = new_episodes_message(new_by_podcast)
        if message is None:
            return False
        return self.notify(*message)

    def notify_live(self, events: Sequence[LiveEvent]) -> bool:
        """After a refresh: "<show> is live now" for the subscribed shows that went live
        (nothing when none did)."""
        message = live_message(events)
        if message is None:
            return False
        return self.notify(*message)
