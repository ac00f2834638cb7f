"""A separate QtDBus client for the MPRIS tests: reads and writes Rate, records PropertiesChanged.

Run as ``python -m tests.support.mpris_client BUS_NAME ACTION [VALUE]`` with
``DBUS_SESSION_BUS_ADDRESS`` set; prints one JSON object. A separate process, because a
blocking D-Bus call from the app's own thread to the app would wait on itself.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import SLOT, QCoreApplication, QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface

PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


class Recorder(QObject):
    """Collects PropertiesChanged signals.

    The slot is declared with C++ types so QtDBus demarshals the ``a{sv}`` into a QVariantMap
    (PySide cannot read a map out of a raw QDBusArgument); only a signal with exactly the
    signature ``sa{sv}as`` can reach it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[dict[str, object]] = []

    @Slot(str, "QVariantMap", "QStringList")
    def changed(self, interface: str, values: dict, invalidated: list) -> None:
        self.changes.append(
            {
                "interface": interface,
                "keys": sorted(values),
                "values": {k: _plain(v) for k, v in values.items()},
                "invalidated": list(invalidated),
            }
        )


def _plain(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(type(value).__name__)


def main() -> int:
    app = QCoreApplication(sys.argv)
    name, action = sys.argv[1], sys.argv[2]
    bus = QDBusConnection.sessionBus()
    player = QDBusInterface(name, PATH, PLAYER, bus)
    result: dict[str, object] = {}
    if action == "get-rate":
        result["rate"] = player.property("Rate")
    elif action == "set-rate":
        props = QDBusInterface(name, PATH, "org.freedesktop.DBus.Properties", bus)
        from PySide6.QtDBus import QDBusVariant

        reply = props.call("Set", PLAYER, "Rate", QDBusVariant(float(sys.argv[3])))
        result["error"] = reply.errorMessage() or None
        result["rate"] = player.property("Rate")
    elif action == "listen":
        recorder = Recorder()
        bus.connect(
            name,
            PATH,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            recorder,
            SLOT("changed(QString,QVariantMap,QStringList)"),
        )
        print(json.dumps({"listening": True}), flush=True)
        QTimer.singleShot(int(float(sys.argv[3]) * 1000), app.quit)
        app.exec()
        result["changes"] = recorder.changes
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
