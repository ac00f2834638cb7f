"""Transcript benchmark: index 2,000 one-hour transcripts, search them, parse a 3-hour VTT.

    .venv/bin/python bench/bench_transcripts.py                  # 2,000 episodes
    .venv/bin/python bench/bench_transcripts.py --episodes 200   # a quick look

Every transcript is generated: one segment every 4 s (900 per hour) of 8-16 words drawn
from a 4,000-word vocabulary with Zipf frequencies, so some words are in every episode and
some in a handful. They go into a real SQLite file through ``TranscriptRepo.index``, the
call the service makes. Then each query is timed as the CLI and the window run it, the first
50 results: the transcript search alone, the episode search (titles, notes, show names) on
the same library as the baseline, and ``search_library``, which joins the two. Last, a
three-hour VTT with voices is parsed, against reading its lines as the baseline. Not part of
the test suite: it measures the machine as much as us, so read the ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.feed import FeedDocument, FeedItem  # noqa: E402
from player.domain.transcript import Segment  # noqa: E402
from player.services.library_search import search_library  # noqa: E402
from player.storage import EpisodeRepo, PodcastRepo, Store  # noqa: E402
from player.storage.feed_writer import write_feed  # noqa: E402
from player.storage.transcripts import TranscriptRepo  # noqa: E402
from player.transcripts import parse_transcript  # noqa: E402

SYLLABLES = "ka lo mi ne ra su ti po ve da ga hu ji ko le ma ni ol pe qu ri sa to un".split()
VOCABULARY = 4000
SEGMENT_SECONDS = 4.0


def vocabulary(rng: random.Random) -> list[str]:
    """Distinct made-up words, most frequent first."""
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))] = None
    return list(words)


def transcript(
    rng: random.Random, words: list[str], cum: list[float], hours: float
) -> list[Segment]:
    """A generated transcript of ``hours`` with two speakers."""
    count = int(hours * 3600 / SEGMENT_SECONDS)
    picks = rng.choices(words, cum_weights=cum, k=count * 12)
    out, at = [], 0
    for n in range(count):
        size = 8 + (n * 7) % 9
        start = n * SEGMENT_SECONDS
        speaker = "Ann" if (n // 5) % 2 else "Bob"
        out.append(
            Segment(start, start + SEGMENT_SECONDS, speaker, " ".join(picks[at : at + size]))
        )
        at += size
        if at + 16 > len(picks):
            at = 0
    return out


def vtt_bytes(segments: list[Segment]) -> bytes:
    """The segments as a WebVTT document with voice tags and cue numbers."""
    lines = ["WEBVTT", ""]
    for n, s in enumerate(segments, 1):
        lines += [
            str(n),
            f"{_stamp(s.start)} --> {_stamp(s.end or s.start)}",
            f"<v {s.speaker}>{s.text}",
            "",
        ]
    return "\n".join(lines).encode()


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def median_ms(fn: Callable[[], object], rounds: int) -> float:
    """The median wall time of ``fn`` in milliseconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def build(
    store: Store, episodes: int, rng: random.Random, words: list[str]
) -> tuple[list[int], float]:
    """A library of ``episodes`` (20 shows) with a one-hour transcript each; the indexing time."""
    cum = list(accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    ids: list[int] = []
    shows = 20
    for show in range(shows):
        podcast_id = PodcastRepo(store).add(
            f"https://bench.invalid/{show}.xml", title=f"Show {words[show + 50]}"
        )
        items = [
            FeedItem(
                guid=f"{show}-{n}",
                title=" ".join(rng.choices(words, cum_weights=cum, k=6)),
                description=" ".join(rng.choices(words, cum_weights=cum, k=60)),
                enclosure_url=f"https://bench.invalid/{show}/{n}.mp3",
                published=1.7e9 + n * 86400 + show,
            )
            for n in range(episodes // shows)
        ]
        write_feed(store, podcast_id, FeedDocument(title=f"Show {show}", items=items))
    ids = [r["id"] for r in store.query("SELECT id FROM episodes ORDER BY id")]
    repo = TranscriptRepo(store)
    spent = 0.0
    for n, episode_id in enumerate(ids):
        segments = transcript(rng, words, cum, 1.0)
        t0 = time.perf_counter()
        repo.index(episode_id, f"https://bench.invalid/t/{episode_id}.vtt", segments)
        spent += time.perf_counter() - t0
        if (n + 1) % 250 == 0:
            print(f"  indexed {n + 1}/{len(ids)} ({spent:.1f} s in index())", flush=True)
    return ids, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=2000, help="one-hour transcripts to index")
    parser.add_argument("--rounds", type=int, default=21, help="timed runs per figure")
    args = parser.parse_args()
    rng = random.Random(15)
    words = vocabulary(rng)
    with tempfile.TemporaryDirectory(prefix="bench-transcripts-") as tmp:
        path = Path(tmp) / "library.sqlite3"
        store = Store(path)
        t0 = time.perf_counter()
        ids, spent = build(store, args.episodes, rng, words)
        segments = int(store.scalar("SELECT SUM(segments) FROM transcript_index") or 0)
        rows = int(store.scalar("SELECT COUNT(*) FROM transcripts_fts") or 0)
        print(
            f"library: {len(ids)} episodes, {segments:,} transcript segments in {rows:,} rows, "
            f"{path.stat().st_size / 1e6:.0f} MB; built in {time.perf_counter() - t0:.1f} s, "
            f"index() {spent / len(ids) * 1000:.1f} ms per one-hour transcript"
        )
        repo, episodes = TranscriptRepo(store), EpisodeRepo(store)
        queries = {
            "common word": words[0],
            "mid word": words[300],
            "rare word": words[3900],
            "two words": f"{words[5]} {words[40]}",
            "prefix": words[120][:3],
        }
        print(f"\nfirst 50 results, median of {args.rounds} (ms):")
        print(f"  {'query':<12} {'transcripts':>11} {'episodes':>9} {'both':>7}  hits")
        worst = 0.0
        for label, query in queries.items():
            hits = repo.search(query, 50)
            t_tr = median_ms(lambda q=query: repo.search(q, 50), args.rounds)
            t_ep = median_ms(lambda q=query: episodes.search(q, 50), args.rounds)
            t_all = median_ms(lambda q=query: search_library(store, q, 50), args.rounds)
            worst = max(worst, t_tr, t_all)
            print(f"  {label:<12} {t_tr:>11.1f} {t_ep:>9.1f} {t_all:>7.1f}  {len(hits)}")
        print(f"  slowest first results: {worst:.1f} ms (target < 50 ms)")

        three_hours = transcript(
            rng, words, list(accumulate(1.0 / (r + 1) for r in range(len(words)))), 3.0
        )
        data = vtt_bytes(three_hours)
        t_parse = median_ms(lambda: parse_transcript(data, "text/vtt"), args.rounds)
        t_lines = median_ms(lambda: data.decode().splitlines(), args.rounds)
        parsed = parse_transcript(data, "text/vtt")
        assert len(parsed) == len(three_hours) and parsed[7] == three_hours[7]
        print(
            f"\nparse a 3-hour VTT ({len(data) / 1e6:.1f} MB, {len(parsed):,} cues): "
            f"{t_parse:.1f} ms median (target < 50 ms); decode + splitlines alone {t_lines:.1f} ms "
            f"(x{t_parse / t_lines:.0f})"
        )
        store.close()


if __name__ == "__main__":
    main()
