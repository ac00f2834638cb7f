"""HTML transcripts (``text/html``): the Podcast Index shape of ``<cite>``, ``<time>``, ``<p>``.

Usually a fragment (no ``<html>`` or ``<body>``): ``<cite>Kevin:</cite> <time>0:00</time>
<p>Hello</p>``. Each paragraph becomes a segment, timed by the last ``<time>`` before it and
spoken by the last ``<cite>``. Only text is taken, with the standard library's tokenizer, so
nothing in the document can run; a document with scripts, event handlers, ``javascript:``
links or embedded objects is refused outright rather than half-read.
"""

from __future__ import annotations

from html.parser import HTMLParser

from player.domain.transcript import Segment, TranscriptError
from player.i18n import _
from player.transcripts.cue_text import clean
from player.transcripts.timecode import parse_timestamp

_SCRIPTED = frozenset({"script", "iframe", "object", "embed", "applet", "frame", "frameset"})
_BLOCKS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "xlink:href"})


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[Segment] = []
        self.scripted = False
        self.speaker: str | None = None
        self.start = 0.0
        self.field: str | None = None  # "cite" or "time" while inside one
        self.buffer: list[str] = []
        self.text: list[str] = []
        self.skip = 0  # inside <style> or <head>'s <title>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            name = name.lower()
            value = (value or "").strip().lower().replace(" ", "")
            if name.startswith("on") or (
                name in _URL_ATTRS and value.startswith(("javascript:", "vbscript:", "data:text"))
            ):
                self.scripted = True
        if tag in _SCRIPTED:
            self.scripted = True
        elif tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in ("cite", "time"):
            self.flush()
            self.field = tag
            self.buffer = []
            if tag == "time":
                stamp = dict(attrs).get("datetime")
                if stamp:
                    self.buffer.append(stamp)
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag == self.field:
            value = clean("".join(self.buffer))
            if tag == "cite":
                self.speaker = value.rstrip(":").strip() or None
            else:
                seconds = parse_timestamp(value.split()[0] if value else "")
                if seconds is not None:
                    self.start = seconds
            self.field = None
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.buffer if self.field else self.text).append(data)

    def flush(self) -> None:
        said = clean("".join(self.text))
        self.text = []
        if said:
            self.segments.append(Segment(self.start, None, self.speaker, said))


def parse_html(text: str) -> list[Segment]:
    """Segments of an HTML transcript; :class:`TranscriptError` when it holds anything scripted."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    if reader.scripted:
        raise TranscriptError(_("The HTML transcript contains scripts, so it was not read."))
    return reader.segments
