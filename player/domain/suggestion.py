"""A suggestion as front ends show it: the episode, a score, a reason, the signals behind it."""

from __future__ import annotations

from dataclasses import dataclass

from player.domain.models import Episode

Signal = tuple[str, str]
"""(name, explanation) of one signal, e.g. ("in progress", "stopped at 12:00 of 45:00")."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked "up next" episode.

    ``score`` estimates the chance that this is what the listener plays next; ``reason`` is one
    sentence in the listener's words; ``signals`` lists every signal that produced the score,
    for the privacy page's "why this suggestion"; ``fits_minutes`` is the time it was fitted
    to (the minutes the listener said they have, or their usual sitting now) when what is left
    of it fits, else None.
    """

    episode: Episode
    score: float
    reason: str
    signals: tuple[Signal, ...] = ()
    fits_minutes: int | None = None
