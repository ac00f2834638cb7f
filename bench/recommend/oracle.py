"""The ceiling: what the simulated listener's own rules say the next pick will be.

For each pick the simulator makes, :func:`pick_chances` works out the chance of every episode
being picked, from the listener's true parameters and state (the slot being lived, its show
weights, drift, what is paused, what was just heard): everything the simulator knows before
it draws. The five likeliest episodes are the best top 5 any method could suggest, so the
share of plays among them bounds hit@5 from above for every scorer, ours included.

It reads the simulator's state and draws nothing: the simulated history is the same with or
without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.recommend.simulator import SimEpisode, SimShow, _Session

DAY = 86400.0


def _in_show(session: _Session, show: SimShow, t: float) -> dict[str, float]:
    """P(episode | this show is chosen), as ``_Session._pick_in_show`` draws it."""
    unheard = session._unheard(show, t)
    if not unheard:
        return {}
    if show.behaves_as == "news":
        newest = unheard[-1]
        return {newest.guid: 1.0} if t - newest.published < 1.5 * DAY else {}
    if show.behaves_as == "serial":
        status = session.state.status
        heard = [
            e.index for e in show.episodes if status.get(e.guid) in ("played", "skipped", "dropped")
        ]
        after = max(heard, default=-1)
        later = [e for e in unheard if e.index > after]
        return {later[0].guid: 1.0} if later else {}
    newest = unheard[-1]
    recent = unheard[-8:]
    p_newest = session.pop.newest_first if t - newest.published < 21 * DAY else 0.0
    out = {e.guid: (1 - p_newest) / len(recent) for e in recent}
    out[newest.guid] = out.get(newest.guid, 0.0) + p_newest
    return out


def _habitual(
    session: _Session, weights: list[float], t: float, used: set[int], frac: float
) -> dict[str, float]:
    options: list[tuple[float, dict[str, float]]] = []
    for i, show in enumerate(session.listener.shows):
        a, b = show.drift
        w = weights[i] * (a + (b - a) * frac)
        if w <= 0 or i in used:
            continue
        chances = _in_show(session, show, t)
        if not chances:
            continue
        # Only a talk show can fail the draw (it never does: it falls back to one of 8).
        options.append((w, chances))
    total = sum(w for w, _ in options)
    out: dict[str, float] = {}
    for w, chances in options:
        for guid, p in chances.items():
            out[guid] = out.get(guid, 0.0) + w / total * p
    return out


def _explore(session: _Session, t: float) -> dict[str, float]:
    shows = session.listener.shows
    out: dict[str, float] = {}
    for show in shows:
        unheard = session._unheard(show, t)
        for e in unheard:
            out[e.guid] = out.get(e.guid, 0.0) + 1 / len(shows) / len(unheard)
    return out


def _mix(into: dict[str, float], chances: dict[str, float], weight: float) -> None:
    for guid, p in chances.items():
        into[guid] = into.get(guid, 0.0) + weight * p


def pick_chances(
    session: _Session,
    previous: SimEpisode | None,
    resumable: SimEpisode | None,
    weights: list[float],
    t: float,
    used: set[int],
    weekend: bool,
    frac: float,
) -> dict[str, float]:
    """P(each episode is the next pick) at ``t`` (``resumable``: the episode a first pick
    would resume, if any)."""
    out: dict[str, float] = {}
    rest = 1.0
    if resumable is not None:
        out[resumable.guid] = session.pop.resume_rate
        rest -= session.pop.resume_rate
    pop = session.pop
    binge = pop.binge_weekend if weekend else pop.binge_weekday
    if (
        previous is not None
        and session.listener.shows[previous.show].behaves_as == "serial"
        and session.state.status.get(previous.guid) == "played"
    ):
        nxt = _in_show(session, session.listener.shows[previous.show], t)
        if nxt:
            _mix(out, nxt, rest * binge)
            rest *= 1 - binge
    _mix(out, _explore(session, t), rest * pop.explore)
    _mix(out, _habitual(session, weights, t, used, frac), rest * (1 - pop.explore))
    return out


def top5(chances: dict[str, float]) -> tuple[str, ...]:
    """The five likeliest episodes (ties by guid, for determinism)."""
    return tuple(g for g, _ in sorted(chances.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
