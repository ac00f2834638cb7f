"""Driving a player service in tests: an owner-thread loop, ticks, and a record of its events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from player.playback.engine import Engine
from player.services.event_loop import EventLoop
from player.services.playback import TICK_SECONDS, PlaybackService
from player.services.playback_state import PlayerEvent, PlayerState
from player.storage import Store

E = TypeVar("E", bound=PlayerEvent)


class PlayerRig:
    """A :class:`PlaybackService` on an :class:`EventLoop`, its events kept in order with the
    monotonic time each arrived."""

    def __init__(self, store: Store, engine: Engine, **kwargs: object) -> None:
        self.loop = EventLoop()
        self.engine = engine
        self.player = PlaybackService(store, engine, post=self.loop.post, **kwargs)  # type: ignore[arg-type]
        self.events: list[tuple[float, PlayerEvent]] = []
        self.player.subscribe(lambda e: self.events.append((time.monotonic(), e)))
        self.loop.every(TICK_SECONDS, self.player.tick)

    def wait(self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
        """Run the loop until ``predicate`` holds; fail the test when it never does."""
        if not self.loop.run_until(predicate, timeout):
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what or predicate}; "
                f"state={self.player.state}, position={self.player.position:.2f}, "
                f"last events={[e for _, e in self.events[-5:]]}"
            )

    def wait_state(self, state: PlayerState, timeout: float = 10.0) -> None:
        """Run until the player is in ``state``."""
        self.wait(lambda: self.player.state is state, timeout, f"state {state}")

    def wait_position(self, seconds: float, timeout: float = 10.0) -> None:
        """Run until the position reaches ``seconds``."""
        self.wait(lambda: self.player.position >= seconds, timeout, f"position {seconds}")

    def run_for(self, seconds: float) -> None:
        """Let playback go on for ``seconds`` of wall time (the thing being measured)."""
        self.loop.run_until(lambda: False, seconds)

    def of(self, kind: type[E]) -> list[E]:
        """Events of one type, in order."""
        return [e for _, e in self.events if isinstance(e, kind)]

    def close(self) -> None:
        """Shut the player down (saves the position, releases the engine)."""
        self.player.shutdown()
