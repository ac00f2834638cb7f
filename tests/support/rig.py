"""The one rig for playback tests and benchmarks: an owner-thread loop and a record of events.

A :class:`Rig` drives either a bare :class:`Engine` (the engine contract: its events arrive on
this thread through the loop, as they reach the player service in the app) or a
:class:`PlaybackService` on an engine (the service's events, with the service ticked as the
window ticks it). Either way ``events`` keeps what arrived, in order, with the monotonic time
each arrived, and the ``wait`` methods run the loop until something holds or fail the test.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from player.playback.engine import Engine, EngineEvent, Started
from player.services.event_loop import EventLoop
from player.services.playback import TICK_SECONDS, PlaybackService
from player.services.playback_state import PlayerEvent, PlayerState
from player.storage import Store

Event = EngineEvent | PlayerEvent
E = TypeVar("E")


class Rig:
    """An engine, or a player service on one, run by an :class:`EventLoop` on this thread.

    Make one with :meth:`for_engine` or :meth:`for_player`.
    """

    def __init__(self, engine: Engine, player: PlaybackService | None, loop: EventLoop) -> None:
        self.loop = loop
        self.engine = engine
        self._player = player
        self.events: list[tuple[float, Event]] = []
        self.threads: set[int] = set()
        """The threads events arrived on (only the test's own, when the post is right)."""

    @classmethod
    def for_engine(cls, engine: Engine) -> Rig:
        """The engine's own events, posted to this thread's loop."""
        rig = cls(engine, None, EventLoop())
        engine.set_listener(rig.record, rig.loop.post)
        return rig

    @classmethod
    def for_player(cls, store: Store, engine: Engine, *, tick: bool = True, **kwargs: Any) -> Rig:
        """A :class:`PlaybackService` on ``engine`` (``kwargs`` go to it), ticked by the loop as
        the window ticks it (``tick=False``: only the engine's own events move it)."""
        loop = EventLoop()
        player = PlaybackService(store, engine, post=loop.post, **kwargs)
        rig = cls(engine, player, loop)
        player.subscribe(rig.record)
        if tick:
            loop.every(TICK_SECONDS, player.tick)
        return rig

    @property
    def player(self) -> PlaybackService:
        """The player service (a rig made by :meth:`for_engine` has none)."""
        if self._player is None:
            raise AssertionError("this rig drives a bare engine, not a player service")
        return self._player

    def record(self, event: Event) -> None:
        """The listener: keep ``event`` with the time it arrived and the thread it arrived on."""
        self.events.append((time.monotonic(), event))
        self.threads.add(threading.get_ident())

    # -- waiting -------------------------------------------------------------------------

    def wait(self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
        """Run the loop until ``predicate`` holds; fail the test when it never does."""
        if not self.loop.run_until(predicate, timeout):
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what or predicate}; {self._where()}"
                f"last events={[e for _, e in self.events[-5:]]}"
            )

    def _where(self) -> str:
        if self._player is None:
            return ""
        return f"state={self._player.state}, position={self._player.position:.2f}, "

    def wait_for(self, kind: type[E], timeout: float = 10.0) -> E:
        """Run until an event of ``kind`` has arrived; the first one."""
        self.wait(lambda: bool(self.of(kind)), timeout, f"a {kind.__name__} event")
        return self.of(kind)[0]

    def wait_state(self, state: PlayerState, timeout: float = 10.0) -> None:
        """Run until the player is in ``state``."""
        self.wait(lambda: self.player.state is state, timeout, f"state {state}")

    def wait_position(self, seconds: float, timeout: float = 10.0) -> None:
        """Run until the player's position reaches ``seconds``."""
        self.wait(lambda: self.player.position >= seconds, timeout, f"position {seconds}")

    def run_for(self, seconds: float) -> None:
        """Let playback go on for ``seconds`` of wall time (the thing being measured)."""
        self.loop.run_until(lambda: False, seconds)

    def of(self, kind: type[E]) -> list[E]:
        """Events of one type, in order."""
        return [e for _, e in self.events if isinstance(e, kind)]

    # -- the engine alone ----------------------------------------------------------------

    def start(self, location: str, start: float = 0.0, **kw: bool) -> None:
        """Open and play ``location`` on the bare engine; returns once it has started."""
        self.engine.open(location, start=start, **kw)
        self.engine.play()
        self.wait_for(Started)

    def close(self) -> None:
        """Shut the player down (saves the position, releases the engine), or just release the
        bare engine."""
        if self._player is not None:
            self._player.shutdown()
        else:
            self.engine.release()
