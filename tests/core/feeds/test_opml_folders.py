"""OPML folders: nested paths export as nested outlines and come back as the same paths; every
subscription list of the shared corpus survives an export and a re-import unchanged."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from player.feeds.opml import OpmlFeed, read_opml, write_opml
from player.storage import PodcastRepo, Store
from tests.conftest import CORPUS, run_cli
from tests.support.app_opml import AppFeed, antennapod_export, gpodder_export

OPML_CORPUS = CORPUS / "opml"
APPS = ("gpodder", "antennapod")
"""Apps whose exports the round trip covers (built in their exact shape: the corpus has none)."""


def _corpus_files() -> list[Path]:
    if not OPML_CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared OPML corpus is missing ({OPML_CORPUS})")
        pytest.skip(f"the shared OPML corpus is not here ({OPML_CORPUS})")
    files = sorted(p for p in OPML_CORPUS.iterdir() if p.suffix in (".opml", ".xml"))
    return [p for p in files if _reads(p)]


def _reads(path: Path) -> bool:
    try:
        return bool(read_opml(path.read_bytes()))
    except Exception:  # a broken file of the corpus is no list to round-trip
        return False


def _facts(feeds: list[OpmlFeed]) -> list[tuple[str, str, str, str]]:
    return sorted((f.url, f.title or f.url, f.folder, f.html_url) for f in feeds)


def test_nested_paths_export_as_nested_outlines() -> None:
    feeds = [
        OpmlFeed("https://e.org/top.xml", "Top"),
        OpmlFeed("https://e.org/a.xml", "A", "News"),
        OpmlFeed("https://e.org/b.xml", "B", "News/Daily"),
        OpmlFeed("https://e.org/c.xml", "C", "News/Daily"),
        OpmlFeed("https://e.org/d.xml", "D", "Tech/Linux/Kernel"),
    ]
    data = write_opml(feeds)
    body = ET.fromstring(data).find("body")
    assert body is not None
    [news] = [o for o in body if o.get("text") == "News"]
    [daily] = [o for o in news if o.get("text") == "Daily"]
    assert [o.get("xmlUrl") for o in daily] == ["https://e.org/b.xml", "https://e.org/c.xml"]
    assert [o.get("text") for o in news] == ["A", "Daily"]
    assert len([o for o in body if o.get("text") == "Tech"]) == 1
    assert _facts(read_opml(data)) == _facts(feeds)


def test_every_corpus_list_round_trips() -> None:
    files = _corpus_files()
    assert len(files) >= 10
    with_folders = 0
    for path in files:
        feeds = read_opml(path.read_bytes())
        again = read_opml(write_opml(feeds))
        assert _facts(again) == _facts(feeds), path.name
        with_folders += any(f.folder for f in feeds)
    assert with_folders >= 2  # nested lists are among them (listparser's hier-2, tags...)


APP_FEEDS = [
    AppFeed(
        "https://feeds.example.org/a.xml", "A & B: the show", "Weekly <b>news</b>", "https://a.org"
    ),
    AppFeed("https://feeds.example.org/ü.xml", 'Über "quotes"', "", ""),
    AppFeed(
        "http://127.0.0.1:9/c.rss",
        "  Spaced   title ",
        "Long text " * 20,
        "https://c.org/x?y=1&z=2",
    ),
]


@pytest.mark.parametrize("export", [gpodder_export, antennapod_export], ids=APPS)
def test_app_exports_import_and_round_trip(export: Callable[[list[AppFeed]], bytes]) -> None:
    feeds = read_opml(export(APP_FEEDS))
    # gPodder puts the description in "text": the title must come from "title".
    assert [(f.url, f.title) for f in feeds] == [
        (a.url, " ".join(a.title.split())) for a in APP_FEEDS
    ]
    if export is antennapod_export:
        assert [f.html_url for f in feeds] == [a.html_url for a in APP_FEEDS]
    assert _facts(read_opml(write_opml(feeds))) == _facts(feeds)


def test_our_folders_flatten_for_apps_without_them() -> None:
    """gPodder and AntennaPod read only the outlines with an xmlUrl, whatever their depth (as
    both importers walk every outline): every feed of a nested export is such an outline."""
    feeds = [
        OpmlFeed("https://e.org/a.xml", "A", "News/Daily"),
        OpmlFeed("https://e.org/b.xml", "B", ""),
    ]
    root = ET.fromstring(write_opml(feeds))
    with_url = [o for o in root.iter("outline") if o.get("xmlUrl")]
    assert sorted((o.get("xmlUrl"), o.get("title"), o.get("type")) for o in with_url) == [
        ("https://e.org/a.xml", "A", "rss"),
        ("https://e.org/b.xml", "B", "rss"),
    ]


def test_foldered_library_exports_and_imports_back(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    target.mkdir()
    store = Store(source / "library.sqlite3")
    wanted = {
        "http://127.0.0.1:9/plain.xml": "",
        "http://127.0.0.1:9/a.xml": "News",
        "http://127.0.0.1:9/b.xml": "News/Daily",
        "http://127.0.0.1:9/c.xml": "Tech/Linux",
    }
    try:
        for url, folder in wanted.items():
            PodcastRepo(store).add(url, title=url.rsplit("/", 1)[-1], folder=folder)
    finally:
        store.close()
    exported = tmp_path / "out.opml"
    result = run_cli(source, "export-opml", str(exported))
    assert result.returncode == 0, result.stderr
    result = run_cli(target, "import-opml", str(exported), "--json")
    assert result.returncode in (0, 1), result.stderr  # the made-up feeds fail to refresh
    store = Store(target / "library.sqlite3")
    try:
        assert {p.url: p.folder for p in PodcastRepo(store).list()} == wanted
    finally:
        store.close()
    folders = json.loads(run_cli(target, "folders", "--json").stdout)
    assert [(f["name"], f["podcast_count"]) for f in folders] == [
        ("News", 2),
        ("News/Daily", 1),
        ("Tech", 1),
        ("Tech/Linux", 1),
    ]
