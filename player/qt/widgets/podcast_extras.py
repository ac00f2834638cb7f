"""Small views of the podcast namespace's facts, shared by the podcast page and the episode view:
people with their avatars, "Support this show" links, chat and comments links, badges.

They only lay out what they are given. Avatars come from the :class:`CoverProvider`, so they
are fetched, decoded and scaled on its worker like every cover, and appear when ready.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from player.domain.podcasting20 import (
    Chat,
    Funding,
    LiveItem,
    Person,
    SocialInteract,
    UpdateFrequency,
)
from player.i18n import N_, _
from player.qt.widgets.covers import CoverProvider

AVATAR = 36
ROLE_ORDER = ("host", "co-host", "guest")
"""Hosts first, then co-hosts and guests; everyone else (producers, editors) after them."""


def person_sort_key(person: Person) -> int:
    """Hosts, co-hosts, guests, then the crew (a stable sort keeps the feed's order within)."""
    role = person.role.lower()
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def role_text(person: Person) -> str:
    """ "Host", "Guest", "Producer" ... as a caption under the name."""
    return (person.role or "host").replace("-", " ").capitalize()


def chat_url(chat: Chat) -> str:
    """A link a browser or chat client opens for ``podcast:chat`` ("" when none can be made).

    IRC gets an ``irc://`` URL, Matrix a matrix.to link, XMPP an ``xmpp:`` join URI; a server
    that is already a web address is used as it is.
    """
    server, space, protocol = chat.server.strip(), chat.space.strip(), chat.protocol.lower()
    if server.startswith(("http://", "https://")):
        return server
    if protocol == "irc" and server:
        return f"irc://{server}/{quote(space, safe='')}" if space else f"irc://{server}"
    if protocol == "matrix" and space:
        return f"https://matrix.to/#/{quote(space, safe='#!:@')}"
    if protocol == "xmpp" and space:
        return f"xmpp:{space}?join"
    if protocol == "nostr" and space:
        return f"https://njump.me/{quote(space, safe='')}"
    return f"https://{server}" if server and "." in server else ""


def comments_url(social: Sequence[SocialInteract]) -> str:
    """The comments thread to open: the highest-priority ``socialInteract`` that is not
    "disabled" ("" when there is none, or comments are turned off)."""
    ranked = sorted(
        (s for s in social if s.uri), key=lambda s: s.priority if s.priority is not None else 99
    )
    for entry in ranked:
        if entry.protocol.lower() == "disabled":
            return ""
        if entry.uri.startswith(("http://", "https://")):
            return entry.uri
    return ""


def links_html(pairs: Sequence[tuple[str, str]]) -> str:
    """Links as one line of rich text, separated by middle dots (empty URLs left out)."""
    return " · ".join(
        f"<a href='{escape(url, quote=True)}'>{escape(text)}</a>" for text, url in pairs if url
    )


def funding_html(funding: Sequence[Funding]) -> str:
    """ "Support this show" links, each labelled as the feed labels it."""
    return "<br>".join(
        f"♥ <a href='{escape(f.url, quote=True)}'>{escape(f.label or f.url)}</a>"
        for f in funding
        if f.url
    )


def frequency_text(frequency: UpdateFrequency | None, podping: bool | None) -> str:
    """When new episodes come: the feed's label (or a plain reading of its rule), "complete",
    and whether the show announces episodes at once over Podping."""
    parts: list[str] = []
    if frequency is not None:
        if frequency.complete:
            parts.append(_("Complete: no new episodes expected"))
        elif frequency.label:
            parts.append(_("New episodes: {label}").format(label=frequency.label))
        elif frequency.rrule:
            parts.append(
                _("New episodes: {rrule_text}").format(rrule_text=rrule_text(frequency.rrule))
            )
    if podping:
        parts.append("announced at once (Podping)")
    return "; ".join(parts)


_FREQ = {"DAILY": "daily", "WEEKLY": "weekly", "MONTHLY": "monthly", "YEARLY": "yearly"}
_DAYS = {
    "MO": N_("Mon"),
    "TU": N_("Tue"),
    "WE": N_("Wed"),
    "TH": N_("Thu"),
    "FR": N_("Fri"),
    "SA": N_("Sat"),
    "SU": N_("Sun"),
}


def rrule_text(rrule: str) -> str:
    """A few words for an RFC 5545 rule ("weekly on Tue", "every 2 weeks"); the rule itself
    when it says more than that."""
    fields = dict(
        part.split("=", 1)
        for part in rrule.upper().removeprefix("RRULE:").split(";")
        if "=" in part
    )
    freq = _FREQ.get(fields.get("FREQ", ""), "")
    if not freq:
        return rrule
    interval = fields.get("INTERVAL", "1")
    unit = {"daily": "days", "weekly": "weeks", "monthly": "months", "yearly": "years"}[freq]
    text = freq if interval in ("", "1") else f"every {interval} {unit}"
    days = [_(_DAYS[d[-2:]]) for d in fields.get("BYDAY", "").split(",") if d[-2:] in _DAYS]
    if days:
        text += " on " + ", ".join(days)
    return text


def live_text(item: LiveItem, now: float | None = None) -> str:
    """ "Live now: <title>" or "Upcoming: <title>, Sat 14 Dec 18:00" (local time)."""
    title = item.title or "Live show"
    if item.status == "live":
        return _("Live now: {title}").format(title=title)
    when = ""
    if item.start:
        when = time.strftime("%a %d %b %H:%M", time.localtime(item.start))
    return _("Upcoming: {title}").format(title=title) + (f", {when}" if when else "")


def badge(text: str, name: str, colour: str) -> QLabel:
    """A small rounded label (Live now, AI content) in ``colour``."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setStyleSheet(
        f"QLabel {{ background: {colour}; color: white; border-radius: 7px;"
        " padding: 1px 7px; font-weight: bold; }"
    )
    return label


class PeopleList(QWidget):
    """People in rows (avatar, name linked to their page, role); at most ``limit`` of them."""

    def __init__(
        self,
        covers: CoverProvider | None,
        *,
        columns: int = 1,
        limit: int = 12,
        avatar: int = AVATAR,
    ) -> None:
        super().__init__()
        self.setObjectName("peopleList")
        self.setAccessibleName(_("People"))
        self.covers: CoverProvider | None = None
        self.columns = max(1, columns)
        self.limit = limit
        self.avatar = avatar
        self.people: list[Person] = []
        self._avatars: dict[str, list[QLabel]] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.set_covers(covers)

    def set_covers(self, covers: CoverProvider | None) -> None:
        """Where avatars come from (None: initials only)."""
        if covers is None or covers is self.covers:
            return
        self.covers = covers
        covers.coverReady.connect(self._cover_ready)
        if self.people:
            self.set_people(self.people)

    def set_people(self, people: Sequence[Person]) -> None:
        """Show these people (hosts first), replacing whoever was shown."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._avatars.clear()
        self.people = sorted(people, key=person_sort_key)[: self.limit]
        for index, person in enumerate(self.people):
            self.grid.addWidget(self._row(person), index // self.columns, index % self.columns)
        self.setVisible(bool(self.people))

    def _row(self, person: Person) -> QWidget:
        row = QWidget()
        row.setObjectName("personRow")
        row.setAccessibleName(f"{person.name}, {role_text(person)}")
        face = QLabel()
        face.setObjectName("personAvatar")
        face.setFixedSize(self.avatar, self.avatar)
        face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        face.setAccessibleName(_("Photo of {name}").format(name=person.name))
        self._face(face, person)
        name = QLabel()
        name.setObjectName("personName")
        if person.href:
            name.setText(f"<a href='{escape(person.href, quote=True)}'>{escape(person.name)}</a>")
            name.setOpenExternalLinks(True)
            name.setToolTip(person.href)
        else:
            name.setText(escape(person.name))
        role = QLabel(role_text(person))
        role.setObjectName("personRole")
        role.setStyleSheet("color: palette(placeholder-text);")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(name)
        words.addWidget(role)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(face)
        layout.addLayout(words, 1)
        return row

    def _face(self, label: QLabel, person: Person) -> None:
        covers = self.covers
        pixmap = covers.pixmap(person.img, self.avatar) if covers and person.img else None
        if pixmap is not None:
            label.setPixmap(pixmap)
            label.setStyleSheet("")
            return
        if person.img and covers is not None:
            self._avatars.setdefault(person.img, []).append(label)
        initials = "".join(w[0] for w in person.name.split()[:2]).upper() or "?"
        label.setText(initials)
        label.setStyleSheet(
            "background: palette(mid); color: palette(window); font-weight: bold;"
            f" border-radius: {self.avatar // 2}px;"
        )

    def _cover_ready(self, url: str) -> None:
        labels = self._avatars.pop(url, [])
        pixmap = self.covers.pixmap(url, self.avatar) if labels and self.covers else None
        for label in labels:
            if pixmap is not None:
                label.setText("")
                label.setStyleSheet("")
                label.setPixmap(pixmap)

    def avatars_shown(self) -> int:
        """How many rows show a photo (rather than initials): for the tests."""
        return sum(
            1
            for face in self.findChildren(QLabel, "personAvatar")
            if face.pixmap() is not None and not face.pixmap().isNull()
        )
