"""Launch arguments: links become subscriptions, local lists imports, the rest an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.cli.main import main as cli_main
from player.cli.main import split_open_arguments
from player.paths import DataPaths
from player.services.open_args import (
    ImportRequest,
    InvalidArgument,
    SubscribeRequest,
    classify,
    classify_all,
    looks_like_open_argument,
    portable_arguments,
)


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("https://example.org/feed.xml", "https://example.org/feed.xml"),
        ("http://example.org/feed?id=3", "http://example.org/feed?id=3"),
        ("feed://example.org/rss", "https://example.org/rss"),
        ("FEED://example.org/rss", "https://example.org/rss"),
        ("feed:https://example.org/rss", "https://example.org/rss"),
        ("feed:http://example.org/rss", "http://example.org/rss"),
        ("itpc://podcasts.example.com/show.xml", "https://podcasts.example.com/show.xml"),
        ("pcast://example.net/a/b.rss", "https://example.net/a/b.rss"),
        ("podcast://example.org/feed", "https://example.org/feed"),
        ("podcast:example.org/feed", "https://example.org/feed"),
        ("feed:example.org:8080/rss", "https://example.org:8080/rss"),
        ("  https://example.org/padded  ", "https://example.org/padded"),
    ],
)
def test_links_become_subscribe_requests(given: str, url: str) -> None:
    assert classify(given) == SubscribeRequest(url=url, original=given)


@pytest.mark.parametrize(
    "given",
    ["https://", "feed://", "feed:mailto:x@example.org", "mailto:me@example.org", "podcasts", ""],
)
def test_everything_else_is_one_clear_sentence(given: str) -> None:
    result = classify(given)
    assert isinstance(result, InvalidArgument)
    assert result.argument == given
    assert result.message.endswith(".") and "\n" not in result.message


def test_local_files_become_imports_by_their_content(tmp_path: Path) -> None:
    (tmp_path / "subs.opml").write_text("<opml version='2.0'><body/></opml>", encoding="utf-8")
    (tmp_path / "list.xml").write_text("<?xml version='1.0'?>\n<opml><body/></opml>", "utf-8")
    (tmp_path / "saved.xml").write_text("<rss version='2.0'><channel/></rss>", "utf-8")
    (tmp_path / "atom.xml").write_text("<feed xmlns='http://www.w3.org/2005/Atom'/>", "utf-8")
    (tmp_path / "other.xml").write_text("<svg/>", encoding="utf-8")
    results = classify_all(
        ["subs.opml", "list.xml", "saved.xml", (tmp_path / "atom.xml").as_uri(), "other.xml"],
        cwd=tmp_path,
    )
    assert results[:4] == [
        ImportRequest(tmp_path / "subs.opml", "opml"),
        ImportRequest(tmp_path / "list.xml", "opml"),
        ImportRequest(tmp_path / "saved.xml", "feed"),
        ImportRequest(tmp_path / "atom.xml", "feed"),
    ]
    assert isinstance(results[4], InvalidArgument)
    assert "neither an OPML list nor a feed" in results[4].message


def test_missing_file_and_remote_file_url_are_errors(tmp_path: Path) -> None:
    missing = classify("gone.opml", cwd=tmp_path)
    assert isinstance(missing, InvalidArgument) and "no file" in missing.message
    remote = classify("file://server/share/subs.opml")
    assert isinstance(remote, InvalidArgument) and "another computer" in remote.message


def test_portable_arguments_make_paths_absolute_and_keep_links(tmp_path: Path) -> None:
    args = ["feed://example.org/rss", "subs.opml", "/abs/list.opml", "file:///x.opml"]
    assert portable_arguments(args, cwd=tmp_path) == [
        "feed://example.org/rss",
        str(tmp_path / "subs.opml"),
        "/abs/list.opml",
        "file:///x.opml",
    ]


def test_commands_are_not_mistaken_for_links() -> None:
    assert not looks_like_open_argument("podcasts")
    assert not looks_like_open_argument("podcsts")  # a typo still gets argparse's error
    assert looks_like_open_argument("itpc://example.org/x")
    assert looks_like_open_argument("subs.opml")
    assert split_open_arguments(["--data-dir", "D", "-v", "feed://e.org/x", "b.opml"]) == (
        ["--data-dir", "D", "-v"],
        ["feed://e.org/x", "b.opml"],
    )
    assert split_open_arguments(["--data-dir", "D", "podcasts", "--json"]) == (
        ["--data-dir", "D", "podcasts", "--json"],
        [],
    )


def test_a_link_on_the_command_line_starts_the_window_with_it(data_dir: Path) -> None:
    started: list[tuple[Path, list[str]]] = []

    def gui(paths: DataPaths, args: list[str]) -> int:
        started.append((paths.root, args))
        return 0

    status = cli_main(["--data-dir", str(data_dir), "podcast://example.org/f", "x.opml"], gui=gui)
    assert status == 0
    assert started == [(data_dir.resolve(), ["podcast://example.org/f", "x.opml"])]


def test_a_mistyped_command_is_still_an_error(data_dir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--data-dir", str(data_dir), "podcsts"], gui=lambda paths, args: 0)
    assert exit_info.value.code == 2
    assert "invalid choice: 'podcsts'" in capsys.readouterr().err
