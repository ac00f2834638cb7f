"""Playlist rules as values: the JSON they are stored as, the CLI's RULES words, the summary."""

from __future__ import annotations

import json

import pytest

from player.domain.playlist_words import parse_rule_words, rule_words
from player.domain.playlists import DownloadRule, PlaylistRules, PlaylistRulesError, StateRule
from player.domain.queries import EpisodeSort

EXAMPLE = (
    "podcast:12 -podcast:3 folder:News -tag:long tag:news state:new downloaded:yes in-progress "
    "duration:<30m duration:>10m age:<7d age:>30d sort:oldest limit:20"
)


def test_the_example_words_parse_to_every_rule() -> None:
    rules = parse_rule_words(EXAMPLE.split())
    assert rules == PlaylistRules(
        podcasts_in=(12,),
        podcasts_out=(3,),
        folders_in=("News",),
        tags_in=("news",),
        tags_out=("long",),
        state=StateRule.NEW,
        in_progress=True,
        downloaded=DownloadRule.YES,
        min_duration=600,
        max_duration=1800,
        newer_than_days=7,
        older_than_days=30,
        sort=EpisodeSort.OLDEST,
        limit=20,
    )
    assert parse_rule_words(rule_words(rules)) == rules


def test_json_round_trip_keeps_every_field_and_is_versioned() -> None:
    rules = parse_rule_words(EXAMPLE.split())
    text = rules.to_json()
    assert json.loads(text)["version"] == 1
    assert PlaylistRules.from_json(text) == rules
    assert PlaylistRules.from_json(PlaylistRules().to_json()) == PlaylistRules()
    shortest = PlaylistRules(sort=EpisodeSort.DURATION, descending=False, max_duration=90.5)
    assert PlaylistRules.from_json(shortest.to_json()) == shortest


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"version": 1, "colour": "red"}', "Unknown playlist rule keys: colour."),
        ('{"state": "new"}', "version None"),
        ('{"version": 2}', "version 2"),
        ('{"version": 1, "state": "heard"}', "bad value"),
        ('{"version": 1, "podcasts_in": ["a"]}', "podcasts_in must be a list of podcast ids"),
        ('{"version": 1, "limit": 0}', "limit must be 1 or more"),
        ("[1]", "must be a JSON object"),
        ("{", "not valid JSON"),
    ],
)
def test_bad_json_is_refused_in_one_sentence(text: str, says: str) -> None:
    with pytest.raises(PlaylistRulesError) as caught:
        PlaylistRules.from_json(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("word", "says"),
    [
        ("tag", "'tag' is not a rule"),
        ("tag:", "'tag:' has no value"),
        ("colour:red", "'colour:red': unknown rule 'colour'"),
        ("-state:new", "'-state:new': only podcast, folder and tag"),
        ("podcast:abc", "'podcast:abc': a podcast is given by its id"),
        ("state:heard", "'state:heard': the value must be one of any, new, played"),
        ("downloaded:maybe", "'downloaded:maybe'"),
        ("duration:30m", "'duration:30m': start the value with < or >"),
        ("duration:<30", "'duration:<30': give a length"),
        ("duration:<m", "'duration:<m': give a length"),
        ("age:<7y", "'age:<7y': give an age"),
        ("sort:random", "'sort:random': sort by one of"),
        ("limit:lots", "'limit:lots': the limit is a whole number"),
    ],
)
def test_a_bad_word_is_named(word: str, says: str) -> None:
    with pytest.raises(PlaylistRulesError) as caught:
        parse_rule_words(["tag:news", word])
    assert says in str(caught.value)


def test_lengths_ages_and_sorts_in_words() -> None:
    rules = parse_rule_words(["duration:>1h30m", "duration:<2h", "age:<12h", "sort:shortest"])
    assert (rules.min_duration, rules.max_duration) == (5400, 7200)
    assert rules.newer_than_days == 0.5
    assert (rules.sort, rules.is_descending) == (EpisodeSort.DURATION, False)
    assert parse_rule_words(["age:>2w"]).older_than_days == 14
    assert parse_rule_words(["limit:5", "limit:none"]).limit is None
    assert parse_rule_words(["tag:a", "tag:a"]).tags_in == ("a",)


def test_describe_in_plain_words() -> None:
    rules = parse_rule_words("state:new folder:News duration:<30m limit:20".split())
    assert rules.describe() == "New episodes from News, under 30 min, newest first, at most 20"
    mixed = parse_rule_words("podcast:4 -tag:long downloaded:yes sort:oldest age:<7d".split())
    assert mixed.describe({4: "Daily Tech"}) == (
        "Episodes from Daily Tech, not tagged long, downloaded, from the last 7 days, oldest first"
    )
    assert PlaylistRules(in_progress=True).describe() == "Episodes in progress, newest first"


def test_relevance_and_negative_values_are_refused() -> None:
    with pytest.raises(PlaylistRulesError):
        PlaylistRules(sort=EpisodeSort.RELEVANCE)
    with pytest.raises(PlaylistRulesError):
        PlaylistRules(min_duration=-1)
