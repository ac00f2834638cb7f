"""A made-up big library for smart playlists: many shows in random folders with random tags,
episodes with random states, downloads, lengths and dates; and a brute-force evaluation of
playlist rules over all of it in plain Python (what the SQL must agree with).

Rows are inserted straight into a real store (``executemany`` in one transaction): the
benchmark's 200,000 episodes take seconds this way, not minutes through the feed writer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from player.domain.playlists import DownloadRule, PlaylistRules, StateRule
from player.domain.queries import EpisodeSort
from player.storage import Store

DAY = 86400.0
FOLDERS = ("", "", "News", "News/Daily", "News/Weekly", "Newsy", "Tech", "Tech/AI", "Comedy")
""""Newsy" is not under "News": a folder rule must not match by prefix alone."""
TAGS = ("news", "tech", "long", "short", "fav", "Later")
WORDS = ("alpha", "Beta", "gamma", "Delta", "echo", "foxtrot", "golf", "Hotel", "india")


@dataclass(frozen=True, slots=True)
class Row:
    """What the brute force needs of one episode (and of its show)."""

    id: int
    podcast_id: int
    title: str
    published: float
    duration: float | None
    state: str
    position: float
    downloaded: bool
    number: float
    folder: str
    podcast_title: str
    tags: frozenset[str]
    """The episode's own tags and its show's, lower-cased."""


def build_library(
    store: Store, podcasts: int, per_podcast: int, now: float, seed: int = 22
) -> list[Row]:
    """Fill ``store`` (deterministic from ``seed``); every episode as a :class:`Row`."""
    rng = random.Random(seed)
    podcast_rows = []
    podcast_tags: list[tuple[int, str]] = []
    for pid in range(1, podcasts + 1):
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {pid % 7}"
        podcast_rows.append((pid, f"http://127.0.0.1/feeds/{pid}.xml", title, rng.choice(FOLDERS)))
        for tag in rng.sample(TAGS, rng.choice((0, 0, 1, 2))):
            podcast_tags.append((pid, tag))
    episodes = []
    episode_tags: list[tuple[int, str]] = []
    eid = 0
    for pid in range(1, podcasts + 1):
        for j in range(per_podcast):
            eid += 1
            played = rng.random() < 0.4
            position = 0.0 if played or rng.random() > 0.08 else rng.uniform(1, 900)
            duration = None if rng.random() < 0.05 else rng.choice((rng.uniform(60, 10800), 1800.0))
            path = f"/tmp/dl/{eid}.mp3" if rng.random() < 0.1 else ""
            season = rng.choice((None, None, 1, 2))
            number = rng.choice((None, j + 1, float(j % 10)))
            episodes.append(
                (
                    eid, pid, f"g{eid}", f"{rng.choice(WORDS)} {rng.choice(WORDS)}",
                    now - rng.uniform(0, 400) * DAY, now - 400 * DAY, duration,
                    "played" if played else "new", position, path, season, number,
                )
            )  # fmt: skip
            if rng.random() < 0.1:
                episode_tags.append((eid, rng.choice(TAGS).upper()))
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO podcasts (id, url, title, folder, added_at) VALUES (?, ?, ?, ?, 0)",
            podcast_rows,
        )
        conn.executemany(
            "INSERT INTO episodes (id, podcast_id, guid, title, published, first_seen, duration, "
            "state, position, download_path, season, episode_number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            episodes,
        )
        conn.executemany("INSERT INTO podcast_tags (podcast_id, tag) VALUES (?, ?)", podcast_tags)
        conn.executemany("INSERT INTO episode_tags (episode_id, tag) VALUES (?, ?)", episode_tags)
    shows = {r[0]: r for r in podcast_rows}
    show_tags: dict[int, set[str]] = {}
    for pid, tag in podcast_tags:
        show_tags.setdefault(pid, set()).add(tag.lower())
    own_tags: dict[int, set[str]] = {}
    for e, tag in episode_tags:
        own_tags.setdefault(e, set()).add(tag.lower())
    return [
        Row(
            id=e[0], podcast_id=e[1], title=e[3], published=e[4], duration=e[6], state=e[7],
            position=e[8], downloaded=bool(e[9]), number=(e[10] or 0) * 1_000_000 + (e[11] or 0),
            folder=shows[e[1]][3], podcast_title=shows[e[1]][2],
            tags=frozenset(own_tags.get(e[0], set()) | show_tags.get(e[1], set())),
        )
        for e in episodes
    ]  # fmt: skip


def _in_folder(folder: str, wanted: tuple[str, ...]) -> bool:
    return any(folder == f or folder.startswith(f + "/") for f in wanted)


def admits(rules: PlaylistRules, r: Row, now: float) -> bool:
    """Whether ``r`` passes the filters of ``rules`` (the domain's documented meaning)."""
    checks = [
        not (rules.podcasts_in or rules.folders_in)
        or r.podcast_id in rules.podcasts_in
        or _in_folder(r.folder, rules.folders_in),
        r.podcast_id not in rules.podcasts_out and not _in_folder(r.folder, rules.folders_out),
        not rules.tags_in or bool(r.tags & {t.lower() for t in rules.tags_in}),
        not r.tags & {t.lower() for t in rules.tags_out},
        rules.state is StateRule.ANY or r.state == rules.state.value,
        not rules.in_progress or (r.state == "new" and r.position > 0),
        rules.downloaded is DownloadRule.ANY
        or r.downloaded == (rules.downloaded is DownloadRule.YES),
        rules.min_duration is None or (r.duration is not None and r.duration > rules.min_duration),
        rules.max_duration is None or (r.duration is not None and r.duration < rules.max_duration),
        rules.newer_than_days is None or r.published >= now - rules.newer_than_days * DAY,
        rules.older_than_days is None or r.published < now - rules.older_than_days * DAY,
    ]  # fmt: skip
    return all(checks)


def ordered(rules: PlaylistRules, rows: list[Row]) -> list[Row]:
    """``rows`` in the playlist's order, ties broken by id as the store breaks them."""
    sort, down = rules.sort, rules.is_descending
    if sort is EpisodeSort.PODCAST:
        by_date = sorted(rows, key=lambda r: (r.published, r.id), reverse=True)
        return sorted(by_date, key=lambda r: r.podcast_title.lower())
    keys = {
        EpisodeSort.NEWEST: lambda r: (r.published, r.id),
        EpisodeSort.OLDEST: lambda r: (r.published, r.id),
        EpisodeSort.TITLE: lambda r: (r.title.lower(), r.id),
        EpisodeSort.DURATION: lambda r: (r.duration or 0.0, r.id),
        EpisodeSort.NUMBER: lambda r: (r.number, r.id),
    }
    return sorted(rows, key=keys[sort], reverse=down)


def brute_force(rules: PlaylistRules, rows: list[Row], now: float) -> list[int]:
    """The ids a playlist must list, in order: filter everything, sort, cut at the limit."""
    chosen = ordered(rules, [r for r in rows if admits(rules, r, now)])
    if rules.limit is not None:
        chosen = chosen[: rules.limit]
    return [r.id for r in chosen]
