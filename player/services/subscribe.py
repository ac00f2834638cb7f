"""Subscribing to one address: what a listener typed becomes a feed, found and parsed.

Apart from the sync service because finding the feed (a ``feed:`` address, a bare host, a web
page linking to its feed, an OPML list given by mistake) is its own small decision procedure;
the service only stores what it returns, in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from player.domain.errors import FeedError
from player.feeds.errors import BadFeedAddressError, NotAFeedError
from player.feeds.fetch import Fetched, Fetcher, FetchRequest
from player.feeds.jobs import ParseJob, ParseOutcome
from player.feeds.pool import Parser
from player.i18n import _
from player.services.feed_steps import fetch_any, parse_in

MAX_DISCOVERED = 3
"""How many feed links of a web page to try before giving up."""

_OPML_ROOT = re.compile(rb"<opml[\s>]", re.IGNORECASE)


class SubscriptionListError(NotAFeedError):
    """The address holds an OPML subscription list: it is imported, not subscribed to."""


@dataclass(frozen=True, slots=True)
class SubscribeResult:
    """A new (or existing) subscription after its first fetch."""

    podcast_id: int
    title: str
    new_episodes: int
    url: str
    already_subscribed: bool = False


def normalise_address(text: str) -> str:
    """What a listener typed -> a feed URL: ``feed:`` and bare host names are accepted."""
    text = text.strip()
    if text.startswith("feed://"):
        text = "http://" + text[len("feed://") :]
    elif text.startswith("feed:"):
        text = text[len("feed:") :]
    if "://" not in text and not text.startswith("file:"):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https", "file") or (
        parts.scheme != "file" and not parts.hostname
    ):
        raise BadFeedAddressError(
            _("{text!r} is not a web address or a feed file.").format(text=text)
        )
    return text


def find_feed(fetcher: Fetcher, parser: Parser, url: str) -> tuple[str, Fetched, ParseOutcome]:
    """Fetch and parse ``url``; a web page is searched for feed links.

    The address to store comes first: the one given (or where permanent redirects led;
    temporary ones keep the given address), or the feed link found on the page.
    """
    from player.feeds.discovery import feed_links, looks_like_html

    fetched = fetch_body(fetcher, url)
    try:
        return fetched.new_url or url, fetched, _parse(parser, fetched)
    except NotAFeedError:
        if _OPML_ROOT.search(fetched.body[:4096]):
            raise SubscriptionListError(
                _(
                    "This address is a subscription list (OPML), not a podcast feed: "
                    "import it (podcast-player import-opml) to subscribe to its feeds."
                )
            ) from None
        if not looks_like_html(fetched.body):
            raise
    links = feed_links(fetched.body, fetched.url)
    if not links:
        raise NotAFeedError(_("This web page does not link to a podcast feed."))
    problems = []
    for link in links[:MAX_DISCOVERED]:
        try:
            found = fetch_body(fetcher, link)
            parsed = _parse(parser, found)
        except FeedError as exc:
            problems.append(str(exc))
            continue
        return found.new_url or link, found, parsed
    raise NotAFeedError(
        _("The feed this web page links to cannot be read: {problems}").format(problems=problems[0])
    )


def fetch_body(fetcher: Fetcher, url: str) -> Fetched:
    """A first fetch of ``url`` (no validators sent, so a 304 is the server's bug)."""
    outcome = fetch_any(fetcher, FetchRequest(url=url))
    if not isinstance(outcome, Fetched):  # no validators were sent, so this is a server bug
        raise FeedError(_("The server answered 304 Not Modified to a first request."))
    return outcome


def _parse(parser: Parser, fetched: Fetched) -> ParseOutcome:
    return parse_in(parser, ParseJob(url=fetched.url, body=fetched.body))
