"""The headless command line, ``podcast-player [--data-dir DIR] COMMAND``."""
