"""SIGTERM and SIGINT close the running window the normal way (what is open gets saved)."""

from __future__ import annotations

import contextlib
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


def _start_window(data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PODCAST_PLAYER_DATA_DIR"}
    env.update(QT_QPA_PLATFORM="offscreen", PODCAST_PLAYER_AOUT="dummy")
    return subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _children() -> dict[int, int]:
    """Every process's parent, read from /proc: {pid: ppid}."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> list[set[int]]:
    """The process tree under ``pid``, generation by generation (children, grandchildren...)."""
    parents = _children()
    generations: list[set[int]] = []
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        if frontier:
            generations.append(frontier)
    return generations


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_parse_workers_die_with_a_killed_window(data_dir: Path) -> None:
    """kill -9 gives the window no chance to stop its workers: they must notice by themselves."""
    window = _start_window(data_dir)
    try:
        _wait_for_demo(data_dir, window)
        deadline = time.monotonic() + 30
        tree: list[set[int]] = []
        while time.monotonic() < deadline and len(tree) < 2:  # fork server, then its workers
            time.sleep(0.5)
            tree = _descendants(window.pid)
        assert len(tree) >= 2, "the window never started its parse workers"
        workers = set().union(*tree)
        window.kill()
        window.wait(timeout=10)  # not communicate(): orphans would hold its pipes open
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        left = sorted(pid for pid in workers if _alive(pid))
    finally:
        if window.poll() is None:
            window.kill()
        for pid in workers if "workers" in locals() else ():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        window.communicate(timeout=10)
    assert not left, f"orphaned parse workers still running: {left}"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_termination_signal_quits_like_the_quit_action(data_dir: Path, signum: int) -> None:
    window = _start_window(data_dir)
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
