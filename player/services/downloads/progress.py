"""Transfer rate and time left, smoothed over a few seconds so the numbers do not jitter."""

from __future__ import annotations

import time
from collections import deque


class RateMeter:
    """Bytes per second over a sliding window of recent samples."""

    def __init__(self, window: float = 3.0) -> None:
        self.window = window
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, done: int, now: float | None = None) -> None:
        """Record that ``done`` bytes are in the file at time ``now`` (monotonic seconds)."""
        now = time.monotonic() if now is None else now
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.window:
            self._samples.popleft()

    @property
    def rate(self) -> float:
        """Bytes per second (0.0 until two samples are apart in time)."""
        if len(self._samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def eta(self, done: int, total: int | None) -> float | None:
        """Seconds left at the current rate; None when the size or the rate is unknown."""
        rate = self.rate
        if total is None or rate <= 0:
            return None
        return max(0.0, (total - done) / rate)
