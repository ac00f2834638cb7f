"""New-show evaluation: simulated listeners whose next subscriptions are known in advance.

    python -m bench.recommend.new_shows [--seeds 1,2,3] [--listeners 150] [--podroll-boost 4]

Every assumption is in ``bench/recommend/README.md`` ("New shows you would like"), written
before the first run. The ranking is the app's own: the service's candidate merge and the
library's categories from the charts (``player.services.show_suggestions``), the taste and the
ranking (``player.recommend.shows``), over simulated directory answers (no HTTP: the loopback
tests cover the requests; this measures the ranking).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from player.directory.genres import GENRES
from player.directory.model import DirectoryResult, ProviderAnswer
from player.domain.podcasting20 import RemoteItem
from player.recommend.shows import WEIGHTS, Finish, build_taste, rank_shows
from player.services.show_suggestions import _candidates, _library_categories
from player.storage.show_taste import SubscribedShow

CATEGORIES = tuple(g for g, _ in GENRES)
PER_CATEGORY = 80
CHART = 50
FORMATS = {  # name: (share, minutes range, days between releases)
    "news": (0.25, (8, 30), 1),
    "talk": (0.45, (40, 90), 7),
    "serial": (0.15, (35, 60), 7),
    "long": (0.15, (90, 180), 14),
}
LANGUAGES = (("en", 0.85), ("es", 0.075), ("de", 0.075))
WEEKS = 8
HELD_OUT = 3
DAY = 86400.0
NOW = 1_760_000_000.0  # a Monday-ish moment; only differences matter
FORMAT_HOURS = {"news": (7.5, False), "talk": (19.0, False), "serial": (21.0, False),
                "long": (10.0, True)}  # fmt: skip


@dataclass(slots=True)
class Show:
    """One show of the simulated directory."""

    index: int
    category: str
    format: str
    language: str
    popularity: float
    minutes: float
    podroll: list[int] = field(default_factory=list)
    podroll_has_url: list[bool] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://shows.example/{self.index}.xml"

    @property
    def guid(self) -> str:
        return f"00000000-0000-5000-8000-{self.index:012d}"


@dataclass(slots=True)
class World:
    """The directory: shows, and the charts as the providers would answer them."""

    shows: list[Show]
    apple: dict[str, list[int]]  # genre ("" overall) -> show indexes, best first
    trending: dict[str, list[int]]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def build_world(rng: random.Random) -> World:
    """The directory as README.md describes it."""
    total = len(CATEGORIES) * PER_CATEGORY
    ranks = list(range(1, total + 1))
    rng.shuffle(ranks)
    shows: list[Show] = []
    formats = [(name, spec[0]) for name, spec in FORMATS.items()]
    for i in range(total):
        kind = _pick(rng, formats)
        low, high = FORMATS[kind][1]
        shows.append(
            Show(
                i,
                CATEGORIES[i // PER_CATEGORY],
                kind,
                _pick(rng, LANGUAGES),
                1.0 / ranks[i] ** 1.1,
                rng.uniform(low, high),
            )
        )
    by_category: dict[str, list[Show]] = {}
    for show in shows:
        by_category.setdefault(show.category, []).append(show)
    for show in shows:
        for _ in range(rng.randint(0, 4)):
            pool = by_category[show.category] if rng.random() < 0.7 else shows
            others = [s for s in pool if s.index != show.index and s.index not in show.podroll]
            chosen = rng.choices(others, [s.popularity**0.5 for s in others])[0]
            show.podroll.append(chosen.index)
            show.podroll_has_url.append(rng.random() < 0.6)
    apple = {"": [s.index for s in sorted(shows, key=lambda s: -s.popularity)[:CHART]]}
    trending: dict[str, list[int]] = {}
    for genre, members in by_category.items():
        apple[genre] = [s.index for s in sorted(members, key=lambda s: -s.popularity)[:CHART]]
        noisy = sorted(members, key=lambda s: -s.popularity * math.exp(rng.gauss(0, 0.5)))
        trending[genre] = [s.index for s in noisy[:CHART]]
    return World(shows, apple, trending)


@dataclass(slots=True)
class Listener:
    """A simulated listener: tastes, library, history, and the future subscriptions."""

    categories: dict[str, float]
    formats: dict[str, float]
    language: str
    library: list[int]
    dormant: list[int]
    finishes: list[Finish]
    future: list[int]


def _affinity(listener_cats: dict[str, float], formats: dict[str, float], show: Show) -> float:
    return listener_cats.get(show.category, 0.0) * formats[show.format]


def build_listener(world: World, rng: random.Random, boost: float) -> Listener:
    """One listener as README.md describes it."""
    liked = rng.sample(CATEGORIES, rng.choice((2, 3)))
    raw = [rng.expovariate(1.0) for _ in liked]  # a flat Dirichlet
    cats = {c: w / sum(raw) for c, w in zip(liked, raw, strict=True)}
    formats = {f: math.exp(rng.gauss(0, 0.7)) for f in FORMATS}
    language = _pick(rng, LANGUAGES)
    speaking = [s for s in world.shows if s.language == language]
    owned: list[int] = []
    for _ in range(10):
        pool = [s for s in speaking if s.index not in owned]
        weights = [_affinity(cats, formats, s) * s.popularity**0.6 for s in pool]
        if rng.random() < 0.2 or not sum(weights):  # (or when the liked ones are all taken)
            weights = [formats[s.format] * s.popularity**0.6 for s in pool]
        owned.append(rng.choices(pool, weights)[0].index)
    library, dormant = owned[:8], owned[8:]
    rates = {i: _affinity(cats, formats, world.shows[i]) * math.exp(rng.gauss(0, 0.6))
             for i in library}  # fmt: skip
    top = max(rates.values()) or 1.0
    finishes: list[Finish] = []
    for i, rate in rates.items():
        show = world.shows[i]
        every = FORMATS[show.format][2]
        chance = min(1.0, rate / top)
        hour, weekend = FORMAT_HOURS[show.format]
        for release in range(int(WEEKS * 7 / every)):
            if rng.random() < chance:
                day = NOW - (release * every + rng.uniform(0, 1)) * DAY
                when = day - (day % DAY) + hour * 3600 + (2 * DAY if weekend else 0)
                duration = show.minutes * 60
                finishes.append(Finish(i, duration, duration, min(when, NOW - 3600), True))
    shares = {i: sum(1 for f in finishes if f.podcast_id == i) for i in library}
    total = sum(shares.values()) or 1
    recommended: dict[int, float] = {}
    for i in library:
        for target in world.shows[i].podroll:
            recommended[target] = recommended.get(target, 0.0) + shares[i] / total
    future: list[int] = []
    candidates = [s for s in world.shows if s.index not in owned]
    for _ in range(HELD_OUT):
        pool = [s for s in candidates if s.index not in future]
        weights = [
            _affinity(cats, formats, s) * s.popularity**0.5
            * (1.0 if s.language == language else 0.05)
            * (1.0 + boost * recommended.get(s.index, 0.0))
            for s in pool
        ]  # fmt: skip
        if not sum(weights):
            weights = [s.popularity for s in pool]
        future.append(rng.choices(pool, weights)[0].index)
    return Listener(cats, formats, language, library, dormant, finishes, future)


def _result(show: Show) -> DirectoryResult:
    return DirectoryResult(
        title=f"Show {show.index}",
        feed_url=show.url,
        podcast_guid=show.guid,
        language=show.language,
        categories=(dict(GENRES)[show.category],),
    )


def chart_answers(world: World) -> list[tuple[str, str, ProviderAnswer]]:
    """The answers the service would get: Apple's charts and Podcast Index's trending."""
    answers = [
        ("chart", g, ProviderAnswer("itunes", results=tuple(_result(world.shows[i]) for i in ids)))
        for g, ids in world.apple.items()
    ]
    answers += [
        ("category", g, ProviderAnswer("podcastindex",
                                       results=tuple(_result(world.shows[i]) for i in ids)))
        for g, ids in world.trending.items()
    ]  # fmt: skip
    return answers


def ours(world: World, listener: Listener, charts: list[tuple[str, str, ProviderAnswer]]
         ) -> list[int]:  # fmt: skip
    """The app's ranking of new shows for this listener (top 10 show indexes)."""
    subscriptions = []
    for i in (*listener.library, *listener.dormant):
        show = world.shows[i]
        roll = tuple(
            RemoteItem(feed_guid=world.shows[t].guid, feed_url=world.shows[t].url if url else "")
            for t, url in zip(show.podroll, show.podroll_has_url, strict=True)
        )
        subscriptions.append(SubscribedShow(i, show.url, f"Show {i}", show.language, show.guid,
                                            "", roll))  # fmt: skip
    skip_urls = {s.url for s in subscriptions}
    skip_guids = {s.guid for s in subscriptions}
    # The GUID-only podroll entries, resolved as the Podcast Index look-up would.
    looked_up = {
        world.shows[t].guid: _result(world.shows[t])
        for s in subscriptions
        for t, url in zip(world.shows[s.id].podroll, world.shows[s.id].podroll_has_url,
                          strict=True)
        if not url
    }  # fmt: skip
    taste = build_taste(
        {s.id: s.title for s in subscriptions},
        listener.finishes,
        NOW,
        languages={s.id: s.language for s in subscriptions},
        categories=_library_categories(subscriptions, charts),
        release_dates={
            i: [NOW - n * FORMATS[world.shows[i].format][2] * DAY for n in range(12)]
            for i in listener.library
        },
    )
    candidates = _candidates(subscriptions, charts, looked_up, skip_urls, skip_guids)
    ranked = rank_shows(taste, candidates, 10)
    return [int(c.feed_url.rsplit("/", 1)[1].split(".")[0]) for c, _, _ in ranked]


def top_of_the_charts(world: World, listener: Listener) -> list[int]:
    """Apple's overall chart, then the next most popular shows, minus subscriptions."""
    owned = {*listener.library, *listener.dormant}
    order = world.apple[""] + [s.index for s in sorted(world.shows, key=lambda s: -s.popularity)]
    return [i for i in dict.fromkeys(order) if i not in owned][:10]


def charts_of_your_categories(world: World, listener: Listener) -> list[int]:
    """Round robin over the charts of the library's categories, weighted by how many of the
    library's shows are in each."""
    owned = {*listener.library, *listener.dormant}
    counts: dict[str, int] = {}
    for i in listener.library:
        counts[world.shows[i].category] = counts.get(world.shows[i].category, 0) + 1
    queues = {g: [i for i in world.apple[g] if i not in owned] for g in counts}
    picked: list[int] = []
    turn = 0
    while len(picked) < 10 and any(queues.values()):
        for genre, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            for _ in range(count if turn else 1):
                if queues[genre] and len(picked) < 10:
                    candidate = queues[genre].pop(0)
                    if candidate not in picked:
                        picked.append(candidate)
        turn += 1
    return picked


METHODS = ("ours", "top of the charts", "charts of your categories")


def evaluate(
    seeds: list[int], listeners: int, boost: float
) -> dict[str, list[tuple[float, float]]]:
    """Per method, per seed: (hit@10, share of listeners with a hit)."""
    figures: dict[str, list[tuple[float, float]]] = {m: [] for m in METHODS}
    for seed in seeds:
        rng = random.Random(seed)
        world = build_world(rng)
        charts = chart_answers(world)
        hits = dict.fromkeys(METHODS, 0)
        anyone = dict.fromkeys(METHODS, 0)
        for _ in range(listeners):
            listener = build_listener(world, rng, boost)
            rankings = {
                "ours": ours(world, listener, charts),
                "top of the charts": top_of_the_charts(world, listener),
                "charts of your categories": charts_of_your_categories(world, listener),
            }
            for method, ranking in rankings.items():
                found = len(set(ranking[:10]) & set(listener.future))
                hits[method] += found
                anyone[method] += found > 0
        for method in METHODS:
            figures[method].append(
                (hits[method] / (listeners * HELD_OUT), anyone[method] / listeners)
            )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Print hit@10 per method (median over seeds, with each seed's figure)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--listeners", type=int, default=150)
    parser.add_argument("--podroll-boost", type=float, default=4.0)
    parser.add_argument(
        "--ablate", default="", metavar="SIGNALS",
        help="comma-separated signals of ours to weigh 0 (podroll, category, chart, language)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    for name in filter(None, (a.strip() for a in args.ablate.split(","))):
        WEIGHTS[name] = 0.0  # this process only: what each signal adds, not a tuning knob
    started = time.monotonic()
    figures = evaluate(seeds, args.listeners, args.podroll_boost)
    print(f"new shows: {len(seeds)} seeds x {args.listeners} listeners, {HELD_OUT} held-out "
          f"subscriptions each, podroll boost {args.podroll_boost:g}"
          + (f", ours without {args.ablate}" if args.ablate else ""))  # fmt: skip
    print(f"{'method':<28}{'hit@10':>8}{'listeners with a hit':>24}   per seed (hit@10)")
    for method in METHODS:
        hit = statistics.median(h for h, _ in figures[method])
        share = statistics.median(a for _, a in figures[method])
        seeds_text = " ".join(f"{h:.3f}" for h, _ in figures[method])
        print(f"{method:<28}{hit:>8.3f}{share:>24.3f}   {seeds_text}")
    print(f"({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
