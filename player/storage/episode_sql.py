"""Episode queries as SQL: sort keys, the full-text search expression, the filters.

Pure functions from an :class:`~player.domain.queries.EpisodeQuery` to SQL text and
parameters, kept apart from :class:`~player.storage.episodes.EpisodeRepo` (which runs them) so
the clauses can be read, and tested, without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from player.domain.models import Episode
from player.domain.playlists import PlaylistRules
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.storage.folders import in_folder
from player.storage.playlist_sql import IN_PROGRESS, compile_rules


@dataclass(frozen=True, slots=True)
class _SortKey:
    """How one ordering sorts: an indexed key expression, its default direction, and how to
    read that key from an episode (for keyset paging)."""

    expression: str
    descending: bool
    value: Callable[[Episode], object]


# ``published`` is never NULL once stored (a missing date becomes the first-seen time), so
# the plain column sorts and uses its index; expressions here match the indexes exactly.
KEYS = {
    EpisodeSort.NEWEST: _SortKey("e.published", True, lambda e: e.published),
    EpisodeSort.OLDEST: _SortKey("e.published", False, lambda e: e.published),
    EpisodeSort.TITLE: _SortKey("e.title COLLATE NOCASE", False, lambda e: e.title),
    EpisodeSort.DURATION: _SortKey("IFNULL(e.duration, 0)", True, lambda e: e.duration or 0),
    EpisodeSort.NUMBER: _SortKey(
        "IFNULL(e.season, 0) * 1000000 + IFNULL(e.episode_number, 0)",
        False,
        lambda e: (e.season or 0) * 1000000 + (e.episode_number or 0),
    ),
}
PODCAST_ORDER = "p.title COLLATE NOCASE ASC, e.published DESC, e.id DESC"


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _fts_terms(text: str) -> list[str]:
    """The words of a search as safe FTS5 phrases; the last one is a prefix.

    Each word is quoted (so ``AND``, ``-`` or ``"`` in the text cannot break the syntax) and
    the last one is a prefix, because the search runs as the listener types.
    """
    quoted = [f'"{w}"' for w in _TOKEN.findall(text)]
    if quoted:
        quoted[-1] += "*"
    return quoted


def fts_query(text: str) -> str:
    """Turn what a listener types into a safe FTS5 query: every word must match."""
    return " ".join(_fts_terms(text))


_IN_COLUMN = "(e.id IN (SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH ?))"
"""One word's tier test. The parentheses matter: ``+`` binds tighter than ``IN``, so without
them ``a IN (...) + b IN (...)`` summed nothing (every tier after the first word was wrong)."""


def _relevance_order(text: str) -> tuple[str, list[object]]:
    """Best match first: words found in the title, then in the podcast's name, then newest.

    A listener looking for "chapters" wants the episode called "Chapters..." above one that
    mentions chapters in its notes, and among equal matches the recent one. bm25 alone mixes
    these up (a long description full of the word outranks a title), so the tiers are counted
    explicitly: one uncorrelated column-filtered MATCH per word, each run once per query.

    Each of those MATCHes is the whole search and the word in its column: only the episodes
    the search found are ever ordered, and so the cost of a tier follows the search's matches,
    not how common the word is in the library (a word in 84,000 of 1,000,000 titles cost 35 ms
    per tier, for a search that found 2,000 episodes).
    """
    terms = _fts_terms(text)
    whole = " ".join(terms)
    found = " + ".join([_IN_COLUMN] * len(terms))
    params: list[object] = [f"({whole}) AND (title : {t})" for t in terms]
    params += [f"({whole}) AND (podcast_title : {t})" for t in terms]
    return f"({found}) DESC, ({found}) DESC, e.published DESC, e.id DESC", params


def descending(q: EpisodeQuery, key: _SortKey) -> bool:
    """The direction ``q`` sorts ``key`` in: its own choice, else the key's default."""
    return key.descending if q.descending is None else q.descending


def order_clause(q: EpisodeQuery) -> tuple[str, list[object]]:
    """The ORDER BY clause of ``q`` and the parameters it binds."""
    if q.sort is EpisodeSort.RELEVANCE:
        if fts_query(q.text):
            return _relevance_order(q.text)
        q = replace(q, sort=EpisodeSort.NEWEST)
    if q.sort is EpisodeSort.PODCAST:
        return PODCAST_ORDER, []
    key = KEYS[q.sort]
    direction = "DESC" if descending(q, key) else "ASC"
    return f"{key.expression} {direction}, e.id {direction}", []


def _rules_clause(
    rules: PlaylistRules, now: float | None, listing: bool
) -> tuple[list[str], list[object]]:
    """A playlist's conditions; with a limit, one ``e.id IN`` its first N in its own order
    (other filters of the view then narrow those N, as a filter narrows any list)."""
    compiled = compile_rules(rules, now, listing=listing or rules.limit is not None)
    if rules.limit is None:
        return compiled.clauses, compiled.params
    inner = ("WHERE " + " AND ".join(compiled.clauses)) if compiled.clauses else ""
    order, order_params = order_clause(EpisodeQuery(sort=rules.sort, descending=rules.descending))
    sql = (
        "e.id IN (SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
        f"{inner} ORDER BY {order} LIMIT ?)"
    )
    return [sql], [*compiled.params, *order_params, rules.limit]


def where_clause(
    q: EpisodeQuery,
    listing: bool = False,
    rules: PlaylistRules | None = None,
    missing: bool = False,
    now: float | None = None,
) -> tuple[str, str, list[object]]:
    """The joins, WHERE clause and parameters that select the episodes of ``q``.

    ``listing`` (a page, not a count) keeps SQLite on the sort index; ``rules`` are a
    playlist's conditions (``missing``: the playlist asked for is gone, nothing matches);
    ``now`` anchors their age rules. Pure: the caller brings the search index up to date.
    """
    joins = "JOIN podcasts p ON p.id = e.podcast_id"
    clauses: list[str] = []
    params: list[object] = []
    if q.text:
        match = fts_query(q.text)
        if not match:
            clauses.append("0")
        else:
            joins += " JOIN episodes_fts f ON f.rowid = e.id"
            clauses.append("episodes_fts MATCH ?")
            params.append(match)
    # With a search the full-text index must drive the query: "+" keeps SQLite from
    # walking an episodes index and re-running the MATCH for every row it finds there
    # (for "New" and 50,000 unplayed episodes that took two minutes). Listing without a
    # search, "+" on the state keeps SQLite on the sort index (most episodes are unplayed)
    # instead of sorting the whole library for each page.
    plain = "+" if q.text else ""
    state = "+" if q.text or listing else ""
    if q.podcast_id is not None:
        clauses.append(f"{plain}e.podcast_id = ?")
        params.append(q.podcast_id)
    if q.unplayed:
        clauses.append(f"{state}e.state = 'new'")
    if q.in_progress:
        # From the partial index of started episodes: left to itself SQLite walks
        # ``episodes_state`` through every unplayed episode for a position (1,000,000 of
        # them: half a second, at start-up on the GUI thread when resuming).
        clauses.append(IN_PROGRESS)
    if q.downloaded:
        clauses.append(f"{plain}e.download_path != ''")
    if q.not_downloaded:
        clauses.append(f"{plain}e.download_path = ''")
    if (q.played and (q.unplayed or q.in_progress)) or (q.downloaded and q.not_downloaded):
        # A view's own condition and a filter that contradict it ("New" filtered to
        # played): nothing matches, and a constant false keeps SQLite from walking the
        # whole sort index to learn that.
        clauses.append("0")
    if q.played:
        clauses.append(f"{state}e.state = 'played'")
    if q.folder is not None:
        inside, inside_params = in_folder(q.folder)
        clauses.append(f"{plain}e.podcast_id IN (SELECT id FROM podcasts WHERE {inside})")
        params += inside_params
    if q.tag:
        clauses.append(
            f"({plain}e.id IN (SELECT episode_id FROM episode_tags WHERE tag = ?) "
            f"OR {plain}e.podcast_id IN (SELECT podcast_id FROM podcast_tags WHERE tag = ?))"
        )
        params += [q.tag, q.tag]
    for bound, op in (
        (q.min_duration, "e.duration >= ?"),
        (q.max_duration, "e.duration <= ?"),
        (q.published_after, "e.published >= ?"),
        (q.published_before, "e.published < ?"),
    ):
        if bound is not None:
            clauses.append(plain + op)
            params.append(bound)
    if missing:
        clauses.append("0")
    elif rules is not None:
        more, more_params = _rules_clause(rules, now, listing)
        clauses += more
        params += more_params
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return joins, where, params
