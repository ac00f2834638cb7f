"""Every setting the app knows, with its default. One table, so the CLI, the settings dialog
and the services agree on names and values."""

from __future__ import annotations

from typing import Any

AUTO_REFRESH_HOURS = "sync.auto_refresh_hours"
"""Hours between the window's automatic refreshes (also one at start-up); 0 turns them off."""

DEFAULTS: dict[str, Any] = {
    # playback
    "playback.skip_back_seconds": 10,
    "playback.skip_forward_seconds": 30,
    "playback.resume_rewind_seconds": 2,
    "playback.played_threshold_seconds": 15,
    "playback.auto_advance": True,
    "playback.save_interval_seconds": 5,
    "playback.volume": 100,
    "playback.rate": 1.0,
    "playback.sleep_fade_seconds": 10,
    "playback.load_timeout_seconds": 30,
    # the episode that last played (the window shows it again, paused, after a restart)
    "playback.last_episode_id": None,
    # feed sync
    "sync.concurrency": 16,
    "sync.per_host": 6,
    "sync.max_body_bytes": 50 * 1024 * 1024,
    "sync.connect_timeout": 10.0,
    "sync.total_timeout": 60.0,
    AUTO_REFRESH_HOURS: 1,
    # downloads
    "downloads.parallel": 3,
    "downloads.per_host": 2,
    "downloads.retries": 4,
    "downloads.retry_backoff_seconds": 2.0,
    # up next
    "recommend.learning": True,
    # media keys
    "mpris.chapter_aware_next": False,
    # desktop integration (off by default where a desktop may not support it: not every
    # desktop shows tray icons; notifications degrade silently without a daemon)
    "desktop.tray_icon": False,
    "desktop.notify_new_episodes": True,
    # appearance: "system" follows the desktop's colour scheme; "light" or "dark" fix it
    "ui.theme": "system",
}
