"""Which of an episode's ``podcast:transcript`` links to read first.

The listener's language (the feed's, then the user's) comes first, then the format in the
order :data:`player.transcripts.parse.FORMATS` gives (VTT keeps voices and times best; JSON is
often word-level; SRT has times; HTML and text may have none), then the feed's own order.
"""

from __future__ import annotations

from collections.abc import Sequence

from player.domain.models import Transcript
from player.transcripts.parse import FORMATS, format_of


def primary(language: str) -> str:
    """``en`` for ``en-GB``, ``en_US.UTF-8`` or ``EN``."""
    return language.strip().lower().replace("_", "-").split(".")[0].split("-")[0]


def rank(links: Sequence[Transcript], languages: Sequence[str] = ()) -> list[Transcript]:
    """``links`` best first."""
    wanted = [primary(x) for x in languages if primary(x)]

    def key(item: tuple[int, Transcript]) -> tuple[int, int, int]:
        order, link = item
        lang = primary(link.language)
        if lang and lang in wanted:
            lang_rank = wanted.index(lang)
        elif not lang:
            lang_rank = len(wanted)  # unknown language: likely the show's own
        else:
            lang_rank = len(wanted) + 1
        kind = format_of(link.type, link.url)
        format_rank = FORMATS.index(kind) if kind in FORMATS else len(FORMATS)
        return lang_rank, format_rank, order

    return [link for _, link in sorted(enumerate(links), key=key)]
