"""Account-sync benchmark: 1,500 listening spans up to a real gpodder.net-API server and down
to a second installation, against importing the same actions from a file.

    .venv/bin/python bench/bench_sync.py                 # 1,500 actions, 3 runs
    .venv/bin/python bench/bench_sync.py --actions 5000

The server is gpodder-fastapi-router on 127.0.0.1 in its own virtualenv (made on first use,
as the tests make it), answering at most 500 actions at a time so the download pages. Each
run makes two fresh data folders subscribed to one 30-episode feed; the first records the
spans in its history (the outbox fills as the app's listening would fill it) and syncs up in
batches; the second syncs down, pages and merges. The baseline is the file import of the same
actions (``podcast-player import-actions``'s call) into a third fresh library, in the same run:
what merging costs without the network. Then a sync with nothing to do, the timer's usual case.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.models import PlayEvent  # noqa: E402
from player.services.episode_actions import EpisodeActionsService, parse_actions  # noqa: E402
from player.storage import HistoryRepo  # noqa: E402
from tests.support.gpodder_server import GpodderServer, server_python  # noqa: E402
from tests.support.http_server import LoopbackServer  # noqa: E402
from tests.support.sync_rig import Device, serve_feed  # noqa: E402

USER, PASSWORD = "bench", "bench password"


def one_run(root: Path, server: GpodderServer, feeds: LoopbackServer, n: int) -> dict[str, float]:
    url = serve_feed(feeds, "news", episodes=30)
    desk, laptop, baseline = (Device(root, name) for name in ("desk", "laptop", "baseline"))
    try:
        for device in (desk, laptop):
            device.engine.login("gpodder", server.url, USER, PASSWORD, device=device.name)
        for device in (desk, laptop, baseline):
            device.feeds.subscribe(url)
        desk.engine.sync()
        laptop.engine.sync()
        ids = [desk.episode_id(f"news-{k}") for k in range(1, 31)]
        base = time.time() - n * 120 - 3600  # the last days: inside the re-read window
        HistoryRepo(desk.store).add_many(
            [
                PlayEvent(ids[i % 30], base + i * 120, float(i % 50), i % 50 + 300.0)
                for i in range(n)
            ]
        )
        exported = json.dumps(EpisodeActionsService(desk.store).export_actions())

        start = time.perf_counter()
        up = desk.engine.sync()
        upload = time.perf_counter() - start
        start = time.perf_counter()
        down = laptop.engine.sync()
        download = time.perf_counter() - start
        start = time.perf_counter()
        EpisodeActionsService(baseline.store).import_actions(parse_actions(exported))
        file_import = time.perf_counter() - start
        start = time.perf_counter()
        idle = laptop.engine.sync()
        nothing = time.perf_counter() - start
        assert up.uploaded == n and down.downloaded == n, (up, down)
        assert idle.downloaded == 0 and idle.uploaded == 0, idle
        return {"upload": upload, "download": download, "file": file_import, "idle": nothing}
    finally:
        for device in (desk, laptop, baseline):
            device.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = server_python()
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            folder = Path(tmp) / f"run{run}"
            (folder / "server").mkdir(parents=True)
            server = GpodderServer(python, folder / "server", cap_actions=500).start()
            try:
                server.create_user(USER, PASSWORD)
                with LoopbackServer() as feeds:
                    results.append(one_run(folder, server, feeds, args.actions))
            finally:
                server.stop()
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    print(f"{args.actions} actions, {args.runs} runs, medians (s):")
    print(f"  file import (baseline)     {med['file']:.3f}")
    print(f"  sync up (batches of 500)   {med['upload']:.3f}   {med['upload'] / med['file']:.1f}x")
    print(
        f"  sync down (pages of 500)   {med['download']:.3f}   {med['download'] / med['file']:.1f}x"
    )
    print(f"  sync with nothing to do    {med['idle']:.3f}   {med['idle'] / med['file']:.2f}x")


if __name__ == "__main__":
    main()
