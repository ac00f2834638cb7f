"""Show-notes sanitiser benchmark: ours against bare ``nh3`` (Ammonia), in the same run.

    .venv/bin/python bench/bench_sanitize.py                 # current sanitiser vs bare nh3
    .venv/bin/python bench/bench_sanitize.py --legacy 44cac42  # also the sanitiser at a revision

The notes are the real ones: every channel description and item ``summary``/``content`` that
feedparser reads from the shared corpus (``../shared/corpus/feeds``, see its SOURCES.md), about
3,000 notes and 2.4 MB. Each contender sanitises all of them ``--repeat`` times; the best pass
counts (the minimum is the least disturbed by the other processes on the machine).

"bare nh3" is ``nh3.Cleaner`` with our policy (tags, attributes, schemes) and nothing else, the
floor for any nh3-based sanitiser. ``--legacy REV`` loads ``player/feeds/sanitize.py`` as it was
at a git revision (44cac42 holds the hand-written regular-expression sanitiser that nh3
replaced) so the decision can be re-measured on another machine.
Not part of the test suite: it measures the machine as much as us.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import nh3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.feeds import sanitize  # noqa: E402
from player.feeds.parse import NotAFeedError, run_feedparser  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "feeds"
BASE = "https://example.org/episodes/1"


def corpus_notes(folder: Path) -> list[str]:
    """Every show note feedparser finds in the corpus (raw, its own sanitiser off)."""
    notes: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            continue  # other parsers' expected results, not feeds
        try:
            result = run_feedparser(path.read_bytes(), BASE)
        except NotAFeedError:
            continue  # feedparser crashed on it: the corpus holds deliberately broken files
        channel = result.get("feed", {})
        notes += [v for v in (channel.get("summary"), channel.get("subtitle")) if v]
        for entry in result.get("entries", []):
            if entry.get("summary"):
                notes.append(entry["summary"])
            notes += [c["value"] for c in entry.get("content") or () if c.get("value")]
    return notes


def bare_nh3() -> Callable[[str], str]:
    """nh3 with our allowlist and nothing of ours around it."""
    cleaner = nh3.Cleaner(
        tags=set(sanitize.ALLOWED_TAGS),
        clean_content_tags=set(sanitize.DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in sanitize.ALLOWED_ATTRS.items()},
        url_schemes=set(sanitize.SAFE_SCHEMES),
        link_rel=None,
    )
    return cleaner.clean


def legacy(revision: str) -> Callable[[str], str]:
    """``sanitize_html`` as it was at ``revision`` (read with ``git show``, never imported)."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:player/feeds/sanitize.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    module = types.ModuleType(f"sanitize_{revision}")
    exec(compile(source, f"{revision}:player/feeds/sanitize.py", "exec"), module.__dict__)
    function: Callable[[str, str], str] = module.sanitize_html
    return lambda text: function(text, BASE)


def best_time(function: Callable[[str], str], notes: list[str], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` passes over every note."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for note in notes:
            function(note)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--legacy", metavar="REV", help="also time sanitize.py at this revision")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not here ({CORPUS})")
    notes = corpus_notes(CORPUS)
    print(f"{len(notes)} notes, {sum(map(len, notes)) / 1e6:.2f} MB from {CORPUS}")
    contenders: dict[str, Callable[[str], str]] = {
        "ours": lambda text: sanitize.sanitize_html(text, BASE),
        "bare nh3": bare_nh3(),
    }
    if args.legacy:
        contenders[f"ours at {args.legacy}"] = legacy(args.legacy)
    times = {name: best_time(f, notes, args.repeat) for name, f in contenders.items()}
    floor = times["bare nh3"]
    for name, seconds in times.items():
        print(f"{name:>20}: {seconds * 1000:8.1f} ms   {seconds / floor:5.2f} x bare nh3")


if __name__ == "__main__":
    main()
