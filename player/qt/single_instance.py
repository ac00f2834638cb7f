"""One running app per user and data folder; a second launch hands its arguments over and exits.

Clicking a ``feed://`` link while the app runs must reach the open window, not start a second
app on the same database. The first process (the *primary*) holds a lock file for its lifetime
and listens on a local socket (a Unix socket, a named pipe on Windows); a later process finds
the lock taken, connects, sends its arguments and waits for an acknowledgement.

Why a lock *and* a socket: a process that crashed leaves its socket file behind, and "cannot
connect" does not tell a dead primary from one still starting. :class:`~PySide6.QtCore.QLockFile`
notices a lock whose process is gone, so the next start takes over and removes the stale socket,
while two simultaneous starts still cannot both become primary.

Wire format: a 4-byte big-endian length, then a UTF-8 JSON array of strings; the primary answers
one byte, ``\\x01`` accepted or ``\\x00`` rejected.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import struct
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QDir, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from player import APP_DISPLAY_NAME, APP_NAME
from player.domain.errors import PlayerError
from player.i18n import _
from player.services.open_args import portable_arguments

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">I")
MAX_MESSAGE_BYTES = 1 << 20
"""A launch's arguments are a few links; anything bigger is not ours and is dropped."""
ACCEPTED, REJECTED = b"\x01", b"\x00"
_RETRY_MS = 50


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def instance_key(data_dir: Path, user: str | None = None) -> str:
    """The socket/lock name for this user and data folder.

    Per user, because the temp folder (and Windows' pipe namespace) is shared; per data folder,
    because ``--data-dir`` runs are separate libraries that may be open side by side. Hashed,
    to stay short (Unix socket paths are limited to ~100 bytes) and free of path characters.
    """
    identity = f"{user or _user()}\0{Path(data_dir).expanduser().resolve()}"
    return f"{APP_NAME}-{hashlib.sha256(identity.encode()).hexdigest()[:20]}"


def _encode(args: Sequence[str]) -> bytes:
    payload = json.dumps([str(a) for a in args]).encode("utf-8")
    return _HEADER.pack(len(payload)) + payload


def _decode(payload: bytes) -> list[str] | None:
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


class SingleInstance(QObject):
    """Primary election plus the hand-off channel for one key (see :func:`instance_key`).

    ``start()`` once; if it returns False, ``send()`` the arguments and exit. The primary
    receives them through ``messageReceived`` (an empty list means "just show the window").
    """

    messageReceived = Signal(list)

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._lock = QLockFile(str(Path(QDir.tempPath()) / f"{key}.lock"))
        self._lock.setStaleLockTime(0)  # held for the app's lifetime: stale only if owner died
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def key(self) -> str:
        """The name shared by every process of this user and data folder."""
        return self._key

    @property
    def server_name(self) -> str:
        """The full socket path (or pipe name) while primary; empty otherwise."""
        return self._server.fullServerName() if self._server else ""

    def start(self) -> bool:
        """Become the primary (True) or find that another process is (False).

        A lock left by a process that no longer runs is taken over, and its socket file removed.
        When the lock cannot be used at all (an unwritable temp folder) the app runs as primary
        without hand-off rather than not at all.
        """
        if self._server is not None:
            return True
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            log.warning("single-instance lock unusable (%s); running alone", self._lock.error())
        QLocalServer.removeServer(self._key)  # a crashed primary's socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._key):
            log.warning("cannot listen for other launches: %s", server.errorString())
            return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def stop(self) -> None:
        """Stop listening and release the lock (the app is quitting)."""
        for socket in list(self._buffers):
            socket.disconnected.disconnect(self._on_disconnected)
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def send(self, args: Sequence[str], timeout: float = 5.0) -> bool:
        """Hand ``args`` to the primary; True once it acknowledged them within ``timeout`` s.

        Connecting is retried until the deadline: the primary may hold the lock but not listen
        yet (it is still starting).
        """
        deadline = QDeadlineTimer(max(1, int(timeout * 1000)))
        socket = QLocalSocket()
        while True:
            socket.connectToServer(self._key)
            if socket.waitForConnected(max(1, min(500, deadline.remainingTime()))):
                break
            socket.abort()
            if deadline.hasExpired():
                return False
            QThread.msleep(_RETRY_MS)
        try:
            socket.write(_encode(args))
            while socket.bytesToWrite() > 0:
                if not socket.waitForBytesWritten(max(1, deadline.remainingTime())):
                    return False
            while socket.bytesAvailable() < 1:
                if deadline.hasExpired() or not socket.waitForReadyRead(
                    max(1, deadline.remainingTime())
                ):
                    return False
            return bytes(socket.read(1).data()) == ACCEPTED
        finally:
            socket.disconnectFromServer()

    def _accept(self) -> None:
        # Bound methods, not lambdas: Qt drops these connections when this object is destroyed.
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
            self._read(socket)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._buffers.pop(socket, None)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) < _HEADER.size:
            return
        (length,) = _HEADER.unpack_from(buffer)
        if length > MAX_MESSAGE_BYTES:
            log.warning("dropped a %d-byte message from another launch", length)
            self._answer(socket, None)
            return
        if len(buffer) < _HEADER.size + length:
            return
        args = _decode(bytes(buffer[_HEADER.size : _HEADER.size + length]))
        if args is None:
            log.warning("dropped a malformed message from another launch")
        self._answer(socket, args)

    def _answer(self, socket: QLocalSocket, args: list[str] | None) -> None:
        """Acknowledge first, then emit: a slot may open a modal dialog for a long while."""
        self._buffers.pop(socket, None)
        socket.write(ACCEPTED if args is not None else REJECTED)
        socket.flush()
        socket.disconnectFromServer()
        if args is not None:
            log.info("another launch handed over %d argument(s)", len(args))
            self.messageReceived.emit(args)


def claim_or_hand_off(
    data_dir: Path, args: Sequence[str], timeout: float = 5.0, parent: QObject | None = None
) -> SingleInstance | None:
    """At start-up: the :class:`SingleInstance` when this process is the primary, else None.

    None means ``args`` (relative paths made absolute) reached the running app, and this
    process should exit with status 0. A QCoreApplication must exist. Raises
    :class:`PlayerError` when another instance holds the data folder but does not answer.
    """
    instance = SingleInstance(instance_key(data_dir), parent)
    if instance.start():
        return instance
    if instance.send(portable_arguments(args), timeout):
        return None
    raise PlayerError(
        _(
            "{APP_DISPLAY_NAME} is already running with the data folder {data_dir} but does "
            "not answer; close it (or end its process) and try again."
        ).format(APP_DISPLAY_NAME=APP_DISPLAY_NAME, data_dir=data_dir)
    )
