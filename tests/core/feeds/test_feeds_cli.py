"""The feed commands as a user runs them: a subprocess against a real local server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.support.http_server import LoopbackServer, Reply, rss


def test_subscribe_refresh_list_export_unsubscribe(data_dir: Path, tmp_path: Path) -> None:
    with LoopbackServer() as server:
        first_version = rss("Good Show", [("e2", "Two"), ("e1", "One")])
        good = server.route("/good.xml", Reply(200, first_version))
        flaky = server.route("/flaky.xml", Reply(200, rss("Flaky", [("f1", "F")])))
        done = run_cli(data_dir, "subscribe", good, flaky, "--json")
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        assert [r["title"] for r in results] == ["Good Show", "Flaky"]
        assert [r["new_episodes"] for r in results] == [2, 1]

        second_version = rss("Good Show", [("e3", "Three"), ("e2", "Two")])
        server.route("/good.xml", Reply(200, second_version))
        server.route("/flaky.xml", Reply(500))
        refreshed = run_cli(data_dir, "refresh", "--json")
        assert refreshed.returncode == 0, refreshed.stderr
        summary = json.loads(refreshed.stdout)
        assert {k: summary[k] for k in ("feeds", "updated", "not_modified", "failed")} == {
            "feeds": 2, "updated": 1, "not_modified": 0, "failed": 1,
        }  # fmt: skip
        assert summary["new_episodes"] == 1 and summary["seconds"] >= 0
        assert summary["errors"][0]["url"] == flaky and "500" in summary["errors"][0]["error"]

        podcasts = json.loads(run_cli(data_dir, "podcasts", "--json").stdout)
        by_title = {p["title"]: p for p in podcasts}
        assert by_title["Good Show"]["url"] == good and by_title["Good Show"]["last_error"] is None
        assert by_title["Good Show"]["episode_count"] == 3 and by_title["Flaky"]["gone"] is False
        assert "500" in by_title["Flaky"]["last_error"]

        episodes = json.loads(run_cli(data_dir, "episodes", "--json").stdout)
        first = next(e for e in episodes if e["guid"] == "e1")
        assert first["in_feed"] is False and first["enclosure_url"].endswith("/e1.mp3")
        assert "description" in first

        exported = run_cli(data_dir, "export-opml")
        assert exported.returncode == 0 and good.encode() in exported.stdout.encode()
        (tmp_path / "subs.opml").write_text(exported.stdout)

        gone = run_cli(data_dir, "unsubscribe", str(by_title["Flaky"]["id"]))
        assert gone.returncode == 0 and "Flaky" in gone.stdout
        assert len(json.loads(run_cli(data_dir, "podcasts", "--json").stdout)) == 1

        other = tmp_path / "other"
        imported = run_cli(other, "import-opml", str(tmp_path / "subs.opml"), "--json")
        assert imported.returncode == 0, imported.stderr
        report = json.loads(imported.stdout)
        assert (report["found"], report["added"]) == (2, 2)
        assert report["refresh"]["failed"] == 1  # the flaky feed still answers 500


def test_bad_input_gets_one_clear_sentence(data_dir: Path) -> None:
    bad = run_cli(data_dir, "subscribe", "ftp://example.org/feed.xml")
    assert bad.returncode == 1
    assert "not a web address" in bad.stderr and "Traceback" not in bad.stderr
    missing = run_cli(data_dir, "import-opml", str(data_dir / "nope.opml"))
    assert missing.returncode == 1 and "There is no file" in missing.stderr
    unknown = run_cli(data_dir, "unsubscribe", "42")
    assert unknown.returncode == 1 and "no podcast with id 42" in unknown.stderr
