"""Listening-statistics benchmark: a whole statistics run (totals, days, weeks, months, shows,
heatmap, time saved, completion, release to play) and a yearly review over 10,000 sessions.

    .venv/bin/python bench/bench_stats.py                 # 10,000 sessions, 5 runs
    .venv/bin/python bench/bench_stats.py --sessions 50000

The library is a real SQLite file in a temporary folder, a year of made-up listening over five
shows (``tests/support/listening_log.py``). The baseline, measured in the same run, is a plain
``COUNT``/``SUM`` scan of ``play_events``: the floor any statistics must stand on. The budget
is 100 ms for 10,000 sessions (issue 18).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.services.statistics import ListeningStatistics  # noqa: E402
from player.storage import Store  # noqa: E402
from player.storage.statistics import StatisticsRepo  # noqa: E402
from tests.support.listening_log import seed_history  # noqa: E402


def best_ms(fn: object, runs: int) -> tuple[float, float]:
    """(best, median) wall milliseconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "library.sqlite3")
        now = time.time()
        seed_history(store, args.sessions, now)
        service = ListeningStatistics(store, ZoneInfo("Europe/Berlin"))
        repo = StatisticsRepo(store)
        this_year = service.calendar.today().year
        base = best_ms(repo.scan_baseline, args.runs)
        fetch = best_ms(lambda: repo.spans(None, None), args.runs)
        whole = best_ms(lambda: service.compute(), args.runs)
        review = best_ms(lambda: service.year_review(this_year), args.runs)
        month_ago = service.calendar.today() - timedelta(days=29)
        month = best_ms(lambda: service.compute(month_ago), args.runs)
        result = service.compute()
        store.close()
    print(f"{args.sessions} sessions, {len(result.days)} days, best of {args.runs} (median):")
    print(f"  baseline COUNT/SUM scan     {base[0]:7.1f} ms ({base[1]:.1f})")
    print(f"  the span rows alone (SQL)   {fetch[0]:7.1f} ms ({fetch[1]:.1f})")
    print(f"  statistics, all time        {whole[0]:7.1f} ms ({whole[1]:.1f})")
    print(f"  yearly review {this_year}        {review[0]:7.1f} ms ({review[1]:.1f})")
    print(f"  statistics, last 30 days    {month[0]:7.1f} ms ({month[1]:.1f})")
    budget = 100.0 * args.sessions / 10_000
    verdict = "within" if whole[0] < budget else "OVER"
    print(f"  budget {budget:.0f} ms: {verdict}")
    return 0 if whole[0] < budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
