"""Speed of up next on a big library, beside a plain SELECT of the unplayed episodes.

    python -m bench.recommend.speed [--shows 500] [--per-show 400] [--events 10000] [--runs 7]

Builds a real SQLite file (through the app's own feed writer and history repository): 500
shows x 400 episodes = 200,000 episodes, and 10,000 play events spread over 80 of the shows
across two years. Then times, in the same run:

* ``SELECT * FROM episodes WHERE state = 'new'``: the plain query a naive "up next" starts from,
  and the same with only the four columns a ranking would need;
* a first suggestion from a fresh service (reads and digests the whole history);
* later suggestions (the history is unchanged, so its digest is reused; ``at`` moves on);
* a suggestion right after a new play event (the digest is rebuilt).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from player.domain.feed import FeedDocument, FeedItem
from player.domain.models import PlayEvent
from player.services.up_next import UpNextService
from player.storage import HistoryRepo, PodcastRepo, Store
from player.storage.feed_writer import write_feed

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC).timestamp()
DAY = 86400.0


def build(path: Path, shows: int, per_show: int, events: int, seed: int = 7) -> Store:
    """The benchmark library (deterministic from ``seed``)."""
    rng = random.Random(seed)
    store = Store(path)
    podcasts = PodcastRepo(store)
    for s in range(shows):
        every = rng.choice((1, 1, 7, 7, 7, 14))
        serial = rng.random() < 0.2
        doc = FeedDocument(title=f"Show {s}", kind="serial" if serial else "episodic")
        for j in range(per_show):
            published = NOW - (per_show - j) * every * DAY + rng.random() * 3600
            doc.items.append(
                FeedItem(
                    guid=f"{s}-{j}",
                    title=f"Show {s} episode {j + 1}",
                    published=published,
                    enclosure_url=f"http://127.0.0.1/media/{s}/{j}.mp3",
                    enclosure_type="audio/mpeg",
                    duration=rng.uniform(10, 90) * 60,
                    number=j + 1,
                    season=1 + j // 50 if serial else None,
                )
            )
        write_feed(store, podcasts.add(f"http://127.0.0.1/feeds/{s}.xml"), doc, seen_at=NOW)
    heard_shows = rng.sample(range(1, shows + 1), min(80, shows))
    rows = store.db.conn.execute(
        "SELECT id, podcast_id, duration, published FROM episodes WHERE podcast_id IN "
        f"({','.join(map(str, heard_shows))}) ORDER BY published"
    ).fetchall()
    played: list[int] = []
    history: list[PlayEvent] = []
    start = NOW - 730 * DAY
    for i in range(events):
        t = start + (NOW - start - DAY) * i / events
        choices = [r for r in rows[-4000:] if r[3] <= t] or rows[:100]
        eid, _, duration, _ = rng.choice(choices)
        to = duration if rng.random() < 0.7 else rng.uniform(60, duration)
        history.append(PlayEvent(episode_id=eid, started_at=t, from_pos=0.0, to_pos=to))
        if to >= duration:
            played.append(eid)
    HistoryRepo(store).add_many(history)
    with store.write() as conn:
        conn.executemany(
            "UPDATE episodes SET state = 'played' WHERE id = ?", [(e,) for e in played]
        )
    return store


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median milliseconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=500)
    parser.add_argument("--per-show", type=int, default=400)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="upnext-speed-") as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "library.sqlite3", args.shows, args.per_show, args.events)
        built = time.perf_counter() - t0
        conn = store.db.conn
        episodes = conn.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM play_events").fetchone()[0]
        at = datetime.fromtimestamp(NOW, UTC)

        select_ms, rows = timed(
            lambda: conn.execute("SELECT * FROM episodes WHERE state = 'new'").fetchall(),
            args.runs,
        )
        lean_ms, _ = timed(
            lambda: conn.execute(
                "SELECT id, podcast_id, title, published FROM episodes WHERE state = 'new'"
            ).fetchall(),
            args.runs,
        )

        def cold() -> object:
            return UpNextService(store, tz=UTC).suggest(at, 5)

        cold_ms, _ = timed(cold, args.runs)
        service = UpNextService(store, tz=UTC)
        service.suggest(at, 5)
        minute = iter(range(1, 10_000))
        warm_ms, top = timed(
            lambda: service.suggest(datetime.fromtimestamp(NOW + 60 * next(minute), UTC), 5),
            args.runs,
        )
        history = HistoryRepo(store)
        eid = conn.execute("SELECT id FROM episodes ORDER BY id DESC LIMIT 1").fetchone()[0]
        after: list[float] = []
        for i in range(args.runs):
            history.add(PlayEvent(episode_id=eid, started_at=NOW + i, from_pos=0, to_pos=30))
            t0 = time.perf_counter()
            service.suggest(datetime.fromtimestamp(NOW + i + 60, UTC), 5)
            after.append((time.perf_counter() - t0) * 1000)
        new_event_ms = statistics.median(after)
    print(f"library: {episodes} episodes, {events} play events (built in {built:.0f} s)")
    print(f"plain SELECT * of the {len(rows)} unplayed episodes: {select_ms:8.1f} ms")
    print(f"SELECT id, podcast_id, title, published of them:  {lean_ms:8.1f} ms")
    print(
        f"up next, first call (reads the history):  {cold_ms:8.1f} ms  "
        f"({cold_ms / select_ms:.2f}x the SELECT)"
    )
    print(
        f"up next, history unchanged:               {warm_ms:8.1f} ms  "
        f"({warm_ms / select_ms:.2f}x the SELECT)"
    )
    print(
        f"up next, right after a new play event:    {new_event_ms:8.1f} ms  "
        f"({new_event_ms / select_ms:.2f}x the SELECT)"
    )
    print(
        f"(ratios are to SELECT *; up next, history unchanged, is {warm_ms / lean_ms:.2f}x "
        "the four-column SELECT)"
    )
    for s in top:  # type: ignore[union-attr]
        print(f"  {s.score:.3f}  {s.episode.title}: {s.reason}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
