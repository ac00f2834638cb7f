"""Simulated listener populations: the knobs of the simulator, one set per population.

These numbers are assumptions, written down here and in ``README.md`` so a reader can disagree
with them. They were fixed before the scorer was written and are not tuned to flatter it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SlotTemplate:
    """A recurring listening moment: when, how long, and which kinds of show it favours."""

    name: str
    weekend: bool
    hour: float  # mean local start time, hours
    budget_min: tuple[float, float]  # session length range, minutes
    genres: dict[str, float]  # relative preference by genre


SLOTS: tuple[SlotTemplate, ...] = (
    SlotTemplate("weekday commute", False, 7.5, (25, 50), {"news": 0.6, "talk": 0.4}),
    SlotTemplate("weekday lunch", False, 12.5, (20, 40), {"talk": 0.5, "news": 0.3, "serial": 0.2}),
    SlotTemplate(
        "weekday drive home", False, 17.75, (30, 50), {"talk": 0.5, "serial": 0.3, "long": 0.2}
    ),
    SlotTemplate(
        "weekday late evening", False, 21.5, (40, 90), {"serial": 0.5, "long": 0.3, "talk": 0.2}
    ),
    SlotTemplate(
        "weekend morning", True, 10.0, (60, 150), {"serial": 0.4, "talk": 0.3, "long": 0.3}
    ),
    SlotTemplate("weekend evening", True, 20.5, (60, 120), {"serial": 0.6, "long": 0.4}),
)


@dataclass(frozen=True, slots=True)
class Population:
    """How many listeners, how many shows of each genre, and how regular their habits are."""

    name: str
    listeners: int = 8
    days: int = 112
    heldout: float = 0.3  # the last 30% of the days are replayed, never trained on
    shows: dict[str, int] = field(
        default_factory=lambda: {"news": 3, "serial": 2, "talk": 5, "long": 1, "dormant": 3}
    )
    slots_per_listener: tuple[int, int] = (2, 4)
    required_slots: tuple[str, ...] = ()  # slot names every listener of the population has
    slot_probability: tuple[float, float] = (0.5, 0.9)  # chance a slot happens on its days
    start_jitter_h: tuple[float, float] = (0.3, 0.75)  # sd of a session's start time
    off_slot_sessions: float = 0.1  # chance per day of a session at a random hour
    explore: float = 0.08  # chance a pick ignores habits (any show, any unheard episode)
    skip_rate: float = 0.08  # mean chance of giving up on an episode in the first minutes
    resume_rate: float = 0.7  # chance a budget-interrupted episode is resumed next time
    abandon_long: float = 0.35  # chance an episode over 75 min is dropped a third of the way
    binge_weekend: float = 0.6  # chance to go on with the next serial episode at the weekend
    binge_weekday: float = 0.3
    drift: float = 0.5  # chance a listener discovers a show and tires of another mid-way
    newest_first: float = 0.75  # talk shows: chance to pick the newest unheard, else one of 8


POPULATIONS: dict[str, Population] = {
    "default": Population("default"),
    "commuters": Population(
        "commuters",
        shows={"news": 5, "serial": 1, "talk": 4, "long": 0, "dormant": 2},
        required_slots=("weekday commute", "weekday drive home"),
        slot_probability=(0.7, 0.95),
        start_jitter_h=(0.2, 0.5),
    ),
    "bingers": Population(
        "bingers",
        shows={"news": 1, "serial": 5, "talk": 3, "long": 2, "dormant": 3},
        required_slots=("weekday late evening",),
        binge_weekend=0.8,
        binge_weekday=0.5,
    ),
    "irregular": Population(
        "irregular",
        shows={"news": 3, "serial": 2, "talk": 7, "long": 2, "dormant": 8},
        slot_probability=(0.3, 0.6),
        start_jitter_h=(1.0, 2.0),
        off_slot_sessions=0.35,
        explore=0.2,
        skip_rate=0.15,
        newest_first=0.5,
    ),
}
