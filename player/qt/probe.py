"""An event-loop responsiveness probe: the longest time the GUI thread did not turn.

A zero-interval-ish timer notes when it fires; the biggest gap between two firings is the
longest time the event loop was busy (a frozen window). Used by the GUI benchmark and tests
to prove that refreshes and big libraries never block the GUI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class EventLoopProbe(QObject):
    """Records the longest gap between timer ticks while running."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.interval = interval_ms / 1000
        self.longest = 0.0
        self.ticks = 0
        self._last = 0.0
        self.gaps: list[float] = []
        self.running = False
        """Between start() and stop(): a plain attribute other threads may read (a QTimer not)."""

    def start(self) -> None:
        """Reset and start measuring."""
        self.longest = 0.0
        self.ticks = 0
        self.gaps = []
        self._last = time.perf_counter()
        self.running = True
        self.timer.start()

    def stop(self) -> float:
        """Stop; returns the longest gap in seconds."""
        self._tick()
        self.running = False
        self.timer.stop()
        return self.longest

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        self.ticks += 1
        self.gaps.append(gap)
        self.longest = max(self.longest, gap)

    def percentile(self, fraction: float) -> float:
        """A gap percentile (0.99: the gap 99 % of ticks stayed under)."""
        if not self.gaps:
            return 0.0
        ordered = sorted(self.gaps)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
