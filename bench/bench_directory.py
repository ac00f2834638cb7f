"""Directory search benchmark: four providers answering in ``--latency`` seconds each.

    .venv/bin/python bench/bench_directory.py                 # 300 ms per request
    .venv/bin/python bench/bench_directory.py --latency 0.1 --rounds 9

The four loopback fakes of ``tests/support/directory_servers.py`` sleep ``--latency`` before
every answer (iTunes' search needs a second request, the ``/lookup`` of entries without a feed
URL, so its part takes two latencies). Each round searches a new word, so nothing comes from
the cache; the same searches are then asked in series, one provider after the other, in the same
run, so the ratio says what the parallel search buys whatever the machine. Last, a repeated
search measures the disk cache. Not part of the test suite: it measures the machine as much as us.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from player.directory.model import Provider, ProviderAnswer  # noqa: E402
from player.directory.search import new_client  # noqa: E402
from player.services.credentials import Credentials  # noqa: E402
from player.services.discover import DiscoverService  # noqa: E402
from player.storage import Store  # noqa: E402
from tests.support.directory_servers import FakePodcast, default_catalogue, directory_servers  # noqa: E402
from tests.support.memory_keyring import MemoryKeyring  # noqa: E402


def _catalogue(words: list[str]) -> list[FakePodcast]:
    shows = default_catalogue()
    for i, word in enumerate(words):
        shows.append(
            FakePodcast(
                f"{word} show",
                f"https://{word}.example.org/rss",
                "Host",
                itunes_id=1600000000 + i,
                guid=f"guid-{word}",
            )
        )
    return shows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=5, help="searches of each kind")
    args = parser.parse_args(argv)
    words = [f"word{i}" for i in range(args.rounds)]
    with (
        directory_servers(_catalogue(words), latency=args.latency) as fakes,
        tempfile.TemporaryDirectory() as folder,
    ):
        import os

        os.environ.update(fakes.env)
        keyring = MemoryKeyring()
        Credentials(keyring).set_podcastindex(fakes.podcastindex.key, fakes.podcastindex.secret)
        store = Store(Path(folder) / "library.sqlite3")
        service = DiscoverService(
            store, cache_dir=Path(folder) / "cache", credentials=Credentials(keyring)
        )
        service.search("warm-up")  # the client's connections, the imports
        parallel = []
        for word in words:
            began = time.perf_counter()
            answer = service.search(word)
            parallel.append(time.perf_counter() - began)
            assert len(answer.answered) == 4 and not answer.errors, answer.errors
        serial = []
        providers: list[Provider] = [p for p, _ in service._providers() if p is not None]
        with new_client() as client:
            for word in words:
                began = time.perf_counter()
                answers: list[ProviderAnswer] = [p.search(client, word, 30) for p in providers]
                serial.append(time.perf_counter() - began)
                assert all(a.results for a in answers)
        began = time.perf_counter()
        service.search("daily")  # iTunes lists two without feedUrl: one /lookup more
        lookup = time.perf_counter() - began
        cached = []
        for word in words:
            began = time.perf_counter()
            service.search(word)
            cached.append(time.perf_counter() - began)
        service.close()
        store.close()
    p, s, c = (statistics.median(x) for x in (parallel, serial, cached))
    print(f"latency per request: {args.latency * 1000:.0f} ms, {args.rounds} searches each")
    print(f"parallel search (4 providers, no cache): median {p * 1000:.0f} ms")
    print(f"the same in series:                      median {s * 1000:.0f} ms")
    print(f"series / parallel:                       {s / p:.2f}x")
    print(f"one search needing iTunes' /lookup:      {lookup * 1000:.0f} ms (two round trips)")
    print(f"repeated search (disk cache):            median {c * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
