"""The window in German, Spanish and Arabic: translated menus, locale dates, a mirrored layout.

Each test starts the real window on a fresh data folder (the demo podcast, published on
Mondays of January 2026) with ``LANGUAGE`` set as a desktop session sets it, and puts English
back afterwards so the other tests read the window they expect.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QStyle, QStyleOptionSlider, QWidget

from player import i18n
from player.domain.models import Chapter
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.locale_setup import apply_language
from player.qt.models.episode_cells import Column, EpisodeRole
from player.qt.widgets.seek_slider import SeekSlider


@pytest.fixture
def speak(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[object]:
    """``speak("de_DE")``: the environment asks for that language from now on."""

    def set_language(tag: str) -> None:
        for name in i18n.ENV_VARS:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANGUAGE", tag)
        monkeypatch.setenv("LANG", f"{tag}.UTF-8")

    yield set_language
    apply_language(qapp, "en")  # English again, left to right, Qt's own strings untranslated


def _window(qtbot, data_dir: Path) -> Application:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=15_000)
    return app


def _menus(app: Application) -> list[str]:
    return [action.text() for action in app.window.menuBar().actions()]


def _sidebar(app: Application) -> list[str]:
    model = app.window.library_pane.sidebar.model()
    return [model.index(r).data() for r in range(3)]


def _dates(app: Application) -> dict[str, str]:
    """Each demo episode's Date cell by the local day it was published (ISO)."""
    model = app.episode_model
    cells = {}
    for row in range(model.rowCount()):
        episode = model.index(row, 0).data(EpisodeRole)
        day = datetime.fromtimestamp(episode.published).date().isoformat()
        cells[day] = model.index(row, Column.DATE).data()
    return cells


def _cancel_text() -> str:
    """What Qt itself writes on a standard Cancel button (its qtbase catalogue)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")


def _x(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), QPoint(0, 0)).x()


def test_german_window(qtbot, data_dir: Path, speak) -> None:
    speak("de_DE")
    app = _window(qtbot, data_dir)
    assert _menus(app) == ["&Podcasts", "&Wiedergabe", "&Ansicht", "&Hilfe"]
    assert _sidebar(app) == ["Neu", "Angefangen", "Heruntergeladen"]
    header = app.episode_model.headerData(Column.DATE, Qt.Orientation.Horizontal)
    assert header == "Datum"
    dates = _dates(app)
    assert dates["2026-01-26"] == "26.01.2026" and dates["2026-01-05"] == "05.01.2026"
    assert app.episode_model.index(0, Column.STATE).data() == "Neu"
    assert _cancel_text() == "Abbrechen"
    assert app.window.registry["quit"].text() == "Beenden"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    app.close()


def test_spanish_window(qtbot, data_dir: Path, speak) -> None:
    speak("es_ES")
    app = _window(qtbot, data_dir)
    assert _menus(app) == ["&Podcasts", "&Reproducción", "&Ver", "Ay&uda"]
    assert _sidebar(app) == ["Nuevo", "En curso", "Descargado"]
    dates = _dates(app)
    assert dates["2026-01-26"] == "26 ene 2026" and dates["2026-01-05"] == "5 ene 2026"
    assert _cancel_text() == "Cancelar"
    assert app.window.registry["quit"].text() == "Salir"
    app.close()


def test_arabic_window_is_mirrored(qtbot, data_dir: Path, speak) -> None:
    speak("ar")
    app = _window(qtbot, data_dir)
    window = app.window
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert _menus(app) == ["&بودكاست", "&التشغيل", "&عرض", "&مساعدة"]
    assert _sidebar(app) == ["جديدة", "قيد الاستماع", "منزّلة"]
    dates = _dates(app)
    assert dates["2026-01-26"] == "26\u200f/01\u200f/2026"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    pane = window.library_pane
    # Mirrored: the sidebar stands right of the episode list, the elapsed time under the
    # slider's right end and the remaining time under its left one (each still reads "-1:23").
    assert _x(pane.sidebar) > _x(pane.table)
    now = window.now_playing_pane
    assert _x(now.elapsed) > _x(now.remaining)
    assert now.remaining.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # The sidebar's own painting is mirrored too: a show's cover at the right of its row.
    model = pane.sidebar.model()
    show = next(r for r in range(model.rowCount()) if model.index(r).data().startswith("Signal"))
    index = model.index(show)
    rect = pane.sidebar.visualRect(index)
    parts = pane.sidebar.itemDelegate().row_layout(
        rect, index, pane.sidebar.font(), pane.sidebar.layoutDirection()
    )
    assert parts.cover is not None and parts.cover.center().x() > parts.text.center().x()
    app.close()


@pytest.mark.parametrize(
    "direction", [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
)
def test_chapter_marks_follow_the_handle(qtbot, direction: Qt.LayoutDirection) -> None:
    """A chapter mark is drawn where the handle stands at that time, in either direction
    (under Arabic Qt runs the slider from right to left; the painted marks must too)."""
    slider = SeekSlider()
    qtbot.addWidget(slider)
    slider.setLayoutDirection(direction)
    slider.resize(600, 30)
    slider.set_duration(100.0)
    slider.set_chapters([Chapter(0.0, "Intro"), Chapter(25.0, "Talk"), Chapter(80.0, "End")])
    for seconds in (25.0, 80.0):
        slider.set_position(seconds)
        option = QStyleOptionSlider()
        slider.initStyleOption(option)
        handle = slider.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
        )
        assert abs(slider.x_for_seconds(seconds) - handle.center().x()) <= 2
        assert abs(slider.seconds_at(handle.center().x()) - seconds) < 1.0
    early, late = slider.x_for_seconds(25.0), slider.x_for_seconds(80.0)
    assert (early < late) == (direction == Qt.LayoutDirection.LeftToRight)


def test_the_settings_language_wins_at_the_next_start(qtbot, data_dir: Path, speak) -> None:
    """Settings → Appearance → Language: saved in the library, applied at the next start,
    over what the environment asks for."""
    from player.domain.settings import DEFAULTS
    from player.qt.dialogs.settings import SettingsDialog

    speak("es_ES")
    first = _window(qtbot, data_dir)
    dialog = SettingsDialog(dict(DEFAULTS), "", [], clear_history=lambda: None)
    qtbot.addWidget(dialog)
    assert dialog.language.itemText(0) == "Seguir al sistema"
    assert "Deutsch" in [dialog.language.itemText(i) for i in range(dialog.language.count())]
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert dialog.changes()[i18n.SETTING] == "de"
    note = dialog.findChild(QWidget, "languageRestartNote")
    assert note is not None and "próxima vez" in note.text()
    first.settings.set(i18n.SETTING, "de")
    first.close()
    first.window.close()
    second = _window(qtbot, data_dir)
    assert _menus(second)[1] == "&Wiedergabe"
    second.close()
