"""A podcast's page before (or after) subscribing: what the feed itself says about the show.

It opens at once with what the directory gave (title, author, artwork), then reads the feed on a
worker (``DiscoverService.preview``: fetched and parsed, nothing stored) for the description,
website, categories and latest episodes. Subscribe works before the preview arrives.
"""

from __future__ import annotations

import time
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.directory.model import DirectoryResult
from player.domain.format import clock
from player.qt.widgets.result_cards import meta_text
from player.services.podcast_preview import PodcastPreview

if TYPE_CHECKING:
    from player.qt.controllers.discover import DiscoverController

COVER = 128
LATEST = 12
"""Episodes listed: enough to judge a show, not its whole archive."""


def date_text(published: float | None) -> str:
    """The day an episode came out (empty when unknown)."""
    return time.strftime("%Y-%m-%d", time.localtime(published)) if published else ""


class PodcastPage(QDialog):
    """Artwork, description, website, categories, latest episodes, and Subscribe."""

    def __init__(
        self, result: DirectoryResult, discover: DiscoverController, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("podcastPage")
        self.setWindowTitle(result.title or "Podcast")
        self.shown = result
        self.discover = discover
        self.preview: PodcastPreview | None = None
        self.cover = QLabel()
        self.cover.setObjectName("podcastPageCover")
        self.cover.setFixedSize(COVER, COVER)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background: palette(mid);")
        self.title = QLabel()
        self.title.setObjectName("podcastPageTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.author = QLabel()
        self.author.setObjectName("podcastPageAuthor")
        self.author.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("podcastPageFacts")
        self.facts.setWordWrap(True)
        self.website = QLabel()
        self.website.setObjectName("podcastPageWebsite")
        self.website.setOpenExternalLinks(True)
        self.website.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.subscribe = QPushButton("Subscribe")
        self.subscribe.setObjectName("podcastPageSubscribe")
        self.subscribe.clicked.connect(self._subscribe)
        self.status = QLabel()
        self.status.setObjectName("podcastPageStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description = QTextBrowser()
        self.description.setObjectName("podcastPageDescription")
        self.description.setAccessibleName("Description")
        self.description.setOpenExternalLinks(True)
        self.episodes = QTreeWidget()
        self.episodes.setObjectName("podcastPageEpisodes")
        self.episodes.setAccessibleName("Latest episodes")
        self.episodes.setHeaderLabels(["Latest episodes", "Date", "Length"])
        self.episodes.setRootIsDecorated(False)
        self.episodes.setUniformRowHeights(True)
        header = self.episodes.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)

        facts = QVBoxLayout()
        facts.addWidget(self.title)
        facts.addWidget(self.author)
        facts.addWidget(self.facts)
        facts.addWidget(self.website)
        facts.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.subscribe)
        row.addWidget(self.status, 1)
        facts.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(facts, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.episodes, 3)
        layout.addWidget(buttons)
        self.resize(640, 620)

        self._show(result)
        self._set_subscribed(result.subscribed)
        self.description.setHtml(result.description or "<p><i>Reading the feed…</i></p>")
        discover.covers.coverReady.connect(self._cover_ready)
        discover.subscribedFeed.connect(self._feed_subscribed)
        self._cover_ready(result.image_url)
        discover.bridge.preview(result.feed_url, self._previewed, self._preview_failed)
        self.subscribe.setFocus()

    # -- what is shown ----------------------------------------------------------------------

    def _show(self, result: DirectoryResult) -> None:
        self.title.setText(f"<b style='font-size: large'>{escape(result.title)}</b>")
        self.author.setText(escape(result.author))
        self.author.setVisible(bool(result.author))
        facts = meta_text(result)
        if result.categories:
            facts = " · ".join(filter(None, (", ".join(result.categories), facts)))
        self.facts.setText(facts)
        self.facts.setVisible(bool(facts))
        if result.website:
            url = escape(result.website)
            self.website.setText(f"<a href='{url}'>{url}</a>")
        self.website.setVisible(bool(result.website))

    def _cover_ready(self, url: str) -> None:
        image = self.preview_image or self.shown.image_url
        if url != image:
            return
        pixmap = self.discover.covers.pixmap(image, COVER)
        if pixmap is not None:
            self.cover.setPixmap(pixmap)

    @property
    def preview_image(self) -> str:
        return self.preview.image_url if self.preview is not None else ""

    def _previewed(self, preview: PodcastPreview) -> None:
        self.preview = preview
        old = self.shown
        merged = DirectoryResult(
            title=preview.title or old.title,
            feed_url=old.feed_url,
            author=preview.author or old.author,
            image_url=preview.image_url or old.image_url,
            description=preview.description or old.description,
            website=preview.website or old.website,
            episode_count=old.episode_count,
            newest=old.newest,
            sources=old.sources,
            categories=tuple(preview.categories) or old.categories,
            subscribed=old.subscribed or preview.subscribed,
        )
        self.shown = merged
        self.setWindowTitle(merged.title or "Podcast")
        self._show(merged)
        self._set_subscribed(merged.subscribed)
        self.description.setHtml(merged.description or "<p><i>No description.</i></p>")
        self.episodes.clear()
        for episode in list(preview.episodes)[:LATEST]:
            item = QTreeWidgetItem(
                [episode.title, date_text(episode.published), clock(episode.duration or None)]
            )
            item.setToolTip(0, episode.title)
            self.episodes.addTopLevelItem(item)
        self._cover_ready(merged.image_url)

    def _preview_failed(self, message: str) -> None:
        self.status.setText(f"Could not read the feed: {message}")
        if not self.shown.description:
            self.description.setHtml("<p><i>The feed could not be read.</i></p>")

    # -- subscribing ------------------------------------------------------------------------

    def _set_subscribed(self, subscribed: bool) -> None:
        self.subscribe.setText("✓ Subscribed" if subscribed else "Subscribe")
        self.subscribe.setEnabled(not subscribed)

    def _subscribe(self) -> None:
        self.subscribe.setEnabled(False)
        self.subscribe.setText("Subscribing…")
        self.status.setText("")
        self.discover.subscribe(self.shown.feed_url, self._subscribe_failed)

    def _feed_subscribed(self, feed_url: str) -> None:
        if feed_url == self.shown.feed_url:
            self.shown = replace(self.shown, subscribed=True)
            self._set_subscribed(True)

    def _subscribe_failed(self, message: str) -> None:
        self._set_subscribed(False)
        self.status.setText(message)
