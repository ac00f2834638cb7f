"""Links and files reach the running window: a second launch hands them over, the first one
asks, then subscribes (or imports), through the real single-instance channel."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from player.paths import DataPaths
from player.qt.app import Application
from player.qt.single_instance import SingleInstance, instance_key
from tests.conftest import ROOT
from tests.support.http_server import LoopbackServer, Reply, rss


@pytest.fixture
def primary_app(qtbot, data_dir: Path) -> Iterator[Application]:
    """The window as ``run_gui`` wires it: primary instance, hand-overs to open_arguments."""
    instance = SingleInstance(instance_key(data_dir))
    assert instance.start()
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    instance.messageReceived.connect(app.commands.open_arguments)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    yield app
    app.close()
    instance.stop()


def _second_launch(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _answer(button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """Click ``button`` on the next question box, noting its text."""

    def check() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(50, check)


def test_second_launch_with_a_feed_link_subscribes_after_confirmation(
    primary_app: Application, qtbot, data_dir: Path
) -> None:
    with LoopbackServer() as server:
        server.route(
            "/linked.xml",
            Reply(
                200,
                rss("Linked Show", [("a", "Linked episode")]),
                {"Content-Type": "application/rss+xml"},
            ),
        )
        link = server.url("/linked.xml")
        asked: list[str] = []
        _answer(QMessageBox.StandardButton.Yes, asked)
        second = _second_launch(data_dir, link)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        assert second.returncode == 0, second.stderr.read()
        qtbot.waitUntil(
            lambda: any(p.title == "Linked Show" for p in primary_app.library.podcasts()),
            timeout=20_000,
        )
        assert asked == [f"Subscribe to {link}?"]


def test_declining_the_confirmation_subscribes_to_nothing(
    primary_app: Application, qtbot, data_dir: Path
) -> None:
    asked: list[str] = []
    _answer(QMessageBox.StandardButton.No, asked)
    second = _second_launch(data_dir, "feed://127.0.0.1:9/never.xml")
    qtbot.waitUntil(lambda: second.poll() is not None and bool(asked), timeout=30_000)
    assert asked == ["Subscribe to https://127.0.0.1:9/never.xml?"]  # feed:// means https
    qtbot.wait(300)
    assert [p.title for p in primary_app.library.podcasts()] == [
        "Signal & Noise: The Open Podcast Lab"
    ]


def test_second_launch_with_an_opml_file_imports_it(
    primary_app: Application, qtbot, data_dir: Path, tmp_path: Path
) -> None:
    with LoopbackServer() as server:
        server.route(
            "/a.xml",
            Reply(200, rss("Opml Show", [("x", "One")]), {"Content-Type": "application/rss+xml"}),
        )
        opml = tmp_path / "subs.opml"
        opml.write_text(
            '<?xml version="1.0"?><opml version="2.0"><head/><body>'
            f'<outline type="rss" text="Opml Show" xmlUrl="{server.url("/a.xml")}"/>'
            "</body></opml>",
            encoding="utf-8",
        )
        second = _second_launch(data_dir, str(opml))
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        assert second.returncode == 0, second.stderr.read()
        qtbot.waitUntil(
            lambda: any(p.title == "Opml Show" for p in primary_app.library.podcasts()),
            timeout=20_000,
        )
