"""What "new shows you would like" sends, in one sentence shared by Settings and the CLI.

Kept apart from the service so that ``--help`` and the Settings dialog can show it without
importing the HTTP client.
"""

from __future__ import annotations

from player.i18n import N_

NETWORK_KEY = "recommend.shows.network"
"""Whether new-show suggestions may ask the directories (charts, podroll GUID look-ups)."""

PRIVACY_NOTE = N_(
    "What leaves this computer for “New shows you would like”: the same requests for every "
    "listener, namely Apple Podcasts' top chart of each of its categories (and the chart's "
    "own show ids, to find their feeds) and, with a Podcast Index key, Podcast Index's "
    "trending shows per category; and the podcast:guid of shows your subscriptions' makers "
    "recommend (their podroll) when the feed gives no address for them, looked up on Podcast "
    "Index. Never a title, an author, a search made from your library, or anything of what "
    "you listen to: the ranking happens here. Off: suggestions come only from the "
    "recommendations in your feeds, and nothing is sent."
)
