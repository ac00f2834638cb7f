"""What the scorer reads: light records the service fills from the store, and the moment.

The history can hold 10,000 listens; building full :class:`~player.domain.Episode` objects for
each would cost more than scoring, so a listen carries only the episode facts the signals use.
Listens and moments are named tuples, not frozen dataclasses: a frozen dataclass sets each
field through ``object.__setattr__``, and building 3,000 listens cost 9 ms instead of 2.5 ms.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple, Protocol

from player.domain.models import EpisodeState
from player.i18n import N_, _


class Show(NamedTuple):
    """A subscription as the scorer sees it: its title for reasons, its declared kind."""

    id: int
    title: str
    kind: str = "episodic"  # "serial" when the feed says itunes:type serial


class Listen(NamedTuple):
    """One play event joined with the facts of its episode (``event_id``: its row, 0 if none)."""

    episode_id: int
    podcast_id: int
    started_at: float
    from_pos: float
    to_pos: float
    rate: float = 1.0
    duration: float | None = None
    published: float | None = None
    number: int | None = None
    event_id: int = 0

    @property
    def ended_at(self) -> float:
        """Wall-clock end of the span (media seconds divided by the playback rate)."""
        return self.started_at + max(0.0, self.to_pos - self.from_pos) / (self.rate or 1.0)


class EpisodeFacts(Protocol):
    """What scoring and reasons read of an episode: a full :class:`~player.domain.Episode`
    or a :class:`Candidate` have it."""

    @property
    def id(self) -> int: ...
    @property
    def podcast_id(self) -> int: ...
    @property
    def published(self) -> float | None: ...
    @property
    def duration(self) -> float | None: ...
    @property
    def season(self) -> int | None: ...
    @property
    def number(self) -> int | None: ...
    @property
    def episode_type(self) -> str: ...
    @property
    def state(self) -> str: ...  # an EpisodeState value ("new", "played")
    @property
    def position(self) -> float: ...
    @property
    def last_played(self) -> float | None: ...
    @property
    def podcast_title(self) -> str: ...


class Candidate(NamedTuple):
    """An episode that could be suggested, with only the facts scoring and reasons read.

    Scoring reads 400-odd candidates; a full episode (27 fields, frozen) costs ~10 µs to build,
    more than scoring it. Only the few suggested are then read in full.
    """

    id: int
    podcast_id: int
    published: float | None = None
    duration: float | None = None
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"
    state: str = EpisodeState.NEW  # its value, as read from the store
    position: float = 0.0
    last_played: float | None = None
    podcast_title: str = ""


DAY_PARTS = (
    (5, "early mornings"),
    (7, "mornings"),
    (12, "middays"),
    (14, "afternoons"),
    (18, "evenings"),
    (22, "late evenings"),
)


class Moment(NamedTuple):
    """A point in time as habits see it: local hour of day and weekday or weekend."""

    at: float
    hour: float
    weekend: bool

    @classmethod
    def of(cls, when: datetime) -> Moment:
        """The moment of a datetime on its own clock (a naive one is this computer's time)."""
        hour = when.hour + when.minute / 60 + (when.second + when.microsecond / 1e6) / 3600
        return cls(when.timestamp(), hour, when.weekday() >= 5)

    @classmethod
    def at_time(cls, ts: float, tz: tzinfo | None) -> Moment:
        """The moment of POSIX seconds ``ts`` on the clock of ``tz`` (None: this computer's)."""
        return cls.of(datetime.fromtimestamp(ts, tz))

    def phrase(self) -> str:
        """ "weekday mornings", "weekend evenings"... what a listener calls this time (in
        English: the key of :data:`PHRASES` and :data:`WHEN`)."""
        part = "nights"
        if 5 <= self.hour < 23:
            part = [name for start, name in DAY_PARTS if self.hour >= start][-1]
        return f"{'weekend' if self.weekend else 'weekday'} {part}"

    def named(self) -> str:
        """:meth:`phrase` in the listener's language ("one of your {named}")."""
        return _(PHRASES[self.phrase()])

    def when(self) -> str:
        """When, as an adverbial in the listener's language: "on weekday mornings"."""
        return _(WHEN[self.phrase()])


PHRASES = {
    "weekday early mornings": N_("weekday early mornings"),
    "weekday mornings": N_("weekday mornings"),
    "weekday middays": N_("weekday middays"),
    "weekday afternoons": N_("weekday afternoons"),
    "weekday evenings": N_("weekday evenings"),
    "weekday late evenings": N_("weekday late evenings"),
    "weekday nights": N_("weekday nights"),
    "weekend early mornings": N_("weekend early mornings"),
    "weekend mornings": N_("weekend mornings"),
    "weekend middays": N_("weekend middays"),
    "weekend afternoons": N_("weekend afternoons"),
    "weekend evenings": N_("weekend evenings"),
    "weekend late evenings": N_("weekend late evenings"),
    "weekend nights": N_("weekend nights"),
}
"""Each moment's name, whole (a translator sees "weekday mornings", never two pieces)."""

WHEN = {
    "weekday early mornings": N_("on weekday early mornings"),
    "weekday mornings": N_("on weekday mornings"),
    "weekday middays": N_("on weekday middays"),
    "weekday afternoons": N_("on weekday afternoons"),
    "weekday evenings": N_("on weekday evenings"),
    "weekday late evenings": N_("on weekday late evenings"),
    "weekday nights": N_("on weekday nights"),
    "weekend early mornings": N_("on weekend early mornings"),
    "weekend mornings": N_("on weekend mornings"),
    "weekend middays": N_("on weekend middays"),
    "weekend afternoons": N_("on weekend afternoons"),
    "weekend evenings": N_("on weekend evenings"),
    "weekend late evenings": N_("on weekend late evenings"),
    "weekend nights": N_("on weekend nights"),
}
"""The same moments as a time adverbial, as reasons use them ("You usually hear X {when}")."""
