"""The player's volume: the listener's level and mute, and what the engine plays at.

The listener sets a level (0-150 %) and mutes; the sleep timer fades the output over its last
seconds without touching the listener's level (after a fade, or a cancelled one, the level is
as it was). :class:`Volume` keeps the two apart and hands the engine their product. It is a
helper of :class:`~player.services.playback.PlaybackService` like the sleep timer; everything
runs on the owner thread.
"""

from __future__ import annotations

from collections.abc import Callable

from player.playback.engine import Engine, clamp_volume
from player.services.playback_state import PlayerEvent, VolumeChanged
from player.storage import SettingsRepo

VOLUME_KEY = "playback.volume"


class Volume:
    """The listener's volume and mute; ``fade()`` is the sleep timer's factor (0-1)."""

    def __init__(
        self,
        engine: Engine,
        emit: Callable[[PlayerEvent], None],
        fade: Callable[[], float],
        level: float,
    ) -> None:
        self._engine = engine
        self._emit = emit
        self._fade = fade
        self.level = clamp_volume(level)
        """The listener's volume, 0-150 (a sleep fade does not change it)."""
        self.muted = False
        engine.set_volume(self.level)

    def set_level(self, volume: float) -> None:
        """Volume 0-150 %."""
        volume = clamp_volume(volume)
        if volume != self.level:
            self.level = volume
            self.apply()
            self._emit(VolumeChanged(self.level, self.muted))

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute."""
        if bool(muted) != self.muted:
            self.muted = bool(muted)
            self._engine.set_muted(self.muted)
            self._emit(VolumeChanged(self.level, self.muted))

    def apply(self) -> None:
        """The engine plays at the listener's volume times the sleep fade."""
        self._engine.set_volume(round(self.level * self._fade()))

    def apply_all(self) -> None:
        """Audio starts: the engine gets the faded volume and the mute again."""
        self.apply()
        self._engine.set_muted(self.muted)

    def save(self, settings: SettingsRepo, stored: float) -> None:
        """Remember the level for the next start when it differs from ``stored``."""
        if self.level != stored:
            settings.set(VOLUME_KEY, self.level)
