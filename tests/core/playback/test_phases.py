"""The player's state machine: the transition table on its own, the table docs/PLAYBACK.md
prints, and the phases a real session goes through (libVLC on dummy outputs, and the null engine
with events delivered inline, as an emit on the GUI thread delivers them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.playback.null_engine import NullEngine
from player.services.playback import PlaybackService
from player.services.playback_phase import (
    TRANSITIONS,
    Phase,
    PhaseMachine,
    TransitionError,
    Trigger,
    transition_table,
)
from player.services.playback_state import PlaybackFailed, PlayerEvent, PlayerState, StateChanged
from player.storage import EpisodeRepo, Store
from tests.conftest import ROOT
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig

# -- the table, pure ---------------------------------------------------------------------------


def _machine_in(phase: Phase) -> tuple[PhaseMachine, list[PlayerState]]:
    announced: list[PlayerState] = []
    machine = PhaseMachine(announced.append)
    machine.phase = phase
    return machine, announced


@pytest.mark.parametrize("trigger", list(Trigger))
@pytest.mark.parametrize("phase", list(Phase))
def test_every_trigger_in_every_phase_moves_as_the_table_says(
    phase: Phase, trigger: Trigger
) -> None:
    machine, announced = _machine_in(phase)
    sources, target = TRANSITIONS[trigger]
    if phase not in sources:
        with pytest.raises(TransitionError, match=f"{trigger.name} is not allowed in"):
            machine.fire(trigger)
        assert machine.phase is phase and announced == []
        return
    assert machine.can(trigger)
    assert machine.fire(trigger) is target and machine.phase is target
    # Listeners hear a state only when it changes, and never the quiet step of loading.
    changed = target.state is not phase.state and trigger is not Trigger.LEAVE
    assert announced == ([target.state] if changed else [])


def test_the_phases_keep_the_states_listeners_and_mpris_compare_as_strings() -> None:
    assert {p: str(p.state) for p in Phase} == {
        Phase.IDLE: "stopped",
        Phase.STOPPED: "stopped",
        Phase.READY: "paused",
        Phase.LOADING: "loading",
        Phase.PLAYING: "playing",
        Phase.PAUSED: "paused",
        Phase.FAILED: "error",
    }
    assert PlayerState.PLAYING == "playing"  # the bridge's and the CLI's comparisons
    assert [p for p in Phase if p.media_open] == [Phase.LOADING, Phase.PLAYING, Phase.PAUSED]
    assert [p for p in Phase if p.has_played] == [Phase.PLAYING, Phase.PAUSED]


def test_only_loading_leaves_the_idle_phase() -> None:
    assert [t for t, (sources, _) in TRANSITIONS.items() if Phase.IDLE in sources] == [
        Trigger.LEAVE
    ]


def test_the_contract_document_prints_the_table_the_code_enforces() -> None:
    text = (ROOT / "docs" / "PLAYBACK.md").read_text(encoding="utf-8")
    assert transition_table() in text


# -- a real session ----------------------------------------------------------------------------


def _phases(rig: Rig) -> list[Phase]:
    """The phase at each announced state change, from now on."""
    seen: list[Phase] = []

    def record(event: PlayerEvent) -> None:
        if isinstance(event, StateChanged):
            seen.append(rig.player.phase)

    rig.player.subscribe(record)
    return seen


def test_a_session_goes_ready_loading_playing_paused_playing_stopped(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode_id,) = add_podcast(store, [item("tone", media.tone())])
    seen = _phases(rig)
    assert rig.player.phase is Phase.IDLE
    rig.player.load(episode_id, autoplay=False)
    assert rig.player.phase is Phase.READY
    rig.player.play()
    assert rig.player.phase is Phase.LOADING
    rig.wait_position(0.5)
    rig.player.pause()
    rig.player.play()  # resumes at once: the engine's event is not awaited
    assert rig.player.phase is Phase.PLAYING
    rig.player.stop()
    assert seen == [
        Phase.READY,
        Phase.LOADING,
        Phase.PLAYING,
        Phase.PAUSED,
        Phase.PLAYING,
        Phase.STOPPED,
    ]
    assert EpisodeRepo(store).get(episode_id).position > 0.4  # the place was kept


def test_a_pause_while_loading_parks_the_episode_at_its_place(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode_id,) = add_podcast(store, [item("tone", media.tone())])
    rig.player.load(episode_id, autoplay=False)
    rig.player.seek(12.0)
    rig.player.play()
    rig.player.pause()  # before libVLC said anything
    assert rig.player.phase is Phase.READY and rig.player.state is PlayerState.PAUSED
    rig.run_for(0.5)  # a late "playing" from the dropped media changes nothing
    assert rig.player.phase is Phase.READY and rig.player.position == 12.0
    rig.player.play()
    rig.wait_state(PlayerState.PLAYING)
    assert rig.player.position >= 12.0


def test_a_failure_is_a_phase_that_play_retries(store: Store, rig: Rig, tmp_path: Path) -> None:
    (episode_id,) = add_podcast(store, [item("gone", tmp_path / "missing.mp3")])
    rig.player.load(episode_id)
    assert rig.player.phase is Phase.FAILED
    rig.player.play()  # retry: still missing, a second sentence but no new state
    assert rig.player.phase is Phase.FAILED
    assert len(rig.of(PlaybackFailed)) == 2
    assert [e.state for e in rig.of(StateChanged)] == [PlayerState.ERROR]
    rig.player.stop()
    assert rig.player.phase is Phase.STOPPED


def test_the_end_of_the_media_finishes_into_stopped(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode_id,) = add_podcast(store, [item("short", media.tone(1.5))])
    rig.player.load(episode_id)
    rig.wait(lambda: rig.player.phase is Phase.STOPPED, what="the end")
    assert [e.state for e in rig.of(StateChanged)][-2:] == [
        PlayerState.PLAYING,
        PlayerState.STOPPED,
    ]


def test_events_delivered_inline_walk_the_same_table(store: Store, media: MediaFactory) -> None:
    """Qt's default connection runs an emit from the GUI thread at once, inside the command
    that caused it: the null engine then reports "started" from within ``play``."""
    good, missing = add_podcast(
        store, [item("good", media.tone(3.0)), item("missing", Path("/nonexistent/x.mp3"))]
    )
    player = PlaybackService(store, NullEngine(), post=lambda fn: fn())
    states: list[PlayerState] = []
    player.subscribe(lambda e: states.append(e.state) if isinstance(e, StateChanged) else None)
    player.load(good)
    assert player.phase is Phase.PLAYING  # Started arrived inside load()
    player.pause()
    player.play()
    assert player.phase is Phase.PLAYING
    player.load(missing)
    assert player.phase is Phase.FAILED
    assert states == [
        PlayerState.LOADING,
        PlayerState.PLAYING,
        PlayerState.PAUSED,
        PlayerState.PLAYING,
        PlayerState.ERROR,
    ]
    player.shutdown()
