"""The window in the listener's language: our catalogue, Qt's own strings, the layout direction.

Our strings go through :func:`player.i18n._` (gettext), chosen here once per start: a language
changed in Settings applies at the next start, as the dialog says. Qt's own strings (the
standard dialog buttons, a line edit's context menu) come from the ``qtbase_*.qm`` files
PySide6 ships, installed with a :class:`QTranslator`. A right-to-left language mirrors the
whole layout with :meth:`QGuiApplication.setLayoutDirection`; the few widgets that paint
themselves (the seek slider's chapter marks) read the direction from there.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator

from player import i18n

_installed: list[QTranslator] = []
"""Qt's translator in use (kept referenced: Qt does not own it), replaced on a new choice."""


def apply_language(app: QCoreApplication, override: str | None = None) -> i18n.Language:
    """Choose the language (``override``, else the environment), install it; the choice."""
    language = i18n.install(override)
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    qt_locale = QLocale(language.locale if language.code != i18n.SOURCE_LANGUAGE else "en_US")
    QLocale.setDefault(qt_locale)
    if language.code != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(qt_locale, "qtbase", "_", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    direction = Qt.LayoutDirection.RightToLeft if language.rtl else Qt.LayoutDirection.LeftToRight
    if hasattr(app, "setLayoutDirection"):
        app.setLayoutDirection(direction)
    return language


LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español", "ar": "العربية"}
"""Each language in itself, as a language menu lists them (whatever language is in use)."""


def language_name(code: str) -> str:
    """``Deutsch`` for ``de``; the code itself for a catalogue not named here."""
    return LANGUAGE_NAMES.get(code, code)
