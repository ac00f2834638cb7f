"""Evaluation harness: replay each simulated listener's held-out history against up next.

    python -m bench.recommend.evaluate [--populations default,commuters] [--seeds 1,2,3]
                                       [--listeners 8] [--workers 2]

For every listener: the simulator writes the library as RSS feeds, served by a loopback HTTP
server, and the history as gpodder.net episode actions. A fresh in-memory library subscribes to
the feeds over HTTP, imports the first 70% of the history with ``import-actions``' service, then
replays the rest one play at a time: before each play it asks up next, at that play's moment,
for its ranking, and asks the two baselines too; then it imports that play. Hit-rate@5: the
share of plays that were in the top 5. MRR: the mean of 1/rank over the top 20 (0 beyond).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import multiprocessing
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

from bench.recommend.baselines import most_played_show, newest_unplayed
from bench.recommend.library_files import feed_url, media_url, write_listener
from bench.recommend.populations import POPULATIONS
from bench.recommend.simulator import TIMEZONE, Listener, simulate
from player.feeds.parse import parse_feed
from player.services.episode_actions import EpisodeActionsService, parse_actions
from player.services.up_next import UpNextService
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import write_feed

DEPTH = 20  # ranks counted for MRR
METHODS = ("up next", "newest unplayed", "most-played show")


@dataclass(slots=True)
class Tally:
    """Hits and reciprocal ranks of one method over many plays."""

    plays: int = 0
    hits: int = 0
    rr: float = 0.0

    def add(self, ranking: list[int], target: int) -> None:
        self.plays += 1
        if target in ranking[:5]:
            self.hits += 1
        if target in ranking:
            self.rr += 1.0 / (ranking.index(target) + 1)

    @property
    def hit_rate(self) -> float:
        return self.hits / self.plays if self.plays else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.plays if self.plays else 0.0


@dataclass(slots=True)
class ListenerResult:
    population: str
    seed: int
    tallies: dict[str, Tally] = field(default_factory=dict)
    suggest_ms: list[float] = field(default_factory=list)
    by_why: dict[str, Tally] = field(default_factory=dict)  # up next, by the simulator's pick
    oracle: dict[str, Tally] = field(default_factory=dict)  # the ceiling, by the same picks


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """A loopback static file server over ``root``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def subscribe_all(store: Store, base_url: str, listener: Listener) -> None:
    """Subscribe to every show of the listener over HTTP, as the app would."""
    podcasts = PodcastRepo(store)
    with httpx.Client(timeout=30) as client:
        for show in listener.shows:
            url = feed_url(base_url, listener, show)
            response = client.get(url)
            response.raise_for_status()
            doc = parse_feed(response.content, url)
            write_feed(store, podcasts.add(url, title=doc.title), doc)


def evaluate_listener(job: tuple[str, int, int, str, str]) -> ListenerResult:
    """Simulate, load and replay one listener; returns the three methods' tallies."""
    pop_name, seed, index, root, base_url = job
    listener = simulate(POPULATIONS[pop_name], seed, index)
    train, test = write_listener(Path(root), base_url, listener)
    store = Store(None)
    try:
        subscribe_all(store, base_url, listener)
        actions = EpisodeActionsService(store)
        actions.import_file(train)
        up_next = UpNextService(store, tz=TIMEZONE)
        conn = store.connection()
        by_url = dict(conn.execute("SELECT enclosure_url, id FROM episodes").fetchall())
        by_guid = dict(conn.execute("SELECT guid, id FROM episodes").fetchall())
        methods: dict[str, Callable[[float], list[int]]] = {
            "newest unplayed": lambda at: newest_unplayed(store, at, DEPTH),
            "most-played show": lambda at: most_played_show(store, at, DEPTH),
        }
        result = ListenerResult(pop_name, seed, {m: Tally() for m in METHODS})
        picks = {
            (media_url(base_url, listener, p.episode), p.from_pos, p.to_pos): p
            for p in listener.plays
            if p.start >= listener.split
        }
        for action in parse_actions(test.read_text("utf-8")):
            start = (
                action.timestamp - ((action.position or 0) - (action.started or 0)) / action.rate
            )
            target = by_url[action.episode]
            t0 = time.perf_counter()
            ranking = [
                s.episode.id
                for s in up_next.suggest(datetime.fromtimestamp(start, TIMEZONE), DEPTH)
            ]
            result.suggest_ms.append((time.perf_counter() - t0) * 1000)
            result.tallies["up next"].add(ranking, target)
            play = picks[(action.episode, action.started, action.position)]
            result.by_why.setdefault(play.why, Tally()).add(ranking, target)
            oracle = [by_guid[guid] for guid in play.oracle]
            result.oracle.setdefault(play.why, Tally()).add(oracle, target)
            for name, method in methods.items():
                result.tallies[name].add(method(start), target)
            actions.import_actions([action])
        return result
    finally:
        store.close()


def _merge(tallies: list[dict[str, Tally]]) -> dict[str, Tally]:
    total: dict[str, Tally] = {}
    for part in tallies:
        for key, t in part.items():
            agg = total.setdefault(key, Tally())
            agg.plays += t.plays
            agg.hits += t.hits
            agg.rr += t.rr
    return total


def _why_table(results: list[ListenerResult], populations: list[str]) -> str:
    """Up next's hits and misses by how the simulator picked each play (all seeds), beside the
    ceiling: the top 5 by the simulated listener's own rules (see ``oracle.py``)."""
    lines = [
        "| population | pick | plays | share of plays | hit@5 up next | MRR up next | "
        "share of misses | hit@5 ceiling |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for pop in populations:
        chosen = [r for r in results if r.population == pop]
        total = _merge([r.by_why for r in chosen])
        ceiling = _merge([r.oracle for r in chosen])
        plays = sum(t.plays for t in total.values()) or 1
        misses = sum(t.plays - t.hits for t in total.values()) or 1
        for how, t in sorted(total.items(), key=lambda kv: (-(kv[1].plays - kv[1].hits), kv[0])):
            lines.append(
                f"| {pop} | {how} | {t.plays} | {t.plays / plays:.1%} | {t.hit_rate:.3f} | "
                f"{t.mrr:.3f} | {(t.plays - t.hits) / misses:.1%} | "
                f"{ceiling[how].hit_rate:.3f} |"
            )
        hits = sum(t.hits for t in total.values())
        best = sum(t.hits for t in ceiling.values())
        lines.append(
            f"| {pop} | **all** | {plays} | 100% | {hits / plays:.3f} | | 100% | "
            f"**{best / plays:.3f}** |"
        )
    return "\n".join(lines)


def _table(results: list[ListenerResult], populations: list[str], seeds: list[int]) -> str:
    lines = [
        "| population | seed | plays | hit@5 up next | hit@5 newest | hit@5 most-played | "
        "MRR up next | MRR newest | MRR most-played | hit ratio vs best baseline |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for pop in populations:
        for seed in [*seeds, None]:
            chosen = [
                r for r in results if r.population == pop and (seed is None or r.seed == seed)
            ]
            total = {m: Tally() for m in METHODS}
            for r in chosen:
                for m, t in r.tallies.items():
                    total[m].plays += t.plays
                    total[m].hits += t.hits
                    total[m].rr += t.rr
            best = max(total["newest unplayed"].hit_rate, total["most-played show"].hit_rate)
            ratio = total["up next"].hit_rate / best if best else float("inf")
            label = "**all**" if seed is None else str(seed)
            lines.append(
                f"| {pop} | {label} | {total['up next'].plays} | "
                + " | ".join(f"{total[m].hit_rate:.3f}" for m in METHODS)
                + " | "
                + " | ".join(f"{total[m].mrr:.3f}" for m in METHODS)
                + f" | {ratio:.2f}x |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populations", default=",".join(POPULATIONS))
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--listeners", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    populations = args.populations.split(",")
    seeds = [int(s) for s in args.seeds.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="upnext-sim-") as tmp, serve(Path(tmp)) as base:
        jobs = [
            (pop, seed, i, tmp, base)
            for pop in populations
            for seed in seeds
            for i in range(args.listeners)
        ]
        if args.workers > 1:
            with multiprocessing.get_context("fork").Pool(args.workers) as pool:
                results = pool.map(evaluate_listener, jobs, chunksize=1)
        else:
            results = [evaluate_listener(j) for j in jobs]
    print(_table(results, populations, seeds))
    print("\nUp next by the simulator's pick (all seeds):\n")
    print(_why_table(results, populations))
    times = sorted(t for r in results for t in r.suggest_ms)
    print(
        f"\n{len(results)} listeners, {len(times)} replayed plays in "
        f"{time.perf_counter() - started:.0f} s; up next per query: median "
        f"{statistics.median(times):.1f} ms, p95 {times[int(0.95 * len(times))]:.1f} ms "
        "(small libraries; see speed.py for 200,000 episodes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
