"""A large, realistic library built fast: F feeds x I items through the real storage write path.

    .venv/bin/python bench/library_gen.py --feeds 5000 --items 200 \
        --out ~/.cache/podcast-player-bench/1m

No HTTP and no parsing: each feed is a :class:`~player.domain.feed.FeedDocument` made in Python
(varied titles, descriptions, durations, dates, seasons) and written by
:func:`player.storage.feed_writer.write_feed`, the function a refresh ends in, so the rows,
search index and secondary indexes are exactly what an import would have stored. A few shows
have a listening history (play events, played and half-heard episodes) so that "up next" has
signals to rank with.

The folder is a cache: a stamp file (:data:`STAMP`) is written last, and a folder that has one
for the same feeds and items is left alone (benchmarks copy it elsewhere before using it; a copy
with ``cp -r`` costs seconds, a build minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.domain.feed import FeedDocument, FeedItem, content_digest  # noqa: E402
from player.domain.models import PlayEvent  # noqa: E402
from player.paths import DataPaths  # noqa: E402
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store  # noqa: E402
from player.storage.feed_writer import write_feed  # noqa: E402

STAMP = "library_gen.json"
"""Written last into a finished folder: what it holds (feeds, items, episodes, seconds)."""

_WORDS = (
    "gardens rivers history science music cooking travel money health books film design "
    "climate space ocean city farming coffee chess poetry football startups law ethics "
    "language birds mountains jazz robots archives medicine energy trains weather islands "
    "markets painting theatre philosophy comedy fiction crime parenting sleep running code"
).split()
_TOPICS = ("Weekly", "Daily", "Radio", "Hour", "Show", "Notes", "Talk", "Dispatch", "Review")
_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Built:
    """What :func:`build` made (or found already made)."""

    feeds: int
    items: int
    episodes: int
    seconds: float
    cached: bool


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def feed_document(index: int, items: int, now: float) -> FeedDocument:
    """Feed number ``index``: a channel and ``items`` episodes, newest first, seeded by index.

    Shows publish daily to monthly, episodes last 5 minutes to 2 hours, some are seasoned, a few
    are trailers or bonus episodes: the spread the filters and sorts of a real library see.
    """
    rng = random.Random(index)
    topic = rng.choice(_WORDS)
    title = f"{topic.title()} {rng.choice(_TOPICS)} {index}"
    every = rng.choice((1.0, 1.0, 2.0, 3.5, 7.0, 7.0, 14.0, 30.0)) * _DAY
    newest = now - rng.uniform(0, 3 * _DAY)
    seasons = rng.random() < 0.3
    docs = []
    for n in range(items):
        number = items - n
        words = _sentence(rng, rng.randint(2, 6))
        text = f"{_sentence(rng, rng.randint(12, 40))}. With {_sentence(rng, 2)}."
        item = FeedItem(
            guid=f"gen-{index}-{number}",
            title=f"#{number}: {words.capitalize()}",
            description=f"<p>{text}</p>",
            description_text=text,
            link=f"https://gen.example/{index}/{number}",
            published=newest - n * every - rng.uniform(0, 3600),
            enclosure_url=f"https://media.gen.example/{index}/{number}.mp3",
            enclosure_type="audio/mpeg",
            enclosure_length=rng.randint(5, 120) * 1_000_000,
            duration=float(rng.randint(300, 7200)),
            season=(number - 1) // 50 + 1 if seasons else None,
            number=number,
            episode_type=rng.choices(("full", "trailer", "bonus"), (96, 1, 3))[0],
            explicit=rng.random() < 0.1,
            episode_number=float(number),
        )
        item.content_hash = content_digest(item)  # as the parse workers do
        docs.append(item)
    return FeedDocument(
        title=title,
        author=f"{_sentence(rng, 2).title()} Media",
        description=f"A show about {topic} and {_sentence(rng, 3)}.",
        link=f"https://gen.example/{index}",
        image_url=f"https://gen.example/{index}/cover.jpg",
        language=rng.choice(("en", "en", "en", "de", "fr")),
        items=docs,
    )


def _listening(store: Store, podcast_ids: list[int], now: float, rng: random.Random) -> int:
    """A listener's past: a handful of followed shows heard over 60 days; returns event count.

    Each followed show has its newest few episodes played through, one half-heard, and play
    events at habitual hours, so up next has history, habits and in-progress episodes to rank.
    """
    followed = rng.sample(podcast_ids, min(len(podcast_ids), 12))
    episodes = EpisodeRepo(store)
    events: list[PlayEvent] = []
    played: list[int] = []
    for show in followed:
        rows = store.query(
            "SELECT id, duration FROM episodes WHERE podcast_id = ? "
            "ORDER BY published DESC LIMIT 8",
            (show,),
        )
        hour = rng.choice((7, 8, 12, 18, 22))
        for k, row in enumerate(rows[1:], start=1):  # the newest one stays new
            started = now - k * 3 * _DAY + hour * 3600 - (now % _DAY)
            duration = float(row["duration"] or 1800)
            half = k == 1
            end = duration * (0.4 if half else 1.0)
            events.append(
                PlayEvent(
                    episode_id=row["id"],
                    started_at=started,
                    from_pos=0.0,
                    to_pos=end,
                    ended_at=started + end,
                )
            )
            if half:
                episodes.set_position(row["id"], end)
            else:
                played.append(row["id"])
    HistoryRepo(store).add_many(events)
    episodes.mark_played(played)
    return len(events)


def read_stamp(out: Path) -> dict[str, object] | None:
    """The stamp of a finished folder, or None (missing or unreadable: not finished)."""
    try:
        return dict(json.loads((out / STAMP).read_text("utf-8")))
    except (OSError, ValueError):
        return None


def build(feeds: int, items: int, out: Path, *, quiet: bool = False) -> Built:
    """Build the library into ``out`` unless a finished one for the same size is there.

    A folder without a stamp is a build that stopped half way: it is started again from empty.
    A stamped folder of another size is refused rather than overwritten (other benchmarks may
    be reading it).
    """
    stamp = read_stamp(out)
    if stamp is not None:
        if stamp.get("feeds") == feeds and stamp.get("items") == items:
            return Built(feeds, items, int(str(stamp["episodes"])), 0.0, cached=True)
        raise SystemExit(f"{out} already holds a different library ({stamp}); pick another --out")
    paths = DataPaths(out)
    for leftover in (paths.database, *(paths.database.parent.glob("library.sqlite3-*"))):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    now = time.time()
    store = Store(paths.database)
    repo = PodcastRepo(store)
    ids: list[int] = []
    for index in range(feeds):
        doc = feed_document(index, items, now)
        podcast_id = repo.add(f"https://gen.example/{index}/feed.xml", doc.title)
        write_feed(store, podcast_id, doc, seen_at=now)
        ids.append(podcast_id)
        if not quiet and (index + 1) % 250 == 0:
            rate = (time.perf_counter() - started) / (index + 1) * 1000
            print(f"  {index + 1}/{feeds} feeds, {rate:.0f} ms per feed", flush=True)
    events = _listening(store, ids, now, random.Random(feeds))
    episodes = int(store.scalar("SELECT COUNT(*) FROM episodes") or 0)
    store.close()
    seconds = time.perf_counter() - started
    record = {
        "feeds": feeds,
        "items": items,
        "episodes": episodes,
        "play_events": events,
        "seconds": round(seconds, 1),
        "built_at": now,
    }
    (out / STAMP).write_text(json.dumps(record), "utf-8")  # last: the folder is complete
    return Built(feeds, items, episodes, seconds, cached=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True, help="the data folder to fill")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    built = build(args.feeds, args.items, args.out, quiet=args.quiet)
    how = "already there" if built.cached else f"built in {built.seconds:.1f} s"
    print(f"{args.out}: {built.episodes} episodes in {built.feeds} feeds ({how})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
