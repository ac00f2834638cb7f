"""The program's entry point: the command line, or the window when no command is given.

This is the one module outside ``player.qt`` allowed to import it, and only lazily, so that the
command line starts fast and works on machines without a display or Qt.

``podcast-player`` alone (or with only ``--data-dir DIR``, ``-v`` and links or files for the
window) opens the window without building the command line's parser: that imports every
command's module (transcripts, downloads, the HTTP client...), about a quarter of the window's
start-up before this fast path. Anything else, ``--help`` and mistakes included, goes through
the command line as before (:func:`player.cli.main.main`), which also opens the window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from player import APP_NAME
from player.paths import DataPaths

WINDOW_FLAGS = ("-v", "--verbose")
"""Global options without a value that the window's fast path understands."""


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


def window_arguments(argv: Sequence[str]) -> tuple[str | None, bool, list[str]] | None:
    """``(data_dir, verbose, links)`` when ``argv`` only opens the window, else None.

    The same reading as the command line's (``split_open_arguments``): global options first,
    then either nothing or links and files for the window (the first one must look like one).
    """
    from player.services.open_args import looks_like_open_argument

    data_dir: str | None = None
    verbose = False
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        arg = argv[index]
        if arg == "--data-dir" and index + 1 < len(argv):
            data_dir, index = argv[index + 1], index + 2
        elif arg.startswith("--data-dir="):
            data_dir, index = arg.split("=", 1)[1], index + 1
        elif arg in WINDOW_FLAGS:
            verbose, index = True, index + 1
        else:
            return None  # --help, --version, a typo: the command line answers
    links = list(argv[index:])
    if links and not looks_like_open_argument(links[0]):
        return None  # a command (or a mistyped one)
    return data_dir, verbose, links


def open_window(data_dir: str | None, verbose: bool, links: list[str]) -> int:
    """What the command line does when it is given no command, without its parser."""
    from player.logging_setup import configure_logging
    from player.paths import resolve_data_dir

    paths = resolve_data_dir(data_dir)
    try:
        paths.ensure()
        configure_logging(paths.logs, verbose=verbose)
    except OSError as exc:
        print(
            f"{APP_NAME}: cannot use the data folder {paths.root}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return start_gui(paths, links)


def main(argv: Sequence[str] | None = None) -> int:
    """``podcast-player`` and ``python -m player``."""
    args = list(sys.argv[1:] if argv is None else argv)
    window = window_arguments(args)
    if window is not None:
        return open_window(*window)
    from player.cli.main import main as cli_main

    return cli_main(args, gui=start_gui)
