"""New shows you would like: a real library and history against loopback directories that
record every request. What is suggested, why, from where; and what is never sent."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.cli.main import main
from player.services.credentials import Credentials
from player.services.library import LibraryService
from player.services.show_suggestions import ShowSuggestionsService
from player.storage import SettingsRepo, Store
from player.storage.show_marks import ShowMarksRepo
from tests.conftest import run_cli
from tests.support.memory_keyring import MemoryKeyring
from tests.support.show_library import (
    COLD_TRAIL,
    COLD_TRAIL_URL,
    COSMIC,
    LAUGHS,
    NEBULA,
    STAR_SUMS,
    VANISHED,
    ZEBRA,
    ShowLibrary,
    leaks,
    show_library,
)

ALLOWED = (
    r"/us/rss/toppodcasts/limit=50(/genre=\d+)?/json",
    r"/lookup\?id=[\d%C,]+&entity=podcast&country=us",
    r"/api/1\.0/podcasts/trending\?max=50&cat=[\w%+&]+",
    r"/api/1\.0/podcasts/byguid\?guid=[0-9a-f-]+",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "library.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def library(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[ShowLibrary]:
    with show_library(store) as running:
        for name, value in running.fakes.env.items():
            monkeypatch.setenv(name, value)
        yield running


def _keyring(library: ShowLibrary) -> MemoryKeyring:
    keyring = MemoryKeyring()
    Credentials(keyring).set_podcastindex(
        library.fakes.podcastindex.key, library.fakes.podcastindex.secret
    )
    return keyring


def _service(store: Store, library: ShowLibrary, cache: Path | None = None,
             keyed: bool = True) -> ShowSuggestionsService:  # fmt: skip
    credentials = Credentials(_keyring(library) if keyed else MemoryKeyring())
    return ShowSuggestionsService(store, cache_dir=cache, credentials=credentials)


def test_suggestions_reasons_and_sources(store: Store, library: ShowLibrary) -> None:
    service = _service(store, library)
    answer = service.suggest(limit=10)
    service.close()
    assert answer.errors == [] and answer.network
    by_title = {s.title: s for s in answer.suggestions}
    # Creators' picks of the shows finished every week, first.
    assert [s.title for s in answer.suggestions][:2] == [NEBULA, COLD_TRAIL]
    nebula = by_title[NEBULA]
    assert nebula.reason == f"Recommended by the makers of {COSMIC}, which you finish every week."
    assert nebula.feed_url == library.urls[NEBULA]
    assert "podroll" in nebula.sources and "chart:1533" in nebula.sources
    assert nebula.signals["podroll"] > 0 and nebula.signals["category"] > 0
    cold = by_title[COLD_TRAIL]  # known to the feed by its GUID only: looked up by GUID
    assert cold.feed_url == COLD_TRAIL_URL and cold.image_url.endswith("/8/cover.jpg")
    assert cold.reason == (
        f"Recommended by the makers of {ZEBRA}, which you finish every other week."
    )
    stars = by_title[STAR_SUMS]
    assert stars.reason == (
        f"A Science show (no. 1 in Apple's Science chart), like {COSMIC}: "
        "the weekly show of about 30 minutes you finish on weekday mornings."
    )
    assert set(stars.sources) == {"chart:1533", "chart:top", "category:1533"}
    assert set(stars.signals) == {"category", "chart"}
    # Subscribed and unsubscribed shows never come back; a language not heard goes last.
    assert not {COSMIC, ZEBRA, VANISHED} & set(by_title)
    # Podcast Index says Ciencia Hoy is in Spanish: below zero, so left out.
    assert "Ciencia Hoy" not in by_title
    titles = [s.title for s in answer.suggestions]
    assert titles == [NEBULA, COLD_TRAIL, STAR_SUMS, "Lab Coats Weekly", LAUGHS]
    # A show of a category never finished stands behind every liked one.
    assert set(by_title[LAUGHS].signals) == {"chart"}
    assert by_title[LAUGHS].reason.startswith("No. ")
    assert titles[-1] == LAUGHS


def test_nothing_of_the_library_or_history_is_sent(
    store: Store, library: ShowLibrary, tmp_path: Path
) -> None:
    service = _service(store, library, tmp_path / "cache")
    assert service.suggest().suggestions
    service.close()
    requests = library.directory_requests()
    assert requests, "the directories were asked"
    assert leaks(requests, library.forbidden) == []
    for seen in requests:
        assert any(re.fullmatch(p, seen.path) for p in ALLOWED), seen.path
        assert seen.method == "GET"
    assert not library.fakes.fyyd.server.requests and not library.fakes.gpodder.server.requests
    # Only the podroll entry without an address is looked up, and by its GUID alone.
    guids = [r.path for r in requests if "/byguid" in r.path]
    assert guids == ["/api/1.0/podcasts/byguid?guid=aaaa0000-1111-5222-8333-000000000002"]
    # The same chart requests as any other listener's: another library (without the show
    # finished most, and so with other tastes) sends exactly these.
    charts = sorted(r.path for r in requests if "byguid" not in r.path and "lookup" not in r.path)
    assert len(charts) == 20 + 19
    copy = sqlite3.connect(tmp_path / "other.sqlite3")
    store.connection().backup(copy)
    copy.close()
    other_store = Store(tmp_path / "other.sqlite3")
    LibraryService(other_store).unsubscribe(library.ids[COSMIC])
    before = {id(r) for r in library.directory_requests()}
    other = _service(other_store, library, tmp_path / "other-cache")
    theirs_first = other.suggest().suggestions[0]
    assert theirs_first.title == COLD_TRAIL and "podroll" in theirs_first.sources  # other tastes
    other.close()
    other_store.close()
    theirs = sorted(
        r.path
        for r in library.directory_requests()
        if id(r) not in before and "byguid" not in r.path and "lookup" not in r.path
    )
    assert theirs == charts


def test_the_cache_answers_the_second_round(
    store: Store, library: ShowLibrary, tmp_path: Path
) -> None:
    first = _service(store, library, tmp_path / "cache")
    titles = [s.title for s in first.suggest().suggestions]
    first.close()
    count = len(library.directory_requests())
    second = _service(store, library, tmp_path / "cache")
    assert [s.title for s in second.suggest().suggestions] == titles
    second.close()
    assert len(library.directory_requests()) == count


def test_dismissed_shows_never_return(store: Store, library: ShowLibrary) -> None:
    service = _service(store, library)
    first = service.suggest()
    assert STAR_SUMS in [s.title for s in first.suggestions]
    stars = next(s for s in first.suggestions if s.title == STAR_SUMS)
    service.dismiss(stars.feed_url)
    assert STAR_SUMS not in [s.title for s in service.suggest().suggestions]
    service.close()
    assert [m.url for m in ShowMarksRepo(store).dismissed()] == [stars.feed_url]


def test_a_dismissal_while_learning_is_paused_is_not_written(
    store: Store, library: ShowLibrary
) -> None:
    SettingsRepo(store).set("recommend.learning", False)
    service = _service(store, library)
    service.dismiss(library.urls[NEBULA])
    assert NEBULA not in [s.title for s in service.suggest().suggestions]
    service.close()
    assert ShowMarksRepo(store).dismissed() == []
    later = _service(store, library)  # a new session: the click was not kept
    assert NEBULA in [s.title for s in later.suggest().suggestions]
    later.close()


def test_unsubscribing_is_remembered(store: Store, library: ShowLibrary) -> None:
    marks = ShowMarksRepo(store).unsubscribed()
    assert [m.url for m in marks] == [library.urls[VANISHED]]
    assert marks[0].guid == "c0c0c0c0-1111-5222-8333-000000000003"


def test_nothing_finished_sends_nothing(tmp_path: Path, library: ShowLibrary) -> None:
    """A library with nothing heard to the end has no taste to rank charts by: no request."""
    fresh = Store(tmp_path / "fresh.sqlite3")
    service = _service(fresh, library)
    assert service.suggest().suggestions == []
    service.close()
    fresh.close()
    assert library.directory_requests() == []


def test_network_off_sends_nothing(store: Store, library: ShowLibrary) -> None:
    SettingsRepo(store).set("recommend.shows.network", False)
    service = _service(store, library)
    answer = service.suggest()
    service.close()
    assert library.directory_requests() == []
    assert not answer.network
    # Only the podroll entry with an address remains (the GUID-only one needs a look-up).
    assert [(s.title, s.sources) for s in answer.suggestions] == [(NEBULA, ("podroll",))]
    assert answer.suggestions[0].reason == (
        f"Recommended by the makers of {COSMIC}, which you finish every week."
    )


def test_without_a_podcast_index_key_apple_alone(store: Store, library: ShowLibrary) -> None:
    service = _service(store, library, keyed=False)
    answer = service.suggest()
    service.close()
    # Apple's answers carry no language: without Podcast Index, Ciencia Hoy is not pushed out.
    ciencia = next(s for s in answer.suggestions if s.title == "Ciencia Hoy")
    assert "language" not in ciencia.signals
    assert not library.fakes.podcastindex.server.requests
    assert COLD_TRAIL in [s.title for s in answer.suggestions]  # it is in Apple's chart
    assert all("category:" not in " ".join(s.sources) for s in answer.suggestions)


def test_cli_json_contract(
    store: Store, library: ShowLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: _keyring(library))
    data = tmp_path  # the store's folder: the command opens the same library
    code = main(["--data-dir", str(data), "suggest-shows", "--limit", "3", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    rows = json.loads(out.out)
    assert len(rows) == 3
    assert [list(r) for r in rows] == [
        ["title", "feed_url", "image_url", "reason", "signals", "sources"]
    ] * 3
    assert rows[0]["title"] == NEBULA and "podroll" in rows[0]["sources"]
    assert leaks(library.directory_requests(), library.forbidden) == []
    code = main(["--data-dir", str(data), "dismiss-show", library.urls[NEBULA]])
    assert code == 0
    code = main(["--data-dir", str(data), "suggest-shows", "--network", "off", "--json"])
    out = capsys.readouterr()
    assert code == 0 and json.loads(out.out) == []  # its only podroll pick was dismissed
    assert SettingsRepo(store).get("recommend.shows.network") is False


def test_the_leak_check_sees_a_search_made_from_the_library(
    store: Store, library: ShowLibrary, tmp_path: Path
) -> None:
    """The check above is not blind: a directory search by a library title is caught."""
    from player.services.discover import DiscoverService

    discover = DiscoverService(store, credentials=Credentials(_keyring(library)))
    discover.search(COSMIC)
    discover.close()
    found = leaks(library.directory_requests(), library.forbidden)
    assert any(COSMIC in f for f in found) and any("Marmalade" in f for f in found)


def test_the_command_in_a_process_of_its_own(
    store: Store, library: ShowLibrary, tmp_path: Path
) -> None:
    """``suggest-shows`` as a listener runs it: text on stdout, a failing directory one line on
    stderr, exit 0; no keyring, so Apple alone."""
    library.fakes.itunes.status = 503
    env = {**library.fakes.env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "COLUMNS": "80"}  # fmt: skip
    failed = run_cli(tmp_path, "suggest-shows", "--limit", "2", env=env)
    assert failed.returncode == 0, failed.stderr
    assert "Apple Podcasts is having trouble: the server answered 503." in failed.stderr
    # Without the charts only the feeds' own recommendations remain (with an address).
    assert failed.stdout.splitlines()[0] == f" 1. {NEBULA}"
    library.fakes.itunes.status = None
    result = run_cli(tmp_path, "suggest-shows", "--limit", "2", env=env)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f" 1. {NEBULA}"
    assert lines[1] == f"    Recommended by the makers of {COSMIC}, which you finish every"
    assert lines[-1] == "    https://starsums.example/rss"
    assert leaks(library.directory_requests(), library.forbidden) == []


def test_a_trending_list_the_index_did_not_filter_does_not_lend_its_category(
    store: Store, library: ShowLibrary
) -> None:
    """Podcast Index answers an unknown ``cat`` with its whole list: a show whose own
    categories disagree is not taken for one of that category."""
    library.fakes.podcastindex.by_genre = False  # every category's list: the same shows
    service = _service(store, library, keyed=True)
    library.fakes.itunes.status = 503  # Apple down: only the index's lists
    answer = service.suggest(limit=20)
    service.close()
    assert answer.suggestions
    categories = {x for s in answer.suggestions for x in s.sources if x.startswith("category:")}
    # The fake says every show is Technology and News: nineteen lists, two categories kept.
    assert categories == {"category:1318", "category:1489"}
