"""Freedesktop notifications over a private D-Bus, with a daemon as strict as the real ones."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection

from player.qt.notifications import DesktopNotifier, new_episodes_message
from tests.conftest import ROOT


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private session bus (dbus-daemon), so the test never touches the desktop's."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


@pytest.fixture
def connection(bus_address: str) -> Iterator[QDBusConnection]:
    name = f"test-{uuid.uuid4().hex}"
    bus = QDBusConnection.connectToBus(bus_address, name)
    assert bus.isConnected(), bus.lastError().message()
    yield bus
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def daemon(bus_address: str) -> Iterator[subprocess.Popen[str]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.notification_daemon", bus_address],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout.readline().strip() == "ready"
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_new_episodes_reach_the_daemon_with_the_specified_types(
    connection: QDBusConnection, daemon: subprocess.Popen[str]
) -> None:
    notifier = DesktopNotifier(connection)
    assert notifier.notify_new_episodes({"Signal & Noise": 2, "Other Show": 1, "Quiet": 0})
    first = json.loads(daemon.stdout.readline())
    assert first["summary"] == "3 new episodes"
    assert first["body"] == "Signal & Noise (2)\nOther Show"
    assert first["app_name"] == "Podcast Player"
    assert first["icon"] == "io.github.podcast_player.PodcastPlayer"
    assert first["hints"]["desktop-entry"] == "io.github.podcast_player.PodcastPlayer"
    assert first["replaces_id"] == 0

    assert notifier.notify("1 new episode", "Other Show")
    second = json.loads(daemon.stdout.readline())
    assert second["replaces_id"] == first["id"]  # the refresh summary replaces the previous one


def test_without_a_daemon_notify_is_false_and_logs_once(
    connection: QDBusConnection, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = DesktopNotifier(connection)
    with caplog.at_level(logging.INFO, logger="player.qt.notifications"):
        assert notifier.notify("1 new episode") is False
        assert notifier.notify("2 new episodes") is False
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    assert messages[0].startswith("desktop notifications are off: no notification service")


def test_nothing_new_sends_nothing() -> None:
    assert new_episodes_message({}) is None
    assert new_episodes_message({"A": 0}) is None
    assert DesktopNotifier().notify_new_episodes({"A": 0}) is False


def test_many_podcasts_are_summed_up() -> None:
    counts = {f"Show {i}": 1 for i in range(8)}
    summary, body = new_episodes_message(counts)
    assert summary == "8 new episodes"
    assert body.splitlines()[-1] == "and 3 more podcasts"
    assert len(body.splitlines()) == 6
