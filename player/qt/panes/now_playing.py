"""Now-playing pane: what is playing and the controls for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from player.domain.models import Episode


class NowPlayingPane(QWidget):
    """Cover, titles, position and transport controls of the current episode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlayingPane")
        self.setAccessibleName("Now playing")
        self.title = QLabel("Nothing playing")
        self.title.setObjectName("nowPlayingTitle")
        self.title.setWordWrap(True)
        self.podcast = QLabel("")
        self.podcast.setObjectName("nowPlayingPodcast")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.podcast)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def show_episode(self, episode: Episode | None) -> None:
        """Show an episode's titles (None: nothing playing)."""
        self.title.setText(episode.title if episode else "Nothing playing")
        self.podcast.setText(episode.podcast_title if episode else "")
