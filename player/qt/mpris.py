"""MPRIS2 on the session bus (QtDBus): media keys, the desktop's sound menu, headsets, playerctl.

Two adaptors on ``/org/mpris/MediaPlayer2`` expose ``org.mpris.MediaPlayer2`` and
``org.mpris.MediaPlayer2.Player`` over the :class:`~player.qt.bridges.player.PlayerBridge`
(and the app's own ``io.github.podcast_player.PodcastPlayer.Bookmarks`` on the same object:
``AddBookmark``, as MPRIS has no such method); ``PropertiesChanged`` is sent on every change
of state, track, rate, volume or "can go next", and ``Seeked`` when the position jumps.
Types follow the specification: positions and lengths are int64 microseconds (declared
``qlonglong`` so QtDBus marshals them as ``x``), volume and rate are doubles, the track id is
an object path.

No session bus, or a bus error, is logged once and the app runs normally. This module is the
server (registration, change signalling); the adaptors and the metadata are in
:mod:`player.qt.mpris_adaptors`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMetaType, QObject
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
)

from player.qt.bridges.player import PlayerBridge
from player.qt.mpris_adaptors import (
    MICRO,
    PLAYER_INTERFACE,
    AppHooks,
    BookmarkAdaptor,
    PlayerAdaptor,
    RootAdaptor,
)

log = logging.getLogger(__name__)

OBJECT_PATH = "/org/mpris/MediaPlayer2"
BUS_NAME = "org.mpris.MediaPlayer2.podcast_player"


class MprisServer(QObject):
    """Registers the adaptors and keeps clients informed of every change."""

    def __init__(
        self,
        player: PlayerBridge,
        hooks: AppHooks,
        chapter_aware: Callable[[], bool] = lambda: False,
        connection: QDBusConnection | None = None,
        parent: QObject | None = None,
        queue_ids: Callable[[], list[int]] | None = None,
        bookmark: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.connection = connection if connection is not None else QDBusConnection.sessionBus()
        self.root = RootAdaptor(self, hooks)
        self.player_adaptor = PlayerAdaptor(self, player, hooks, chapter_aware, queue_ids)
        self.bookmark_adaptor = BookmarkAdaptor(self, bookmark) if bookmark is not None else None
        self.bus_name = ""
        self._last: dict[str, Any] = {}
        self._duration = 0.0

    def start(self) -> bool:
        """Register on the bus; False (logged once) when there is no usable bus."""
        if not self.connection.isConnected():
            log.info(
                "MPRIS is off: no D-Bus session bus (%s)",
                self.connection.lastError().message() or "not connected",
            )
            return False
        if not self.connection.registerObject(
            OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors
        ):
            log.warning(
                "MPRIS is off: cannot register %s: %s",
                OBJECT_PATH,
                self.connection.lastError().message(),
            )
            return False
        name = BUS_NAME
        # QDBusConnection.registerService neither queues nor replaces: False when taken.
        if not self.connection.registerService(name):
            name = f"{BUS_NAME}.instance{os.getpid()}"
            if not self.connection.registerService(name):
                log.warning(
                    "MPRIS is off: cannot own a bus name: %s", self.connection.lastError().message()
                )
                self.connection.unregisterObject(OBJECT_PATH)
                return False
        self.bus_name = name
        self._last = self._snapshot()
        p = self.player
        for signal in (
            p.episodeChanged,
            p.stateChanged,
            p.rateChanged,
            p.volumeChanged,
            p.queueChanged,
            p.chaptersChanged,
        ):
            signal.connect(self._maybe_changed)
        p.positionChanged.connect(self._duration_maybe_changed)
        p.seeked.connect(self._seeked)
        log.info("MPRIS ready as %s", name)
        return True

    def stop(self) -> None:
        """Leave the bus (on quit)."""
        if self.bus_name:
            self.connection.unregisterService(self.bus_name)
            self.connection.unregisterObject(OBJECT_PATH)
            self.bus_name = ""

    # -- change notification ------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        a = self.player_adaptor
        return {
            "PlaybackStatus": a._status(),
            "Rate": a._rate(),
            "Volume": a._volume(),
            "Metadata": _comparable(a._metadata()),
            "CanGoNext": a.can_go_next(),
            "CanGoPrevious": self.player.episode is not None,
            "CanPause": self.player.episode is not None,
            "CanSeek": bool(self.player.episode and self.player.duration),
        }

    def queue_shown(self) -> None:
        """The window's queue changed (reloaded): "can go next" may have changed."""
        if self.bus_name:
            self._maybe_changed()

    def _maybe_changed(self, *_args: object) -> None:
        now = self._snapshot()
        changed = {k: v for k, v in now.items() if self._last.get(k) != v}
        self._last = now
        if not changed:
            return
        values = {
            k: (self.player_adaptor._metadata() if k == "Metadata" else v)
            for k, v in changed.items()
        }
        self._send_properties_changed(values)

    def _duration_maybe_changed(self, _position: float, duration: float) -> None:
        """The length is often learnt only once playback starts: tell clients then."""
        if duration and abs(duration - self._duration) > 0.5:
            self._duration = duration
            self._maybe_changed()

    def _send_properties_changed(self, values: dict[str, Any]) -> None:
        message = QDBusMessage.createSignal(
            OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
        )
        invalidated = QDBusArgument()
        invalidated.beginArray(QMetaType(QMetaType.Type.QString))
        invalidated.endArray()
        message.setArguments([PLAYER_INTERFACE, values, invalidated])
        self.connection.send(message)

    def _seeked(self, position: float) -> None:
        self.player_adaptor.Seeked.emit(int(position * MICRO))


def _comparable(meta: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Metadata in a form that compares by value (object paths by their text)."""
    return tuple(
        sorted(
            (
                k,
                v.path()
                if isinstance(v, QDBusObjectPath)
                else tuple(v)
                if isinstance(v, list)
                else v,
            )
            for k, v in meta.items()
        )
    )
