"""Folders and tags in a real store: counts over nested folders, renames and deletes that carry
the shows along, case-insensitive tags, and what an unsubscribe leaves behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.domain.errors import NotFoundError
from player.domain.models import PlayEvent
from player.domain.queries import EpisodeQuery
from player.services.organise import EPISODE, PODCAST, OrganiseError, OrganiseService
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store
from tests.support.library import add_podcast, item


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


def _show(store: Store, name: str, episodes: int = 2, folder: str = "") -> int:
    ids = add_podcast(
        store,
        [item(f"{name}-{i}", f"https://example.org/{name}/{i}.mp3") for i in range(episodes)],
        url=f"https://example.org/{name}.xml",
        title=name,
    )
    podcast_id = EpisodeRepo(store).get(ids[0]).podcast_id
    if folder:
        OrganiseService(store).move_podcast(podcast_id, folder)
    return podcast_id


def _folders(service: OrganiseService) -> dict[str, tuple[int, int, bool]]:
    return {f.name: (f.podcast_count, f.unplayed_count, f.collapsed) for f in service.folders()}


def test_counts_include_nested_folders_and_parents_appear(store: Store) -> None:
    service = OrganiseService(store)
    _show(store, "a", episodes=3, folder="News")
    _show(store, "b", episodes=2, folder="News/Daily")
    _show(store, "c", episodes=1, folder="Tech/Linux")
    _show(store, "d", episodes=4)
    assert _folders(service) == {
        "News": (2, 5, False),
        "News/Daily": (1, 2, False),
        "Tech": (1, 1, False),
        "Tech/Linux": (1, 1, False),
    }
    service.create_folder("  Empty / Inner ")
    assert _folders(service)["Empty/Inner"] == (0, 0, False)
    assert [f.name for f in service.folders()][:2] == ["Empty", "Empty/Inner"]
    # The episode query of a folder takes the nested shows too.
    episodes = EpisodeRepo(store).list(EpisodeQuery(folder="News"))
    assert len(episodes) == 5


def test_rename_carries_shows_nested_folders_and_collapsed_state(store: Store) -> None:
    service = OrganiseService(store)
    a = _show(store, "a", folder="News")
    b = _show(store, "b", folder="News/Daily")
    other = _show(store, "c", folder="Newsletters")  # shares the prefix, not the folder
    service.create_folder("News/Daily/Empty")
    service.set_collapsed("News/Daily", True)
    service.rename_folder("News", "Current affairs")
    podcasts = PodcastRepo(store)
    assert podcasts.get(a).folder == "Current affairs"
    assert podcasts.get(b).folder == "Current affairs/Daily"
    assert podcasts.get(other).folder == "Newsletters"
    folders = _folders(service)
    assert "News" not in folders and "News/Daily" not in folders
    assert folders["Current affairs/Daily"] == (1, 2, True)
    assert "Current affairs/Daily/Empty" in folders
    with pytest.raises(OrganiseError, match="already a folder named “Newsletters”"):
        service.rename_folder("Current affairs", "Newsletters")
    with pytest.raises(OrganiseError, match="no folder named “News”"):
        service.rename_folder("News", "X")
    with pytest.raises(OrganiseError, match="into itself"):
        service.rename_folder("Current affairs", "Current affairs/Sub")


def test_delete_moves_shows_to_the_parent_and_nested_folders_up(store: Store) -> None:
    service = OrganiseService(store)
    top = _show(store, "a", folder="News")
    daily = _show(store, "b", folder="News/Daily")
    deep = _show(store, "c", folder="News/Daily/Morning")
    assert service.delete_folder("News/Daily") == 2
    podcasts = PodcastRepo(store)
    assert podcasts.get(daily).folder == "News"
    assert podcasts.get(deep).folder == "News/Morning"
    assert set(_folders(service)) == {"News", "News/Morning"}
    service.delete_folder("News")
    assert podcasts.get(top).folder == ""
    assert podcasts.get(daily).folder == ""
    assert podcasts.get(deep).folder == "Morning"
    assert set(_folders(service)) == {"Morning"}


def test_move_validates_and_creates_the_folder(store: Store) -> None:
    service = OrganiseService(store)
    pid = _show(store, "a")
    assert service.move_podcast(pid, " Sport / Cycling ") == "Sport/Cycling"
    assert PodcastRepo(store).get(pid).folder == "Sport/Cycling"
    service.move_podcast(pid, "")
    assert PodcastRepo(store).get(pid).folder == ""
    assert set(_folders(service)) == {"Sport", "Sport/Cycling"}  # kept, now empty
    with pytest.raises(NotFoundError, match="no podcast with id 99"):
        service.move_podcast(99, "X")
    with pytest.raises(OrganiseError, match="empty part"):
        service.move_podcast(pid, "A//B")
    with pytest.raises(OrganiseError, match="needs a name"):
        service.create_folder("  ")
    with pytest.raises(OrganiseError, match="already a folder"):
        service.create_folder("Sport")


def test_tags_are_case_insensitive_and_counted(store: Store) -> None:
    service = OrganiseService(store)
    pid = _show(store, "a")
    other = _show(store, "b")
    [episode, _] = [e.id for e in EpisodeRepo(store).list(EpisodeQuery(podcast_id=other))][:2]
    assert service.add_tags(PODCAST, pid, ["News", "  long   form "]) == ["long form", "News"]
    assert service.add_tags(PODCAST, pid, ["NEWS"]) == ["long form", "News"]
    service.add_tags(EPISODE, episode, ["news"])
    counts = {t.tag.lower(): (t.podcast_count, t.episode_count) for t in service.tags()}
    assert counts == {"news": (1, 1), "long form": (1, 0)}
    # The tag filter finds both the tagged show's episodes and the tagged episode.
    tagged = EpisodeRepo(store).list(EpisodeQuery(tag="NeWs"))
    assert {e.podcast_id for e in tagged} == {pid, other} and len(tagged) == 3
    assert service.remove_tags(PODCAST, pid, ["news"]) == ["long form"]
    assert service.set_tags(EPISODE, episode, ["Later", "NEWS"]) == ["Later", "news"]
    with pytest.raises(OrganiseError, match="at least one letter"):
        service.add_tags(PODCAST, pid, [" "])
    with pytest.raises(NotFoundError, match="no episode with id 999"):
        service.add_tags(EPISODE, 999, ["x"])
    with pytest.raises(NotFoundError, match="no podcast with id 999"):
        service.tags_of(PODCAST, 999)


def test_unsubscribing_drops_its_tags_and_counts(store: Store) -> None:
    service = OrganiseService(store)
    pid = _show(store, "a", folder="News")
    episode = EpisodeRepo(store).list(EpisodeQuery(podcast_id=pid))[0].id
    service.add_tags(PODCAST, pid, ["x"])
    service.add_tags(EPISODE, episode, ["y"])
    PodcastRepo(store).delete(pid)
    assert service.tags() == []
    assert _folders(service) == {"News": (0, 0, False)}  # the folder itself stays


def test_activity_sums_listening_time_per_show(store: Store) -> None:
    service = OrganiseService(store)
    pid = _show(store, "a")
    episode = EpisodeRepo(store).list(EpisodeQuery(podcast_id=pid))[0].id
    history = HistoryRepo(store)
    history.add(PlayEvent(episode_id=episode, started_at=1.0, from_pos=0, to_pos=120, rate=2.0))
    history.add(PlayEvent(episode_id=episode, started_at=2.0, from_pos=120, to_pos=150))
    assert service.sidebar().activity[pid][1] == pytest.approx(90.0)
