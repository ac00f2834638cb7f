"""bench/bench_scale.py's pure parts: runs combined (median times, worst gaps), the table with
its growth ratios, and the verdicts against the issue's targets."""

from __future__ import annotations

from bench.bench_scale import Figures, combine, table


def test_runs_combine_to_the_medians_with_the_worst_gaps_noted() -> None:
    runs = [
        Figures("1m", 10, {"window: up next shown": t, "gap: open": g})
        for t, g in ((30.0, 20.0), (10.0, 70.0), (20.0, 40.0))
    ]
    combined = combine(runs)
    assert combined.ms == {"window: up next shown": 20.0, "gap: open": 40.0}
    assert combined.notes[-1] == "worst gaps of any run, ms: open 70"


def test_the_table_shows_growth_over_the_first_size_and_judges_the_largest() -> None:
    small = Figures("40k", 40_000, {"gap: open": 20.0, "window: up next shown": 10.0})
    large = Figures("1m", 1_000_000, {"gap: open": 60.0, "window: up next shown": 30.0})
    text = table([small, large])
    lines = text.splitlines()
    assert "40k (40,000)" in lines[0] and "1m (1,000,000)" in lines[0]
    gap = next(line for line in lines if line.startswith("gap: open"))
    assert "( 3.0x)" in gap and "MISSED (< 50 ms)" in gap
    up_next = next(line for line in lines if line.startswith("window: up next"))
    assert "( 3.0x)" in up_next and up_next.endswith("ok (< 100 ms)")
