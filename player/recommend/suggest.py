"""From history and candidates to ranked, explained suggestions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from player.domain.models import Episode
from player.recommend.facts import Moment, Show
from player.recommend.profile import Profile
from player.recommend.reasons import Explainer
from player.recommend.scorer import rank, score_candidates
from player.recommend.suggestion import Suggestion


def suggest(
    profile: Profile,
    shows: Mapping[int, Show],
    candidates: Sequence[Episode],
    moment: Moment,
    limit: int = 5,
) -> list[Suggestion]:
    """The best ``limit`` candidates at ``moment``, best first, each with a reason.

    The same inputs always give the same list: ties are broken by publication date, then id.
    """
    scored = score_candidates(profile, shows, candidates, moment)
    explainer = Explainer(profile, shows, moment)
    return [explainer.suggestion(s) for s in rank(scored, limit)]
