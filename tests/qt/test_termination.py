"""SIGTERM and SIGINT close the running window the normal way (what is open gets saved)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player.storage import SettingsRepo, Store
from tests.conftest import ROOT


def _wait_for_demo(data_dir: Path, window: subprocess.Popen[str]) -> None:
    """Until the running window has seeded the demo podcast (seen through the CLI)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and window.poll() is None:
        listed = subprocess.run(
            [sys.executable, "-m", "player", "--data-dir", str(data_dir), "podcasts", "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if listed.returncode == 0 and json.loads(listed.stdout):
            return
        time.sleep(0.2)
    raise AssertionError("the window did not seed the demo podcast")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_termination_signal_quits_like_the_quit_action(data_dir: Path, signum: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PODCAST_PLAYER_DATA_DIR"}
    env.update(QT_QPA_PLATFORM="offscreen", PODCAST_PLAYER_AOUT="dummy")
    window = subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_for_demo(data_dir, window)
        time.sleep(5)  # past the start-up work, with the parse workers warmed (4 s)
        window.send_signal(signum)
        _out, err = window.communicate(timeout=30)
    finally:
        if window.poll() is None:
            window.kill()
            window.communicate()
    assert window.returncode == 0, err
    assert "Traceback" not in err
    assert "leaked semaphore" not in err  # the parse workers were shut down, not abandoned
    store = Store(data_dir / "library.sqlite3")
    try:
        assert SettingsRepo(store).get("ui.geometry")  # the window's close saved its layout
    finally:
        store.close()
