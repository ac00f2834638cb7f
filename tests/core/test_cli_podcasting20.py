"""``podcast ID --json`` and ``episode ID --json``: the Podcasting 2.0 fields, from a real run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

FEED = Path(__file__).parent / "feeds" / "data" / "podcasting20_more.xml"
PODCAST_FIELDS = {
    "persons", "funding", "podroll", "podcast_guid", "live_items", "chat", "social",
    "update_frequency", "ai_content",
}  # fmt: skip
EPISODE_FIELDS = {
    "persons", "funding", "season_name", "episode_display", "soundbites",
    "alternate_enclosures", "chat", "social", "ai_content",
}  # fmt: skip


def test_podcast_and_episode_json_carry_the_namespace_fields(data_dir: Path) -> None:
    assert run_cli(data_dir, "subscribe", str(FEED)).returncode == 0
    shown = run_cli(data_dir, "podcast", "1", "--json")
    assert shown.returncode == 0, shown.stderr
    podcast = json.loads(shown.stdout)
    assert podcast.keys() >= PODCAST_FIELDS
    assert podcast["title"] == "Decimal Hour" and podcast["id"] == 1  # the podcasts object too
    assert podcast["podcast_guid"] == "c2d1a0b4-0f8e-5b3a-9c6d-7e8f9a0b1c2d"
    assert [p["name"] for p in podcast["persons"]] == ["Ada Lovelace", "Charles Babbage"]
    assert podcast["funding"][0] == {
        "url": "https://decimal.example/support", "label": "Buy us a slide rule"
    }  # fmt: skip
    assert podcast["update_frequency"]["complete"] is True
    assert podcast["update_frequency"]["dtstart"] == "2024-01-05T10:00:00Z"
    (live,) = podcast["live_items"]
    assert live["status"] == "pending" and live["start"] == "2030-05-01T16:00:00Z"
    assert podcast["chat"]["protocol"] == "xmpp"
    assert podcast["social"][0]["protocol"] == "activitypub"
    assert podcast["podroll"][0]["feed_guid"] == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast["ai_content"] == "Transcripts and chapter titles are machine-generated."

    listed = json.loads(run_cli(data_dir, "episodes", "--json").stdout)
    half_id = next(e["id"] for e in listed if e["guid"] == "ep-100.5")
    shown = run_cli(data_dir, "episode", str(half_id), "--json")
    assert shown.returncode == 0, shown.stderr
    episode = json.loads(shown.stdout)
    assert episode.keys() >= EPISODE_FIELDS
    assert episode["title"] == "One hundred and a half" and episode["podcast_id"] == 1
    assert (episode["season_name"], episode["episode_display"]) == ("The Reals", "Ch. 100½")
    assert episode["episode_number"] == 100.5 and episode["season"] == 2
    assert episode["persons"][0]["name"] == "Grace Hopper"
    assert episode["soundbites"] == [
        {"start": 73.5, "duration": 42.25, "title": "The half-way joke"}
    ]
    opus = episode["alternate_enclosures"][0]
    assert [s["uri"] for s in opus["sources"]][:2] == [
        "ipfs://QmHalfOpus", "https://cdn.decimal.example/100-5.opus"
    ]  # fmt: skip
    assert opus["integrity"]["type"] == "sri"
    assert episode["chat"]["server"] == "irc.decimal.example"
    assert episode["social"] == []
    assert episode["ai_content"] == "This episode's voice is synthetic."

    text = run_cli(data_dir, "podcast", "1")
    assert "Host: Ada Lovelace" in text.stdout and "Support: Buy us a slide rule" in text.stdout
    text = run_cli(data_dir, "episode", str(half_id))
    assert "Ch. 100½" in text.stdout and "Guest: Grace Hopper" in text.stdout


def test_unknown_ids_are_one_sentence_and_status_1(data_dir: Path) -> None:
    for command in ("podcast", "episode"):
        result = run_cli(data_dir, command, "42", "--json")
        assert result.returncode == 1 and result.stdout == ""
        assert "42" in result.stderr and "Traceback" not in result.stderr
