"""The Podcasting 2.0 pass over the raw XML: every tag, any prefix, both namespace URIs.

``data/podcast_namespace_example.xml`` is the namespace's own example feed (CC0-1.0, from
github.com/Podcastindex-org/podcast-namespace, the corpus copy ``podcast-namespace__example.xml``);
``data/podcasting20_more.xml`` is ours: the tags that example leaves out, under the older
GitHub URI and the prefix ``pi``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from player.domain.podcasting20 import (
    Chat,
    ContentLink,
    EnclosureSource,
    Funding,
    Integrity,
    Person,
    RemoteItem,
    Soundbite,
    Txt,
    UpdateFrequency,
    ai_content,
    best_image,
    podcast_guid_for,
    usable_source,
)
from player.domain.podcasting20_json import decode_channel, decode_item, encode
from player.feeds import podcasting20
from player.feeds.jobs import ParseJob, run_job

DATA = Path(__file__).parent / "data"
EXAMPLE = (DATA / "podcast_namespace_example.xml").read_bytes()
MORE = (DATA / "podcasting20_more.xml").read_bytes()
URL = "https://feeds.example.com/show.xml"
CURRENT = b"https://podcastindex.org/namespace/1.0"
OLDER = b"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"


@pytest.mark.parametrize(
    ("url", "guid"),
    [
        # docs/tags/guid.md of the namespace: its two test vectors
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("http://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("https://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_podcast_guid_matches_the_spec_test_vectors(url: str, guid: str) -> None:
    assert podcast_guid_for(url) == guid


def test_the_namespace_example_feed_is_read_whole() -> None:
    doc = run_job(ParseJob(URL, EXAMPLE)).doc
    x = doc.p20
    assert x.guid == ""  # the example's "y0ur-gu1d-g035-h3r3" is no UUID: not taken
    assert x.funding == (Funding("https://example.com/donate", "Support the show!"),)
    assert x.locked is not None and x.locked.locked and x.locked.owner == "podcastowner@example.com"
    assert x.podping is True
    assert x.medium == "podcast"
    assert x.chat == Chat("example.com", "matrix", "@bob:example.com", "#general:example.com")
    assert [r.feed_guid for r in x.podroll] == [
        "917393e3-1b1e-5cef-ace4-edaa54e1f810",
        "396d9ae0-da7e-5557-b894-b606231fa3ea",
    ]
    assert [(i.purpose, i.width) for i in x.images] == [
        ("artwork", 3000), ("social", 1200), ("icon", 512), ("banner", 2560)
    ]  # fmt: skip
    assert x.images[0].alt == "image description for accesibility and bots"
    (live,) = x.live_items
    assert (live.status, live.guid, live.title) == (
        "live", "https://example.com/live", "Podcasting 2.0 Live Show"
    )  # fmt: skip
    assert live.start == 1632663000.0 and live.end == 1632670200.0  # 07:30-06:00 is 13:30Z
    assert live.enclosure_url == "https://example.com/pc20/livestream?format=.mp3"
    assert live.content_links[0] == ContentLink(
        "https://www.youtube.com/pc20/livestream", "YouTube!"
    )
    assert live.alternate_enclosures[0].default
    assert live.chat is not None and live.chat.protocol == "irc"

    ep3, ep2, ep1 = doc.items
    assert (ep3.season, ep3.season_name, ep3.episode_number) == (1, "Podcasting 2.0", 3.0)
    assert [(p.name, p.role, p.group) for p in ep3.persons] == [
        ("Adam Curry", "host", "cast"),
        ("Dave Jones", "guest", "cast"),
        ("Becky Smith", "cover art designer", "visuals"),
    ]
    extras = decode_item(ep3.p20)
    assert extras.soundbites == (Soundbite(33.833, 60.0),)
    assert [a.title for a in extras.alternate_enclosures] == [
        "Standard", "High quality", "High quality AAC", "Low bandwidth", "Video version"
    ]  # fmt: skip
    standard, *_, video = extras.alternate_enclosures
    assert standard.default and standard.bitrate == 128000.0 and standard.length == 43200000
    assert [s.uri for s in standard.sources] == [
        "https://example.com/file-03.mp3", "ipfs://someRandomMpegFile03"
    ]  # fmt: skip
    assert [s.uri for s in standard.usable_sources] == ["https://example.com/file-03.mp3"]
    assert video.is_video and video.height == 720
    assert video.integrity == Integrity(
        "sri", "sha384-ExVqijgYHm15PqQqdXfW95x+Rs6C+d6E/ICxyQOeFevnxNLR/wtJNrNYTjIysUBo"
    )
    assert [s.priority for s in extras.social] == [1, 2]
    assert extras.social[0].protocol == "activitypub"
    assert ep2.persons[2].name == "Marcus Brown" and ep1.episode_number == 1.0
    # The transcripts feedparser reads are still there.
    assert ep3.transcripts and ep3.transcripts[0].url == "https://example.com/ep3/transcript.txt"


def test_our_example_covers_the_rest_under_another_prefix_and_the_older_uri() -> None:
    assert b'xmlns:pi="' + OLDER in MORE and b"podcast:" not in MORE
    doc = run_job(ParseJob(URL, MORE)).doc
    x = doc.p20
    assert x.guid == "c2d1a0b4-0f8e-5b3a-9c6d-7e8f9a0b1c2d"  # upper case in the feed
    assert x.persons == (
        Person("Ada Lovelace", "host", "cast", "https://decimal.example/ada.jpg",
               "https://decimal.example/ada"),
        Person("Charles Babbage", "producer", "writing"),
    )  # fmt: skip
    assert x.funding[1] == Funding("https://feeds.example.com/members", "Members")  # resolved
    assert x.update_frequency == UpdateFrequency(
        rrule="FREQ=WEEKLY;BYDAY=FR", complete=True, dtstart=1704448800.0,
        label="Weekly, now finished",
    )  # fmt: skip
    assert x.txt[1] == Txt("S6lpp-7ZCn8-dZfGc-OoyVG", "verify")
    assert ai_content(x.txt) == "Transcripts and chapter titles are machine-generated."
    assert x.locked is not None and not x.locked.locked
    assert x.podroll[0] == RemoteItem(
        "917393e3-1b1e-5cef-ace4-edaa54e1f810", "https://mp3s.nashownotes.com/pc20rss.xml",
        medium="podcast", title="Podcasting 2.0",
    )  # fmt: skip
    assert len(x.podroll) == 2  # the remoteItem with neither guid nor URL is dropped
    srcset = [i for i in x.images if i.sizes]
    assert [(i.href, i.width) for i in srcset] == [
        ("https://decimal.example/art-3000.jpg", 3000), ("https://decimal.example/art-600.jpg", 600)
    ]  # fmt: skip
    assert best_image(x.images, 500) == srcset[1]
    banner = best_image(x.images, 100, purpose="social")
    assert banner is not None and banner.alt == "Two numbers with a dot between them"
    (live,) = x.live_items
    assert live.status == "pending" and live.start == 1903881600.0  # 18:00+02:00

    ep101, half, ep100 = doc.items
    assert (half.season, half.number, half.episode_number) == (2, 100, 100.5)
    assert half.episode_display == "Ch. 100½" and half.season_name == "The Reals"
    assert ep100.episode_number == 100.0 and ep101.episode_number == 101.0
    extras = decode_item(half.p20)
    assert extras.soundbites == (Soundbite(73.5, 42.25, "The half-way joke"),)  # bad one dropped
    assert extras.chat == Chat("irc.decimal.example", "irc", "", "#half")
    assert extras.social[0].protocol == "disabled"
    assert ai_content(extras.txt) == "This episode's voice is synthetic."
    opus, video = extras.alternate_enclosures
    assert (opus.lang, opus.codecs, opus.rel, opus.bitrate) == ("en", "opus", "lowbitrate", 32000)
    assert [s.uri for s in opus.sources] == [
        "ipfs://QmHalfOpus", "https://cdn.decimal.example/100-5.opus",
        "https://abcdefghijklmnop.onion/100-5.opus",
    ]  # fmt: skip
    assert opus.usable_sources == (
        EnclosureSource("https://cdn.decimal.example/100-5.opus", "audio/opus"),
    )
    assert opus.integrity is not None and opus.integrity.type == "sri"
    assert [s.uri for s in video.usable_sources] == ["https://cdn.decimal.example/100-5.mp4"]
    assert ep101.p20 == "" and ep101.persons == ()  # nothing beyond season/episode


@pytest.mark.parametrize(
    "variant",
    [
        lambda b: b.replace(b"podcast:", b"p20:").replace(b"xmlns:podcast=", b"xmlns:p20="),
        lambda b: b.replace(CURRENT, OLDER),
        lambda b: b.replace(CURRENT, b"http://podcastindex.org/namespace/1.0"),
    ],
    ids=["prefix-p20", "older-github-uri", "http-uri"],
)
def test_prefix_and_namespace_uri_do_not_matter(variant: object) -> None:
    changed = variant(EXAMPLE)  # type: ignore[operator]
    assert changed != EXAMPLE
    a, b = run_job(ParseJob(URL, EXAMPLE)).doc, run_job(ParseJob(URL, changed)).doc
    assert b.p20 == a.p20
    assert [(i.persons, i.p20, i.episode_number) for i in b.items] == [
        (i.persons, i.p20, i.episode_number) for i in a.items
    ]


def test_another_namespace_with_the_same_local_names_is_ignored() -> None:
    other = EXAMPLE.replace(CURRENT, b"https://example.com/not-the-namespace")
    doc = run_job(ParseJob(URL, other)).doc
    assert doc.p20.funding == () and doc.items[0].persons == () and doc.items[0].p20 == ""
    assert podcasting20.extract(other, URL) is None


def test_entity_declarations_are_refused_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>'
        b'<podcast:funding url="https://x.example/">&b;</podcast:funding></channel></rss>'
    )
    assert podcasting20.extract(bomb, URL) is None


def test_broken_xml_yields_no_extras_and_feedparser_still_reads_the_feed() -> None:
    broken = MORE.replace(b"</channel>", b"")
    assert podcasting20.extract(broken, URL) is None
    doc = run_job(ParseJob(URL, broken)).doc
    assert len(doc.items) == 3 and doc.p20.funding == ()


def test_encoding_round_trips() -> None:
    doc = run_job(ParseJob(URL, MORE)).doc
    assert decode_channel(encode(doc.p20)) == doc.p20
    half = decode_item(doc.items[1].p20)
    assert decode_item(encode(half)) == half
    assert decode_channel("") == decode_channel(encode(decode_channel("")))


@pytest.mark.parametrize(
    ("uri", "usable"),
    [
        ("https://cdn.example/a.mp3", True),
        ("http://cdn.example/a.mp3", True),
        ("ipfs://Qm123", False),
        ("magnet:?xt=urn:btih:1", False),
        ("https://tracker.example/a.torrent", False),
        ("http://abcdef.onion/a.mp3", False),
        ("ftp://files.example/a.mp3", False),
    ],
)
def test_sources_this_player_cannot_fetch_are_skipped(uri: str, usable: bool) -> None:
    assert usable_source(uri) is usable


def test_changing_only_a_namespace_tag_makes_the_item_count_as_changed() -> None:
    first = run_job(ParseJob(URL, MORE))
    assert first.fingerprints is not None
    edited = MORE.replace(b"The half-way joke", b"The other joke")
    again = run_job(ParseJob(URL, edited, known=first.fingerprints))
    assert again.partial and again.skipped_items == 2
    (item,) = again.doc.items
    assert item.guid.endswith("ep-100.5")
    assert decode_item(item.p20).soundbites[0].title == "The other joke"
    assert item.content_hash != first.doc.items[1].content_hash
    # Channel tags still come through on the partial path.
    assert again.doc.p20 == first.doc.p20


def test_sri_values_are_checked_with_their_strongest_hash() -> None:
    import base64
    import hashlib

    from player.domain.podcasting20 import sri_expected, sri_verify

    data = [b"half an ", b"episode"]
    good = "sha384-" + base64.b64encode(hashlib.sha384(b"".join(data)).digest()).decode()
    assert sri_verify(good, iter(data)) is True
    assert sri_verify(good, iter([b"something else"])) is False
    weak_wrong = "sha256-AAAA " + good  # only the strongest algorithm counts
    assert sri_verify(weak_wrong, iter(data)) is True
    assert sri_expected("md5-abc") is None and sri_verify("md5-abc", iter(data)) is None
