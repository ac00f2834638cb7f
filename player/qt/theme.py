"""The window's colours: follow the desktop's scheme, or a light or dark palette chosen in the
settings (``ui.theme``), applied at once.

We always use the Fusion style, because it paints every control from the palette, so one
palette change recolours the whole window, the hand-painted delegates (which draw with the
palette's roles) and our icons (recoloured from the palette, ``player.qt.icons``).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication

from player.i18n import N_
from player.qt.icons import recoloured

SETTING = "ui.theme"
"""Where the listener's choice is stored (a :class:`Theme` value)."""


class Theme(StrEnum):
    """The choices offered in Settings -> Appearance."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


THEME_LABELS: tuple[tuple[Theme, str], ...] = (
    (Theme.SYSTEM, N_("Follow the system")),
    (Theme.LIGHT, N_("Light")),
    (Theme.DARK, N_("Dark")),
)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion, complete enough for every control we show.

    Each role is set in every group, then the disabled group is dimmed: a palette that leaves
    roles at their light defaults shows black-on-dark text in tooltips, placeholders and
    disabled items.
    """
    p = QPalette()
    window, base, text = QColor(42, 42, 46), QColor(30, 30, 32), QColor(230, 230, 230)
    colours = {
        Role.Window: window,
        Role.WindowText: text,
        Role.Base: base,
        Role.AlternateBase: QColor(38, 38, 42),
        Role.Text: text,
        Role.Button: QColor(52, 52, 57),
        Role.ButtonText: text,
        Role.BrightText: QColor(255, 110, 110),
        Role.Light: QColor(78, 78, 84),
        Role.Midlight: QColor(62, 62, 68),
        Role.Mid: QColor(84, 84, 90),
        Role.Dark: QColor(24, 24, 26),
        Role.Shadow: QColor(0, 0, 0),
        Role.Highlight: QColor(42, 110, 190),
        Role.HighlightedText: QColor(255, 255, 255),
        Role.Link: QColor(120, 178, 255),
        Role.LinkVisited: QColor(190, 150, 255),
        Role.ToolTipBase: QColor(58, 58, 64),
        Role.ToolTipText: text,
        Role.PlaceholderText: QColor(150, 150, 156),
        Role.Accent: QColor(42, 110, 190),
    }
    for role, colour in colours.items():
        p.setColor(role, colour)
    dimmed = QColor(128, 128, 132)
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        p.setColor(Group.Disabled, role, dimmed)
    p.setColor(Group.Disabled, Role.Highlight, QColor(70, 70, 76))
    p.setColor(Group.Disabled, Role.HighlightedText, QColor(170, 170, 174))
    p.setColor(Group.Disabled, Role.Base, QColor(36, 36, 39))
    p.setColor(Group.Disabled, Role.Button, QColor(46, 46, 50))
    return p


def light_palette(app: QApplication) -> QPalette:
    """Fusion's own light palette."""
    return app.style().standardPalette()


class _SchemeFollower(QObject):
    """Holds the listener's choice and re-applies it when the desktop's scheme changes (only
    the "system" choice follows it). One per application, found by its object name."""

    NAME = "podcastThemeFollower"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(self.NAME)
        self.app = app
        self.choice = Theme.SYSTEM
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.update)

    def update(self, *_args: object) -> None:
        dark = self.choice is Theme.DARK or (
            self.choice is Theme.SYSTEM
            and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        )
        palette = dark_palette() if dark else light_palette(self.app)
        self.app.setPalette(palette)
        _reach_every_widget(self.app, palette)
        recolour_icons(self.app)


def _reach_every_widget(app: QApplication, palette: QPalette) -> None:
    """Make existing widgets take up the new palette also before ``exec()`` has started.

    Qt only tells widgets about an application palette change once its event loop runs; the
    stored theme is applied at start-up, when the window already exists, so we pass the
    change on ourselves when a window still shows the old colours.
    """
    window = palette.color(Role.Window)
    if all(top.palette().color(Role.Window) == window for top in app.topLevelWidgets()):
        return
    change = QEvent(QEvent.Type.ApplicationPaletteChange)
    for widget in app.allWidgets():
        QApplication.sendEvent(widget, change)


def recolour_icons(app: QApplication) -> None:
    """Redraw our own icons on every action and button in the new palette's text colour
    (desktop theme icons are left alone)."""
    for top in app.topLevelWidgets():
        for owner in [top, *top.findChildren(QAction), *top.findChildren(QAbstractButton)]:
            if isinstance(owner, QAction | QAbstractButton):
                fresh = recoloured(owner.icon())
                if fresh is not None:
                    owner.setIcon(fresh)


def parse_theme(value: object) -> Theme:
    """A stored setting as a :class:`Theme` (anything unknown follows the system)."""
    try:
        return Theme(str(value))
    except ValueError:
        return Theme.SYSTEM


def apply_theme(app: QApplication, choice: Theme | str | None = Theme.SYSTEM) -> None:
    """Use Fusion with the chosen palette now; "system" also follows later desktop changes."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    follower = app.findChild(_SchemeFollower, _SchemeFollower.NAME) or _SchemeFollower(app)
    follower.choice = parse_theme(choice)
    follower.update()
