"""The frozen bundle's entry script: the same ``main`` as the ``podcast-player`` command."""

import multiprocessing

from player.launcher import main

if __name__ == "__main__":
    # The feed parsers run in worker processes started through a fork server. In a frozen app
    # the fork server (and the resource tracker) are this executable started again with
    # Python's ``-c`` arguments; PyInstaller's hook behind freeze_support() runs those and exits
    # instead of opening a second window.
    multiprocessing.freeze_support()
    raise SystemExit(main())
