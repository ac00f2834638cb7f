"""Turning rows into domain objects: the one place that knows both shapes."""

from __future__ import annotations

import sqlite3

from player.domain.models import Chapter, Episode, EpisodeState, Podcast, Transcript

PODCAST_COLUMNS = (
    "p.id, p.url, p.title, p.author, p.description, p.link, p.image_url, p.folder, p.kind, "
    "p.etag, p.last_modified, p.last_checked, p.last_error, p.last_error_at, p.gone, "
    "p.added_at, p.user_agent, p.username, p.password, p.playback_rate, p.auto_download, "
    "p.keep_downloads, p.keep_days"
)

EPISODE_COLUMNS = (
    "e.id, e.podcast_id, e.guid, e.title, e.description, e.link, e.published, e.first_seen, "
    "e.enclosure_url, e.enclosure_type, e.enclosure_length, e.duration, e.image_url, "
    "e.season, e.number, e.episode_type, e.explicit, e.chapters_url, e.chapters_type, "
    "e.state, e.position, e.last_played, e.download_path, e.download_manual, e.in_feed, "
    "p.title AS podcast_title"
)
"""Select list for episode queries; they always join ``podcasts p`` for the show's title."""


def podcast_from_row(row: sqlite3.Row) -> Podcast:
    """Build a :class:`Podcast`; counts are present only when the query computed them."""
    keys = row.keys()
    return Podcast(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        author=row["author"],
        description=row["description"],
        link=row["link"],
        image_url=row["image_url"],
        folder=row["folder"],
        kind=row["kind"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_checked=row["last_checked"],
        last_error=row["last_error"],
        last_error_at=row["last_error_at"],
        gone=bool(row["gone"]),
        added_at=row["added_at"],
        user_agent=row["user_agent"],
        username=row["username"],
        password=row["password"],
        playback_rate=row["playback_rate"],
        auto_download=row["auto_download"],
        keep_downloads=row["keep_downloads"],
        keep_days=row["keep_days"],
        episode_count=row["episode_count"] if "episode_count" in keys else 0,
        unplayed_count=row["unplayed_count"] if "unplayed_count" in keys else 0,
    )


def episode_from_row(row: sqlite3.Row, transcripts: tuple[Transcript, ...] = ()) -> Episode:
    """Build an :class:`Episode` from a row selected with :data:`EPISODE_COLUMNS`."""
    explicit = row["explicit"]
    return Episode(
        id=row["id"],
        podcast_id=row["podcast_id"],
        guid=row["guid"],
        title=row["title"],
        description=row["description"],
        link=row["link"],
        published=row["published"],
        first_seen=row["first_seen"],
        enclosure_url=row["enclosure_url"],
        enclosure_type=row["enclosure_type"],
        enclosure_length=row["enclosure_length"],
        duration=row["duration"],
        image_url=row["image_url"],
        season=row["season"],
        number=row["number"],
        episode_type=row["episode_type"],
        explicit=None if explicit is None else bool(explicit),
        chapters_url=row["chapters_url"],
        chapters_type=row["chapters_type"],
        state=EpisodeState(row["state"]),
        position=row["position"],
        last_played=row["last_played"],
        download_path=row["download_path"],
        download_manual=bool(row["download_manual"]),
        in_feed=bool(row["in_feed"]),
        podcast_title=row["podcast_title"] or "",
        transcripts=transcripts,
    )


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
