"""The program's entry point: the command line, or the window when no command is given.

This is the one module outside ``player.qt`` allowed to import it, and only lazily, so that the
command line starts fast and works on machines without a display or Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from player import APP_NAME
from player.cli.main import main as cli_main
from player.paths import DataPaths


def start_gui(paths: DataPaths, args: list[str]) -> int:
    """Import Qt and open the window."""
    from player.qt.runtime import tune_interpreter  # imports no Qt

    # The process's policy, once, before PySide6 is imported; the workers' modules are
    # preloaded once the window is built (run_gui), not before its first frame.
    tune_interpreter(preload=False)
    try:
        from player.qt.gui_main import run_gui  # deliberately lazy
    except ImportError as exc:
        print(
            f"{APP_NAME}: the window needs PySide6, which failed to load: {exc}\n"
            "Reinstall with: .venv/bin/pip install PySide6-Essentials",
            file=sys.stderr,
        )
        return 1
    return run_gui(paths, args)


def main(argv: Sequence[str] | None = None) -> int:
    """``podcast-player`` and ``python -m player``."""
    return cli_main(argv, gui=start_gui)
