"""The player's phases and the one table of moves between them.

The player service used to keep four flags beside its public state ("the engine holds the
media", "it has played"...) and reset them together wherever media was closed. Here the same
facts are one value, :class:`Phase`, and every change of it goes through
:meth:`PhaseMachine.fire`, which checks the move against :data:`TRANSITIONS` (a move the table
does not list is a bug, raised as :class:`TransitionError`) and announces the listener-facing
:class:`PlayerState` when it changes. docs/PLAYBACK.md prints the same table
(:func:`transition_table`), and a test keeps the two equal.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from player.services.playback_state import PlayerState


class Phase(enum.Enum):
    """What the player is doing, with what the engine holds.

    ``IDLE``: nothing loaded yet. ``STOPPED``: an episode is loaded at its place, no media open
    (also after it finished). ``READY``: loaded and "paused" without media open; play opens it
    (after loading without autoplay, a pause while loading, a new video surface while paused).
    ``LOADING``: media handed to the engine, nothing audible yet. ``PLAYING``: audio runs.
    ``PAUSED``: the media is open and paused. ``FAILED``: the media could not be played and is
    closed; play retries.
    """

    IDLE = "idle"
    STOPPED = "stopped"
    READY = "ready"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    FAILED = "failed"

    @property
    def state(self) -> PlayerState:
        """The state listeners see (MPRIS, the window, the CLI's ``state`` field)."""
        return _STATES[self]

    @property
    def media_open(self) -> bool:
        """The engine holds this episode's media (closing it means ``engine.stop()``)."""
        return self in (Phase.LOADING, Phase.PLAYING, Phase.PAUSED)

    @property
    def has_played(self) -> bool:
        """The open media has started, so the engine's positions are the episode's."""
        return self in (Phase.PLAYING, Phase.PAUSED)


_STATES = {
    Phase.IDLE: PlayerState.STOPPED,
    Phase.STOPPED: PlayerState.STOPPED,
    Phase.READY: PlayerState.PAUSED,
    Phase.LOADING: PlayerState.LOADING,
    Phase.PLAYING: PlayerState.PLAYING,
    Phase.PAUSED: PlayerState.PAUSED,
    Phase.FAILED: PlayerState.ERROR,
}


class Trigger(enum.Enum):
    """Why the phase changes: a command, an engine event, or the owner's tick."""

    LEAVE = "leave"
    """Another episode is being loaded: the old one is saved and closed (not announced)."""
    CUE = "cue"
    """Loaded without autoplay: ready at its place."""
    OPEN = "open"
    """The media is handed to the engine at the current place and started."""
    START = "start"
    """The engine's first ``Started``: the listener hears it."""
    RESUME = "resume"
    """Play after a pause: the engine continues without waiting for its event."""
    PAUSE = "pause"
    """Pause while playing."""
    PARK = "park"
    """Drop the media but keep the place (pause while loading; a new video surface)."""
    STOP = "stop"
    """Stop away from the end: the place is kept."""
    FINISH = "finish"
    """The end, or a stop near it: marked played."""
    FAIL = "fail"
    """The media cannot be played (engine failure, load timeout, no playable location)."""


_EVERY_LOADED = frozenset(Phase) - {Phase.IDLE}
_OPEN = frozenset(p for p in Phase if p.media_open)

TRANSITIONS: dict[Trigger, tuple[frozenset[Phase], Phase]] = {
    Trigger.LEAVE: (frozenset(Phase), Phase.STOPPED),
    Trigger.CUE: (frozenset({Phase.STOPPED}), Phase.READY),
    Trigger.OPEN: (
        frozenset({Phase.STOPPED, Phase.READY, Phase.FAILED, Phase.LOADING, Phase.PLAYING}),
        Phase.LOADING,
    ),
    Trigger.START: (frozenset({Phase.LOADING}), Phase.PLAYING),
    Trigger.RESUME: (frozenset({Phase.PAUSED}), Phase.PLAYING),
    Trigger.PAUSE: (frozenset({Phase.PLAYING}), Phase.PAUSED),
    Trigger.PARK: (frozenset({Phase.LOADING, Phase.PAUSED}), Phase.READY),
    Trigger.STOP: (_EVERY_LOADED - {Phase.STOPPED}, Phase.STOPPED),
    Trigger.FINISH: (_OPEN, Phase.STOPPED),
    Trigger.FAIL: (_EVERY_LOADED, Phase.FAILED),
}
"""For each trigger: the phases it may happen in, and the phase it leads to."""


class TransitionError(RuntimeError):
    """A move :data:`TRANSITIONS` does not allow: a bug in the player service."""


class PhaseMachine:
    """The current phase; :meth:`fire` moves it and reports a changed :class:`PlayerState`."""

    def __init__(self, on_state: Callable[[PlayerState], None]) -> None:
        self.phase = Phase.IDLE
        self._on_state = on_state

    @property
    def state(self) -> PlayerState:
        """The listener-facing state of the current phase."""
        return self.phase.state

    def can(self, trigger: Trigger) -> bool:
        """Whether ``trigger`` is allowed in the current phase."""
        return self.phase in TRANSITIONS[trigger][0]

    def fire(self, trigger: Trigger) -> Phase:
        """Move to the trigger's phase; announce the new state unless it is the same (or the
        move is :attr:`Trigger.LEAVE`, whose next phase is announced right after)."""
        sources, target = TRANSITIONS[trigger]
        if self.phase not in sources:
            raise TransitionError(f"{trigger.name} is not allowed in {self.phase.name}")
        before, self.phase = self.phase, target
        if trigger is not Trigger.LEAVE and target.state is not before.state:
            self._on_state(target.state)
        return target


def transition_table() -> str:
    """The transitions as the Markdown table docs/PLAYBACK.md shows."""
    rows = ["| trigger | from | to |", "|---|---|---|"]
    order = list(Phase)
    for trigger, (sources, target) in TRANSITIONS.items():
        names = ", ".join(p.name for p in sorted(sources, key=order.index))
        rows.append(f"| {trigger.name} | {names} | {target.name} |")
    return "\n".join(rows)
