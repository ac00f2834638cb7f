"""New shows you would like: a taste from what the listener finishes, candidates ranked by it.

Pure logic, like the rest of :mod:`player.recommend`: the service
(:mod:`player.services.show_suggestions`) reads the library and the directories' bulk answers,
this module decides. The taste is per show: how often the listener finishes it (recent
finishes count more: a half-life of :data:`HALF_LIFE_DAYS`), the usual length of what they
finish, its release rhythm, its language, its categories (Apple genre ids, learnt from the
charts it appears in), and the time of the week the listener finishes it.

A candidate's score adds, each with a weight (:data:`WEIGHTS`, set before any tuning, see
``bench/recommend/README.md``):

- ``podroll``: the makers of shows the listener finishes recommend it, in proportion to how
  much of the listening those shows take;
- ``category``: the share of the listening that goes to its best-liked category;
- ``chart``: how high it stands in a chart or trending list (1 / sqrt(rank)), counted only in
  proportion to the listener's liking for that chart's category (plus a little for anyone);
- ``language``: a show in none of the languages the listener finishes is pushed down.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo

from player.recommend.facts import Moment

HALF_LIFE_DAYS = 60.0
"""A finish two months ago counts half as much as one today."""
FINISHED_SHARE = 0.9
"""An episode heard to 90% of its length is finished (the outro is often skipped)."""
WEIGHTS: dict[str, float] = {
    "podroll": 3.0,
    "category": 2.0,
    "chart": 1.0,
    "language": 1.5,
}
CHART_FLOOR = 0.1
"""A chart's pull for a listener who has shown no liking for its category (a chart is news)."""
DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Finish:
    """One episode the listener played: the facts a taste reads of it."""

    podcast_id: int
    duration: float | None
    furthest: float
    last_heard: float
    played: bool = False

    @property
    def finished(self) -> bool:
        """Heard to its end (marked played by the player, or past :data:`FINISHED_SHARE`)."""
        if self.played:
            return True
        return bool(self.duration and self.furthest >= FINISHED_SHARE * self.duration)


@dataclass(frozen=True, slots=True)
class ShowHabit:
    """A show the listener finishes, as the reasons speak of it."""

    podcast_id: int
    title: str
    weight: float
    """Recency-weighted finishes."""
    finishes: int
    per_week: float
    """Finishes per week over the last eight weeks."""
    minutes: float | None
    rhythm: str
    """ "daily", "weekly", "fortnightly", "monthly" or "" (unknown or irregular)."""
    language: str
    categories: tuple[str, ...]
    day_part: str
    """ "weekday mornings"... when the listener usually finishes it."""


@dataclass(frozen=True, slots=True)
class Taste:
    """What the listener finishes, summed up per show, category and language."""

    habits: dict[int, ShowHabit] = field(default_factory=dict)
    categories: dict[str, float] = field(default_factory=dict)
    """Genre id -> share of the (weighted) listening, 0..1."""
    languages: dict[str, float] = field(default_factory=dict)
    """Primary language subtag ("en") -> share of the listening."""

    def share(self, podcast_id: int) -> float:
        """The share of the listening that goes to this show (0 when it is never finished)."""
        total = sum(h.weight for h in self.habits.values())
        habit = self.habits.get(podcast_id)
        return habit.weight / total if habit and total else 0.0


@dataclass(frozen=True, slots=True)
class ShowCandidate:
    """A show that could be suggested, with everything known of it and where it came from."""

    feed_url: str
    title: str
    image_url: str = ""
    guid: str = ""
    language: str = ""
    categories: tuple[str, ...] = ()
    podroll_from: tuple[int, ...] = ()
    """Subscriptions whose makers recommend it (``podcast:podroll``)."""
    charts: Mapping[str, int] = field(default_factory=dict)
    """Apple chart genre id ("" for the overall chart) -> 1-based rank."""
    trending: Mapping[str, int] = field(default_factory=dict)
    """Podcast Index trending category (genre id) -> 1-based rank."""


@dataclass(frozen=True, slots=True)
class ShowSuggestion:
    """One ranked new show: what ``suggest-shows --json`` prints and the pane shows."""

    title: str
    feed_url: str
    image_url: str
    reason: str
    signals: dict[str, float]
    sources: tuple[str, ...]
    score: float
    guid: str = ""


def language_of(code: str) -> str:
    """ "en-US" -> "en": feeds and directories spell the region (or not) as they like."""
    return code.strip().lower().replace("_", "-").split("-")[0]


def rhythm_of(published: Sequence[float]) -> str:
    """The release rhythm of a show from its newest publication dates (newest first)."""
    gaps = [a - b for a, b in itertools.pairwise(published) if a > b]
    if len(gaps) < 2:
        return ""
    days = statistics.median(gaps) / DAY
    for limit, name in ((1.6, "daily"), (4.5, "twice-weekly"), (10.0, "weekly"),
                        (20.0, "fortnightly"), (45.0, "monthly")):  # fmt: skip
        if days <= limit:
            return name
    return ""


def build_taste(
    titles: Mapping[int, str],
    finishes: Iterable[Finish],
    now: float,
    *,
    languages: Mapping[int, str] | None = None,
    categories: Mapping[int, Iterable[str]] | None = None,
    release_dates: Mapping[int, Sequence[float]] | None = None,
    tz: tzinfo | None = None,
) -> Taste:
    """The taste of the shows in ``titles`` from the listener's finishes (others are ignored).

    ``categories``: genre ids per show when known; ``release_dates``: newest first.
    """
    languages = languages or {}
    categories = categories or {}
    release_dates = release_dates or {}
    by_show: dict[int, list[Finish]] = {}
    for f in finishes:
        if f.finished and f.podcast_id in titles:
            by_show.setdefault(f.podcast_id, []).append(f)
    habits: dict[int, ShowHabit] = {}
    for podcast_id, done in by_show.items():
        weight = sum(0.5 ** (max(0.0, now - f.last_heard) / DAY / HALF_LIFE_DAYS) for f in done)
        recent = sum(1 for f in done if now - f.last_heard <= 56 * DAY)
        lengths = [f.duration for f in done if f.duration]
        parts = Counter(Moment.at_time(f.last_heard, tz).phrase() for f in done)
        habits[podcast_id] = ShowHabit(
            podcast_id=podcast_id,
            title=titles[podcast_id],
            weight=weight,
            finishes=len(done),
            per_week=recent / 8.0,
            minutes=statistics.median(lengths) / 60.0 if lengths else None,
            rhythm=rhythm_of(release_dates.get(podcast_id, ())),
            language=language_of(languages.get(podcast_id, "")),
            categories=tuple(dict.fromkeys(categories.get(podcast_id, ()))),
            day_part=sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
        )
    return Taste(habits, _shares(habits, "categories"), _shares(habits, "language"))


def _shares(habits: Mapping[int, ShowHabit], attribute: str) -> dict[str, float]:
    """Per category (or language): the share of the weight of shows where it is known."""
    totals: dict[str, float] = {}
    known = 0.0
    for habit in habits.values():
        value = getattr(habit, attribute)
        keys = value if isinstance(value, tuple) else ((value,) if value else ())
        if not keys:
            continue
        known += habit.weight
        for key in keys:
            totals[key] = totals.get(key, 0.0) + habit.weight
    return {k: v / known for k, v in totals.items()} if known else {}


def score(taste: Taste, candidate: ShowCandidate) -> dict[str, float]:
    """The weighted signals of one candidate (only the non-zero ones)."""
    signals: dict[str, float] = {}
    podroll = min(1.0, sum(taste.share(i) or 0.05 for i in set(candidate.podroll_from)))
    if podroll:
        signals["podroll"] = WEIGHTS["podroll"] * podroll
    liked = max((taste.categories.get(c, 0.0) for c in candidate.categories), default=0.0)
    if liked:
        signals["category"] = WEIGHTS["category"] * liked
    pull = 0.0
    for genre, rank in (*candidate.charts.items(), *candidate.trending.items()):
        interest = CHART_FLOOR + (taste.categories.get(genre, 0.0) if genre else 0.0)
        pull = max(pull, interest / math.sqrt(max(1, rank)))
    if pull:
        signals["chart"] = WEIGHTS["chart"] * pull
    language = language_of(candidate.language)
    if language and taste.languages and language not in taste.languages:
        signals["language"] = -WEIGHTS["language"]
    return {k: round(v, 4) for k, v in signals.items()}


def rank_shows(
    taste: Taste, candidates: Iterable[ShowCandidate], limit: int = 10
) -> list[tuple[ShowCandidate, dict[str, float], float]]:
    """The ``limit`` best candidates with their signals and score, best first.

    Deterministic: ties go to the title, then the feed URL. A candidate nothing speaks for
    (no signal above zero) is left out.
    """
    scored = []
    for candidate in candidates:
        signals = score(taste, candidate)
        total = sum(signals.values())
        if total > 0:
            scored.append((candidate, signals, total))
    scored.sort(key=lambda s: (-s[2], s[0].title.casefold(), s[0].feed_url))
    return scored[: max(0, limit)]
