"""Refreshing feeds by themselves: once the window has settled after start-up, then every N hours.

New episodes, their automatic downloads and the "new episodes" notification all follow a
refresh; without this schedule they waited for the listener to press Ctrl+R. One single-shot
timer holds the next due time. It is re-armed after every refresh of the whole library (the
listener's too, so the next one comes a full interval later), on a change of the setting (no
restart needed), and a little later when the sync bridge is busy: two refreshes never run at
once.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from player.domain.settings import AUTO_REFRESH_HOURS
from player.qt.bridges.sync import SyncBridge

log = logging.getLogger(__name__)

SETTING = AUTO_REFRESH_HOURS
"""Hours between automatic refreshes; 0 turns them off (start-up refresh included)."""

HOUR_MS = 3_600_000
STARTUP_DELAY_MS = 8_000
"""After start-up: the sidebar, the first episodes and the suggestions come first."""
BUSY_RETRY_MS = 60_000
"""Due while a refresh or an import is running: look again this much later."""


class RefreshSchedule(QObject):
    """Starts ``sync.refresh(automatic=True)`` on time; ``hour_ms`` is the length of an hour.

    ``hour_ms`` exists so tests can prove the schedule with a short "hour"; the app uses
    :data:`HOUR_MS`. Times are kept below Qt's timer limit (about 24 days).
    """

    def __init__(
        self,
        sync: SyncBridge,
        hours: float,
        hour_ms: int = HOUR_MS,
        startup_delay_ms: int = STARTUP_DELAY_MS,
        busy_retry_ms: int = BUSY_RETRY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.sync = sync
        self.hours = max(0.0, float(hours))
        self.hour_ms = hour_ms
        self.startup_delay_ms = startup_delay_ms
        self.busy_retry_ms = busy_retry_ms
        self.started = 0
        """Automatic refreshes started so far (for the log and for tests)."""
        self.timer = QTimer(self)
        self.timer.setObjectName("autoRefreshTimer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._due)
        sync.refreshFinished.connect(self._refreshed)

    @property
    def enabled(self) -> bool:
        """Automatic refresh is on."""
        return self.hours > 0

    @property
    def interval_ms(self) -> int:
        """Milliseconds between automatic refreshes (0 when off)."""
        return min(int(self.hours * self.hour_ms), 2**31 - 1) if self.enabled else 0

    def start(self, refresh_now: bool = True) -> None:
        """At start-up: refresh soon (unless ``refresh_now`` is False), then on the interval."""
        if not self.enabled:
            return
        if refresh_now:
            self.timer.start(min(self.startup_delay_ms, self.interval_ms))
        else:
            self._arm()

    def set_hours(self, hours: float) -> None:
        """A new interval from the settings, in force at once (0 stops the schedule)."""
        self.hours = max(0.0, float(hours))
        log.info("automatic refresh: %s", f"every {self.hours:g} h" if self.enabled else "off")
        self._arm()

    def stop(self) -> None:
        """No more automatic refreshes (the app is closing)."""
        self.hours = 0.0
        self.timer.stop()

    def _refreshed(self, _summary: object) -> None:
        """A refresh of everything (the listener's too) restarts the wait; one podcast's not."""
        if self.sync.whole_library:
            self._arm()

    def _arm(self) -> None:
        if self.enabled:
            self.timer.start(self.interval_ms)
        else:
            self.timer.stop()

    def _due(self) -> None:
        if not self.enabled:
            return
        if not self.sync.refresh(None, automatic=True):
            self.timer.start(min(self.busy_retry_ms, self.interval_ms))
            return
        self._arm()  # also due again if this refresh fails (its end re-arms it once more)
        self.started += 1
        log.info("automatic refresh %d started", self.started)
