"""The playback-speed spin box, one definition for the now-playing pane and both settings
dialogs, so all three offer the same range and steps as the player (0.5-3.0 in 0.1 steps)."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from player.playback.engine import RATE_MAX, RATE_MIN


def speed_spin_box(value: float = 1.0, parent: QWidget | None = None) -> QDoubleSpinBox:
    """A spin box for a speed ("1.5×"), set to ``value``."""
    box = QDoubleSpinBox(parent)
    box.setRange(RATE_MIN, RATE_MAX)
    box.setSingleStep(0.1)
    box.setDecimals(1)
    box.setSuffix("×")
    box.setValue(value)
    return box
