"""Turning rows into domain objects: the one place that knows both shapes."""

from __future__ import annotations

import sqlite3
from dataclasses import fields

from player.domain.models import Chapter, Episode, EpisodeState, Podcast, Transcript

_PODCAST_COUNTS = ("episode_count", "unplayed_count")
PODCAST_FIELDS = tuple(f.name for f in fields(Podcast) if f.name not in _PODCAST_COUNTS)
"""The :class:`Podcast` fields stored as ``podcasts`` columns of the same name."""
PODCAST_COLUMNS = ", ".join(f"p.{name}" for name in PODCAST_FIELDS)

_EPISODE_JOINED = ("podcast_title", "transcripts")  # from the show's row and their own table
EPISODE_FIELDS = tuple(f.name for f in fields(Episode) if f.name not in _EPISODE_JOINED)
"""The :class:`Episode` fields stored as ``episodes`` columns of the same name, in field order."""
EPISODE_COLUMNS = ", ".join(f"e.{name}" for name in EPISODE_FIELDS) + ", p.title AS podcast_title"
"""Select list for episode queries; they always join ``podcasts p`` for the show's title."""

if tuple(f.name for f in fields(Episode)) != EPISODE_FIELDS + _EPISODE_JOINED:
    raise TypeError("Episode must end with the joined fields: episode_from_row builds by position")
_EXPLICIT = EPISODE_FIELDS.index("explicit")
_STATE = EPISODE_FIELDS.index("state")
_DOWNLOAD_MANUAL = EPISODE_FIELDS.index("download_manual")
_IN_FEED = EPISODE_FIELDS.index("in_feed")
_PODCAST_TITLE = len(EPISODE_FIELDS)


def podcast_from_row(row: sqlite3.Row) -> Podcast:
    """Build a :class:`Podcast`; counts are present only when the query computed them."""
    values = {name: row[name] for name in PODCAST_FIELDS}
    values["gone"] = bool(values["gone"])
    for name in ("normalize_loudness", "voice_boost"):  # NULL: the global setting decides
        values[name] = None if values[name] is None else bool(values[name])
    keys = row.keys()
    for name in _PODCAST_COUNTS:
        values[name] = row[name] if name in keys else 0
    return Podcast(**values)


def episode_from_row(row: sqlite3.Row, transcripts: tuple[Transcript, ...] = ()) -> Episode:
    """Build an :class:`Episode` from a row selected with :data:`EPISODE_COLUMNS`.

    By position: the columns are the fields in order, and a library of 50,000 episodes is
    built from rows in pages, where reading each value by name cost twice as long.
    """
    values = list(row)
    explicit = values[_EXPLICIT]
    values[_EXPLICIT] = None if explicit is None else bool(explicit)
    values[_STATE] = EpisodeState(values[_STATE])
    values[_DOWNLOAD_MANUAL] = bool(values[_DOWNLOAD_MANUAL])
    values[_IN_FEED] = bool(values[_IN_FEED])
    values[_PODCAST_TITLE] = values[_PODCAST_TITLE] or ""
    values.append(transcripts)
    return Episode(*values)


def chapter_from_row(row: sqlite3.Row) -> Chapter:
    """Build a :class:`Chapter` from a ``chapters`` row."""
    return Chapter(
        start=row["start"],
        end=row["end"],
        title=row["title"],
        url=row["url"],
        image_url=row["image_url"],
        toc=bool(row["toc"]),
    )
