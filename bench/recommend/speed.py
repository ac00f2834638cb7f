"""Speed of up next on a big library, beside a plain SELECT of the unplayed episodes.

    python -m bench.recommend.speed [--shows 500] [--per-show 400] [--events 10000] [--runs 15]

Builds a real SQLite file (through the app's own feed writer and history repository): 500
shows x 400 episodes = 200,000 episodes, and 10,000 play events spread over 80 of the shows
across two years. Then times, in the same run, ``--runs`` times each (median and 90th
percentile):

* ``SELECT * FROM episodes WHERE state = 'new'``: the plain query a naive "up next" starts from,
  and the same with only the four columns a ranking would need;
* the first suggestion of a new service (reads the last 3,000 listens, builds the habits);
* a suggestion with the history unchanged since the last one (``at`` moves on a minute);
* a suggestion right after a new play event, and after the span being heard grew (the player
  saves it every few seconds while listening: the common case in the app);
* a suggestion after ten new play events.
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
    rows = (
        store.connection()
        .execute(
            "SELECT id, podcast_id, duration, published FROM episodes WHERE podcast_id IN "
            f"({','.join(map(str, heard_shows))}) ORDER BY published"
        )
        .fetchall()
    )
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


def percentiles(times: list[float]) -> tuple[float, float]:
    """Median and 90th percentile of some timings (milliseconds)."""
    return statistics.median(times), statistics.quantiles(times, n=10, method="inclusive")[-1]


def timed(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds of ``runs`` calls of ``fn`` (``before`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


class Session:
    """A listener's session against the benchmark library: time moves on, plays are saved."""

    def __init__(self, store: Store, episode_id: int) -> None:
        self.store, self.episode_id = store, episode_id
        self.history = HistoryRepo(store)
        self.service = UpNextService(store, tz=UTC)
        self.clock = NOW + 60
        self.span: tuple[int, float] | None = None  # (event id, start) of the span being heard

    def suggest(self) -> object:
        self.clock += 60
        return self.service.suggest(datetime.fromtimestamp(self.clock, UTC), 5)

    def play(self, count: int = 1) -> None:
        """``count`` new play events of five minutes, one after the other."""
        for _ in range(count):
            event = PlayEvent(self.episode_id, self.clock, from_pos=0.0, to_pos=300.0)
            self.span = (self.history.add(event), self.clock)
            self.clock += 301

    def save_span(self) -> None:
        """What the player does every few seconds while listening: the open span grows."""
        if self.span is None:
            self.play()
        assert self.span is not None
        event_id, started = self.span
        self.clock += 5
        self.history.extend(event_id, self.clock - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=500)
    parser.add_argument("--per-show", type=int, default=400)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="upnext-speed-") as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "library.sqlite3", args.shows, args.per_show, args.events)
        built = time.perf_counter() - t0
        conn = store.connection()
        episodes = conn.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM play_events").fetchone()[0]
        unplayed = conn.execute("SELECT COUNT(*) FROM episodes WHERE state = 'new'").fetchone()[0]
        at = datetime.fromtimestamp(NOW, UTC)
        runs = args.runs
        eid = conn.execute("SELECT id FROM episodes ORDER BY id DESC LIMIT 1").fetchone()[0]
        session = Session(store, eid)
        session.suggest()
        services: list[UpNextService] = []  # kept: freeing one is not part of a first call

        def first_call() -> object:
            services.append(UpNextService(store, tz=UTC))
            return services[-1].suggest(at, 5)

        rows: list[tuple[str, list[float]]] = [
            (
                f"plain SELECT * of the {unplayed} unplayed episodes",
                timed(
                    lambda: conn.execute("SELECT * FROM episodes WHERE state = 'new'").fetchall(),
                    runs,
                ),
            ),
            (
                "SELECT id, podcast_id, title, published of them",
                timed(
                    lambda: conn.execute(
                        "SELECT id, podcast_id, title, published FROM episodes WHERE state = 'new'"
                    ).fetchall(),
                    runs,
                ),
            ),
            ("up next, first call of a new service", timed(first_call, runs)),
            ("up next, history unchanged", timed(session.suggest, runs)),
            ("up next, after one new play event", timed(session.suggest, runs, session.play)),
            (
                "up next, after a save of the span being heard",
                timed(session.suggest, runs, session.save_span),
            ),
            (
                "up next, after ten new play events",
                timed(session.suggest, runs, lambda: session.play(10)),
            ),
        ]
        top = UpNextService(store, tz=UTC).suggest(at, 5)
    select_ms = statistics.median(rows[0][1])
    print(
        f"library: {episodes} episodes, {events} play events (built in {built:.0f} s); "
        f"{runs} runs of each"
    )
    print(f"{'':52} {'median':>9} {'p90':>9}  median / SELECT *")
    for label, times in rows:
        median, p90 = percentiles(times)
        print(f"{label:52} {median:6.1f} ms {p90:6.1f} ms  {median / select_ms:.3f}x")
    for s in top:
        print(f"  {s.score:.3f}  {s.episode.title}: {s.reason}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
