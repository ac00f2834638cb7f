"""Feed sync benchmark: our CLI against floors measured in the same run.

    .venv/bin/python bench/bench_feeds.py            # 200 feeds x 200 items (the issue's load)
    .venv/bin/python bench/bench_feeds.py --feeds 20 --repeat 1   # a quick look

It starts ``../shared/bench/feeds_server.py`` (the same synthetic feeds every client is measured
on), measures two floors, then times whole ``podcast-player`` commands, start-up included:

- fetch floor: every feed downloaded one after another with one ``httpx.Client``;
- parse floor: plain ``feedparser.parse`` over every body in one process;
- (a) ``import-opml`` of the server's OPML (200 feeds x 200 items, all new);
- (b) ``refresh`` with nothing changed (the server answers 304);
- (c) ``refresh`` after ``/_control/bump`` added one item to every feed;
- (d) (b) and (c) again with the server answering after 50 ms.

Targets (issue 3): (a) <= 0.35 x parse floor, (b) < 1 s, (c) < 15 % of (a), (d) < 2 s each.

``--p20`` measures only the Podcasting 2.0 pass (issue 19): every body of the workload parsed
and written into a fresh store in this process, once with the pass and once with it switched
off, alternating, best of ``--repeat``; it prints the pass's share of that full refresh work
(target < 10 %), and the same for a refresh after one new item per feed (the partial path).
Not part of the test suite: it takes a few minutes and measures the machine as much as us.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = ROOT.parent / "shared" / "bench" / "feeds_server.py"
GPODDER = {"a": "14-18 s", "b": "3.0-3.3 s", "c": "16-19 s"}


@contextlib.contextmanager
def feeds_server(
    script: Path, feeds: int, items: int, port: int, latency_ms: float, hosts: int = 1
) -> Iterator[str]:
    """Run the benchmark server; yields its base URL (``http://127.0.0.1:PORT/``).

    ``hosts`` spreads the feeds over 127.0.0.1..127.0.0.K (the OPML names each on its host).
    """
    proc = subprocess.Popen(
        [sys.executable, str(script), "--feeds", str(feeds), "--items", str(items),
         "--port", str(port), "--latency-ms", str(latency_ms), "--hosts", str(hosts)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"feeds server did not start: {line!r}")
        yield line.split()[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(data_dir: Path, *args: str) -> tuple[float, str]:
    """Run one CLI command as a user would; returns (seconds, stdout)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # An installed app runs from compiled bytecode; without caches every run would also time
    # compiling the modules it imports.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{args} failed: {result.stderr.strip()[-500:]}")
    return seconds, result.stdout


def floors(base: str, feeds: int) -> tuple[float, float]:
    """(fetch floor, parse floor) in seconds."""
    with httpx.Client() as client:
        started = time.perf_counter()
        bodies = [client.get(f"{base}feeds/{i:04d}.xml").content for i in range(feeds)]
        fetch = time.perf_counter() - started
    started = time.perf_counter()
    for body in bodies:
        feedparser.parse(io.BytesIO(body))
    return fetch, time.perf_counter() - started


def _refresh_work(bodies: list[tuple[str, bytes]], known: list[dict[str, str]] | None) -> float:
    """Seconds to parse every body (with fingerprints ``known``: the partial path) and write
    it into a fresh store, in this process: the work a refresh does, without the network."""
    from player.feeds.jobs import ParseJob, run_job
    from player.storage import PodcastRepo, Store
    from player.storage.feed_writer import write_feed

    store = Store(None)
    try:
        ids = [PodcastRepo(store).add(url) for url, _b in bodies]
        started = time.perf_counter()
        for index, (url, body) in enumerate(bodies):
            job = ParseJob(url, body, known=known[index] if known else None)
            outcome = run_job(job)
            write_feed(store, ids[index], outcome.doc, present=outcome.present,
                       fingerprints=outcome.fingerprints)  # fmt: skip
        return time.perf_counter() - started
    finally:
        store.close()


def p20_cost(base: str, feeds: int, repeat: int) -> None:
    """The Podcasting 2.0 pass's share of a full refresh and of a one-new-item refresh.

    Two figures per workload: the time spent inside the pass (its two entry points, timed
    while the refresh work runs) over the whole of that work; and the work with the pass
    against the work with both entry points switched off (answering "nothing found"). The
    first is the steadier one; the second includes what the pass's findings cost downstream
    (writing persons, live items, the JSON columns).
    """
    import gc

    from player.feeds import podcasting20
    from player.feeds.jobs import ParseJob, run_job

    def fetch() -> list[tuple[str, bytes]]:
        with httpx.Client() as client:
            urls = [f"{base}feeds/{i:04d}.xml" for i in range(feeds)]
            return [(u, client.get(u).content) for u in urls]

    real = {name: getattr(podcasting20, name) for name in ("extract", "extract_items")}
    inside = [0.0]

    def timed(function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            if inside[0] < 0:  # nested (extract_items calls extract): counted by the outer
                return function(*args, **kwargs)
            started = time.perf_counter()
            saved, inside[0] = inside[0], -1.0
            try:
                return function(*args, **kwargs)
            finally:
                inside[0] = saved + time.perf_counter() - started

        return run

    def switch(mode: str) -> None:
        for name, function in real.items():
            replacement = {"on": function, "timed": timed(function)}.get(mode)
            setattr(podcasting20, name, replacement or (lambda *_a, **_k: None))

    bodies = fetch()
    marked = sum(podcasting20.has_namespace(b) for _u, b in bodies)
    known = [run_job(ParseJob(u, b)).fingerprints or {} for u, b in bodies]
    control(base, "bump?count=1")
    bumped = fetch()
    results: dict[str, list[float]] = {}
    for _ in range(repeat):
        for kind, work, state in (("full", bodies, None), ("bump", bumped, known)):
            for mode in ("on", "off", "timed"):
                switch(mode)
                inside[0] = 0.0
                gc.collect()
                seconds = _refresh_work(work, state)
                results.setdefault(f"{kind} {mode}", []).append(seconds)
                if mode == "timed":
                    results.setdefault(f"{kind} share", []).append(inside[0] / seconds)
    switch("on")
    print(f"\nPodcasting 2.0 pass, {feeds} feeds ({marked} use the namespace), best of {repeat}")
    for kind, label in (("full", "full refresh (all new)"), ("bump", "refresh, 1 new item/feed")):
        share = statistics.median(results[f"{kind} share"])
        with_pass, without = min(results[f"{kind} on"]), min(results[f"{kind} off"])
        print(
            f"  {label}: time inside the pass {share:5.1%} of the work "
            f"(target < 10 %: {'yes' if share < 0.10 else 'NO'}); work with the pass "
            f"{with_pass:.2f} s, without {without:.2f} s ({with_pass / without - 1:+.1%})"
        )


def control(base: str, command: str) -> None:
    """A control request (regenerating 200 feeds takes the server several seconds)."""
    httpx.get(f"{base}_control/{command}", timeout=300).raise_for_status()


def median_run(data_dir: Path, repeat: int, before: str | None, base: str) -> float:
    """Median seconds of ``refresh --json`` (after a bump each time when ``before``)."""
    times = []
    for _ in range(repeat):
        if before == "bump":
            control(base, "bump?count=1")
        seconds, _out = cli(data_dir, "refresh", "--json")
        times.append(seconds)
        print(f"  refresh{' after bump' if before else ''}: {seconds:.2f} s", flush=True)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b), (c), (d); median")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--server", type=Path, default=DEFAULT_SERVER)
    parser.add_argument(
        "--p20", action="store_true", help="only the Podcasting 2.0 pass's share (issue 19)"
    )
    args = parser.parse_args(argv)
    if not args.server.is_file():
        print(f"feeds server not found at {args.server} (use --server)", file=sys.stderr)
        return 2
    if args.p20:
        sys.path.insert(0, str(ROOT))
        with feeds_server(args.server, args.feeds, args.items, free_port(), 0) as base:
            p20_cost(base, args.feeds, args.repeat)
        return 0
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    data = work / "data"
    try:
        with feeds_server(args.server, args.feeds, args.items, port, 0) as base:
            fetch_floor, parse_floor = floors(base, args.feeds)
            print(f"  floors: fetch {fetch_floor:.2f} s, parse {parse_floor:.2f} s", flush=True)
            cli(work / "warm-up", "refresh", "--json")  # writes the bytecode caches
            a, _ = cli(data, "import-opml", f"{base}subscriptions.opml", "--json")
            print(f"  (a) import-opml: {a:.2f} s", flush=True)
            b = median_run(data, args.repeat, None, base)
            c = median_run(data, args.repeat, "bump", base)
            bumps = args.repeat
        with feeds_server(args.server, args.feeds, args.items, port, args.latency_ms) as base:
            # A fresh server serves un-bumped feeds: bump it to where the library already is,
            # so the first (d) refresh really has nothing new.
            control(base, f"bump?count={bumps}")
            db = median_run(data, args.repeat, None, base)
            dc = median_run(data, args.repeat, "bump", base)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = f"{args.feeds} feeds x {args.items} items"
    print(f"\nFeed sync benchmark, {n}, {os.cpu_count()} cores, median of {args.repeat} "
          "for (b)-(d)")  # fmt: skip
    print(f"  fetch floor (one httpx client, one by one): {fetch_floor:7.2f} s")
    print(f"  parse floor (feedparser.parse, one process): {parse_floor:7.2f} s")
    rows = [
        ("(a) import-opml, all new", a, f"{a / parse_floor:.2f} x parse floor", "<= 0.35 x",
         a <= 0.35 * parse_floor, GPODDER["a"]),
        ("(b) refresh, nothing changed", b, f"{b / fetch_floor:.2f} x fetch floor", "< 1 s",
         b < 1.0, GPODDER["b"]),
        ("(c) refresh, 1 new item per feed", c, f"{c / a:.1%} of (a)", "< 15 % of (a)",
         c < 0.15 * a, GPODDER["c"]),
        (f"(d) = (b) at {args.latency_ms:g} ms latency", db, "", "< 2 s", db < 2.0, ""),
        (f"(d) = (c) at {args.latency_ms:g} ms latency", dc, "", "< 2 s", dc < 2.0, ""),
    ]  # fmt: skip
    print(f"\n  {'workload':38} {'seconds':>8}  {'ratio':24} {'target':14} {'met':4} gPodder")
    for name, seconds, ratio, target, met, gpodder in rows:
        print(f"  {name:38} {seconds:8.2f}  {ratio:24} {target:14} "
              f"{'yes' if met else 'NO':4} {gpodder}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
