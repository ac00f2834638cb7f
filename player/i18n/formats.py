"""Dates, relative dates and numbers as the listener's locale writes them (Babel, CLDR data).

The one place the window and the command line format a date or a count for people:
``03.12.2026`` in German, ``3 dic 2026`` in Spanish, ``Dec 3, 2026`` in English. Babel is
imported on first use, not with this module, so a window whose first frame shows no date pays
nothing; its locale data is cached per locale after the first call. ``--json`` never comes
here: it prints ISO 8601 and plain numbers in every language.

Durations stay in :mod:`player.domain.format` (digits and catalogue unit words).
"""

from __future__ import annotations

import functools
from datetime import date as Date  # noqa: N812 - "date" is the function below
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from player.i18n import _, current

if TYPE_CHECKING:
    from babel import Locale


@functools.lru_cache(maxsize=8)
def _babel_locale(tag: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(tag.split("_", 1)[0] or "en")


def locale() -> Locale:
    """The Babel locale of the current language (``de_DE`` when ``LANG`` says so)."""
    return _babel_locale(current().locale)


@functools.lru_cache(maxsize=4096)
def _date_text(day: Date, tag: str, form: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, form, locale=_babel_locale(tag)))


def _local_day(ts: float, tz: tzinfo | None) -> Date:
    return datetime.fromtimestamp(ts, tz).date()


def date(ts: float | None, form: str = "medium", tz: tzinfo | None = None) -> str:
    """The calendar day of POSIX time ``ts`` (local time unless ``tz``), "" for None.

    ``form`` is a CLDR width: ``short`` (03.12.26), ``medium`` (03.12.2026), ``long``.
    Cached per day, since an episode table asks for the same few hundred days again and again.
    """
    if ts is None:
        return ""
    return _date_text(_local_day(ts, tz), current().locale, form)


def datetime_text(ts: float | None, tz: tzinfo | None = None) -> str:
    """Day and time of ``ts`` (a bookmark, a live item): ``03.12.2026, 14:05``."""
    if ts is None:
        return ""
    from babel.dates import format_datetime

    when = datetime.fromtimestamp(ts, tz)
    return str(format_datetime(when, "short", locale=locale())).replace("\u202f", " ")


def relative_date(ts: float | None, now: float, tz: tzinfo | None = None) -> str:
    """``Today``, ``Yesterday``, else the date: how a recent day reads in a list."""
    if ts is None:
        return ""
    delta = (_local_day(now, tz) - _local_day(ts, tz)).days
    if delta == 0:
        return _("Today")
    if delta == 1:
        return _("Yesterday")
    return date(ts, tz=tz)


def number(value: float, digits: int | None = None) -> str:
    """A count or a measure with the locale's separators: ``40.000`` in German."""
    from babel.numbers import format_decimal

    if digits is None:
        return str(format_decimal(value, locale=locale()))
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return str(format_decimal(value, format=pattern, locale=locale()))


def percent(fraction: float) -> str:
    """``0.45`` -> ``45 %`` in German, ``45%`` in English."""
    from babel.numbers import format_percent

    return str(format_percent(fraction, locale=locale())).replace("\xa0", " ")
