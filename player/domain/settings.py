"""Every setting the app knows, with its default. One table, so the CLI, the settings dialog
and the services agree on names and values."""

from __future__ import annotations

from typing import Any

from player.domain.show_privacy import NETWORK_KEY

AUTO_REFRESH_HOURS = "sync.auto_refresh_hours"
"""Hours between the window's automatic refreshes (also one at start-up); 0 turns them off."""

DIRECTORY_PROVIDERS = ("itunes", "podcastindex", "fyyd", "gpodder")
"""The directories the app knows, in the order Settings lists them."""
DIRECTORY_ENABLED = {name: f"directory.{name}.enabled" for name in DIRECTORY_PROVIDERS}
"""Per directory: whether searches and charts ask it."""
DIRECTORY_URL = {name: f"directory.{name}.url" for name in DIRECTORY_PROVIDERS}
"""Per directory: a mirror's base URL ("" for the directory's own)."""
DIRECTORY_COUNTRY = "directory.country"
"""The two-letter store searched and charted by default (Apple Podcasts is per country)."""
DIRECTORY_TIMEOUT = "directory.timeout_seconds"
"""Seconds one directory request may take."""
DIRECTORY_DEADLINE = "directory.deadline_seconds"
"""Seconds a whole search may take; a directory still silent by then is reported, not awaited."""

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
    # smart audio (per podcast, NULL there = these): trim-silence strength (off, mild, medium,
    # strong), even loudness towards the target (LUFS), the voice-boost compressor
    "audio.trim_silence": "off",
    "audio.normalize": False,
    "audio.loudness_target": -16.0,
    "audio.voice_boost": False,
    # the episode that last played (the window shows it again, paused, after a restart)
    "playback.last_episode_id": None,
    # feed sync
    # 32 requests in flight, at most 6 per host: 200 feeds on 20 hosts with 50 ms of latency
    # took 0.69 s to check with 16 and 0.39 s with 32 (issue 21); a host never sees more
    "sync.concurrency": 32,
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
    # new shows you would like: may the directories be asked (same chart requests for every
    # listener, podroll GUID look-ups)? Off: only the podroll entries of the feeds themselves
    NETWORK_KEY: True,
    # media keys
    "mpris.chapter_aware_next": False,
    # desktop integration (off by default where a desktop may not support it: not every
    # desktop shows tray icons; notifications degrade silently without a daemon)
    "desktop.tray_icon": False,
    "desktop.notify_new_episodes": True,
    # podcast directories (search and charts); an empty URL means the provider's own, and the
    # environment variables PODCAST_PLAYER_{ITUNES,PODCASTINDEX,FYYD,GPODDER}_URL win over these
    DIRECTORY_ENABLED["itunes"]: True,
    DIRECTORY_ENABLED["podcastindex"]: True,
    DIRECTORY_ENABLED["fyyd"]: True,
    DIRECTORY_ENABLED["gpodder"]: True,
    DIRECTORY_URL["itunes"]: "",
    DIRECTORY_URL["podcastindex"]: "",
    DIRECTORY_URL["fyyd"]: "",
    DIRECTORY_URL["gpodder"]: "",
    DIRECTORY_COUNTRY: "us",
    DIRECTORY_TIMEOUT: 6.0,
    DIRECTORY_DEADLINE: 10.0,
    # appearance: "system" follows the desktop's colour scheme; "light" or "dark" fix it
    "ui.theme": "system",
    "ui.language": "",  # "" follows the system (LANGUAGE, LC_ALL, LANG); "de": German at next start
}
