"""One translation mechanism for the whole app: GNU gettext catalogues read by the stdlib.

The window, the command line and the core messages (the one-sentence errors, up-next reasons)
all call :func:`_` (and :func:`ngettext` for counts), so a language is one ``.po`` file that
Weblate or Transifex can take. Catalogues are compiled ``.mo`` files shipped beside their
``.po`` (``scripts/i18n.py compile``; a test keeps them from drifting); reading one is a few
milliseconds with :mod:`gettext`, which matters because start-up time is a tracked figure.

The language comes from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (in that order,
as GNU gettext reads them), or from the Settings override the window passes to
:func:`install`. English is the source language: no catalogue, the msgids themselves.

:func:`_` looks the current catalogue up at *call* time: module-level constants are marked
with :func:`N_` and translated where they are shown, so a module imported before the language
is installed still speaks it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "podcast-player"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
SETTING = "ui.language"
"""The Settings key of the language override ("" or absent: follow the system)."""


@dataclass(frozen=True)
class Language:
    """The language the app speaks and the locale its dates and numbers follow."""

    code: str
    """The catalogue's language: ``de``, ``es``, ``ar``, or ``en`` (the source, no catalogue)."""
    locale: str
    """The full tag asked for, for formatting: ``de_DE`` from ``LANG=de_DE.UTF-8``."""

    @property
    def rtl(self) -> bool:
        """Written right to left: the window mirrors its layout."""
        return self.code in RTL_LANGUAGES


_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = Language(SOURCE_LANGUAGE, SOURCE_LANGUAGE)


def available_languages() -> list[str]:
    """The languages with a compiled catalogue, plus English; sorted."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        for path in LOCALE_DIR.iterdir():
            if (path / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(path.name)
    return sorted(found)


def _clean(tag: str) -> str:
    """``de_DE.UTF-8@euro`` -> ``de_DE``; ``de-DE`` -> ``de_DE``."""
    return tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()


def requested(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the environment asks for, most wanted first (``C``/``POSIX``: none).

    The first of the four variables that is set wins, as in GNU gettext; ``LANGUAGE`` may
    list several (``de:es``).
    """
    env = os.environ if environ is None else environ
    for name in ENV_VARS:
        value = env.get(name, "")
        if value:
            tags = [_clean(tag) for tag in value.split(":")]
            return [t for t in tags if t and t not in ("C", "POSIX")]
    return []


def choose(override: str | None = None, environ: Mapping[str, str] | None = None) -> Language:
    """The language to speak: the override if it has a catalogue, else the environment's.

    ``de_AT`` falls back to ``de``; a language without a catalogue is skipped (``fr:de``
    gives German), and English stops the search (``en:de`` is English).
    """
    have = set(available_languages())
    wanted = [_clean(override)] if override else []
    for tag in [*wanted, *requested(environ)]:
        for code in (tag, tag.split("_", 1)[0]):
            if code in have:
                return Language(code, tag)
    return Language(SOURCE_LANGUAGE, SOURCE_LANGUAGE)


def install(override: str | None = None, environ: Mapping[str, str] | None = None) -> Language:
    """Choose the language and make :func:`_` speak it; returns the choice."""
    global _translations, _language
    language = choose(override, environ)
    if language.code == SOURCE_LANGUAGE:
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language.code])
    _language = language
    return language


def current() -> Language:
    """The language :func:`install` chose last (English before any install)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language (itself when it has no translation)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n``, by the catalogue's ``Plural-Forms`` rule.

    Arabic has six forms, German and Spanish two; ``n`` still has to be put into the text
    by the caller (``.format(n=...)``), since the forms may place it differently.
    """
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extraction looks for
    """Mark a constant for extraction without translating it yet (translate it where shown)."""
    return message
