"""Telling a ``Name:`` speaker label from a colon that is part of what was said.

SRT, plain text and some VTT files (Descript's) carry the speaker as ``Michael: Hello``.
But ``10: 30`` is a score, ``Note: ...`` an aside, ``https://...`` a link: a label is one to
four capitalised words or numbers (``Speaker 2``, an optional ``(host)`` after them), not
starting with a digit, not a common word that introduces a remark.
"""

from __future__ import annotations

import re

_LABEL = re.compile(
    r"^(?P<name>[^\W\d_][\w.'’-]*(?: [\w][\w.'’-]*){0,3}(?: \([^()\d]{1,24}\))?)"
    r"\s?:\s+(?P<rest>\S.*)$"
)

NOT_SPEAKERS = frozenset(
    """note notes nb ps warning caution update edit edited example examples question tip
    important source sources reminder disclaimer step chapter part summary correction
    transcript transcription subject re fyi hint answer quote warning update spoiler
    music applause laughter intro outro sponsor ad advertisement break credit credits
    today yesterday tomorrow also and but so then now well yes no ok okay""".split()
)


def split_label(line: str) -> tuple[str | None, str]:
    """``("Alice Smith", "Hello")`` for ``Alice Smith: Hello``; ``(None, line)`` otherwise."""
    match = _LABEL.match(line)
    if match is None:
        return None, line
    name = match.group("name")
    words = name.split()
    if not name[0].isupper() or name.lower() in NOT_SPEAKERS or words[0].lower() in NOT_SPEAKERS:
        return None, line
    if len(words) > 1 and not all(w[0].isupper() or w[0] in "(" or w.isdigit() for w in words):
        return None, line
    return name, match.group("rest")
