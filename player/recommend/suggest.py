"""From history and candidates to ranked, explained suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from player.domain.models import Episode
from player.domain.suggestion import Suggestion
from player.recommend.facts import EpisodeFacts, Moment, Show
from player.recommend.profile import Profile
from player.recommend.reasons import Explainer
from player.recommend.scorer import Scored, rank, score_candidates
from player.recommend.time_fit import available

EpisodeLoader = Callable[[list[int]], Iterable[Episode]]
"""Full episodes by id (missing ones left out): how the few suggested candidates are completed."""


def suggest(
    profile: Profile,
    shows: Mapping[int, Show],
    candidates: Sequence[EpisodeFacts],
    moment: Moment,
    limit: int = 5,
    load: EpisodeLoader | None = None,
    minutes: float | None = None,
) -> list[Suggestion]:
    """The best ``limit`` candidates at ``moment``, best first, each with a reason.

    Candidates may be light (:class:`~player.recommend.facts.Candidate`): ``load`` then reads
    the full episodes of the ones suggested; without it the candidates must be episodes. A
    candidate ``load`` no longer finds (deleted meanwhile) is left out.

    ``minutes``: the time the listener says they have; without it, the time they usually
    listen for at this moment is fitted (mildly), when the history tells.

    The same inputs always give the same list: ties are broken by publication date, then id.
    """
    time = available(profile, moment, minutes)
    scored = score_candidates(profile, shows, candidates, moment, time)
    ranked: list[Scored] = rank(scored, limit)
    found: Iterable[Episode]
    if load is None:
        found = (s.episode for s in ranked if isinstance(s.episode, Episode))
    else:
        found = load([s.episode.id for s in ranked])
    full = {e.id: e for e in found}
    explainer = Explainer(profile, shows, moment, time)
    return [explainer.suggestion(s, full[s.episode.id]) for s in ranked if s.episode.id in full]
