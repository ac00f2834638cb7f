"""Locale formatting (player.i18n.formats) and the choice of language (player.i18n).

The window formats the medium date of the shipped locales from their CLDR pattern without
loading Babel (start-up time); here that path is checked against Babel itself, day by day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date

from player import i18n
from player.i18n import formats


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.install("en")


def test_the_shipped_dates_read_as_babel_writes_them() -> None:
    table = json.loads(formats.CLDR_DATES.read_text(encoding="utf-8"))
    assert {"en", "de", "de_DE", "es", "es_ES", "ar"} <= set(table)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)] + [date(999, 3, 7)]
    for tag, entry in table.items():
        for day in days:
            ours = formats.format_pattern(day, entry["medium"], entry["months"])
            assert ours == format_date(day, "medium", locale=tag), (tag, day)


@pytest.mark.parametrize(
    ("environ", "code", "shown"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de", "05.01.2026"),
        ({"LANGUAGE": "es", "LANG": "C.UTF-8"}, "es", "5 ene 2026"),
        ({"LC_ALL": "ar_EG.UTF-8", "LANG": "de_DE.UTF-8"}, "ar", "05\u200f/01\u200f/2026"),
        ({"LANGUAGE": "fr:de"}, "de", "05.01.2026"),  # no French catalogue: the next one
        ({"LANGUAGE": "en:de"}, "en", "Jan 5, 2026"),  # English is asked for first
        ({"LANG": "C"}, "en", "Jan 5, 2026"),
        ({"LANG": "de_AT.UTF-8"}, "de", "05.01.2026"),
        ({"LANG": "pt_BR.UTF-8"}, "en", "Jan 5, 2026"),
    ],
)
def test_the_environment_chooses(environ: dict[str, str], code: str, shown: str) -> None:
    language = i18n.install(environ=environ)
    assert language.code == code
    assert language.rtl == (code == "ar")
    noon = datetime(2026, 1, 5, 12, tzinfo=UTC).timestamp()
    assert formats.date(noon, tz=UTC) == shown


def test_the_settings_override_beats_the_environment() -> None:
    assert i18n.install("es", environ={"LANGUAGE": "de"}).code == "es"
    assert i18n.install("", environ={"LANGUAGE": "de"}).code == "de"
    assert i18n.install("xx", environ={"LANGUAGE": "de"}).code == "de"


def test_plural_forms_follow_each_catalogue() -> None:
    def episodes(n: int) -> str:
        return i18n.ngettext("{n} episode", "{n} episodes", n).format(n=n)

    i18n.install("de")
    assert [episodes(n) for n in (1, 2)] == ["1 Folge", "2 Folgen"]
    i18n.install("ar")
    forms = [episodes(n) for n in (0, 1, 2, 3, 11, 100)]
    assert forms == ["لا حلقات", "حلقة واحدة", "حلقتان", "3 حلقات", "11 حلقة", "100 حلقة"]
    i18n.install("en")
    assert [episodes(n) for n in (1, 2)] == ["1 episode", "2 episodes"]


def test_relative_dates_and_numbers() -> None:
    i18n.install("de")
    now = datetime(2026, 3, 10, 15, tzinfo=UTC).timestamp()
    assert formats.relative_date(now - 3600, now, tz=UTC) == "Heute"
    assert formats.relative_date(now - 86_400, now, tz=UTC) == "Gestern"
    assert formats.relative_date(now - 3 * 86_400, now, tz=UTC) == "07.03.2026"
    assert formats.number(40_000) == "40.000"
    i18n.install("en")
    assert formats.number(40_000) == "40,000"


def test_a_shipped_date_does_not_load_babel() -> None:
    """The window's first frame shows dates: for the shipped locales that costs no Babel."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = (
        "import sys\n"
        "from player import i18n\n"
        "from player.i18n import formats\n"
        "for tag in ('de_DE', 'es_ES', 'ar', 'en'):\n"
        "    i18n.install(tag)\n"
        "    formats.date(1.7e9)\n"
        "print('babel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
