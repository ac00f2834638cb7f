"""A minimal freedesktop notification daemon for tests, on the bus given as argument.

    python -m tests.support.notification_daemon BUS_ADDRESS

Serves ``Notify`` with the exact D-Bus signature of the specification (``susssasa{sv}i``) via
QtDBus, which rejects calls whose argument types differ, as GNOME's and KDE's daemons do.
Prints ``ready`` once it owns the name, then one JSON line per notification received.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class NotificationDaemon(QObject):
    """Records notifications; ids count up from 1."""

    def __init__(self) -> None:
        super().__init__()
        self._next_id = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(
        self,
        app_name: str,
        replaces_id: int,
        icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict,
        timeout: int,
    ) -> int:
        self._next_id += 1
        record = {
            "id": self._next_id,
            "app_name": app_name,
            "replaces_id": replaces_id,
            "icon": icon,
            "summary": summary,
            "body": body,
            "actions": list(actions),
            "hints": {str(k): str(v) for k, v in dict(hints).items()},
            "timeout": timeout,
        }
        print(json.dumps(record), flush=True)
        return self._next_id

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["body"]


def main(argv: list[str]) -> int:
    app = QCoreApplication(argv[:1])
    bus = QDBusConnection.connectToBus(argv[1], "notification-daemon")
    daemon = NotificationDaemon()
    registered = bus.registerObject(
        "/org/freedesktop/Notifications", daemon, QDBusConnection.RegisterOption.ExportAllSlots
    )
    if not (registered and bus.registerService("org.freedesktop.Notifications")):
        print(f"cannot serve: {bus.lastError().message()}", flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
