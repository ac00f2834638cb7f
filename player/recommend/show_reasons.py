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

from player.i18n import N_, _, ngettext
from player.i18n.formats import language_name
from player.recommend.facts import WHEN
from player.recommend.shows import ShowCandidate, ShowHabit, ShowSuggestion, Taste, language_of

THE_SHOW = {
    "daily": N_("the daily show"),
    "weekly": N_("the weekly show"),
    "fortnightly": N_("the fortnightly show"),
    "monthly": N_("the monthly show"),
    "": N_("the show"),
}
"""A habit's show by its release rhythm, whole, so each language can inflect it."""


def how_often(habit: ShowHabit) -> str:
    """ "every week", "almost every day"... from the finishes of the last eight weeks."""
    if habit.per_week >= 4:
        return _("almost every day")
    if habit.per_week >= 0.75:
        return _("every week")
    if habit.per_week >= 0.4:
        return _("every other week")
    if habit.per_week >= 0.2:
        return _("every month or so")
    return _("now and then")


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
    """One or two titles: "A" or "A and B"."""
    if len(names) == 1:
        return names[0]
    return _("{first} and {second}").format(first=names[0], second=names[1])


def _podroll(taste: Taste, candidate: ShowCandidate, titles: Mapping[int, str]) -> str:
    habits = sorted(
        (taste.habits[i] for i in set(candidate.podroll_from) if i in taste.habits),
        key=lambda h: (-h.weight, h.title),
    )
    if habits:
        first = habits[0]
        makers = _join([h.title for h in habits[:2]])
        return _("Recommended by the makers of {makers}, which you finish {how_often}").format(
            makers=makers, how_often=how_often(first)
        )
    names = sorted({titles.get(i, "") for i in candidate.podroll_from} - {""})
    if not names:
        return _("Recommended by the makers of a show you subscribe to")
    return _("Recommended by the makers of {makers}, which you subscribe to").format(
        makers=_join(names[:2])
    )


def _standing(
    candidate: ShowCandidate, names: Mapping[str, str], prefer: str = "", alone: bool = False
) -> str:
    """ "no. 3 in Apple's Science chart", or Podcast Index trending, or "" (the chart of
    ``prefer`` first, then the best rank, a category's chart before the overall one);
    ``alone``: as a sentence of its own ("No. 3 in ...")."""
    if candidate.charts:
        genre, rank = min(
            candidate.charts.items(), key=lambda kv: (kv[0] != prefer, kv[1], not kv[0], kv[0])
        )
        if genre:
            text = (
                _("No. {rank} in Apple's {genre} chart")
                if alone
                else _("no. {rank} in Apple's {genre} chart")
            )
            return text.format(rank=rank, genre=_(names.get(genre, genre)))
        text = (
            _("No. {rank} in Apple's top podcasts")
            if alone
            else _("no. {rank} in Apple's top podcasts")
        )
        return text.format(rank=rank)
    if candidate.trending:
        genre, _rank = min(candidate.trending.items(), key=lambda kv: (kv[1], kv[0]))
        text = (
            _("Trending on Podcast Index in {genre}")
            if alone
            else _("trending on Podcast Index in {genre}")
        )
        return text.format(genre=_(names.get(genre, genre)))
    return ""


def _like(taste: Taste, candidate: ShowCandidate, names: Mapping[str, str]) -> str:
    genre = max(candidate.categories, key=lambda c: (taste.categories.get(c, 0.0), c))
    name = names.get(genre, genre)
    habits = sorted(
        (h for h in taste.habits.values() if genre in h.categories),
        key=lambda h: (-h.weight, h.title),
    )
    standing = _standing(candidate, names, genre)
    if standing:
        head = _("A {genre} show ({standing})").format(genre=_(name), standing=standing)
    else:
        head = _("A {genre} show").format(genre=_(name))
    if not habits:
        return head
    habit = habits[0]
    the_show = _(THE_SHOW.get(habit.rhythm, THE_SHOW[""]))
    when = _(WHEN[habit.day_part]) if habit.day_part in WHEN else habit.day_part
    if habit.minutes:
        text = _("{head}, like {title}: {the_show} of about {length} you finish {when}")
        return text.format(
            head=head,
            title=habit.title,
            the_show=the_show,
            length=_minutes(habit.minutes),
            when=when,
        )
    return _("{head}, like {title}: {the_show} you finish {when}").format(
        head=head, title=habit.title, the_show=the_show, when=when
    )


def _minutes(minutes: float | None) -> str:
    """ "30 minutes", "1.5 hours": rounded as people say lengths."""
    value = max(5, int(round((minutes or 0) / 5.0)) * 5)
    if value < 90:
        return ngettext("{n} minute", "{n} minutes", value).format(n=value)
    return _("{n} hours").format(n=f"{round(value / 30) / 2:g}")


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
        reason = _standing(candidate, genre_names, alone=True) or _("A new show")
    if signals.get("language", 0.0) < 0:
        reason = _("{reason} (in another language: {language})").format(
            reason=reason, language=language_name(language_of(candidate.language))
        )
    return ShowSuggestion(
        title=candidate.title or candidate.feed_url,
        feed_url=candidate.feed_url,
        image_url=candidate.image_url,
        reason=_("{reason}.").format(reason=reason),
        signals=dict(signals),
        sources=sources_of(candidate),
        score=round(total, 4),
        guid=candidate.guid,
    )
