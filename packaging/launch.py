"""The frozen bundle's entry script: the same ``main`` as the ``podcast-player`` command."""

from player.launcher import main

if __name__ == "__main__":
    raise SystemExit(main())
