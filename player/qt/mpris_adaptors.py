"""The two MPRIS2 adaptors over the player bridge, and the ``Metadata`` map they serve.

Apart from the server (:mod:`player.qt.mpris`) because these are the D-Bus face of the player:
what each property and method of the specification means here, in its types (int64
microseconds, doubles, object paths). Registering on the bus and telling clients about changes
is the server's job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import ClassInfo, Property, QObject, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusObjectPath

from player import APP_DISPLAY_NAME, APP_ID
from player.domain.models import Episode
from player.qt.bridges.player import PlayerBridge
from player.services.playback_state import PlayerState

ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PREFIX = "/io/github/podcast_player/episode/"
MICRO = 1_000_000
URI_SCHEMES = ["http", "https", "file", "feed", "podcast", "itpc", "pcast"]
MIME_TYPES = ["audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/opus", "audio/flac",
              "audio/x-wav", "video/mp4", "video/webm", "application/rss+xml",
              "application/atom+xml", "text/x-opml+xml"]  # fmt: skip
VOLUME_FULL = 100  # MPRIS volume 1.0 == our 100 %


_Adaptor = TypeVar("_Adaptor", bound=QDBusAbstractAdaptor)


def _dbus_interface(name: str) -> Callable[[type[_Adaptor]], type[_Adaptor]]:
    """The class info naming the D-Bus interface an adaptor exports."""
    # The stubs are wrong: ClassInfo takes a dict (keys with spaces) and decorates a class.
    return ClassInfo({"D-Bus Interface": name})  # type: ignore[call-arg,return-value]


class AppHooks:
    """What the root interface asks of the application (raise, quit, open a URI)."""

    def __init__(
        self,
        raise_window: Callable[[], object],
        quit_app: Callable[[], object],
        open_uri: Callable[[str], None],
        art_url: Callable[[Episode], str],
    ) -> None:
        self.raise_window = raise_window
        self.quit_app = quit_app
        self.open_uri = open_uri
        self.art_url = art_url


@_dbus_interface(ROOT_INTERFACE)
class RootAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2``."""

    def __init__(self, parent: QObject, hooks: AppHooks) -> None:
        super().__init__(parent)
        self.hooks = hooks

    Identity = Property(str, lambda self: APP_DISPLAY_NAME)
    DesktopEntry = Property(str, lambda self: APP_ID)
    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    CanSetFullscreen = Property(bool, lambda self: False)
    Fullscreen = Property(bool, lambda self: False)
    HasTrackList = Property(bool, lambda self: False)
    # Qt type names ("QStringList", "qlonglong"...) are what PySide6 wants here; its stubs take
    # only Python types, hence the ignores on those lines.
    SupportedUriSchemes = Property("QStringList", lambda self: URI_SCHEMES)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", lambda self: MIME_TYPES)  # type: ignore[arg-type]

    @Slot()
    def Raise(self) -> None:
        self.hooks.raise_window()

    @Slot()
    def Quit(self) -> None:
        self.hooks.quit_app()


def track_id(episode: Episode | None) -> str:
    """The object path MPRIS uses to name the current episode."""
    return f"{TRACK_PREFIX}{episode.id}" if episode is not None else NO_TRACK


@_dbus_interface(PLAYER_INTERFACE)
class PlayerAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2.Player`` over the player bridge."""

    Seeked = Signal("qlonglong")  # type: ignore[arg-type]  # a Qt type name (see above)

    def __init__(
        self,
        parent: QObject,
        player: PlayerBridge,
        hooks: AppHooks,
        chapter_aware: Callable[[], bool],
        queue_ids: Callable[[], list[int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.hooks = hooks
        self.chapter_aware = chapter_aware
        self.queue_ids = queue_ids
        self.setAutoRelaySignals(False)

    # -- properties ---------------------------------------------------------------------

    def _status(self) -> str:
        state = self.player.state
        if state is PlayerState.PLAYING:
            return "Playing"
        if state in (PlayerState.PAUSED, PlayerState.LOADING) and self.player.episode is not None:
            return "Paused"
        return "Stopped"

    def _metadata(self) -> dict[str, Any]:
        return metadata(self.player, self.hooks)

    def _position(self) -> int:
        return int(self.player.position * MICRO)

    def _volume(self) -> float:
        return 0.0 if self.player.muted else self.player.volume / VOLUME_FULL

    def _set_volume(self, value: float) -> None:
        value = max(0.0, min(1.5, float(value)))
        if self.player.muted and value > 0:
            self.player.set_muted(False)
        self.player.set_volume(round(value * VOLUME_FULL))

    def _rate(self) -> float:
        return float(self.player.rate)

    def _set_rate(self, value: float) -> None:
        if value <= 0:
            self.player.pause()  # the specification: a rate of 0 means pause
            return
        self.player.set_rate(value)

    PlaybackStatus = Property(str, _status)
    LoopStatus = Property(str, lambda self: "None")
    Shuffle = Property(bool, lambda self: False)
    Rate = Property(float, _rate, _set_rate)
    MinimumRate = Property(float, lambda self: 0.5)
    MaximumRate = Property(float, lambda self: 3.0)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]  # a Qt type name
    Volume = Property(float, _volume, _set_volume)
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]  # a Qt type name
    CanGoNext = Property(bool, lambda self: self.can_go_next())
    CanGoPrevious = Property(bool, lambda self: self.player.episode is not None)
    CanPlay = Property(bool, lambda self: True)
    CanPause = Property(bool, lambda self: self.player.episode is not None)
    CanSeek = Property(bool, lambda self: bool(self.player.episode and self.player.duration))
    CanControl = Property(bool, lambda self: True)

    def can_go_next(self) -> bool:
        """Next follows the queue (or the chapters, when that setting is on)."""
        if self.chapter_aware() and self.player.chapters:
            return True
        if self.queue_ids is None:
            return self.player.has_next()
        # From the queue the window shows, the active one (in memory): no query on the GUI thread.
        ids = self.queue_ids()
        current = self.player.episode.id if self.player.episode else None
        return bool(ids) and (current not in ids or ids[-1] != current)

    # -- methods --------------------------------------------------------------------------

    @Slot()
    def Play(self) -> None:
        self.player.play()

    @Slot()
    def Pause(self) -> None:
        self.player.pause()

    @Slot()
    def PlayPause(self) -> None:
        self.player.toggle()

    @Slot()
    def Stop(self) -> None:
        self.player.stop()

    @Slot()
    def Next(self) -> None:
        if self.chapter_aware() and self.player.chapters:
            self.player.next_chapter()
        else:
            self.player.next_in_queue()

    @Slot()
    def Previous(self) -> None:
        if self.chapter_aware() and self.player.chapters:
            self.player.previous_chapter()
        else:
            self.player.restart_or_previous()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:
        if self.player.episode is None:
            return
        target = self.player.position + offset / MICRO
        duration = self.player.duration
        if duration and target >= duration:
            self.Next()  # the specification: seeking past the end acts like Next
            return
        self.player.seek(max(0.0, target))

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position: int) -> None:
        if track.path() != track_id(self.player.episode):
            return  # the specification: a stale track id is ignored
        seconds = position / MICRO
        duration = self.player.duration
        if seconds < 0 or (duration and seconds > duration):
            return
        self.player.seek(seconds)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        self.hooks.open_uri(uri)


def metadata(player: PlayerBridge, hooks: AppHooks) -> dict[str, Any]:
    """The ``Metadata`` map of the current episode (an empty track id when none)."""
    episode = player.episode
    if episode is None:
        return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
    data: dict[str, Any] = {
        "mpris:trackid": QDBusObjectPath(track_id(episode)),
        "xesam:title": episode.title,
        "xesam:album": episode.podcast_title,
        "xesam:artist": [episode.podcast_title],
        "xesam:url": episode.media_location,
    }
    duration = player.duration or episode.duration
    if duration:
        data["mpris:length"] = int(duration * MICRO)
    art = hooks.art_url(episode)
    if art:
        data["mpris:artUrl"] = art
    return data


BOOKMARKS_INTERFACE = f"{APP_ID}.Bookmarks"
"""The app's own interface beside MPRIS on the same object: MPRIS has no bookmark method, so
a headset button or a desktop shortcut calls this one (``AddBookmark``), found where MPRIS
clients already look (the ``org.mpris.MediaPlayer2.*`` name, ``/org/mpris/MediaPlayer2``)."""


@_dbus_interface(BOOKMARKS_INTERFACE)
class BookmarkAdaptor(QDBusAbstractAdaptor):
    """``AddBookmark()``: bookmark the playing episode where it is, as the B key does."""

    def __init__(self, parent: QObject, add: Callable[[], object]) -> None:
        super().__init__(parent)
        self.add = add

    @Slot()
    def AddBookmark(self) -> None:
        self.add()
