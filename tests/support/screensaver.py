"""A stand-in ``org.freedesktop.ScreenSaver`` on a test bus: prints each call as a JSON line.

Run as ``python -m tests.support.screensaver`` with ``DBUS_SESSION_BUS_ADDRESS`` set. Its
methods are declared with the specification's types (``Inhibit(s, s) -> u``, ``UnInhibit(u)``),
so a client sending other types gets an error, as from a real desktop.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QDBusAbstractAdaptor):
    """Hands out cookies and reports what it was asked."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.next_cookie = 41

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        self.next_cookie += 1
        print(
            json.dumps(
                {
                    "call": "Inhibit",
                    "application": application,
                    "reason": reason,
                    "cookie": self.next_cookie,
                }
            ),
            flush=True,
        )
        return self.next_cookie

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        print(json.dumps({"call": "UnInhibit", "cookie": cookie}), flush=True)


def main() -> int:
    app = QCoreApplication(sys.argv)
    bus = QDBusConnection.sessionBus()
    root = QObject()
    ScreenSaver(root)
    ok = bus.registerObject(
        "/org/freedesktop/ScreenSaver", root, QDBusConnection.RegisterOption.ExportAdaptors
    )
    ok = ok and bus.registerService("org.freedesktop.ScreenSaver")
    print(json.dumps({"ready": ok}), flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
