"""Episode-list filters on a big library: the first page, the count and the next page of
each filter combination, in the views that matter (everything, "New", one show).

    .venv/bin/python bench/bench_episode_filters.py              # 50 shows x 1,000 episodes
    .venv/bin/python bench/bench_episode_filters.py --shows 100

The library is a real SQLite file written the way feed sync writes it, with random lengths
(some unknown) and dates over three years, a third played, a seventh downloaded, a fifth of
the shows and an eleventh of the episodes tagged. These queries run on the task pool; the
list shows its first page when the first one returns and sizes itself when the count does.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.feed import FeedDocument, FeedItem  # noqa: E402
from player.domain.queries import EpisodeQuery  # noqa: E402
from player.domain.view_filters import (  # noqa: E402
    DatePreset,
    DownloadFilter,
    EpisodeFilters,
    StateFilter,
)
from player.storage import EpisodeRepo, PodcastRepo, Store  # noqa: E402
from player.storage.feed_writer import write_feed  # noqa: E402
from player.storage.library_tags import distinct_tags  # noqa: E402

CASES = {
    "no filter": EpisodeFilters(),
    "new, not downloaded": EpisodeFilters(state=StateFilter.NEW, downloaded=DownloadFilter.NO),
    "15-45 min, last 30 days": EpisodeFilters(
        min_duration=900.0, max_duration=2700.0, dates=DatePreset.LAST_30_DAYS
    ),
    "played, older than a year": EpisodeFilters(
        state=StateFilter.PLAYED, dates=DatePreset.OLDER_THAN_A_YEAR
    ),
    "tag (episodes)": EpisodeFilters(tag="science"),
    "tag (shows), over 45 min": EpisodeFilters(tag="news", min_duration=2700.0),
}


def build(path: Path, shows: int, per_show: int) -> Store:
    """A library of ``shows`` x ``per_show`` episodes (seeded: the same every run)."""
    rng = random.Random(1)
    store = Store(path)
    now = time.time()
    for s in range(shows):
        podcast = PodcastRepo(store).add(f"https://example.org/{s}.xml", f"Show {s}")
        items = [
            FeedItem(
                guid=f"{s}-{i}",
                title=f"Episode {i}",
                published=now - rng.random() * 3 * 365 * 86400,
                enclosure_url=f"https://example.org/{s}/{i}.mp3",
                duration=rng.choice([None, 300.0, 1200.0, 2400.0, 4000.0]),
            )
            for i in range(per_show)
        ]
        write_feed(store, podcast, FeedDocument(title=f"Show {s}", items=items))
    with store.write() as conn:
        conn.execute("UPDATE episodes SET state = 'played' WHERE id % 3 = 0")
        conn.execute("UPDATE episodes SET download_path = '/x' WHERE id % 7 = 0")
        conn.execute("INSERT INTO podcast_tags SELECT id, 'news' FROM podcasts WHERE id % 5 = 0")
        conn.execute(
            "INSERT INTO episode_tags SELECT id, 'science' FROM episodes WHERE id % 11 = 0"
        )
    return store


def _ms(fn: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=50)
    parser.add_argument("--per-show", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp) / "library.sqlite3", args.shows, args.per_show)
        repo = EpisodeRepo(store)
        print(f"{repo.count():,} episodes")
        now, worst = time.time(), 0.0
        views = {"All": EpisodeQuery(), "New": EpisodeQuery(unplayed=True)}
        views["one show"] = EpisodeQuery(podcast_id=1)
        for view, base in views.items():
            for name, filters in CASES.items():
                q = filters.apply(base, now)
                first, page = _ms(lambda q=q: repo.list(q, limit=100))
                counting, total = _ms(lambda q=q: repo.count(q))
                last = page[-1] if page else None  # type: ignore[index]
                following, _ = _ms(lambda q=q, last=last: repo.list(q, limit=100, after=last))
                worst = max(worst, first, counting, following)
                print(
                    f"{view:9} {name:26} {total:>7,} rows  first page {first:6.1f} ms  "
                    f"count {counting:6.1f} ms  next page {following:6.1f} ms"
                )
        took, tags = _ms(lambda: distinct_tags(store))
        print(f"distinct tags {tags}: {took:.1f} ms; slowest query above {worst:.1f} ms")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
