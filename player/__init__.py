"""Podcast Player: a desktop podcast application with a headless command line.

The package is layered (see CONTRIBUTING.md): ``domain`` <- ``storage``, ``feeds``,
``playback``, ``recommend`` <- ``services`` <- ``cli``, ``qt``. Only ``player.qt``
imports PySide6, so the whole core runs and is tested without a display.
"""

__version__ = "0.1.0"
APP_NAME = "podcast-player"
APP_DISPLAY_NAME = "Podcast Player"
APP_ID = "io.github.podcast_player.PodcastPlayer"
