"""Reasons in the listener's words, and the list of signals behind each suggestion.

The reason names the one thing that weighed most ("You stopped 12 minutes in"); the signals
list everything that went into the score, for the privacy page's "why this suggestion".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from player.domain.format import clock
from player.domain.models import Episode
from player.domain.suggestion import Signal, Suggestion
from player.recommend.facts import EpisodeFacts, Moment, Show
from player.recommend.profile import DAY, Profile
from player.recommend.scorer import Scored
from player.recommend.time_fit import Available, fit_words

STRONG_HABIT = 1.3  # a show's share at this moment over its share overall that counts as habit
MIN_HABIT_MASS = 2.0  # (decayed) listens near this moment before we speak of a habit


def duration_words(seconds: float) -> str:
    """ "40 seconds", "12 minutes", "1 hour 5 minutes"."""
    if seconds < 60:
        return f"{int(seconds)} seconds"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    text = "1 hour" if hours == 1 else f"{hours} hours"
    return f"{text} {rest} minutes" if rest else text


def ago_words(seconds: float) -> str:
    """ "5 hours ago", "3 days ago", "just now"."""
    if seconds < 3600:
        return "just now" if seconds < 120 else f"{int(seconds // 60)} minutes ago"
    if seconds < DAY:
        hours = int(seconds // 3600)
        return "1 hour ago" if hours == 1 else f"{hours} hours ago"
    days = int(seconds // DAY)
    return "yesterday" if days == 1 else f"{days} days ago"


class Explainer:
    """Turns scored candidates into suggestions with reasons, for one moment."""

    def __init__(
        self,
        profile: Profile,
        shows: Mapping[int, Show],
        moment: Moment,
        time: Available | None = None,
    ) -> None:
        self.profile, self.shows, self.moment = profile, shows, moment
        self.time = time
        self.shares = profile.show_shares(moment) if not profile.empty else {}
        self.mass = profile.context_mass(moment) if not profile.empty else 0.0
        self.recent_total = sum(profile.recent(show_id) for show_id in profile.shows)
        self.listens_total = sum(h.listens for h in profile.shows.values())

    def suggestion(self, s: Scored, episode: Episode) -> Suggestion:
        """The suggestion for one scored candidate, whose full episode is ``episode``."""
        return Suggestion(
            episode=episode,
            score=s.score,
            reason=self.reason(s),
            signals=self.signals(s),
            fits_minutes=self.time.minutes if self.time is not None and s.fit.fits else None,
        )

    def _title(self, e: EpisodeFacts) -> str:
        show = self.shows.get(e.podcast_id)
        return (show.title if show else "") or e.podcast_title or "this show"

    def _season(self, e: EpisodeFacts) -> str:
        return f", season {e.season}" if e.season else ""

    def habit_strong(self, show_id: int) -> bool:
        """Whether this show stands out at this moment compared with the rest of the week."""
        habit = self.profile.shows.get(show_id)
        if habit is None or self.mass < MIN_HABIT_MASS or not self.profile.total_affinity:
            return False
        here = self.shares.get(show_id, 0.0)
        overall = habit.affinity / self.profile.total_affinity
        return here >= 0.15 and here >= STRONG_HABIT * overall

    def trending(self, show_id: int) -> bool:
        """Whether the show takes a clearly larger part of the last two weeks than before."""
        habit = self.profile.shows.get(show_id)
        recent = self.profile.recent(show_id)
        if habit is None or recent < 3 or not self.recent_total:
            return False
        return recent / self.recent_total >= 1.5 * habit.listens / self.listens_total

    def reason(self, s: Scored) -> str:
        """One sentence saying what weighed most, and whether it fits the time there is."""
        sentence = self._main_reason(s)
        fits = fit_words(s.fit, self.time)
        if fits and (s.main != "resume" or (self.time is not None and self.time.asked)):
            return f"{sentence[:-1]}; {fits}."
        return sentence

    def _main_reason(self, s: Scored) -> str:
        e, title = s.episode, self._title(s.episode)
        main = s.main
        if main == "resume":
            return f"You stopped {duration_words(e.position)} in."
        if main == "same show":
            if s.track == "order" and s.position_in_order == 0:
                return f"Next in {title}{self._season(e)}, after the one you just heard."
            return f"More {title}, which you are listening to right now."
        if main == "habit":
            return self._habit_reason(s, title)
        if self.profile.empty:
            show = self.shows.get(e.podcast_id)
            if show is not None and show.kind == "serial":
                return (
                    f"The start of {title}, a series best heard in order; suggestions will "
                    "follow your habits once you have listened a little."
                )
            return (
                f"New from {title}; suggestions will follow your habits once you have "
                "listened a little."
            )
        return f"New from {title}, a show you have not tried yet."

    def _habit_reason(self, s: Scored, title: str) -> str:
        e = s.episode
        when = self.moment.phrase()
        strong = self.habit_strong(e.podcast_id)
        if s.track == "order" and s.position_in_order == 0:
            tail = f", which you usually hear on {when}" if strong else ""
            return f"Next in {title}{self._season(e)}{tail}."
        if strong:
            return f"You usually hear {title} on {when}."
        if self.trending(e.podcast_id):
            return f"You have been listening to {title} more lately."
        age = self.profile.at - (e.published or self.profile.at)
        if age < DAY:
            return f"New from {title}, which you usually hear while it is fresh."
        return f"You often listen to {title}."

    def signals(self, s: Scored) -> tuple[Signal, ...]:
        """Every signal that went into the score, each as (name, explanation)."""
        e, title, profile = s.episode, self._title(s.episode), self.profile
        when = datetime.fromtimestamp(self.moment.at, profile.tz)
        out: list[Signal] = [
            ("moment", f"{when:%A %H:%M}, one of your {self.moment.phrase()}"),
            ("score", ", ".join(f"{k} {v:.1%}" for k, v in sorted(s.parts.items()))),
        ]
        if profile.empty:
            out.append(
                ("no history", "No listening history yet: newest first, series from the start.")
            )
        if e.position > 0 and e.duration:
            out.append(("in progress", f"Stopped at {clock(e.position)} of {clock(e.duration)}."))
        if s.dropped:
            out.append(("dropped", "You stopped this early and played something else."))
        habit = profile.shows.get(e.podcast_id)
        if habit is not None and habit.listens:
            out.extend(self._habit_signals(s, title))
        return tuple(out)

    def _habit_signals(self, s: Scored, title: str) -> list[Signal]:
        e, profile = s.episode, self.profile
        habit = profile.shows[e.podcast_id]
        out: list[Signal] = [
            (
                "show affinity",
                f"{habit.listens} listens of {title}, {profile.recent(e.podcast_id)} in the last "
                "two weeks.",
            ),
            (
                "time of day",
                f"{self.shares.get(e.podcast_id, 0.0):.0%} of your listening on "
                f"{self.moment.phrase()} is {title}.",
            ),
        ]
        if s.track == "order":
            place = "the next one" if s.position_in_order == 0 else "further along"
            out.append(("order", f"You hear {title} in order; this episode is {place}."))
        else:
            age = profile.at - (e.published or profile.at)
            window = profile.fresh_window(e.podcast_id) / 2.5
            out.append(
                (
                    "freshness",
                    f"Published {ago_words(age)}; you usually start {title} episodes within "
                    f"{duration_words(window)} of release.",
                )
            )
        if "same show" in s.parts and profile.last is not None:
            p = profile.same_show_next(e.podcast_id)
            out.append(
                ("just heard", f"You go on with {title} after an episode {p:.0%} of the time.")
            )
        time, left = self.time, s.fit.left
        if time is not None and left is not None:
            have = (
                f"you have {duration_words(time.seconds)}"
                if time.asked
                else f"you usually listen for {duration_words(time.seconds)} at this time"
            )
            verdict = "it fits" if s.fit.fits else "it does not fit"
            out.append(("length", f"{duration_words(left)} left; {have}: {verdict}."))
        if habit.skipped:
            out.append(("skips", f"You skipped {habit.skipped} episodes of {title} early on."))
        dismissed = profile.dismissed.get(e.podcast_id, 0)
        if dismissed:
            out.append(("not interested", f"You dismissed {dismissed} of its episodes."))
        if self.trending(e.podcast_id):
            out.append(("trend", f"You have been listening to {title} more lately."))
        return out
