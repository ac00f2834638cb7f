"""The "Import subscriptions" dialog: an OPML file or web address, progress, cancel, a result.

One path for every way a subscription list arrives (the menu, the welcome panel, a dropped file,
a file handed to the app): the dialog opens (already started when it is given a source), shows
"3 of 30 feeds" while the feeds are fetched on workers, can stop after the feeds in flight, and
ends with what was imported and what failed, in words.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from player.i18n import N_, _, ngettext
from player.i18n.formats import number
from player.qt.bridges.sync import SyncBridge
from player.services.opml_import import ImportResult

OPML_FILTER = N_("OPML files (*.opml *.xml);;All files (*)")
MAX_NAMED_FAILURES = 10
"""Failed feeds named one by one; the rest are counted."""


def import_summary(result: ImportResult) -> str:
    """One line for the status bar: "Imported 28 podcasts, 5,912 episodes; 2 failed."."""
    podcasts, episodes = result.imported, result.summary.new_episodes
    text = _("Imported {podcasts}, {episodes}").format(
        podcasts=ngettext("{n} podcast", "{n} podcasts", podcasts).format(n=number(podcasts)),
        episodes=ngettext("{n} episode", "{n} episodes", episodes).format(n=number(episodes)),
    )
    extras = []
    if result.already_subscribed:
        extras.append(_("{n} already subscribed").format(n=number(result.already_subscribed)))
    if result.failures:
        extras.append(_("{n} failed").format(n=number(len(result.failures))))
    if result.skipped:
        extras.append(_("{n} skipped (not a web address)").format(n=number(len(result.skipped))))
    if result.not_imported:
        extras.append(_("{n} not imported (cancelled)").format(n=number(result.not_imported)))
    if extras:
        text = _("{summary}; {details}").format(summary=text, details=", ".join(extras))
    return _("{summary}.").format(summary=text)


def failure_lines(result: ImportResult) -> list[str]:
    """ "Name: reason" for each feed that failed or was skipped, at most ``MAX_NAMED_FAILURES``."""
    problems = list(result.failures) + list(result.skipped)
    lines = [f"{name}: {reason}" for name, reason in problems[:MAX_NAMED_FAILURES]]
    if len(problems) > MAX_NAMED_FAILURES:
        lines.append(f"… and {len(problems) - MAX_NAMED_FAILURES:,} more.")
    return lines


class ImportOpmlDialog(QDialog):
    """Import from a file or a URL; stays open at the end to show the result.

    ``finishedWith`` carries the summary line when an import ends (for the status bar).
    """

    finishedWith = Signal(str)

    def __init__(self, sync: SyncBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importOpmlDialog")
        self.setWindowTitle(_("Import subscriptions"))
        self.sync = sync
        self._running = False

        self.source = QLineEdit()
        self.source.setObjectName("importOpmlSource")
        self.source.setAccessibleName(_("OPML file or web address"))
        self.source.setPlaceholderText(_("https://example.org/subscriptions.opml or a file"))
        self.source.returnPressed.connect(self.start)
        self.choose = QPushButton(_("Choose file…"))
        self.choose.setObjectName("importOpmlChoose")
        self.choose.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.source, 1)
        row.addWidget(self.choose)

        self.progress = QProgressBar()
        self.progress.setObjectName("importOpmlProgress")
        self.progress.setAccessibleName(_("Import progress"))
        self.progress.setFormat("%v of %m feeds")
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("importOpmlStatus")
        self.status.setAccessibleName(_("Import status"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel("")
        self.problems.setObjectName("importOpmlProblems")
        self.problems.setAccessibleName(_("Feeds that failed"))
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importOpmlStart")
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("importOpmlCancel")
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_or_close)

        layout = QVBoxLayout(self)
        intro = QLabel(_("Subscription list (OPML) exported by another podcast app:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

        sync.importStarted.connect(self._started)
        sync.importProgress.connect(self._progressed)
        sync.importFinished.connect(self._finished)
        sync.importFailed.connect(self._failed)

    @property
    def running(self) -> bool:
        """An import started here has not finished yet."""
        return self._running

    # -- starting -----------------------------------------------------------------------------

    def _choose_file(self) -> None:
        picker = QFileDialog(self, _("Choose a subscription list"), "", _(OPML_FILTER))
        picker.setObjectName("importOpmlFilePicker")
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.fileSelected.connect(self._file_chosen)
        picker.open()
        self._picker = picker

    def _file_chosen(self, path: str) -> None:
        self.source.setText(path)
        self.start()

    def start(self, source: str | None = None) -> None:
        """Import what the field names (or ``source``); errors stay in the dialog."""
        if self._running:
            return
        if isinstance(source, str):
            self.source.setText(source)
        text = self.source.text().strip()
        if not text:
            self.status.setText(_("Enter the address of an OPML file, or choose one."))
            return
        if not self.sync.import_opml(text):
            self.status.setText(_("Another import is still running; wait for it to finish."))
            return
        self._running = True
        self.problems.setVisible(False)
        self.source.setEnabled(False)
        self.choose.setEnabled(False)
        self.import_button.setEnabled(False)
        self.cancel_button.setText(_("Stop"))
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the list is read
        self.progress.setVisible(True)
        self.status.setText(_("Reading the subscription list…"))

    def _cancel_or_close(self) -> None:
        if not self._running:
            self.reject()
            return
        self.sync.cancel_import()
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Stopping: no more feeds are fetched…"))

    def reject(self) -> None:
        """Closing the dialog (Escape, the title bar) stops a running import too: it would
        otherwise go on with nothing on screen saying so."""
        if self._running:
            self.sync.cancel_import()
        super().reject()

    # -- progress and the result ------------------------------------------------------------

    def _started(self, total: int) -> None:
        if not self._running:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        if total:
            self.status.setText(
                ngettext("Fetching {n} new feed…", "Fetching {n} new feeds…", total).format(
                    n=number(total)
                )
            )

    def _progressed(self, done: int, total: int, title: str) -> None:
        if not self._running:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self.cancel_button.isEnabled():
            self.status.setText(
                _("Fetched {done:,} of {total:,} feeds: {title}").format(
                    done=done, total=total, title=title
                )
            )

    def _finished(self, result: ImportResult) -> None:
        if not self._running:
            return
        # The last feed's progress report can arrive after the result: count from the result.
        self.progress.setValue(result.summary.feeds - result.summary.cancelled)
        self._end()
        summary = import_summary(result)
        self.status.setText(summary)
        lines = failure_lines(result)
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            text = f"<b>Not imported:</b><ul>{items}</ul>"
            if result.failures:
                text += _(
                    "Feeds that failed stay subscribed (marked with a red !) and are tried "
                    "again at the next refresh."
                )
            self.problems.setText(text)
            self.problems.setVisible(True)
        self.finishedWith.emit(summary)

    def _failed(self, message: str) -> None:
        if not self._running:
            return
        self._end()
        self.status.setText(_("Could not import this list: {message}").format(message=message))
        self.source.setEnabled(True)
        self.choose.setEnabled(True)
        self.import_button.setEnabled(True)
        self.import_button.setText(_("Try again"))
        self.source.setFocus()

    def _end(self) -> None:
        self._running = False
        self.progress.setVisible(self.progress.maximum() > 0 and self.progress.value() > 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(_("Close"))
