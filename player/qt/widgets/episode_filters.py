"""The episode list's filter button (a menu of state, download, length, date and tag) and the
chip that says which filters are on.

A view, like the pane it sits in: it holds an :class:`EpisodeFilters` value and reports every
change through ``changed``; the pane turns it into a query and remembers it per view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
)

from player.domain.view_filters import (
    DATE_LABELS,
    DAY,
    DOWNLOAD_LABELS,
    DURATION_PRESETS,
    NO_FILTERS,
    STATE_LABELS,
    DatePreset,
    EpisodeFilters,
)
from player.i18n import N_, _

ANY_LENGTH = N_("Any length")
CUSTOM_LENGTH = N_("Custom length…")
ANY_TAG = N_("Any tag")


class EpisodeFilterButton(QToolButton):
    """ "Filter ▾": a menu whose checked items are the filters in force; one click changes one."""

    changed = Signal(object)
    """The new :class:`EpisodeFilters` after the listener picked something."""
    tagsWanted = Signal()
    """The menu is opening: a chance to reload the library's tags for next time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("episodeFilter")
        self.setAccessibleName(_("Episode filter"))
        self.setToolTip(_("Filter the episode list (remembered for each view)"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._filters = NO_FILTERS
        self._tags: list[str] = []
        self.menu_ = QMenu(self)
        self.menu_.setObjectName("episodeFilterMenu")
        self.menu_.aboutToShow.connect(self.tagsWanted.emit)
        self.setMenu(self.menu_)
        self.ask_duration: Callable[[EpisodeFilters], EpisodeFilters | None] = self._ask_duration
        self.ask_dates: Callable[[EpisodeFilters], EpisodeFilters | None] = self._ask_dates
        """The custom-range dialogs (tests answer them without a modal loop)."""
        self._build()
        self._sync()

    # -- the value ---------------------------------------------------------------------------

    def filters(self) -> EpisodeFilters:
        """The filters in force."""
        return self._filters

    def set_filters(self, filters: EpisodeFilters) -> None:
        """Show ``filters`` (another view's, or cleared) without reporting a change."""
        self._filters = filters
        self._sync()

    def set_tags(self, tags: list[str]) -> None:
        """The tags the tag submenu offers (the library's, from the task pool)."""
        if tags != self._tags:
            self._tags = list(tags)
            self._build_tags()

    def _pick(self, filters: EpisodeFilters) -> None:
        if filters != self._filters:
            self._filters = filters
            self._sync()
            self.changed.emit(filters)

    # -- the menu ----------------------------------------------------------------------------

    def action(self, text: str) -> QAction:
        """The menu item called ``text``, in any submenu (for tests and accessibility tools)."""
        menus = [self.menu_]
        while menus:
            menu = menus.pop()
            for act in menu.actions():
                if act.text() == text and not act.isSeparator():  # not a section's title
                    return act
                if isinstance(sub := act.menu(), QMenu):
                    menus.append(sub)
        raise KeyError(text)

    def _group(self, menu: QMenu, items: list[tuple[str, Callable[[], None]]]) -> list[QAction]:
        """Radio items: (label, what picking it does)."""
        group = QActionGroup(menu)
        group.setExclusive(True)
        actions = []
        for label, pick in items:
            act = menu.addAction(label)
            act.setCheckable(True)
            group.addAction(act)
            act.triggered.connect(pick)
            actions.append(act)
        return actions

    def _change(self, **fields: object) -> Callable[[], None]:
        """A menu item's effect: these fields replaced in the filters in force *then*."""
        return lambda: self._pick(replace(self._filters, **fields))  # type: ignore[arg-type]

    def _build(self) -> None:
        """The menu's items, made once; :meth:`_sync` checks the ones in force."""
        menu = self.menu_
        menu.addSection(_("State"))
        states = self._group(
            menu, [(_(lb), self._change(state=s)) for s, lb in STATE_LABELS.items()]
        )
        self._states = dict(zip(STATE_LABELS, states, strict=True))
        menu.addSection(_("Downloaded"))
        loads = [(_(lb), self._change(downloaded=d)) for d, lb in DOWNLOAD_LABELS.items()]
        self._downloads = dict(zip(DOWNLOAD_LABELS, self._group(menu, loads), strict=True))
        length = menu.addMenu(_("Length"))
        self._lengths = self._group(
            length,
            [
                (_(ANY_LENGTH), self._change(min_duration=None, max_duration=None)),
                *(
                    (_(label), self._change(min_duration=lo, max_duration=hi))
                    for label, lo, hi in DURATION_PRESETS
                ),
                (_(CUSTOM_LENGTH), lambda: self._ask(self.ask_duration)),
            ],
        )
        dates = menu.addMenu(_("Published"))
        items: list[tuple[str, Callable[[], None]]] = [
            (_(label), self._change(dates=d, published_after=None, published_before=None))
            for d, label in DATE_LABELS.items()
            if d is not DatePreset.CUSTOM
        ]
        items.append((_(DATE_LABELS[DatePreset.CUSTOM]), lambda: self._ask(self.ask_dates)))
        self._dates = dict(zip(DATE_LABELS, self._group(dates, items), strict=True))
        self._tag_menu = menu.addMenu(_("Tag"))
        self._tag_actions: dict[str, QAction] = {}
        self._build_tags()
        menu.addSeparator()
        self._clear = menu.addAction(_("Clear filters"), lambda: self._pick(NO_FILTERS))

    def _build_tags(self) -> None:
        """The tag submenu for the known tags (and the one in force, if it is not among them).

        Called when the list of tags changes, never from one of its own items' signals
        (clearing the menu deletes them).
        """
        f = self._filters
        for act in self._tag_menu.actions():
            if (group := act.actionGroup()) is not None:
                group.deleteLater()
        self._tag_menu.clear()
        known = {t.casefold() for t in self._tags}
        names = self._tags if not f.tag or f.tag.casefold() in known else [f.tag, *self._tags]
        items = [(_(ANY_TAG), self._change(tag=""))] + [(t, self._change(tag=t)) for t in names]
        actions = self._group(self._tag_menu, items)
        self._tag_actions = {n.casefold(): a for n, a in zip(["", *names], actions, strict=True)}
        self._tag_menu.setEnabled(bool(names))

    def _sync_tags(self) -> None:
        tag = self._filters.tag.casefold()
        if tag not in self._tag_actions:
            self._build_tags()
        self._tag_actions[tag].setChecked(True)

    def _sync(self) -> None:
        f = self._filters
        self.setText(_("Filter ({len})").format(len=len(f.describe())) if f.active else _("Filter"))
        self._states[f.state].setChecked(True)
        self._downloads[f.downloaded].setChecked(True)
        bounds = (f.min_duration, f.max_duration)
        choices = [(None, None), *((lo, hi) for _label, lo, hi in DURATION_PRESETS)]
        which = choices.index(bounds) if bounds in choices else len(choices)
        self._lengths[which].setChecked(True)
        self._dates[f.dates].setChecked(True)
        self._sync_tags()
        self._clear.setEnabled(f.active)

    def _ask(self, dialog: Callable[[EpisodeFilters], EpisodeFilters | None]) -> None:
        answer = dialog(self._filters)
        if answer is None:
            self._sync()  # the radio item the dialog's entry took back
        else:
            self._pick(answer)

    # -- the custom ranges -------------------------------------------------------------------

    def _ask_duration(self, f: EpisodeFilters) -> EpisodeFilters | None:
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Episode length"))
        form = QFormLayout(dialog)
        spins = []
        for label, seconds in (("At least", f.min_duration), ("At most", f.max_duration)):
            spin = QSpinBox(dialog)
            spin.setRange(0, 24 * 60)
            spin.setSuffix(_(" min"))
            spin.setSpecialValueText(_("no limit"))
            spin.setValue(round((seconds or 0) / 60))
            form.addRow(label, spin)
            spins.append(spin)
        _buttons(dialog, form)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        low, high = (float(s.value() * 60) or None for s in spins)
        return replace(f, min_duration=low, max_duration=high)

    def _ask_dates(self, f: EpisodeFilters) -> EpisodeFilters | None:
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Published between"))
        form = QFormLayout(dialog)
        today = QDate.currentDate()
        edits = []
        for label, epoch, shift in (
            ("From", f.published_after, 0.0),
            ("Until", f.published_before, -DAY),
        ):
            on = QCheckBox(label, dialog)
            edit = QDateEdit(dialog)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            if epoch is None:
                edit.setDate(today)
            else:
                day = dt.date.fromtimestamp(epoch + shift)
                edit.setDate(QDate(day.year, day.month, day.day))
            on.setChecked(epoch is not None)
            form.addRow(on, edit)
            edits.append((on, edit))
        _buttons(dialog, form)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        (from_on, from_edit), (until_on, until_edit) = edits
        after = _midnight(from_edit.date()) if from_on.isChecked() else None
        before = _midnight(until_edit.date().addDays(1)) if until_on.isChecked() else None
        if after is None and before is None:
            return replace(f, dates=DatePreset.ANY, published_after=None, published_before=None)
        return replace(f, dates=DatePreset.CUSTOM, published_after=after, published_before=before)


def _midnight(day: QDate) -> float:
    """The local start of ``day`` in epoch seconds."""
    return dt.datetime(day.year(), day.month(), day.day()).timestamp()


def _buttons(dialog: QDialog, form: QFormLayout) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class FilterChip(QLabel):
    """ "Filtered: New · 15–45 min — Clear filters", or why the list is empty; hidden when no
    filter is on, so a short list is never a mystery."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # many filters at 1024 px wrap rather than widen the pane
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.linkActivated.connect(lambda _link: self.clearRequested.emit())
        self.hide()

    def show_state(self, filters: EpisodeFilters, total: int | None) -> None:
        """Say which filters are on (and that nothing matches them, when that is so)."""
        self.setVisible(filters.active)
        if not filters.active:
            return
        on = " · ".join(filters.describe())
        link = '<a href="clear">Clear filters</a>'
        if total == 0:
            self.setText(
                _("No episodes match these filters ({on}) — {link}").format(on=on, link=link)
            )
        else:
            self.setText(_("Filtered: {on} — {link}").format(on=on, link=link))
        self.setAccessibleName(self.text().split(" — ")[0])
