"""The episode's podcast-namespace facts in the now-playing pane: season and episode as the
feed names them, the people in it, chat and comments links, soundbite previews and the
Version menu (alternate enclosures).

A view: it shows an :class:`EpisodeExtras` and reports what the listener picks through
signals (``previewRequested``, ``versionRequested``, ``stopPreviewRequested``); the window's
controller plays them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from player.domain.format import clock
from player.domain.podcasting20 import AlternateEnclosure, EpisodeExtras, Soundbite
from player.i18n import N_, _
from player.qt.widgets.podcast_extras import PeopleList, chat_url, comments_url, links_html

AS_PUBLISHED = N_("As published")


def number_text(number: float) -> str:
    """100 -> "100", 100.5 -> "100.5" (a decimal episode number as the feed wrote it)."""
    return f"{number:g}"


def season_episode_text(extras: EpisodeExtras, season: int | None, number: int | None) -> str:
    """ "Season 2: The Return · Episode 100.5", with the feed's display text in place of the
    episode number when it gives one ("Bonus", "Trailer"); "" when the feed says neither."""
    parts: list[str] = []
    if extras.season_name:
        parts.append(
            _("Season {season}: {name}").format(season=season, name=extras.season_name)
            if season
            else extras.season_name
        )
    elif season:
        parts.append(_("Season {season}").format(season=season))
    if extras.episode_display:
        parts.append(extras.episode_display)
    elif extras.episode_number is not None:
        parts.append(_("Episode {number}").format(number=number_text(extras.episode_number)))
    elif number is not None:
        parts.append(_("Episode {number}").format(number=number))
    return " · ".join(parts)


def version_label(version: AlternateEnclosure) -> str:
    """What the Version menu calls an alternate enclosure: its title, else its kind, with
    the bitrate and language ("Audio only · 64 kbps · es")."""
    if version.title:
        parts = [version.title]
    elif version.is_video:
        parts = [f"Video {version.height}p" if version.height else "Video"]
    else:
        parts = ["Audio only"]
    if version.bitrate:
        parts.append(f"{round(version.bitrate / 1000)} kbps")
    if version.lang:
        parts.append(version.lang)
    return " · ".join(parts)


def soundbite_label(bite: Soundbite) -> str:
    """ "“The best part” (12:30, 45 s)" for the Preview menu."""
    title = f"“{bite.title}” " if bite.title else ""
    return f"{title}({clock(bite.start) or '0:00'}, {bite.duration:g} s)"


class EpisodeExtrasBar(QWidget):
    """People, links, Preview (soundbites) and Version, in two short rows."""

    previewRequested = Signal(int, float, float)
    """Episode id, start and duration of a soundbite to preview."""
    stopPreviewRequested = Signal()
    versionRequested = Signal(list, str)
    """The chosen version's source URIs, in order, and its media type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("episodeExtras")
        self.extras: EpisodeExtras | None = None
        self.published_url = ""
        self.people = PeopleList(None, columns=3, limit=6, avatar=28)
        self.people.setObjectName("episodePeople")
        self.links = QLabel()
        self.links.setObjectName("episodeLinks")
        self.links.setOpenExternalLinks(True)
        self.preview = QToolButton()
        self.preview.setObjectName("soundbitePreview")
        self.preview.setText(_("▶ Preview"))
        self.preview.setToolTip(_("Play a soundbite the show picked (nothing is marked heard)"))
        self.preview.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.preview_menu = QMenu(self.preview)
        self.preview.setMenu(self.preview_menu)
        self.stop_preview = QToolButton()
        self.stop_preview.setObjectName("stopPreview")
        self.stop_preview.setText(_("■ End preview"))
        self.stop_preview.clicked.connect(self.stopPreviewRequested)
        self.stop_preview.setVisible(False)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("listeningMode")
        self.mode_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.mode_label.setVisible(False)
        self.version = QToolButton()
        self.version.setObjectName("versionButton")
        self.version.setText(_("Version"))
        self.version.setToolTip(_("Play another version of this episode"))
        self.version.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.version_menu = QMenu(self.version)
        self.version.setMenu(self.version_menu)
        self.version_group = QActionGroup(self)
        self.version_group.setExclusive(True)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mode_label)
        row.addWidget(self.links, 1)
        row.addWidget(self.stop_preview)
        row.addWidget(self.preview)
        row.addWidget(self.version)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.people)
        layout.addLayout(row)
        self.show_extras(None)

    def show_extras(self, extras: EpisodeExtras | None, published_url: str = "") -> None:
        """The loaded episode's facts (None: nothing loaded, or nothing known yet)."""
        self.extras = extras
        self.published_url = published_url
        self.people.set_people(extras.persons if extras else ())
        chat = chat_url(extras.chat) if extras and extras.chat else ""
        comments = comments_url(extras.social) if extras else ""
        self.links.setText(links_html([(_("Join the chat"), chat), ("Comments", comments)]))
        self.preview_menu.clear()
        for bite in extras.soundbites if extras else ():
            action = self.preview_menu.addAction(soundbite_label(bite))
            episode_id = extras.episode_id if extras else 0
            action.triggered.connect(
                lambda _=False, b=bite, e=episode_id: self.previewRequested.emit(
                    e, b.start, b.duration
                )
            )
        self.preview.setVisible(bool(extras and extras.soundbites))
        self._fill_versions(extras.alternate_enclosures if extras else ())
        self._show_row()

    def _fill_versions(self, versions: tuple[AlternateEnclosure, ...]) -> None:
        self.version_menu.clear()
        for action in self.version_group.actions():
            self.version_group.removeAction(action)
        if not versions:
            self.version.setVisible(False)
            return
        published = QAction(_(AS_PUBLISHED), self.version_menu)
        published.setCheckable(True)
        published.setToolTip(self.published_url)
        published.triggered.connect(lambda: self.versionRequested.emit([self.published_url], ""))
        self.version_group.addAction(published)
        self.version_menu.addAction(published)
        for version in versions:
            action = QAction(version_label(version), self.version_menu)
            action.setCheckable(True)
            usable = [s.uri for s in version.usable_sources]
            action.setEnabled(bool(usable))
            action.setToolTip(
                "\n".join(s.uri for s in version.sources)
                if usable
                else _("Only sources this player cannot open (IPFS, torrent, onion)")
            )
            action.setData([s.uri for s in version.sources])
            action.triggered.connect(
                lambda _=False, v=version: self.versionRequested.emit(
                    [s.uri for s in v.sources], v.type
                )
            )
            self.version_group.addAction(action)
            self.version_menu.addAction(action)
        self.version.setVisible(True)

    def set_playing_url(self, url: str) -> None:
        """Tick the version whose sources include ``url`` (the published one otherwise)."""
        actions = self.version_menu.actions()
        if not actions:
            return
        chosen = next(
            (a for a in actions[1:] if url and url in (a.data() or [])),
            actions[0],
        )
        chosen.setChecked(True)
        self.version.setText(
            _("Version: {text}").format(text=chosen.text())
            if chosen is not actions[0]
            else _("Version")
        )

    def set_mode(self, mode: str, end: float) -> None:
        """A preview (ending at ``end``) or a live stream is playing, or normal listening."""
        if mode == "preview":
            self.mode_label.setText(_("Preview, until {value}").format(value=clock(end) or "0:00"))
        elif mode == "live":
            self.mode_label.setText(_("● LIVE"))
        self.mode_label.setVisible(mode in ("preview", "live"))
        self.stop_preview.setVisible(mode == "preview")
        self._show_row()

    def _show_row(self) -> None:
        shown = bool(
            self.people.people
            or self.links.text()
            or self.preview.isVisibleTo(self)
            or self.version.isVisibleTo(self)
            or self.mode_label.isVisibleTo(self)
        )
        self.setVisible(shown)
