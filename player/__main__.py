"""``python -m player`` runs the same entry point as the ``podcast-player`` script."""

from player.launcher import main

if __name__ == "__main__":
    raise SystemExit(main())
