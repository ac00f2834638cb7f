"""Podcast Player: a desktop podcast application with a headless command line.

The package is layered (see CONTRIBUTING.md): ``domain`` <- ``storage``, ``feeds``,
``playback``, ``recommend`` <- ``services`` <- ``cli``, ``qt``. Only ``player.qt``
imports PySide6, so the whole core runs and is tested without a display.
"""

import sys as _sys

__version__ = "0.1.0"
APP_NAME = "podcast-player"
APP_DISPLAY_NAME = "Podcast Player"
APP_ID = "io.github.podcast_player.PodcastPlayer"

# httpx imports its own command-line tool when it can: with click installed (sqlite-utils
# needs it) that pulled click and pygments into every command that fetches, 20 ms of a cold
# refresh's start-up, only to fail on rich, which is not installed. Marking that one module
# absent gives httpx the fallback it has for exactly this case (``except ImportError``);
# nothing of the client library changes. Set here, before any module of ours imports httpx.
_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
