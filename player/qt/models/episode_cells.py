"""What an episode row shows: the table's columns, its roles and the texts of its cells.

Apart from the model because this is pure presentation of one :class:`Episode` (no paging, no
threads, no Qt model state): the library pane, the queue, the delegates and the tests read the
same columns and roles without pulling in how the rows are loaded.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from player.domain.format import clock
from player.domain.models import Episode, EpisodeState
from player.domain.queries import EpisodeSort
from player.i18n import N_, _, formats

EpisodeRole = Qt.ItemDataRole.UserRole + 1
ProgressRole = Qt.ItemDataRole.UserRole + 2
ShortStateRole = Qt.ItemDataRole.UserRole + 3


class Column(enum.IntEnum):
    """Columns of the episode table, in display order."""

    TITLE = 0
    PODCAST = 1
    DATE = 2
    DURATION = 3
    STATE = 4
    DOWNLOADED = 5


HEADERS = {
    Column.TITLE: N_("Title"),
    Column.PODCAST: N_("Podcast"),
    Column.DATE: N_("Date"),
    Column.DURATION: N_("Duration"),
    Column.STATE: N_("State"),
    Column.DOWNLOADED: N_("Saved"),
}
SORT_FOR_COLUMN = {
    Column.TITLE: EpisodeSort.TITLE,
    Column.PODCAST: EpisodeSort.PODCAST,
    Column.DATE: EpisodeSort.NEWEST,
    Column.DURATION: EpisodeSort.DURATION,
}


def state_text(e: Episode, short: bool = False) -> str:
    """New, Played, or how far in ("45% heard"; ``short``: "45%", for a narrow column)."""
    if e.in_progress:
        if e.duration:
            share = int(100 * e.position / e.duration)
            return f"{share}%" if short else _("{percent}% heard").format(percent=share)
        return _("at {position}").format(position=clock(e.position))
    return _("Played") if e.state is EpisodeState.PLAYED else _("New")


_BOLD: list[QFont] = []


def bold_font() -> QFont:
    """One shared bold font for unplayed titles (data() is called for every visible cell)."""
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


DISPLAY = Qt.ItemDataRole.DisplayRole
FONT = Qt.ItemDataRole.FontRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ROLES = frozenset({DISPLAY, FONT, TOOLTIP, Qt.ItemDataRole.AccessibleTextRole, EpisodeRole,
                    ProgressRole, ShortStateRole})  # fmt: skip
"""The roles :meth:`EpisodeTableModel.data` answers; any other is turned away first."""


def display_texts(e: Episode) -> tuple[str, ...]:
    """The six column texts of an episode row, in :class:`Column` order."""
    return (
        e.title or _("(untitled)"),
        e.podcast_title,
        formats.date(e.published) if e.published else "",
        clock(e.duration),
        state_text(e),
        "✓" if e.download_path else "",
    )


def progress(e: Episode) -> float:
    """How much of an episode is heard, 0..1 (the State column's bar)."""
    if e.in_progress and e.duration:
        return min(1.0, e.position / e.duration)
    return 1.0 if e.state is EpisodeState.PLAYED else 0.0


def is_bold(e: Episode) -> bool:
    """Unplayed and not started: the title stands out."""
    return e.state is EpisodeState.NEW and not e.in_progress
