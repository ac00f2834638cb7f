"""Help -> About: what is running (versions of the app, libVLC, Qt) and where its files are.

The versions are what a bug report needs; the folders are where a listener finds the log to
attach, or the downloads and the database to back up. Folders open in the desktop's file
manager through ``open_url`` (``QDesktopServices.openUrl`` unless a caller passes another).
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from player import APP_DISPLAY_NAME, __version__
from player.domain.errors import PlaybackError
from player.i18n import _
from player.paths import DataPaths
from player.playback.vlc_loader import load_vlc

UrlOpener = Callable[[QUrl], object]


@dataclass(frozen=True, slots=True)
class AboutInfo:
    """Everything the About window shows."""

    version: str
    libvlc_version: str
    qt_version: str
    pyside_version: str
    python_version: str
    data_folder: Path
    log_folder: Path


def libvlc_version() -> str:
    """The version the loaded libVLC reports (it can differ from what python-vlc was built
    for), or why there is none."""
    try:
        raw = load_vlc().libvlc_get_version()
    except PlaybackError:
        return "not available (libVLC could not be loaded)"
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def gather_about(paths: DataPaths) -> AboutInfo:
    """Versions and folders of this process."""
    return AboutInfo(
        version=__version__,
        libvlc_version=libvlc_version(),
        qt_version=qVersion(),
        pyside_version=PySide6.__version__,
        python_version=platform.python_version(),
        data_folder=paths.root,
        log_folder=paths.logs,
    )


def _folder_link(path: Path) -> str:
    url = QUrl.fromLocalFile(str(path)).toString()
    return f'<a href="{escape(url)}">{escape(str(path))}</a>'


class AboutDialog(QDialog):
    """App name and versions, and the data and log folders, each with a button to open it."""

    def __init__(
        self,
        info: AboutInfo,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About {APP_DISPLAY_NAME}").format(APP_DISPLAY_NAME=APP_DISPLAY_NAME))
        self.info = info
        self.open_url = open_url

        title = QLabel(f"<h2>{escape(APP_DISPLAY_NAME)} {escape(info.version)}</h2>")
        title.setObjectName("aboutTitle")
        title.setAccessibleName(_("Application name and version"))
        form = QFormLayout()
        for name, label, value in (
            ("aboutLibvlc", "libVLC", info.libvlc_version),
            ("aboutQt", "Qt", f"{info.qt_version} (PySide6 {info.pyside_version})"),
            ("aboutPython", "Python", info.python_version),
        ):
            field = self._selectable(name, escape(value), f"{label} version")
            form.addRow(f"{label}:", field)
        self.data_label = self._selectable("aboutDataFolder", _folder_link(info.data_folder),
                                           "Data folder")  # fmt: skip
        self.log_label = self._selectable("aboutLogFolder", _folder_link(info.log_folder),
                                          "Log folder")  # fmt: skip
        form.addRow(_("Data folder:"), self.data_label)
        form.addRow(_("Log folder:"), self.log_label)

        self.open_data = QPushButton(_("Open data folder"))
        self.open_data.setObjectName("openDataFolder")
        self.open_data.clicked.connect(lambda: self.open_folder(info.data_folder))
        self.open_logs = QPushButton(_("Open log folder"))
        self.open_logs.setObjectName("openLogFolder")
        self.open_logs.clicked.connect(lambda: self.open_folder(info.log_folder))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_data, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _selectable(self, name: str, html: str, accessible: str) -> QLabel:
        label = QLabel(html)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setTextInteractionFlags(
            label.textInteractionFlags()
            | Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.setOpenExternalLinks(False)
        label.linkActivated.connect(lambda link: self.open_url(QUrl(link)))
        return label

    def open_folder(self, folder: Path) -> None:
        """Show ``folder`` in the file manager (created first: a fresh install has no log)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.open_url(QUrl.fromLocalFile(str(folder)))
