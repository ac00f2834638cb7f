"""Why a feed could not be fetched or read: one class per outcome the listener acts on.

Every class is a :class:`~player.domain.errors.FeedError`, so callers that only report errors
catch that; the sync service looks at the class to decide what happens to the subscription
(410 stops refreshing it, 401/403 asks for a password, 5xx just waits for the next refresh).
"""

from __future__ import annotations

from player.domain.errors import FeedError


class NotAFeedError(FeedError):
    """The document is not a feed at all (HTML, plain text, binary junk, empty)."""


class FeedTooLargeError(FeedError):
    """The (decompressed) response is larger than the configured cap."""


class TemporaryFeedError(FeedError):
    """Worth retrying later: 5xx, 429, timeouts, refused connections, broken transfers."""


class FeedNotFoundError(FeedError):
    """404: the server does not know the address (the subscription stays)."""


class FeedGoneError(FeedError):
    """410: the publisher says the feed is gone for good; refreshing it stops."""


class AuthRequiredError(FeedError):
    """401/403: the server wants a user name and password (or refuses this client)."""


class RedirectLoopError(FeedError):
    """Redirects that go round in a circle or never end."""


class BadFeedAddressError(FeedError):
    """The address is not something we can fetch (not http/https, or malformed)."""


class HttpStatusError(FeedError):
    """Any other unexpected HTTP status."""
