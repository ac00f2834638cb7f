"""MPRIS2 on a private session bus: playerctl and a QtDBus client drive the running app.

The app runs in this process with real libVLC (dummy audio); clients run as processes on the
same private bus, and every answer is checked against the player's real state.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.mpris import BUS_NAME
from tests.conftest import ROOT
from tests.support.dbus_session import bus_env, private_session_bus

PLAYER_NAME = BUS_NAME.removeprefix("org.mpris.MediaPlayer2.")


@pytest.fixture(scope="module")
def bus_address() -> Iterator[str]:
    if shutil.which("playerctl") is None:
        pytest.fail("playerctl is missing: install Debian's playerctl package")
    with private_session_bus() as address:
        yield address


@pytest.fixture
def mpris_app(qtbot, data_dir: Path, bus_address: str) -> Iterator[Application]:
    name = f"mpris-{data_dir.parent.name}"
    connection = QDBusConnection.connectToBus(bus_address, name)
    assert connection.isConnected()
    app = Application(DataPaths(data_dir), aout="dummy", bus=connection)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    assert app.mpris.bus_name == BUS_NAME
    yield app
    app.close()
    QDBusConnection.disconnectFromBus(name)


class Clients:
    """Runs D-Bus clients as processes while the Qt event loop keeps serving the bus."""

    def __init__(self, qtbot, address: str) -> None:
        self.qtbot = qtbot
        self.env = bus_env(address)

    def run(self, *argv: str, timeout: float = 20) -> str:
        process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env, cwd=ROOT
        )
        self.qtbot.waitUntil(lambda: process.poll() is not None, timeout=int(timeout * 1000))
        out, err = process.communicate()
        assert process.returncode == 0, (argv, out, err)
        return out.strip()

    def playerctl(self, *args: str) -> str:
        return self.run("playerctl", "-p", PLAYER_NAME, *args)

    def qtdbus(self, *args: str) -> dict:
        return json.loads(
            self.run(
                sys.executable, "-m", "tests.support.mpris_client", BUS_NAME, *args
            ).splitlines()[-1]
        )


@pytest.fixture
def clients(qtbot, bus_address: str) -> Clients:
    return Clients(qtbot, bus_address)


def _episode_id(app: Application, title: str) -> int:
    return next(e.id for e in app.library.episodes() if e.title == title)


def _play(app: Application, qtbot, title: str = "Up Next, Without Uploading") -> None:
    app.player.play_episode(_episode_id(app, title))
    qtbot.waitUntil(lambda: app.player.state == "playing", timeout=15_000)


def test_status_play_pause_and_play_pause(mpris_app: Application, clients: Clients, qtbot) -> None:
    assert clients.playerctl("status") == "Stopped"
    _play(mpris_app, qtbot)
    assert clients.playerctl("status") == "Playing"
    clients.playerctl("pause")
    qtbot.waitUntil(lambda: mpris_app.player.state == "paused", timeout=5000)
    assert clients.playerctl("status") == "Paused"
    clients.playerctl("play")
    qtbot.waitUntil(lambda: mpris_app.player.state == "playing", timeout=5000)
    clients.playerctl("play-pause")
    qtbot.waitUntil(lambda: mpris_app.player.state == "paused", timeout=5000)
    clients.playerctl("play-pause")
    qtbot.waitUntil(lambda: mpris_app.player.state == "playing", timeout=5000)


def test_metadata_and_position(mpris_app: Application, clients: Clients, qtbot) -> None:
    _play(mpris_app, qtbot)
    assert clients.playerctl("metadata", "title") == "Up Next, Without Uploading"
    assert clients.playerctl("metadata", "album").startswith("Signal & Noise")
    trackid = clients.playerctl("metadata", "mpris:trackid").strip("'")  # an object path
    assert trackid.endswith(f"/episode/{mpris_app.player.episode.id}")
    length = int(clients.playerctl("metadata", "mpris:length"))
    assert abs(length / 1e6 - mpris_app.player.duration) < 1.0

    mpris_app.player.pause()
    clients.playerctl("position", "30")
    qtbot.waitUntil(lambda: abs(mpris_app.player.position - 30.0) < 0.5, timeout=5000)
    assert abs(float(clients.playerctl("position")) - 30.0) < 0.5
    clients.playerctl("position", "5+")
    qtbot.waitUntil(lambda: abs(mpris_app.player.position - 35.0) < 0.5, timeout=5000)


def test_next_follows_the_queue(mpris_app: Application, clients: Clients, qtbot) -> None:
    _play(mpris_app, qtbot)
    following = _episode_id(mpris_app, "One Feed, Many Doors")
    mpris_app.queue.add([following])
    mpris_app.player.queueChanged.emit()
    clients.playerctl("next")
    qtbot.waitUntil(lambda: mpris_app.player.episode.id == following, timeout=10_000)
    qtbot.waitUntil(
        lambda: clients.playerctl("metadata", "title") == "One Feed, Many Doors", timeout=5000
    )


def test_volume_read_and_write(mpris_app: Application, clients: Clients, qtbot) -> None:
    _play(mpris_app, qtbot)
    assert float(clients.playerctl("volume")) == pytest.approx(1.0)
    clients.playerctl("volume", "0.4")
    qtbot.waitUntil(lambda: mpris_app.player.volume == 40, timeout=5000)
    assert float(clients.playerctl("volume")) == pytest.approx(0.4)
    assert mpris_app.window.now_playing_pane.volume.value() == 40


def test_rate_through_qtdbus(mpris_app: Application, clients: Clients, qtbot) -> None:
    _play(mpris_app, qtbot)
    assert clients.qtdbus("get-rate")["rate"] == pytest.approx(1.0)
    result = clients.qtdbus("set-rate", "1.5")
    assert result["error"] is None
    qtbot.waitUntil(lambda: abs(mpris_app.player.rate - 1.5) < 1e-6, timeout=5000)
    assert result["rate"] == pytest.approx(1.5)


def test_properties_changed_is_sent_on_state_track_rate_and_volume(
    mpris_app: Application, clients: Clients, qtbot, bus_address: str
) -> None:
    listener = subprocess.Popen(
        [sys.executable, "-m", "tests.support.mpris_client", BUS_NAME, "listen", "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bus_env(bus_address),
        cwd=ROOT,
    )
    assert json.loads(listener.stdout.readline())["listening"]
    _play(mpris_app, qtbot)
    mpris_app.player.set_rate(1.3)
    mpris_app.player.set_volume(70)
    mpris_app.player.pause()
    qtbot.waitUntil(lambda: listener.poll() is not None, timeout=20_000)
    changes = json.loads(listener.stdout.read().splitlines()[-1])["changes"]
    keys = {k for c in changes for k in c["keys"]}
    assert {"PlaybackStatus", "Metadata", "Rate", "Volume"} <= keys
    assert all(c["interface"] == "org.mpris.MediaPlayer2.Player" for c in changes)
    statuses = [c["values"]["PlaybackStatus"] for c in changes if "PlaybackStatus" in c["keys"]]
    assert statuses[-1] == "Paused" and "Playing" in statuses


def test_without_a_session_bus_the_app_runs(qtbot, data_dir: Path, caplog) -> None:
    connection = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "no-bus")
    app = Application(DataPaths(data_dir), aout="dummy", bus=connection)
    qtbot.addWidget(app.window)
    with caplog.at_level("INFO"):
        app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    assert app.mpris.bus_name == ""
    assert sum("MPRIS is off" in r.getMessage() for r in caplog.records) == 1
    app.close()
    QDBusConnection.disconnectFromBus("no-bus")


def test_playing_keeps_the_desktop_awake_and_pausing_releases_it(
    mpris_app: Application, qtbot, bus_address: str
) -> None:
    service = subprocess.Popen(
        [sys.executable, "-m", "tests.support.screensaver"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bus_env(bus_address),
        cwd=ROOT,
    )
    try:
        assert json.loads(service.stdout.readline())["ready"]
        _play(mpris_app, qtbot)
        inhibit = json.loads(service.stdout.readline())
        assert inhibit["call"] == "Inhibit" and inhibit["reason"] == "Playing a podcast"
        assert mpris_app.inhibitor.cookie == inhibit["cookie"]
        mpris_app.player.pause()
        qtbot.waitUntil(lambda: mpris_app.inhibitor.cookie is None, timeout=5000)
        assert json.loads(service.stdout.readline()) == {
            "call": "UnInhibit",
            "cookie": inhibit["cookie"],
        }
    finally:
        service.terminate()
        service.wait(timeout=10)
