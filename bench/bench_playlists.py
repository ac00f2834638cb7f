"""Smart playlist benchmark: realistic playlists evaluated by SQL over 200,000 episodes.

    .venv/bin/python bench/bench_playlists.py                  # 1,000 feeds x 200, 15 runs
    .venv/bin/python bench/bench_playlists.py --feeds 250 --plans

The library is a real SQLite file in a temporary folder (``tests/support/playlist_library.py``:
shows in random folders with random tags, episodes with random states, downloads, lengths and
dates over 400 days). For each playlist it times, ``--runs`` times (median and best), what the
window does when the listener selects it (the first page of 200 rows and the count) and the
whole evaluation (every episode id, what "play this playlist" queues); then the sidebar's live
counts of ten playlists (``PlaylistRepo.summaries``). The baseline, measured in the same run,
is the plain ``EpisodeRepo.list(EpisodeQuery(unplayed=True), limit=50)`` of the "New" view.
The budget is 50 ms per playlist evaluation (issue 22).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.playlist_words import parse_rule_words  # noqa: E402
from player.domain.playlists import PlaylistRules  # noqa: E402
from player.domain.queries import EpisodeQuery  # noqa: E402
from player.storage import EpisodeRepo, Store  # noqa: E402
from player.storage.playlists import PlaylistRepo  # noqa: E402
from tests.support.playlist_library import build_library  # noqa: E402

BUDGET_MS = 50.0
PAGE = 200
PLAYLISTS = {
    "new from News, <30 min, newest, 50": "folder:News state:new duration:<30m limit:50",
    "tag tech + downloaded": "tag:tech downloaded:yes",
    "in progress": "in-progress",
    "published in the last 7 days": "age:<7d",
}
"""The issue's realistic playlists (timed one by one)."""
MORE = (
    "state:new",
    "tag:long -folder:Comedy state:new",
    "state:new sort:oldest limit:20",
    "podcast:1 podcast:2 podcast:3 podcast:4 podcast:5 sort:title",
    "duration:>1h state:new sort:longest",
    "age:>30d downloaded:yes",
)
"""Six more for the sidebar's ten live counts."""


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, best) wall milliseconds of ``runs`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--per-feed", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "library.sqlite3")
        t0 = time.perf_counter()
        build_library(store, args.feeds, args.per_feed, time.time())
        built = time.perf_counter() - t0
        episodes = EpisodeRepo(store)
        repo = PlaylistRepo(store)
        total = episodes.count()
        base = timed(lambda: episodes.list(EpisodeQuery(unplayed=True), limit=50), args.runs)
        print(f"{total:,} episodes in {args.feeds:,} feeds (built in {built:.1f} s); "
              f"median (best) of {args.runs} runs")  # fmt: skip
        print(f"  baseline: 'New', first 50            {base[0]:7.2f} ms ({base[1]:.2f})")
        worst = 0.0
        ids: dict[str, int] = {}
        for label, words in PLAYLISTS.items():
            rules = parse_rule_words(words.split())
            pid = ids[label] = repo.save(label, rules)
            query = EpisodeQuery(playlist_id=pid)
            count = episodes.count(query)

            def shown(query: EpisodeQuery = query) -> object:
                return episodes.list(query, limit=PAGE), episodes.count(query)

            def whole(rules: PlaylistRules = rules) -> object:
                return repo.episode_ids(rules)

            first, every = timed(shown, args.runs), timed(whole, args.runs)
            worst = max(worst, first[0], every[0])
            print(f"  {label:<38} {count:>6,} episodes")
            print(f"    selected: first {PAGE} + count    {first[0]:7.2f} ms ({first[1]:.2f})"
                  f"  {first[0] / base[0]:5.1f}x baseline")  # fmt: skip
            print(f"    whole evaluation (ids)        {every[0]:7.2f} ms ({every[1]:.2f})"
                  f"  {every[0] / base[0]:5.1f}x baseline")  # fmt: skip
            if args.plans:
                for line in episodes.query_plan(query, PAGE):
                    print(f"      plan: {line}")
                for line in episodes.query_plan(query, counting=True):
                    print(f"      count plan: {line}")
        for words in MORE:
            repo.save(words, parse_rule_words(words.split()))
        summaries = repo.summaries()
        counts = timed(repo.summaries, args.runs)
        print(f"  sidebar counts of {len(summaries)} playlists     {counts[0]:7.2f} ms "
              f"({counts[1]:.2f})  {counts[0] / base[0]:5.1f}x baseline")  # fmt: skip
        for s in summaries:
            print(f"    {s.count:>7,}  {s.name}")
        store.close()
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(f"  budget {BUDGET_MS:.0f} ms per playlist evaluation: {verdict} (worst {worst:.1f} ms)")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
