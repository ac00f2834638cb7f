"""The time you have: what is left of an episode against how long the listener can listen now.

How long is either said ("I have 30 minutes": :attr:`Available.asked`) or learned: the median
length of the listener's sittings near this hour and day type
(:meth:`~player.recommend.profile.Profile.sitting_length`). Either way an episode whose
remaining time fits gets a lift; what is left of a partly heard episode counts, not its full
length, at the listener's usual playback rate.

A learned length lifts gently: habits say what a listener plays, the length of a sitting only
hints at it, and a strong lift would push a favourite show out for a shorter one. A length the
listener states is an instruction: it lifts what fits clearly, and what does not fit drops in
proportion to how much of it would be left over.
"""

from __future__ import annotations

from typing import NamedTuple

from player.i18n import ngettext
from player.recommend.facts import EpisodeFacts, Moment
from player.recommend.profile import Profile

FIT_SLACK = 1.1  # 27 minutes left "fits" 25 minutes: nobody minds the last two
USUAL_LIFT = 0.35  # the lift of fitting a learned sitting length
ASKED_LIFT = 2.0  # the lift of fitting the minutes the listener said they have
ASKED_FLOOR = 0.15  # what a far too long episode keeps of its pull when time was stated
FILLS = 0.5  # a learned fit is named in the reason when the episode fills half the time or more


class Available(NamedTuple):
    """How long the listener can listen now (wall seconds), and whether they said so."""

    seconds: float
    asked: bool

    @property
    def minutes(self) -> int:
        """Whole minutes, as reasons and the command line show them."""
        return max(1, int(round(self.seconds / 60)))


class Fit(NamedTuple):
    """What the time available did to one episode's pull."""

    factor: float  # multiplies the episode's habit and same-show parts
    fits: bool  # what is left is within the time available (with slack)
    left: float | None  # wall seconds left at the usual rate (None: unknown duration)


NO_FIT = Fit(1.0, False, None)


def available(profile: Profile, moment: Moment, minutes: float | None) -> Available | None:
    """The time to fit: the ``minutes`` asked for, else the usual sitting now (None: unknown)."""
    if minutes is not None and minutes > 0:
        return Available(minutes * 60.0, True)
    if profile.empty:
        return None
    usual = profile.sitting_length(moment)
    return Available(usual, False) if usual is not None and usual > 0 else None


def wall_left(profile: Profile, e: EpisodeFacts) -> float | None:
    """Wall seconds left of ``e`` at the listener's usual rate (None: no duration known)."""
    if not e.duration:
        return None
    return max(0.0, e.duration - e.position) / (profile.rate or 1.0)


def fit(profile: Profile, e: EpisodeFacts, time: Available | None) -> Fit:
    """How the time available changes the pull of ``e``.

    Learned time: a fitting episode is lifted a little, and one far longer than the usual
    sitting loses as much as the listener tends to drop such episodes. Stated time: a fitting
    episode is lifted clearly, a longer one loses in proportion.
    """
    if time is None:
        return NO_FIT
    left = wall_left(profile, e)
    if left is None:
        return NO_FIT
    fits = left <= FIT_SLACK * time.seconds
    if time.asked:
        if fits:
            return Fit(1.0 + ASKED_LIFT, True, left)
        return Fit(max(ASKED_FLOOR, time.seconds / left), False, left)
    if fits:
        return Fit(1.0 + USUAL_LIFT, True, left)
    if left > 1.5 * time.seconds:
        return Fit(1.0 - profile.long_drop, False, left)
    return Fit(1.0, False, left)


def fit_words(f: Fit, time: Available | None) -> str:
    """ "it fits your usual 25 minutes" / "it fits the 30 minutes you have", or "" when the fit
    is not worth a mention (a learned fit of an episode much shorter than the sitting)."""
    if time is None or not f.fits or f.left is None:
        return ""
    if time.asked:
        return ngettext(
            "it fits the {n} minute you have", "it fits the {n} minutes you have", time.minutes
        ).format(n=time.minutes)
    if f.left < FILLS * time.seconds:
        return ""
    return ngettext(
        "it fits your usual {n} minute", "it fits your usual {n} minutes", time.minutes
    ).format(n=time.minutes)
