"""Small extensions to feedparser for the Podcasting 2.0 namespace.

feedparser keeps only the *last* ``<podcast:transcript>`` of an item (unknown elements are
stored as one dict), but items often list several (VTT, SRT, JSON, per language). It has no
plug-in API, so we add two handler methods to its parser mixin and register both namespace URIs
in use (the current one and the legacy GitHub one) under the ``podcast`` prefix. Importing
``player.feeds.parse`` applies this in every process that parses, workers included.
"""

from __future__ import annotations

from typing import Any

from feedparser import mixin

PODCAST_NAMESPACES = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "http://podcastindex.org/namespace/1.0",
)

_Mixin: Any = mixin._FeedParserMixin


def _start_podcast_transcript(self: Any, attrs: dict[str, str]) -> None:
    context = self._get_context()
    context.setdefault("podcast_transcripts", []).append(dict(attrs))


def _end_podcast_transcript(self: Any) -> None:
    """Nothing to close: the element is empty and fully read from its attributes."""


def install() -> None:
    """Register the handlers once (idempotent)."""
    if getattr(_Mixin, "_podcast_player_ext", False):
        return
    for uri in PODCAST_NAMESPACES:
        _Mixin.namespaces[uri] = "podcast"
    _Mixin._start_podcast_transcript = _start_podcast_transcript
    _Mixin._end_podcast_transcript = _end_podcast_transcript
    _Mixin._podcast_player_ext = True


install()
