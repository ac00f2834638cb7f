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
from player.i18n import N_, _, ngettext
from player.recommend.facts import EpisodeFacts, Moment, Show
from player.recommend.profile import DAY, Profile
from player.recommend.scorer import Scored
from player.recommend.time_fit import Available, fit_words

STRONG_HABIT = 1.3  # a show's share at this moment over its share overall that counts as habit
MIN_HABIT_MASS = 2.0  # (decayed) listens near this moment before we speak of a habit


def duration_words(seconds: float) -> str:
    """ "40 seconds", "12 minutes", "1 hour 5 minutes" (in the listener's language)."""
    if seconds < 60:
        n = int(seconds)
        return ngettext("{n} second", "{n} seconds", n).format(n=n)
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours, rest = divmod(minutes, 60)
    text = ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    if not rest:
        return text
    rest_text = ngettext("{n} minute", "{n} minutes", rest).format(n=rest)
    return _("{hours} {minutes}").format(hours=text, minutes=rest_text)


def ago_words(seconds: float) -> str:
    """ "5 hours ago", "3 days ago", "just now"."""
    if seconds < 3600:
        if seconds < 120:
            return _("just now")
        n = int(seconds // 60)
        return ngettext("{n} minute ago", "{n} minutes ago", n).format(n=n)
    if seconds < DAY:
        n = int(seconds // 3600)
        return ngettext("{n} hour ago", "{n} hours ago", n).format(n=n)
    days = int(seconds // DAY)
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


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
        return (show.title if show else "") or e.podcast_title or _("this show")

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
            # The reason without its full stop, then the fit: "...; it fits your usual 25 minutes."
            return _("{reason}; {fit}.").format(reason=sentence.rstrip("."), fit=fits)
        return sentence

    def _main_reason(self, s: Scored) -> str:
        e, title = s.episode, self._title(s.episode)
        main = s.main
        if main == "resume":
            return _("You stopped {duration} in.").format(duration=duration_words(e.position))
        if main == "same show":
            if s.track == "order" and s.position_in_order == 0:
                if e.season:
                    return _(
                        "Next in {title}, season {season}, after the one you just heard."
                    ).format(title=title, season=e.season)
                return _("Next in {title}, after the one you just heard.").format(title=title)
            return _("More {title}, which you are listening to right now.").format(title=title)
        if main == "habit":
            return self._habit_reason(s, title)
        if self.profile.empty:
            show = self.shows.get(e.podcast_id)
            if show is not None and show.kind == "serial":
                return _(
                    "The start of {title}, a series best heard in order; suggestions will "
                    "follow your habits once you have listened a little."
                ).format(title=title)
            return _(
                "New from {title}; suggestions will follow your habits once you have "
                "listened a little."
            ).format(title=title)
        return _("New from {title}, a show you have not tried yet.").format(title=title)

    def _habit_reason(self, s: Scored, title: str) -> str:
        e = s.episode
        when = self.moment.when()
        strong = self.habit_strong(e.podcast_id)
        if s.track == "order" and s.position_in_order == 0:
            return _next_in(title, e.season, when if strong else None)
        if strong:
            return _("You usually hear {title} {when}.").format(title=title, when=when)
        if self.trending(e.podcast_id):
            return _("You have been listening to {title} more lately.").format(title=title)
        age = self.profile.at - (e.published or self.profile.at)
        if age < DAY:
            return _("New from {title}, which you usually hear while it is fresh.").format(
                title=title
            )
        return _("You often listen to {title}.").format(title=title)

    def signals(self, s: Scored) -> tuple[Signal, ...]:
        """Every signal that went into the score, each as (name, explanation)."""
        e, title, profile = s.episode, self._title(s.episode), self.profile
        when = datetime.fromtimestamp(self.moment.at, profile.tz)
        out: list[Signal] = [
            (
                "moment",
                _("{day} {time}, one of your {moment}").format(
                    day=weekday_name(when), time=f"{when:%H:%M}", moment=self.moment.named()
                ),
            ),
            ("score", ", ".join(f"{k} {v:.1%}" for k, v in sorted(s.parts.items()))),
        ]
        if profile.empty:
            out.append(
                (
                    "no history",
                    _("No listening history yet: newest first, series from the start."),
                )
            )
        if e.position > 0 and e.duration:
            stopped = _("Stopped at {position} of {duration}.").format(
                position=clock(e.position), duration=clock(e.duration)
            )
            out.append(("in progress", stopped))
        if s.dropped:
            out.append(("dropped", _("You stopped this early and played something else.")))
        habit = profile.shows.get(e.podcast_id)
        if habit is not None and habit.listens:
            out.extend(self._habit_signals(s, title))
        return tuple(out)

    def _habit_signals(self, s: Scored, title: str) -> list[Signal]:
        e, profile = s.episode, self.profile
        habit = profile.shows[e.podcast_id]
        listens = ngettext(
            "{n} listen of {title}, {recent} in the last two weeks.",
            "{n} listens of {title}, {recent} in the last two weeks.",
            habit.listens,
        ).format(n=habit.listens, title=title, recent=profile.recent(e.podcast_id))
        share = _("{share} of your listening {when} is {title}.").format(
            share=f"{self.shares.get(e.podcast_id, 0.0):.0%}", when=self.moment.when(), title=title
        )
        out: list[Signal] = [("show affinity", listens), ("time of day", share)]
        if s.track == "order":
            if s.position_in_order == 0:
                order = _("You hear {title} in order; this episode is the next one.")
            else:
                order = _("You hear {title} in order; this episode is further along.")
            out.append(("order", order.format(title=title)))
        else:
            age = profile.at - (e.published or profile.at)
            window = profile.fresh_window(e.podcast_id) / 2.5
            fresh = _(
                "Published {ago}; you usually start {title} episodes within {window} of release."
            ).format(ago=ago_words(age), title=title, window=duration_words(window))
            out.append(("freshness", fresh))
        if "same show" in s.parts and profile.last is not None:
            p = profile.same_show_next(e.podcast_id)
            heard = _("You go on with {title} after an episode {share} of the time.").format(
                title=title, share=f"{p:.0%}"
            )
            out.append(("just heard", heard))
        time, left = self.time, s.fit.left
        if time is not None and left is not None:
            out.append(("length", _length_words(left, time, s.fit.fits)))
        if habit.skipped:
            skipped = ngettext(
                "You skipped {n} episode of {title} early on.",
                "You skipped {n} episodes of {title} early on.",
                habit.skipped,
            ).format(n=habit.skipped, title=title)
            out.append(("skips", skipped))
        dismissed = profile.dismissed.get(e.podcast_id, 0)
        if dismissed:
            text = ngettext(
                "You dismissed {n} of its episodes.",
                "You dismissed {n} of its episodes.",
                dismissed,
            ).format(n=dismissed)
            out.append(("not interested", text))
        if self.trending(e.podcast_id):
            trend = _("You have been listening to {title} more lately.").format(title=title)
            out.append(("trend", trend))
        return out


def _next_in(title: str, season: int | None, when: str | None) -> str:
    """ "Next in X, season 2, which you usually hear on weekday mornings." (whole sentences)."""
    if season and when:
        text = _("Next in {title}, season {season}, which you usually hear {when}.")
    elif season:
        text = _("Next in {title}, season {season}.")
    elif when:
        text = _("Next in {title}, which you usually hear {when}.")
    else:
        text = _("Next in {title}.")
    return text.format(title=title, season=season, when=when)


def _length_words(left: float, time: Available, fits: bool) -> str:
    """The "length" signal: what is left, the time there is, and the verdict."""
    values = {"left": duration_words(left), "have": duration_words(time.seconds)}
    if time.asked:
        if fits:
            return _("{left} left; you have {have}: it fits.").format(**values)
        return _("{left} left; you have {have}: it does not fit.").format(**values)
    if fits:
        return _("{left} left; you usually listen for {have} at this time: it fits.").format(
            **values
        )
    return _("{left} left; you usually listen for {have} at this time: it does not fit.").format(
        **values
    )


def weekday_name(when: datetime) -> str:
    """The day's name in the listener's language ("Monday", "Montag")."""
    return _(WEEKDAYS[when.weekday()])


WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
