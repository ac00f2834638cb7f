"""A podcast's page before (or after) subscribing: what the feed itself says about the show.

It opens at once with what the directory gave (title, author, artwork), then reads the feed on a
worker (``DiscoverService.preview``: fetched and parsed, nothing stored) for the description,
website, categories and latest episodes. Subscribe works before the preview arrives.

The side column shows the podcast namespace's facts (:class:`PodcastExtras`): a live show
now or upcoming (playable as a stream), the people with their avatars, "Support this show",
the creator's recommendations (each opens its own page, where Subscribe is one click), chat and
comments links; the schedule and an AI-content disclosure sit with the show's facts. A
subscribed show's stored facts show at once, the feed's own replace them when it is read.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.directory.model import DirectoryResult
from player.domain.format import clock
from player.domain.podcasting20 import LiveItem, PodcastExtras, best_image
from player.i18n import _
from player.qt.dialogs.podcast_page_sections import (
    clear_layout,
    date_text,
    live_row,
    podroll_row,
    section_header,
)
from player.qt.dialogs.podcast_page_subscribed import SubscribedSection
from player.qt.widgets.podcast_extras import (
    PeopleList,
    badge,
    chat_url,
    comments_url,
    frequency_text,
    funding_html,
    links_html,
)
from player.qt.widgets.result_cards import meta_text
from player.services.podcast_preview import PodcastPreview

if TYPE_CHECKING:
    from player.qt.controllers.discover import DiscoverController

COVER = 128
SIDE_WIDTH = 250
LATEST = 12
"""Episodes listed: enough to judge a show, not its whole archive."""


class PodcastPage(QDialog):
    """Artwork, description, website, categories, latest episodes, and Subscribe."""

    def __init__(
        self,
        result: DirectoryResult,
        discover: DiscoverController,
        parent: QWidget | None,
        podcast_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.podcast_id = podcast_id
        self.extras = PodcastExtras(podcast_id=podcast_id or 0)
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
        self.subscribe = QPushButton(_("Subscribe"))
        self.subscribe.setObjectName("podcastPageSubscribe")
        self.subscribe.clicked.connect(self._subscribe)
        self.status = QLabel()
        self.status.setObjectName("podcastPageStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description = QTextBrowser()
        self.description.setObjectName("podcastPageDescription")
        self.description.setAccessibleName(_("Description"))
        self.description.setOpenExternalLinks(True)
        self.episodes = QTreeWidget()
        self.episodes.setObjectName("podcastPageEpisodes")
        self.episodes.setAccessibleName(_("Latest episodes"))
        self.episodes.setHeaderLabels([_("Latest episodes"), _("Date"), _("Length")])
        self.episodes.setRootIsDecorated(False)
        self.episodes.setUniformRowHeights(True)
        header = self.episodes.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)

        self.schedule = QLabel()
        self.schedule.setObjectName("podcastPageSchedule")
        self.schedule.setWordWrap(True)
        self.live_badge = badge("● LIVE NOW", "podcastPageLiveBadge", "#c62828")
        self.ai_badge = badge("AI content", "podcastPageAiBadge", "#6a1b9a")
        badges = QHBoxLayout()
        badges.setSpacing(6)
        badges.addWidget(self.live_badge)
        badges.addWidget(self.ai_badge)
        badges.addStretch(1)
        self._build_side()

        facts = QVBoxLayout()
        facts.addWidget(self.title)
        facts.addLayout(badges)
        facts.addWidget(self.author)
        facts.addWidget(self.facts)
        facts.addWidget(self.schedule)
        facts.addWidget(self.website)
        facts.addStretch(1)
        row = self._actions = QHBoxLayout()
        row.addWidget(self.subscribe)
        row.addWidget(self.status, 1)
        facts.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(facts, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        main = self._main = QVBoxLayout()
        main.addWidget(self.description, 1)
        main.addWidget(self.episodes, 2)
        body = QHBoxLayout()
        body.addLayout(main, 1)
        body.addWidget(self.side_scroll)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(860, 640)
        self.subscribed: SubscribedSection | None = None

        self._show(result)
        self.show_extras(self.extras)
        if podcast_id is not None:
            discover.podcast_extras(podcast_id, self._stored_extras)
        self._set_subscribed(result.subscribed)
        self.description.setHtml(result.description or "<p><i>Reading the feed…</i></p>")
        discover.covers.coverReady.connect(self._cover_ready)
        discover.subscribedFeed.connect(self._feed_subscribed)
        self._cover_ready(self.cover_url)
        discover.bridge.preview(result.feed_url, self._previewed, self._preview_failed)
        self.subscribe.setFocus()

    def add_subscribed(self, section: SubscribedSection) -> None:
        """A subscribed show's own part: its stored episodes by season and its settings take
        the place of the feed's latest episodes; Unsubscribe sits by the Subscribe mark."""
        self.subscribed = section
        self.episodes.hide()
        self._main.addWidget(section, 2)
        self._actions.insertWidget(1, section.unsubscribe)

    def done(self, result: int) -> None:
        """Closing saves a settings edit still waiting for its delay."""
        if self.subscribed is not None:
            self.subscribed.flush()
        super().done(result)

    def _build_side(self) -> None:
        """The side column: live, people, support, recommendations, chat (each hidden when
        the feed says nothing of it)."""
        self.live_header = section_header(_("Live"), "podcastPageLiveHeader")
        self.live_box = QVBoxLayout()
        self.live_box.setSpacing(4)
        self.people_header = section_header(_("People"), "podcastPagePeopleHeader")
        self.people = PeopleList(self.discover.covers, limit=8)
        self.people.setObjectName("podcastPagePeople")
        self.support_header = section_header(_("Support this show"), "podcastPageSupportHeader")
        self.support = QLabel()
        self.support.setObjectName("podcastPageSupport")
        self.support.setWordWrap(True)
        self.support.setOpenExternalLinks(True)
        self.podroll_header = section_header(
            _("Recommended by the creator"), "podcastPagePodrollHeader"
        )
        self.podroll_box = QVBoxLayout()
        self.podroll_box.setSpacing(2)
        self.links_header = section_header(_("Talk about it"), "podcastPageLinksHeader")
        self.links = QLabel()
        self.links.setObjectName("podcastPageLinks")
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(True)
        self.live_buttons: list[QPushButton] = []
        self.podroll_buttons: list[QPushButton] = []

        side = QWidget()
        side.setObjectName("podcastPageSide")
        column = QVBoxLayout(side)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(4)
        for part in (
            self.live_header, self.live_box, self.people_header, self.people,
            self.support_header, self.support, self.podroll_header, self.podroll_box,
            self.links_header, self.links,
        ):  # fmt: skip
            if isinstance(part, QWidget):
                column.addWidget(part)
            else:
                column.addLayout(part)
            if part in (self.live_box, self.people, self.support, self.podroll_box):
                column.addSpacing(6)
        column.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setObjectName("podcastPageSideScroll")
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setFixedWidth(SIDE_WIDTH)

    # -- the namespace's facts --------------------------------------------------------------

    def _stored_extras(self, extras: PodcastExtras) -> None:
        """A subscribed show's stored facts (until the feed's own arrive)."""
        if self.preview is None:
            self.show_extras(extras)

    def show_extras(self, extras: PodcastExtras) -> None:
        """Show the namespace's facts: badges, schedule, and the side column's parts."""
        self.extras = extras
        live = [i for i in extras.live_items if i.status in ("live", "pending")]
        live.sort(key=lambda i: (i.status != "live", i.start or 0.0))
        self.live_badge.setVisible(any(i.status == "live" for i in live))
        self.ai_badge.setVisible(extras.ai_content is not None)
        self.ai_badge.setToolTip(extras.ai_content or "")
        self.ai_badge.setAccessibleDescription(extras.ai_content or "")
        schedule = frequency_text(extras.update_frequency, extras.podping)
        self.schedule.setText(escape(schedule))
        self.schedule.setVisible(bool(schedule))

        clear_layout(self.live_box)
        self.live_buttons = []
        for item in live:
            row, button = live_row(item, self._play_live)
            self.live_box.addWidget(row)
            if button is not None:
                self.live_buttons.append(button)
        self._section(self.live_header, bool(live))

        self.people.set_people(extras.persons)
        self._section(self.people_header, bool(extras.persons))

        support = funding_html(extras.funding)
        self.support.setText(support)
        self._section(self.support_header, bool(support), self.support)

        clear_layout(self.podroll_box)
        self.podroll_buttons = []
        for remote in extras.podroll:
            row, button = podroll_row(remote, lambda r: self.discover.open_remote(r, self))
            self.podroll_box.addWidget(row)
            self.podroll_buttons.append(button)
        self._section(self.podroll_header, bool(extras.podroll))

        chat = chat_url(extras.chat) if extras.chat is not None else ""
        links = links_html([(_("Join the chat"), chat), ("Comments", comments_url(extras.social))])
        self.links.setText(links)
        self._section(self.links_header, bool(links), self.links)
        self.side_scroll.setVisible(
            bool(live or extras.persons or support or extras.podroll or links)
        )
        self._cover_ready(self.cover_url)

    def _section(self, header: QLabel, shown: bool, body: QWidget | None = None) -> None:
        header.setVisible(shown)
        if body is not None:
            body.setVisible(shown)

    def _play_live(self, item: LiveItem) -> None:
        self.discover.play_live(item, self.shown.title)

    @property
    def cover_url(self) -> str:
        """The image the cover shows: the namespace's best artwork for its size, else the
        feed's (or the directory's) image."""
        image = best_image(self.extras.images, COVER * 2)
        if image is not None and image.href:
            return image.href
        return self.preview_image or self.shown.image_url

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
        image = self.cover_url
        alt = next((i.alt for i in self.extras.images if i.href == image and i.alt), "")
        self.cover.setAccessibleName(_("Cover art"))
        self.cover.setAccessibleDescription(alt)
        self.cover.setToolTip(alt)
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
        self.show_extras(preview.extras)

    def _preview_failed(self, message: str) -> None:
        self.status.setText(_("Could not read the feed: {message}").format(message=message))
        if not self.shown.description:
            self.description.setHtml(_("<p><i>The feed could not be read.</i></p>"))

    # -- subscribing ------------------------------------------------------------------------

    def _set_subscribed(self, subscribed: bool) -> None:
        self.subscribe.setText(_("✓ Subscribed") if subscribed else _("Subscribe"))
        self.subscribe.setEnabled(not subscribed)

    def _subscribe(self) -> None:
        self.subscribe.setEnabled(False)
        self.subscribe.setText(_("Subscribing…"))
        self.status.setText("")
        self.discover.subscribe(self.shown.feed_url, self._subscribe_failed)

    def _feed_subscribed(self, feed_url: str) -> None:
        if feed_url == self.shown.feed_url:
            self.shown = replace(self.shown, subscribed=True)
            self._set_subscribed(True)

    def _subscribe_failed(self, message: str) -> None:
        self._set_subscribed(False)
        self.status.setText(message)
