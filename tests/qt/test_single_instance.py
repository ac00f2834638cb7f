"""One instance per user and data folder: hand-off from a second real process, stale sockets."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket

from player.qt.single_instance import SingleInstance, instance_key
from player.services.open_args import ImportRequest, SubscribeRequest, classify
from tests.conftest import ROOT


def _launch(data_dir: Path, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    """``tests/support/launch_instance.py``: start-up's claim-or-hand-off in a real process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.launch_instance", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd or ROOT,
    )


@pytest.fixture
def primary(data_dir: Path) -> Iterator[SingleInstance]:
    instance = SingleInstance(instance_key(data_dir))
    assert instance.start() is True
    yield instance
    instance.stop()


def test_second_process_hands_its_feed_url_to_the_primary(
    qtbot, primary: SingleInstance, data_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "subs.opml").write_text("<opml version='2.0'><body/></opml>", encoding="utf-8")
    with qtbot.waitSignal(primary.messageReceived, timeout=30_000) as received:
        second = _launch(data_dir, "feed://example.org/podcast.rss", "subs.opml", cwd=tmp_path)
    out, err = second.communicate(timeout=30)
    assert second.returncode == 0, err
    assert out.strip() == "handed-off"
    url, opml = received.args[0]
    assert classify(url) == SubscribeRequest(
        url="https://example.org/podcast.rss", original="feed://example.org/podcast.rss"
    )
    # The relative path was made absolute by the sender, whose working folder differs.
    assert opml == str(tmp_path / "subs.opml")
    assert classify(opml) == ImportRequest(path=(tmp_path / "subs.opml").resolve(), kind="opml")


def test_second_launch_without_arguments_asks_to_show_the_window(
    qtbot, primary: SingleInstance, data_dir: Path
) -> None:
    with qtbot.waitSignal(primary.messageReceived, timeout=30_000) as received:
        second = _launch(data_dir)
    assert second.wait(timeout=30) == 0
    assert received.args == [[]]


def test_one_primary_per_data_folder(
    primary: SingleInstance, data_dir: Path, tmp_path: Path
) -> None:
    assert SingleInstance(instance_key(data_dir)).start() is False
    other_folder = SingleInstance(instance_key(tmp_path / "other"))
    assert other_folder.start() is True
    other_folder.stop()
    primary.stop()
    again = SingleInstance(instance_key(data_dir))
    assert again.start() is True  # a clean exit frees the folder at once
    again.stop()


def test_key_is_per_user_and_per_folder(tmp_path: Path) -> None:
    key = instance_key(tmp_path / "a", user="ann")
    assert key == instance_key(tmp_path / "a", user="ann")
    assert key != instance_key(tmp_path / "b", user="ann")
    assert key != instance_key(tmp_path / "a", user="bob")
    assert len(key) < 50 and "/" not in key


def test_killed_primary_leaves_a_socket_that_does_not_block_the_next_start(
    qtbot, data_dir: Path
) -> None:
    crashed = _launch(data_dir)
    first_line = crashed.stdout.readline().split()
    assert first_line[0] == "primary", crashed.stderr.read()
    socket_path = Path(first_line[1])
    crashed.kill()  # SIGKILL: no clean-up runs, like a crash
    crashed.communicate(timeout=30)
    assert socket_path.exists(), "the crash should have left its socket file behind"

    instance = SingleInstance(instance_key(data_dir))
    try:
        assert instance.start() is True
        with qtbot.waitSignal(instance.messageReceived, timeout=30_000) as received:
            second = _launch(data_dir, "https://example.org/after-crash.xml")
        assert second.wait(timeout=30) == 0
        assert received.args == [["https://example.org/after-crash.xml"]]
    finally:
        instance.stop()


def test_leftover_socket_file_with_no_server_does_not_block_start(data_dir: Path) -> None:
    key = instance_key(data_dir)
    leftover = Path(QDir.tempPath()) / key
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(leftover))
    dead.close()  # the file stays, nobody listens: connecting to it is refused
    assert leftover.exists()

    instance = SingleInstance(key)
    try:
        assert instance.start() is True
        assert instance.server_name == str(leftover)
        probe = QLocalSocket()
        probe.connectToServer(key)
        assert probe.waitForConnected(5_000), probe.errorString()
        probe.abort()
    finally:
        instance.stop()
    assert not leftover.exists()


def _raw_exchange(server_name: str, frame: bytes, answer: list[bytes]) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
        raw.settimeout(30)
        raw.connect(server_name)
        raw.sendall(frame)
        answer.append(raw.recv(1))


@pytest.mark.parametrize(
    "frame",
    [
        struct.pack(">I", 2 << 20) + b"[]",  # claims 2 MiB
        struct.pack(">I", 9) + b"not json!",
        struct.pack(">I", 4) + b"[42]",  # not a list of strings
    ],
    ids=["oversized", "not-json", "not-strings"],
)
def test_malformed_messages_are_rejected_and_not_emitted(
    qtbot, primary: SingleInstance, frame: bytes
) -> None:
    emitted: list[list[str]] = []
    primary.messageReceived.connect(emitted.append)
    answer: list[bytes] = []
    sender = threading.Thread(target=_raw_exchange, args=(primary.server_name, frame, answer))
    sender.start()
    qtbot.waitUntil(lambda: bool(answer), timeout=30_000)
    sender.join(timeout=30)
    assert answer == [b"\x00"]
    assert emitted == []
