"""Automatic downloads after a refresh, and cleanup that keeps what it must."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from player.domain.downloads import DownloadedFile
from player.domain.models import Podcast
from player.services.downloads import cleanup
from player.storage import EpisodeRepo, PodcastRepo, QueueRepo
from player.storage.downloads import DownloadRepo
from tests.core.downloads.conftest import Library
from tests.support.http_server import LoopbackServer

NOW = 1_800_000_000.0
DAY = 86_400.0


def _file(episode_id: int, **fields: object) -> DownloadedFile:
    base = DownloadedFile(
        episode_id=episode_id,
        podcast_id=1,
        path=f"/d/{episode_id}.mp3",
        manual=False,
        played=True,
        position=0.0,
        published=NOW - 100 * DAY + episode_id * DAY,  # higher id = newer
        last_played=NOW - 30 * DAY,
        downloaded_at=NOW - 40 * DAY,
        queued=False,
    )
    return replace(base, **fields)


def _podcast(**fields: object) -> dict[int, Podcast]:
    return {1: replace(Podcast(id=1, url="u", title="Show"), **fields)}


def test_cleanup_is_off_by_default() -> None:
    assert cleanup.plan([_file(i) for i in range(5)], _podcast(), NOW) == []


def test_keep_days_deletes_old_played_downloads_only() -> None:
    files = [
        _file(1),  # played 30 days ago: goes
        _file(2, last_played=NOW - 2 * DAY),  # played recently: stays
        _file(3, played=False),  # not played: stays
        _file(4, last_played=None, downloaded_at=NOW - 20 * DAY),  # marked played, old file
    ]
    doomed = cleanup.plan(files, _podcast(keep_days=7), NOW)
    assert sorted(f.episode_id for f in doomed) == [1, 4]


def test_keep_downloads_deletes_beyond_n_played_first_then_oldest() -> None:
    files = [_file(i, played=i in (2, 5)) for i in range(1, 7)]
    doomed = cleanup.plan(files, _podcast(keep_downloads=3), NOW)
    assert [f.episode_id for f in doomed] == [2, 5, 1]


def test_cleanup_never_deletes_in_progress_queued_or_manual_unless_asked() -> None:
    protected = [
        _file(1, played=False, position=120.0),  # in progress
        _file(2, queued=True),
        _file(3, manual=True),
    ]
    rules = _podcast(keep_days=1, keep_downloads=1)
    doomed = cleanup.plan([*protected, _file(4)], rules, NOW)
    assert [f.episode_id for f in doomed] == [4]
    with_manual = cleanup.plan([*protected, _file(4)], rules, NOW, include_manual=True)
    assert sorted(f.episode_id for f in with_manual) == [3, 4]


def _downloaded(
    library: Library, server: LoopbackServer, media: dict[str, Path], n: int
) -> list[int]:
    urls = [server.add(f"c{i}.mp3", media["tone.mp3"]) for i in range(n)]
    podcast = library.add_podcast()
    ids = library.add_episodes(podcast, [(f"Ep {i}", u) for i, u in enumerate(urls)])
    manager = library.manager()
    manager.enqueue(ids[:-1], manual=False)
    manager.enqueue(ids[-1:], manual=True)
    assert manager.wait_idle(30)
    return ids


def test_manager_cleanup_deletes_files_and_keeps_the_protected(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    ids = _downloaded(library, server, media, 5)  # ids[4] was downloaded by hand
    episodes = EpisodeRepo(library.store)
    episodes.mark_played(ids)
    episodes.mark_played([ids[0]], played=False)
    episodes.set_position(ids[0], 30.0)  # in progress
    QueueRepo(library.store).insert([ids[1]])  # queued
    PodcastRepo(library.store).update(1, keep_downloads=1)
    paths = {i: Path(episodes.get(i).download_path) for i in ids}

    deleted = library.manager().cleanup()

    assert sorted(deleted) == [ids[2], ids[3]]
    for i in ids:
        assert paths[i].exists() == (i not in deleted)
        assert (episodes.get(i).download_path == "") == (i in deleted)
    assert episodes.get(ids[0]).position == 30.0
    assert sorted(library.manager().cleanup(include_manual=True)) == [ids[4]]
    assert not paths[ids[4]].exists()


def test_auto_download_is_off_by_default_and_takes_the_n_newest_new_episodes(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    urls = [server.add(f"a{i}.mp3", media["tone.mp3"]) for i in range(5)]
    podcast = library.add_podcast()
    ids = library.add_episodes(podcast, [(f"Ep {i}", u) for i, u in enumerate(urls)])
    manager = library.manager()
    assert manager.auto_download({podcast: ids}) == []
    assert server.requests == []

    PodcastRepo(library.store).update(podcast, auto_download=2)
    EpisodeRepo(library.store).mark_played([ids[4]])  # newest, but already heard
    assert manager.auto_download({podcast: ids}) == [ids[3], ids[2]]
    assert manager.wait_idle(30)
    records = {r.episode_id: r for r in DownloadRepo(library.store).list()}
    assert set(records) == {ids[3], ids[2]}
    assert not any(r.manual for r in records.values())
    assert not EpisodeRepo(library.store).get(ids[3]).download_manual
    # Already downloaded ones are not chosen again; the next newest are.
    assert manager.auto_download({podcast: ids}) == [ids[1], ids[0]]
    assert manager.auto_download({999: ids}) == []  # unsubscribed meanwhile
