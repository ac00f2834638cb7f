"""How a length of media reads everywhere: one clock format for the window, the CLI and reasons.

Positions, durations, chapter starts and countdowns all read the way players show them:
``2:03`` under an hour, ``1:02:03`` from there. One function, so that the same episode never
says 59:60 in one place and 1:00:00 in another, and the feed parser reads every output back.
The clock is digits in every language; the unit words of the longer forms are catalogue
messages (``12 Std. 05 Min.`` in German).
"""

from __future__ import annotations

from player.i18n import _, ngettext


def clock(seconds: float | None, unknown: str = "") -> str:
    """``m:ss`` or ``h:mm:ss`` of ``seconds`` rounded to the nearest second.

    ``unknown`` stands in for None (an unknown duration): empty in a table cell, ``--:--``
    in the terminal. Negative values (a clock running before its start) read as 0:00.
    Callers that must round otherwise (a countdown rounds up) pass whole seconds.
    """
    if seconds is None:
        return unknown
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def long_duration(seconds: float) -> str:
    """A total of time for people: ``12 h 05 min``, ``7 min``, ``40 s`` (statistics; a
    negative total, time lost to a slow speed, keeps its sign)."""
    sign = "-" if seconds < -0.5 else ""
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return sign + _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    if minutes:
        return sign + _("{minutes} min").format(minutes=minutes)
    return sign + _("{seconds} s").format(seconds=secs)


def age(seconds: float) -> str:
    """A delay for people, in the unit that reads best: ``40 min``, ``5 h``, ``12 days``."""
    if seconds < 3600:
        return _("{minutes} min").format(minutes=max(0, round(seconds / 60)))
    if seconds < 48 * 3600:
        return _("{hours} h").format(hours=round(seconds / 3600))
    days = round(seconds / 86_400)
    return ngettext("{days} day", "{days} days", days).format(days=days)
