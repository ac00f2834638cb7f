"""Dates, relative dates and numbers as the listener's locale writes them (Babel, CLDR data).

The one place the window and the command line format a date or a count for people:
``03.12.2026`` in German, ``3 dic 2026`` in Spanish, ``Dec 3, 2026`` in English. ``--json``
never comes here: it prints ISO 8601 and plain numbers in every language.

Loading Babel's locale data costs about 20 ms of CPU, and the episode list's first frame shows
dates: so the medium date of the locales the app ships (``cldr_dates.json``, written from
Babel by ``scripts/i18n.py compile`` and checked against it by a test) is formatted here from
its CLDR pattern without importing Babel. Every other locale and form goes through Babel,
imported on first use.

Durations stay in :mod:`player.domain.format` (digits and catalogue unit words).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date as Date  # noqa: N812 - "date" is the function below
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from player.i18n import _, current

CLDR_DATES = Path(__file__).resolve().parent / "cldr_dates.json"
"""``{tag: {"medium": CLDR pattern, "months": 12 abbreviated names}}`` for the shipped locales."""
_FIELD = re.compile(r"'(?:[^']|'')*'|([dMy])\1*|.", re.DOTALL)

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


@functools.lru_cache(maxsize=1)
def _shipped_dates() -> dict[str, dict[str, object]]:
    try:
        table: dict[str, dict[str, object]] = json.loads(CLDR_DATES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table


def format_pattern(day: Date, pattern: str, months: list[str]) -> str:
    """``day`` by a CLDR date pattern of ``d``, ``M`` and ``y`` fields (``dd.MM.y``,
    ``MMM d, y``) and quoted literals, the way Babel formats it (Latin digits)."""
    out = []
    for match in _FIELD.finditer(pattern):
        token = match.group(0)
        if match.group(1) is None:
            out.append(token[1:-1].replace("''", "'") if token.startswith("'") else token)
        elif token[0] == "d":
            out.append(f"{day.day:0{len(token)}d}")
        elif token[0] == "y":
            out.append(f"{day.year % 100:02d}" if len(token) == 2 else f"{day.year:0{len(token)}d}")
        elif len(token) >= 3:
            out.append(months[day.month - 1])
        else:
            out.append(f"{day.month:0{len(token)}d}")
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _date_text(day: Date, tag: str, form: str) -> str:
    shipped = _shipped_dates().get(tag) if form == "medium" else None
    if shipped is not None:
        pattern, months = shipped["medium"], shipped["months"]
        assert isinstance(pattern, str) and isinstance(months, list)
        return format_pattern(day, pattern, months)
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


def language_name(code: str) -> str:
    """A language's name in the listener's language ("de" -> "German", "Deutsch" in German);
    the code itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(locale())
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code
