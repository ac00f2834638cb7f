"""Download throughput: the download manager beside curl, same files, same parallelism.

20 files of 20 MB (real WAV audio made by ffmpeg) are served from a loopback server running in
its own process (``tests/support/http_server.py``, with ``sendfile``, so the server is never
the bottleneck). Each round times ``curl --parallel --parallel-max P`` and the manager with
``downloads.parallel = downloads.per_host = P`` fetching all of them into fresh folders; the
two alternate which goes first. The manager's time includes what curl does not do: media
checks, fsync of every file, the atomic move, reading the duration and writing the store. A
"curl + fsync" column shows what making curl's files durable would add.

Run: ``.venv/bin/python bench/bench_downloads.py`` (``--help`` for sizes and rounds).
Target: median ratio manager / curl <= 1.25.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.feed import FeedDocument, FeedItem  # noqa: E402
from player.paths import DataPaths  # noqa: E402
from player.services.downloads import DownloadManager  # noqa: E402
from player.storage import PodcastRepo, Store  # noqa: E402
from player.storage.feed_writer import write_feed  # noqa: E402

TARGET = 1.25


def make_media(folder: Path, count: int, megabytes: int) -> list[Path]:
    """``count`` WAV files of about ``megabytes`` MB (44.1 kHz stereo 16-bit noise)."""
    seconds = megabytes * 1_000_000 / (44_100 * 2 * 2)
    first = folder / "ep00.wav"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"anoisesrc=d={seconds:.3f}:c=pink:r=44100", "-ac", "2", "-c:a", "pcm_s16le", str(first)],
        check=True,
    )  # fmt: skip
    files = [first]
    for i in range(1, count):
        copy = folder / f"ep{i:02d}.wav"
        shutil.copyfile(first, copy)
        files.append(copy)
    return files


def start_server(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """The range server in its own process; returns it and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.http_server", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


@dataclass(frozen=True)
class Timing:
    """Wall seconds, CPU seconds (user + system) and, for curl, seconds to fsync its files."""

    wall: float
    cpu: float
    fsync: float = 0.0


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_curl(urls: list[str], out: Path, parallel: int) -> Timing:
    """curl fetching everything with ``parallel`` transfers; then its files are fsync'd."""
    config = out / "curl.cfg"
    config.write_text(
        "".join(f'url = "{u}"\noutput = "{out / u.rsplit("/", 1)[1]}"\n' for u in urls)
    )
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        ["curl", "--silent", "--fail", "--parallel", "--parallel-max", str(parallel),
         "--config", str(config)],
        check=True,
    )  # fmt: skip
    fetched = time.perf_counter()
    cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu
    config.unlink()
    for name in os.listdir(out):
        fd = os.open(out / name, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return Timing(fetched - began, cpu, time.perf_counter() - fetched)


def run_manager(urls: list[str], root: Path, parallel: int) -> Timing:
    """The download manager fetching everything into a fresh library (timed from enqueue)."""
    paths = DataPaths(root).ensure()
    store = Store(paths.database)
    podcast_id = PodcastRepo(store).add("http://bench.invalid/feed", title="Bench")
    items = [
        FeedItem(guid=str(i), title=f"Episode {i}", enclosure_url=u) for i, u in enumerate(urls)
    ]
    write_feed(store, podcast_id, FeedDocument(title="Bench", items=items))
    ids = [r[0] for r in store.query("SELECT id FROM episodes ORDER BY id")]
    settings = {"downloads.parallel": parallel, "downloads.per_host": parallel}
    manager = DownloadManager(store, paths, settings=settings)
    failures: list[str] = []
    manager.subscribe(lambda e: failures.append(f"{e.episode_id}: {e.error}") if e.error else None)
    cpu = _cpu(resource.RUSAGE_SELF)
    began = time.perf_counter()
    manager.enqueue(ids)
    manager.wait_idle()
    timing = Timing(time.perf_counter() - began, _cpu(resource.RUSAGE_SELF) - cpu)
    manager.shutdown()
    store.close()
    if failures:
        raise SystemExit(f"manager failures: {failures}")
    return timing


def check_sizes(folder: Path, expected: int, count: int) -> None:
    """Both tools must have fetched every byte, or the timing means nothing."""
    sizes = [p.stat().st_size for p in folder.rglob("*.wav")]
    if len(sizes) != count or set(sizes) != {expected}:
        raise SystemExit(f"incomplete download in {folder}: {sorted(sizes)}")


def bench_in(place: Path, args: argparse.Namespace) -> float:
    """All rounds with every file under ``place``; prints the table, returns the median ratio."""
    with tempfile.TemporaryDirectory(prefix="bench-downloads-", dir=place) as tmp:
        work = Path(tmp)
        media = work / "media"
        media.mkdir()
        files = make_media(media, args.files, args.megabytes)
        size = files[0].stat().st_size
        server, base = start_server(media)
        try:
            urls = [f"{base}/{f.name}" for f in files]
            total_mb = size * len(files) / 1e6
            print(f"\n{place}: {len(files)} files x {size / 1e6:.1f} MB = {total_mb:.0f} MB, "
                  f"parallel {args.parallel}, loopback server {base}")  # fmt: skip
            print(f"{'round':>5} {'curl s':>7} {'+fsync s':>8} {'manager s':>9} {'ratio':>6} "
                  f"{'vs +fsync':>9} {'curl cpu':>8} {'mgr cpu':>7} {'MB/s':>5}")  # fmt: skip
            ratios = []
            for n in range(args.rounds):
                curl_dir, lib_dir = work / f"curl{n}", work / f"lib{n}"
                curl_dir.mkdir()
                if n % 2:
                    mgr = run_manager(urls, lib_dir, args.parallel)
                    curl = run_curl(urls, curl_dir, args.parallel)
                else:
                    curl = run_curl(urls, curl_dir, args.parallel)
                    mgr = run_manager(urls, lib_dir, args.parallel)
                check_sizes(curl_dir, size, len(files))
                check_sizes(lib_dir / "downloads", size, len(files))
                shutil.rmtree(curl_dir)
                shutil.rmtree(lib_dir)
                ratios.append(mgr.wall / curl.wall)
                durable = curl.wall + curl.fsync
                print(f"{n + 1:>5} {curl.wall:7.2f} {durable:8.2f} {mgr.wall:9.2f} "
                      f"{ratios[-1]:6.2f} {mgr.wall / durable:9.2f} {curl.cpu:8.2f} "
                      f"{mgr.cpu:7.2f} {total_mb / mgr.wall:5.0f}")  # fmt: skip
            median = statistics.median(ratios)
            verdict = "meets" if median <= TARGET else "misses"
            print(f"median ratio manager/curl: {median:.2f} ({verdict} the {TARGET} target)")
            return median
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> int:
    """Run the rounds in each place and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--where",
        type=Path,
        action="append",
        help="folder(s) to download into; default: the temp folder (a disk) and /dev/shm "
        "(memory, where fsync is free, isolating the transfer machinery)",
    )
    args = parser.parse_args()
    if shutil.which("curl") is None or shutil.which("ffmpeg") is None:
        raise SystemExit("the benchmark needs curl and ffmpeg on PATH")
    places = args.where or [Path(tempfile.gettempdir())]
    if not args.where and Path("/dev/shm").is_dir():
        places.append(Path("/dev/shm"))
    for place in places:
        bench_in(place, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
