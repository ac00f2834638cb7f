"""The plain-words reason of a suggested show, and its sources.

The reason names what contributed most, in the listener's terms: the show whose makers
recommend it and how often they finish that one ("Recommended by the makers of The Case,
which you finish every week"), or the kind of show they finish that it resembles ("A Science
show, like Cosmic Hour: the weekly show of about 30 minutes you finish on weekday mornings"),
or, for a chart pick alone, where it stands. The reason is built here, on the machine, from
the local taste: titles of the library appear in it and never in a request.
"""

from __future__ import annotations

from collections.abc import Mapping

from player.recommend.shows import ShowCandidate, ShowHabit, ShowSuggestion, Taste, language_of


def how_often(habit: ShowHabit) -> str:
    """ "every week", "almost every day"... from the finishes of the last eight weeks."""
    if habit.per_week >= 4:
        return "almost every day"
    if habit.per_week >= 0.75:
        return "every week"
    if habit.per_week >= 0.4:
        return "every other week"
    if habit.per_week >= 0.2:
        return "every month or so"
    return "now and then"


def sources_of(candidate: ShowCandidate) -> tuple[str, ...]:
    """Where the candidate came from: ``podroll``, ``chart:<genre>`` (``chart:top`` for the
    overall chart), ``category:<genre>`` (Podcast Index trending in a category)."""
    found: list[str] = []
    if candidate.podroll_from:
        found.append("podroll")
    found += [f"chart:{g or 'top'}" for g in sorted(candidate.charts)]
    found += [f"category:{g}" for g in sorted(candidate.trending)]
    return tuple(found)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _podroll(taste: Taste, candidate: ShowCandidate, titles: Mapping[int, str]) -> str:
    habits = sorted(
        (taste.habits[i] for i in set(candidate.podroll_from) if i in taste.habits),
        key=lambda h: (-h.weight, h.title),
    )
    if habits:
        first = habits[0]
        makers = _join([h.title for h in habits[:2]])
        return f"Recommended by the makers of {makers}, which you finish {how_often(first)}"
    names = sorted({titles.get(i, "") for i in candidate.podroll_from} - {""})
    if not names:
        return "Recommended by the makers of a show you subscribe to"
    return f"Recommended by the makers of {_join(names[:2])}, which you subscribe to"


def _standing(candidate: ShowCandidate, names: Mapping[str, str], prefer: str = "") -> str:
    """ "no. 3 in Apple's Science chart", or Podcast Index trending, or "" (the chart of
    ``prefer`` first, then the best rank, a category's chart before the overall one)."""
    if candidate.charts:
        genre, rank = min(
            candidate.charts.items(), key=lambda kv: (kv[0] != prefer, kv[1], not kv[0], kv[0])
        )
        chart = f"Apple's {names.get(genre, genre)} chart" if genre else "Apple's top podcasts"
        return f"no. {rank} in {chart}"
    if candidate.trending:
        genre, _ = min(candidate.trending.items(), key=lambda kv: (kv[1], kv[0]))
        return f"trending on Podcast Index in {names.get(genre, genre)}"
    return ""


def _like(taste: Taste, candidate: ShowCandidate, names: Mapping[str, str]) -> str:
    genre = max(candidate.categories, key=lambda c: (taste.categories.get(c, 0.0), c))
    name = names.get(genre, genre)
    habits = sorted(
        (h for h in taste.habits.values() if genre in h.categories),
        key=lambda h: (-h.weight, h.title),
    )
    standing = _standing(candidate, names, genre)
    head = f"A {name} show" + (f" ({standing})" if standing else "")
    if not habits:
        return head
    habit = habits[0]
    kind = " ".join(x for x in (habit.rhythm, "show") if x)
    length = f" of about {_minutes(habit.minutes)}" if habit.minutes else ""
    return f"{head}, like {habit.title}: the {kind}{length} you finish on {habit.day_part}"


def _minutes(minutes: float | None) -> str:
    """ "30 minutes", "1.5 hours": rounded as people say lengths."""
    value = max(5, int(round((minutes or 0) / 5.0)) * 5)
    return f"{value} minutes" if value < 90 else f"{round(value / 30) / 2:g} hours"


def explain(
    taste: Taste,
    candidate: ShowCandidate,
    signals: Mapping[str, float],
    total: float,
    *,
    genre_names: Mapping[str, str],
    titles: Mapping[int, str],
) -> ShowSuggestion:
    """The suggestion of a ranked candidate, with the reason its strongest signal gives."""
    podroll = signals.get("podroll", 0.0)
    category = signals.get("category", 0.0)
    if podroll and podroll >= category:
        reason = _podroll(taste, candidate, titles)
    elif category:
        reason = _like(taste, candidate, genre_names)
    else:
        standing = _standing(candidate, genre_names)
        reason = standing[0].upper() + standing[1:] if standing else "A new show"
    if signals.get("language", 0.0) < 0:
        reason += f" (in another language: {language_of(candidate.language)})"
    return ShowSuggestion(
        title=candidate.title or candidate.feed_url,
        feed_url=candidate.feed_url,
        image_url=candidate.image_url,
        reason=reason + ".",
        signals=dict(signals),
        sources=sources_of(candidate),
        score=round(total, 4),
        guid=candidate.guid,
    )
