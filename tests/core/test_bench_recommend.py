"""The recommendation bench's diagnostics: pick labels and the oracle's ceiling."""

from __future__ import annotations

from collections import Counter

from bench.recommend.populations import POPULATIONS
from bench.recommend.simulator import simulate


def test_every_play_says_how_it_was_picked_and_the_oracle_knows_the_certain_ones() -> None:
    listener = simulate(POPULATIONS["irregular"], 1, 0)
    kinds = Counter(p.why.split(": ")[0] for p in listener.plays)
    assert set(kinds) <= {"resume", "binge", "explore", "slot", "off-slot"}
    assert kinds["resume"] and kinds["explore"] and kinds["slot"]
    for play in listener.plays:
        assert 1 <= len(play.oracle) <= 5 and len(set(play.oracle)) == len(play.oracle)
        if play.why in ("resume", "binge"):
            # The likeliest picks: a resume has 0.7 of the chance, a binge at least 0.3.
            assert play.episode.guid in play.oracle
    caught = sum(p.episode.guid in p.oracle for p in listener.plays) / len(listener.plays)
    explore = [p for p in listener.plays if p.why == "explore"]
    assert 0.4 < caught < 0.9
    assert sum(p.episode.guid in p.oracle for p in explore) <= len(explore) * 0.1


def test_the_same_seed_gives_the_same_history() -> None:
    a = simulate(POPULATIONS["default"], 2, 3)
    b = simulate(POPULATIONS["default"], 2, 3)
    assert [(p.episode.guid, p.start, p.to_pos, p.why, p.oracle) for p in a.plays] == [
        (p.episode.guid, p.start, p.to_pos, p.why, p.oracle) for p in b.plays
    ]
