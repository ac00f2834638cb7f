"""Hand the C heap's free memory back to the system after the window's big transient jobs.

A refresh or an import allocates and frees tens of megabytes in the window's process (HTTP
bodies, parse outcomes, SQLite pages), on a dozen threads; switching episodes makes libVLC free
its decoders' buffers. glibc keeps what was freed in its per-thread arenas for reuse, so the
resident size of a window left open for an afternoon only ever grew: the soak benchmark
(``bench/soak_gui.py``, which reports the C heap beside RSS) showed the memory *in use* flat at
~40 MB while the memory *kept free* grew from 7 to 37 MB. ``malloc_trim(0)`` returns the free
pages of every arena to the kernel (glibc >= 2.8 trims inside arenas, not just at the top).

Trims are debounced (one, :data:`TRIM_DELAY_MS` after the last request) and run on a worker
thread: a trim walks every arena's free lists, a few milliseconds that the GUI thread must not
spend. Where the C library is not glibc, nothing happens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

TRIM_DELAY_MS = 20_000
"""After the last request: long enough for a refresh's stragglers (late writes, released pages
of the episode list) to be freed first, short enough to matter within the soak's 5 minutes."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_heap() -> bool:
    """Return the C heap's free pages to the system now; False where that is not possible."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


class HeapTrimmer(QObject):
    """Debounced :func:`release_free_heap` on a worker: ``soon()`` after each big job."""

    def __init__(
        self,
        run_in_background: Callable[[Callable[[], object]], object],
        delay_ms: int = TRIM_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._run = run_in_background
        self.trims = 0
        """Trims started so far (for tests and the log)."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._trim)

    def soon(self, *_signal_args: object) -> None:
        """Ask for a trim once things have settled (restarts the wait)."""
        self._timer.start()

    def stop(self) -> None:
        """No more trims (the app is closing)."""
        self._timer.stop()

    def _trim(self) -> None:
        self.trims += 1
        self._run(release_free_heap)
