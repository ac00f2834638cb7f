"""Small extensions to feedparser: Podcasting 2.0 transcripts, raw ``itunes:explicit``, speed.

feedparser has no plug-in API, so we add handler methods to its parser mixin. Importing
``player.feeds.parse`` applies all of this in every process that parses, workers included.

- feedparser keeps only the *last* ``<podcast:transcript>`` of an item (unknown elements are
  stored as one dict), but items often list several (VTT, SRT, JSON, per language). We collect
  them all, under both namespace URIs in use (the current one and the legacy GitHub one).
- feedparser maps ``<itunes:explicit>`` to True only for "yes" and to False only for "clean":
  the "true"/"false" that Apple now documents become None. We keep the raw text beside it.
- A ``<podcast:liveItem>``'s title, link and description must not replace the channel's.
- Its strict parser receives character data from expat in many small pieces (one per entity
  reference and per line); a buffering expat reader delivers the same text in few calls.
"""

from __future__ import annotations

from typing import Any
from xml.sax import expatreader

import feedparser.api
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


def _end_itunes_explicit(self: Any) -> None:
    """feedparser's own mapping (yes -> True, clean -> False), plus the raw text beside it."""
    value = self.pop("itunes_explicit", 0)
    context = self._get_context()
    context["itunes_explicit"] = True if value == "yes" else False if value == "clean" else None
    context["itunes_explicit_raw"] = value if isinstance(value, str) else ""


def _start_podcast_liveitem(self: Any, attrs: dict[str, str]) -> None:
    """A ``<podcast:liveItem>`` holds its own ``<title>``, ``<link>``, ``<description>``...:
    feedparser, which knows no such element, would write them over the channel's (the show
    got its live item's title). The channel's fields are kept aside and put back at its end;
    the raw-XML pass (:mod:`player.feeds.podcasting20`) reads the live item itself."""
    if self.inentry:
        return
    self._podcast_live_depth = getattr(self, "_podcast_live_depth", 0) + 1
    if self._podcast_live_depth == 1:
        self._podcast_live_saved = dict(self.feeddata)


def _end_podcast_liveitem(self: Any) -> None:
    depth = getattr(self, "_podcast_live_depth", 0)
    if self.inentry or depth == 0:
        return
    self._podcast_live_depth = depth - 1
    if depth == 1:
        saved = self._podcast_live_saved
        self.feeddata.clear()
        self.feeddata.update(saved)


class BufferedExpatParser(expatreader.ExpatParser):
    """expat with ``buffer_text`` on: the same document events, far fewer Python calls."""

    def reset(self) -> None:
        super().reset()
        # typeshed leaves out ``_parser``, the pyexpat parser that ``reset`` has just made.
        self._parser.buffer_text = True  # type: ignore[attr-defined]
        self._parser.buffer_size = 1 << 16  # type: ignore[attr-defined]


def create_parser(*args: Any, **kwargs: Any) -> BufferedExpatParser:
    """The hook ``xml.sax.make_parser`` calls for modules named in PREFERRED_XML_PARSERS."""
    return BufferedExpatParser(*args, **kwargs)


def install() -> None:
    """Register the handlers once (idempotent)."""
    if getattr(_Mixin, "_podcast_player_ext", False):
        return
    for uri in PODCAST_NAMESPACES:
        _Mixin.namespaces[uri] = "podcast"
    _Mixin._start_podcast_transcript = _start_podcast_transcript
    _Mixin._end_podcast_transcript = _end_podcast_transcript
    _Mixin._end_itunes_explicit = _end_itunes_explicit
    _Mixin._start_podcast_liveitem = _start_podcast_liveitem
    _Mixin._end_podcast_liveitem = _end_podcast_liveitem
    feedparser.api.PREFERRED_XML_PARSERS = [__name__]
    _Mixin._podcast_player_ext = True


install()
