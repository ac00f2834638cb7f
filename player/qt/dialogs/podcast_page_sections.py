"""Parts of the podcast page: headings, the side column's live and recommendation rows.

Kept apart from :mod:`player.qt.dialogs.podcast_page` so each module stays readable; they
are plain widget builders with the page's actions passed in as callables.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from player.domain.podcasting20 import LiveItem, RemoteItem
from player.i18n import _
from player.qt.widgets.podcast_extras import links_html, live_text
from player.services.media_sources import usable


def section_header(text: str, name: str) -> QLabel:
    """A bold heading over one part of the side column."""
    label = QLabel(f"<b>{escape(text)}</b>")
    label.setObjectName(name)
    return label


def remote_title(item: RemoteItem) -> str:
    """What a recommendation is called: its title, else its feed's address, else its GUID."""
    return item.title or item.feed_url or item.feed_guid


def date_text(published: float | None) -> str:
    """The day an episode came out (empty when unknown)."""
    return time.strftime("%Y-%m-%d", time.localtime(published)) if published else ""


def live_row(
    item: LiveItem, play: Callable[[LiveItem], object]
) -> tuple[QWidget, QPushButton | None]:
    """A live or upcoming item: its time and title, and "Listen live" when it can be played
    here (else a link to where it is shown); returns the row and that button."""
    row = QWidget()
    row.setObjectName("podcastPageLiveItem")
    text = QLabel(escape(live_text(item)))
    text.setObjectName("podcastPageLiveText")
    text.setWordWrap(True)
    if item.status == "live":
        text.setStyleSheet("color: #c62828; font-weight: bold;")
    layout = QVBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(text)
    button: QPushButton | None = None
    if item.status == "live" and item.enclosure_url and usable(item.enclosure_url):
        button = QPushButton(_("▶ Listen live"))
        button.setObjectName("podcastPagePlayLive")
        button.setToolTip(item.enclosure_url)
        button.clicked.connect(lambda _=False, i=item: play(i))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    elif item.content_links:
        link = item.content_links[0]
        other = QLabel(links_html([(link.text or _("Watch elsewhere"), link.href)]))
        other.setOpenExternalLinks(True)
        layout.addWidget(other)
    return row, button


def podroll_row(
    remote: RemoteItem, open_remote: Callable[[RemoteItem], object]
) -> tuple[QWidget, QPushButton]:
    """One of the creator's recommendations with its "Open" button (returned too)."""
    row = QWidget()
    row.setObjectName("podcastPagePodrollItem")
    name = QLabel(escape(remote_title(remote)))
    name.setObjectName("podcastPagePodrollTitle")
    name.setWordWrap(True)
    name.setToolTip(remote.feed_url or remote.feed_guid)
    button = QPushButton(_("Open"))
    button.setObjectName("podcastPagePodrollOpen")
    button.setAccessibleName(_("Open {remote_title}").format(remote_title=remote_title(remote)))
    button.setEnabled(bool(remote.feed_url or remote.feed_guid))
    button.clicked.connect(lambda _=False, r=remote: open_remote(r))
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(name, 1)
    layout.addWidget(button)
    return row, button


def clear_layout(layout: QVBoxLayout) -> None:
    """Remove (and delete) every widget of a layout."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
