"""The interpreter-wide policy belongs to the GUI entry point, never to the objects it builds.

The tests build ``Application`` dozens of times in one interpreter; each build used to set a
1 ms switch interval and freeze the heap again (and again after every page of episodes), so every
later test ran on a frozen heap that kept its cyclic garbage forever.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from player.qt.app import Application
from player.qt.runtime import MODULES, SWITCH_INTERVAL

ROOT = Path(__file__).resolve().parents[2]


def test_building_and_paging_the_window_leaves_the_interpreter_alone(gui: Application, qtbot):
    """A started window (its first page loaded) and two more pages: nothing process-wide
    changed."""
    interval, frozen = sys.getswitchinterval(), gc.get_freeze_count()
    assert interval != SWITCH_INTERVAL  # pytest's own interpreter, as Python set it
    model = gui.episode_model
    pages = []
    model.loaded.connect(lambda *args: pages.append(args))
    gui.library_controller.reload_episodes()
    qtbot.waitUntil(lambda: len(pages) >= 1, timeout=20_000)
    second = Application(gui.paths, aout="dummy")
    qtbot.addWidget(second.window)
    second.close()
    assert sys.getswitchinterval() == interval
    assert gc.get_freeze_count() == frozen


def test_the_launcher_policy_applies_before_qt_and_freezes_once() -> None:
    """``tune_interpreter`` (what ``launcher.start_gui`` runs first) loads the workers' modules
    and sets the switch interval without importing Qt; ``freeze_startup_heap`` (``run_gui``,
    once the window is built) freezes what is alive then."""
    code = (
        "import gc, sys\n"
        "from player.qt.runtime import MODULES, freeze_startup_heap, tune_interpreter\n"
        "tune_interpreter()\n"
        "print(sys.getswitchinterval())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
        "print(all(m in sys.modules for m in MODULES if m != 'multiprocessing.popen_forkserver'))\n"
        "before = gc.get_freeze_count()\n"
        "import linecache, player.qt.runtime as r\n"
        "linecache.getlines(r.__file__)\n"
        "freeze_startup_heap()\n"
        "print(before == 0 and gc.get_freeze_count() > 1000)\n"
        "print(linecache.cache == {})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    lines = result.stdout.split("\n")
    assert float(lines[0]) == SWITCH_INTERVAL
    assert lines[1] == "[]"
    assert lines[2] == "True", MODULES
    assert lines[3] == "True"
    assert lines[4] == "True"  # the source lines start-up read are dropped
