"""Quitting the normal way on SIGTERM and SIGINT (logging out, ``kill``, Ctrl+C in a terminal).

Python runs a signal handler only between bytecodes, and while Qt's event loop waits in C++
none run: the handler would wait for the next mouse move, and by default SIGTERM simply ends
the process, skipping the last position save, the layout save and the parse workers' shutdown.
Here the signal module writes each signal to a socket (``signal.set_wakeup_fd``); a
``QSocketNotifier`` on the other end wakes the event loop, which then quits as the Quit action
does.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignals(QObject):
    """While it exists, SIGTERM and SIGINT call ``quit`` on the GUI thread."""

    def __init__(self, quit_app: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit_app
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._noted) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    @staticmethod
    def _noted(signum: int, frame: FrameType | None) -> None:
        """Python-level handler: nothing to do, the wake-up socket carries the signal."""

    def _drain(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        if received:
            names = ", ".join(signal.Signals(number).name for number in received)
            log.info("%s received: quitting", names)
            self._quit()

    def close(self) -> None:
        """Give the signals back to their previous handlers."""
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
