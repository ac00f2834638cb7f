"""Finding the matched line of a transcript chunk and marking the words, in Python.

``transcripts_fts`` is built with ``detail=none`` (rowids only, no positions: a common word's
list is a fraction of the size, so the first results of "the" come in milliseconds), which
leaves FTS5 unable to make snippets. The chunk that matched is short, so the line and the
marked words are found here, with the same folding the tokenizer does (case and diacritics).
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\w+", re.UNICODE)
WINDOW = 16
"""Words of context a snippet keeps around the first match."""


def fold(word: str) -> str:
    """Lower case without diacritics, as ``unicode61 remove_diacritics 2`` compares."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_terms(text: str) -> list[str]:
    """The folded words of a search; the last one is matched as a prefix."""
    return [fold(w) for w in _TOKEN.findall(text)]


def _matches(word: str, terms: list[str]) -> bool:
    folded = fold(word)
    return any(folded == t for t in terms[:-1]) or (bool(terms) and folded.startswith(terms[-1]))


def best_line(lines: list[str], terms: list[str]) -> int:
    """The index of the line holding the most of ``terms`` (the first such; 0 when none)."""
    best, score = 0, 0
    for n, line in enumerate(lines):
        folded = fold(line)
        if not any(t in folded for t in terms):
            continue  # most lines of a chunk: no need to look at their words
        found = {fold(w) for w in _TOKEN.findall(line) if _matches(w, terms)}
        if len(found) > score:
            best, score = n, len(found)
    return best


def mark(line: str, terms: list[str]) -> str:
    """The line with matched words in ``[`` ``]``, cut to :data:`WINDOW` words around the first."""
    marked = _TOKEN.sub(
        lambda m: f"[{m.group()}]" if _matches(m.group(), terms) else m.group(), line
    )
    words = marked.split()
    if len(words) <= WINDOW:
        return marked
    first = next((n for n, w in enumerate(words) if "[" in w), 0)
    start = max(0, min(first - WINDOW // 3, len(words) - WINDOW))
    end = start + WINDOW
    return ("…" if start else "") + " ".join(words[start:end]) + ("…" if end < len(words) else "")
