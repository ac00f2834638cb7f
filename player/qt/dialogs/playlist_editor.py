"""The smart playlist editor: a name, the rules as form widgets, a live count of the episodes
they match (counted on the task pool, never on the GUI thread), Save.

A view with two callables: ``count(rules)`` and ``save(name, rules)`` run on the runner it is
given; the dialog only builds :class:`PlaylistRules` from its widgets and shows the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from player.domain.playlists import (
    DEFAULT_DESCENDING,
    SORT_WORDS,
    DownloadRule,
    PlaylistRules,
    PlaylistRulesError,
    StateRule,
)
from player.i18n import N_, _, formats, ngettext
from player.qt.workers import TaskRunner
from player.services.playlists import PlaylistChoices

PREVIEW_DELAY_MS = 150
"""Counting waits for a pause in the editing (a spin box held down changes 20 times a second)."""
STATES = (
    (N_("Any"), StateRule.ANY),
    (N_("Unplayed"), StateRule.NEW),
    (N_("Played"), StateRule.PLAYED),
)
DOWNLOADS = (
    (N_("Any"), DownloadRule.ANY),
    (N_("Downloaded"), DownloadRule.YES),
    (N_("Not downloaded"), DownloadRule.NO),
)
SORTS = tuple((word, SORT_WORDS[word]) for word in SORT_WORDS if word != "duration")
SORT_LABELS = {
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
    "longest": N_("Longest first"),
    "shortest": N_("Shortest first"),
    "title": N_("By title"),
    "podcast": N_("By podcast"),
    "number": N_("By episode number"),
}


def match_text(count: int | None) -> str:
    """ "12 episodes match" (or that the count is on its way)."""
    if count is None:
        return _("Counting…")
    return ngettext("{count} episode matches", "{count} episodes match", count).format(
        count=formats.number(count)
    )


class _Pick(QWidget):
    """Two checkable lists of the same values: "Only these" and "Never these"."""

    changed = Signal()

    def __init__(self, kind: str, values: Sequence[tuple[object, str]]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        self.include = self._list(f"Only {kind}", values)
        self.exclude = self._list(f"Never {kind}", values)
        only = _("Only these {kind}").format(kind=kind)
        never = _("Never these {kind}").format(kind=kind)
        for title, widget in ((only, self.include), (never, self.exclude)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(widget)
            layout.addLayout(column)

    def _list(self, name: str, values: Sequence[tuple[object, str]]) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        for value, label in values:
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, value)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(entry)
        widget.itemChanged.connect(lambda _item: self.changed.emit())
        return widget

    @staticmethod
    def checked(widget: QListWidget) -> tuple[object, ...]:
        """The values ticked in one list, in list order."""
        items = (widget.item(i) for i in range(widget.count()))
        return tuple(
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        )

    @staticmethod
    def check(widget: QListWidget, values: Sequence[object]) -> None:
        """Tick these values (and only these); values no longer offered are added, so an edit
        keeps what the listener chose."""
        wanted = list(values)
        for i in range(widget.count()):
            entry = widget.item(i)
            value = entry.data(Qt.ItemDataRole.UserRole)
            on = value in wanted or (isinstance(value, str) and value.lower() in
                                     {str(v).lower() for v in wanted})  # fmt: skip
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        shown = {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())}
        for value in wanted:
            if value not in shown and str(value).lower() not in {str(s).lower() for s in shown}:
                entry = QListWidgetItem(str(value))
                entry.setData(Qt.ItemDataRole.UserRole, value)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked)
                widget.addItem(entry)


def _spin(name: str, maximum: int, suffix: str, special: str) -> QSpinBox:
    """A bound in whole units; 0 shows ``special`` and means "no bound"."""
    box = QSpinBox()
    box.setAccessibleName(name)
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    box.setSpecialValueText(special)
    return box


class PlaylistEditorDialog(QDialog):
    """Create or edit one smart playlist."""

    saved = Signal(int)
    """The playlist's id, once stored."""

    def __init__(
        self,
        runner: TaskRunner,
        choices: PlaylistChoices,
        count: Callable[[PlaylistRules], int],
        save: Callable[[str, PlaylistRules], int],
        parent: QWidget | None = None,
        *,
        name: str = "",
        rules: PlaylistRules | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("playlistEditor")
        self.setWindowTitle(_("Edit Smart Playlist") if name else _("New Smart Playlist"))
        self.runner, self._count, self._save = runner, count, save
        self._generation = 0  # the newest count asked for (older answers are dropped)
        self.count: int | None = None
        """The last count shown (None while one is on its way)."""

        self.name = QLineEdit(name)
        self.name.setAccessibleName(_("Playlist name"))
        self.name.setPlaceholderText(_("e.g. Short news"))
        self.podcasts = _Pick("podcasts", choices.podcasts)
        self.folders = _Pick("folders", [(f, f) for f in choices.folders])
        self.tags = _Pick("tags", [(t, t) for t in choices.tags])
        tabs = QTabWidget()
        tabs.addTab(self.podcasts, _("Podcasts"))
        tabs.addTab(self.folders, _("Folders"))
        tabs.addTab(self.tags, _("Tags"))

        self.state = QComboBox()
        self.state.setAccessibleName(_("Played state"))
        for label, state in STATES:
            self.state.addItem(_(label), state.value)
        self.in_progress = QCheckBox(_("Only episodes in progress"))
        self.downloaded = QComboBox()
        self.downloaded.setAccessibleName(_("Downloaded"))
        for label, rule in DOWNLOADS:
            self.downloaded.addItem(_(label), rule.value)
        self.longer = _spin(_("Longer than"), 24 * 60, _(" min"), _("any length"))
        self.shorter = _spin(_("Shorter than"), 24 * 60, _(" min"), _("any length"))
        self.newer = _spin(_("Published within"), 3650, _(" days"), _("any time"))
        self.older = _spin(_("Older than"), 3650, _(" days"), _("any time"))
        self.sort = QComboBox()
        self.sort.setAccessibleName(_("Order"))
        for word, _sort in SORTS:
            self.sort.addItem(_(SORT_LABELS[word]), word)
        self.limit = _spin(_("At most"), 100_000, _(" episodes"), _("no limit"))

        form = QFormLayout()
        form.addRow(_("Name:"), self.name)
        form.addRow(_("State:"), self.state)
        form.addRow("", self.in_progress)
        form.addRow(_("Downloads:"), self.downloaded)
        form.addRow(_("Longer than:"), self.longer)
        form.addRow(_("Shorter than:"), self.shorter)
        form.addRow(_("Published within the last:"), self.newer)
        form.addRow(_("Published before the last:"), self.older)
        form.addRow(_("Order:"), self.sort)
        form.addRow(_("At most:"), self.limit)

        self.preview = QLabel(match_text(None))
        self.preview.setObjectName("playlistPreview")
        self.error = QLabel()
        self.error.setObjectName("playlistError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        if rules is not None:
            self.set_rules(rules)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_count)
        for pick in (self.podcasts, self.folders, self.tags):
            pick.changed.connect(self._timer.start)
        for combo in (self.state, self.downloaded, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self._timer.start())
        for spin in (self.longer, self.shorter, self.newer, self.older, self.limit):
            spin.valueChanged.connect(lambda _v: self._timer.start())
        self.in_progress.toggled.connect(lambda _on: self._timer.start())
        self.name.textChanged.connect(lambda _t: self._update_save())
        self._update_save()
        self.refresh_count()

    # -- rules <-> widgets -------------------------------------------------------------------

    def rules(self) -> PlaylistRules:
        """The rules the widgets show."""
        word = self.sort.currentData()
        sort, descending = SORT_WORDS[word]

        def minutes(box: QSpinBox) -> float | None:
            return box.value() * 60.0 if box.value() else None

        def days(box: QSpinBox) -> float | None:
            return float(box.value()) if box.value() else None

        return PlaylistRules(
            podcasts_in=tuple(int(str(v)) for v in _Pick.checked(self.podcasts.include)),
            podcasts_out=tuple(int(str(v)) for v in _Pick.checked(self.podcasts.exclude)),
            folders_in=tuple(str(v) for v in _Pick.checked(self.folders.include)),
            folders_out=tuple(str(v) for v in _Pick.checked(self.folders.exclude)),
            tags_in=tuple(str(v) for v in _Pick.checked(self.tags.include)),
            tags_out=tuple(str(v) for v in _Pick.checked(self.tags.exclude)),
            state=StateRule(self.state.currentData()),
            in_progress=self.in_progress.isChecked(),
            downloaded=DownloadRule(self.downloaded.currentData()),
            min_duration=minutes(self.longer),
            max_duration=minutes(self.shorter),
            newer_than_days=days(self.newer),
            older_than_days=days(self.older),
            sort=sort,
            descending=descending,
            limit=self.limit.value() or None,
        )

    def set_rules(self, rules: PlaylistRules) -> None:
        """Show ``rules`` in the widgets (editing a saved playlist)."""
        _Pick.check(self.podcasts.include, rules.podcasts_in)
        _Pick.check(self.podcasts.exclude, rules.podcasts_out)
        _Pick.check(self.folders.include, rules.folders_in)
        _Pick.check(self.folders.exclude, rules.folders_out)
        _Pick.check(self.tags.include, rules.tags_in)
        _Pick.check(self.tags.exclude, rules.tags_out)
        self.state.setCurrentIndex(self.state.findData(rules.state.value))
        self.in_progress.setChecked(rules.in_progress)
        self.downloaded.setCurrentIndex(self.downloaded.findData(rules.downloaded.value))
        self.longer.setValue(round((rules.min_duration or 0) / 60))
        self.shorter.setValue(round((rules.max_duration or 0) / 60))
        self.newer.setValue(round(rules.newer_than_days or 0))
        self.older.setValue(round(rules.older_than_days or 0))
        wanted = (rules.sort, rules.is_descending)
        for i, (_word, (sort, descending)) in enumerate(SORTS):
            if (sort, DEFAULT_DESCENDING[sort] if descending is None else descending) == wanted:
                self.sort.setCurrentIndex(i)
                break
        self.limit.setValue(rules.limit or 0)

    # -- the count and saving ----------------------------------------------------------------

    def refresh_count(self) -> None:
        """Count the matching episodes on the task pool; the newest answer is shown."""
        self._generation += 1
        generation = self._generation
        try:
            rules = self.rules()
        except PlaylistRulesError as exc:
            self._show_error(str(exc))
            return
        self.count = None
        self.preview.setText(match_text(None))

        def show(count: int) -> None:
            if generation == self._generation:
                self.count = count
                self.preview.setText(match_text(count))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.preview.setText(_("Could not count the episodes: {exc}").format(exc=exc))

        self.runner.run(lambda: self._count(rules), show, failed)

    def _update_save(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        button.setEnabled(bool(self.name.text().strip()))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        """Save on the task pool; the dialog closes once stored, or says why not."""
        name = self.name.text().strip()
        if not name:
            return
        try:
            rules = self.rules()
        except PlaylistRulesError as exc:
            self._show_error(str(exc))
            return
        self._show_error("")
        self.buttons.setEnabled(False)

        def done(playlist_id: int) -> None:
            self.buttons.setEnabled(True)
            self.saved.emit(playlist_id)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self._show_error(str(exc))

        self.runner.run(lambda: self._save(name, rules), done, failed)
