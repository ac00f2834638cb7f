"""Transfer rate and time left, smoothed over a few seconds so the numbers do not jitter."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


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


class ProgressReporter:
    """Turns one transfer's byte counts into throttled events and occasional store writes.

    ``record_start`` stores the validator and size before any byte is written (resume needs
    them after a crash); ``record_progress`` stores the byte count every ``save_interval``;
    ``emit`` receives ``(done, total, rate, eta)`` at most every ``event_interval`` seconds.
    """

    def __init__(
        self,
        record_start: Callable[[str | None, int, int | None], None],
        record_progress: Callable[[int], None],
        emit: Callable[[int, int | None, float, float | None], None],
        event_interval: float = 0.2,
        save_interval: float = 2.0,
    ) -> None:
        self.record_start = record_start
        self.record_progress = record_progress
        self.emit = emit
        self.event_interval = event_interval
        self.save_interval = save_interval
        self.meter = RateMeter()
        self.next_event = 0.0
        self.next_save = 0.0

    def started(self, validator: str | None, done: int, total: int | None) -> None:
        """Headers are in and the body is about to be written."""
        self.record_start(validator, done, total)
        now = time.monotonic()
        self.meter.add(done, now)
        self.next_save = now + self.save_interval

    def update(self, done: int, total: int | None) -> None:
        """One chunk written (called for every chunk: keep it cheap)."""
        now = time.monotonic()
        if now < self.next_event:
            return
        self.next_event = now + self.event_interval
        self.meter.add(done, now)
        if now >= self.next_save:
            self.next_save = now + self.save_interval
            self.record_progress(done)
        self.emit(done, total, self.meter.rate, self.meter.eta(done, total))
