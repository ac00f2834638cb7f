"""Which transcript link is read first: language (the feed's, the user's), then format."""

from __future__ import annotations

from dataclasses import replace

from player.domain.feed import FeedDocument
from player.domain.models import Transcript
from player.services.transcripts import TranscriptService, user_languages
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import write_feed
from player.transcripts.choice import primary, rank
from tests.support.http_server import LoopbackServer
from tests.support.library import item


def urls(links: list[Transcript]) -> list[str]:
    return [link.url for link in links]


def test_format_order_vtt_json_srt_html_text() -> None:
    links = [
        Transcript("t.txt", "text/plain"),
        Transcript("t.html", "text/html"),
        Transcript("t.srt", "application/srt"),
        Transcript("t.json", "application/json"),
        Transcript("t.vtt", "text/vtt"),
        Transcript("odd", "application/x-unknown"),
    ]
    assert urls(rank(links)) == ["t.vtt", "t.json", "t.srt", "t.html", "t.txt", "odd"]


def test_a_missing_type_is_read_from_the_extension() -> None:
    links = [Transcript("https://a/t.srt"), Transcript("https://a/t.vtt?x=1")]
    assert urls(rank(links)) == ["https://a/t.vtt?x=1", "https://a/t.srt"]


def test_language_comes_before_format() -> None:
    links = [
        Transcript("de.vtt", "text/vtt", "de"),
        Transcript("en.srt", "application/srt", "en-US"),
        Transcript("any.json", "application/json", ""),
        Transcript("fr.vtt", "text/vtt", "fr"),
    ]
    assert urls(rank(links, ["en_GB.UTF-8", "fr"])) == ["en.srt", "fr.vtt", "any.json", "de.vtt"]
    assert urls(rank(links, ["de"])) == ["de.vtt", "any.json", "fr.vtt", "en.srt"]


def test_primary_and_user_languages(monkeypatch) -> None:
    assert [primary(x) for x in ("en-GB", "pt_BR.UTF-8", "DE", "")] == ["en", "pt", "de", ""]
    monkeypatch.setenv("LANGUAGE", "fr:en")
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert user_languages() == ["fr", "en"]


def test_the_feed_language_beats_the_user_language(store: Store) -> None:
    with LoopbackServer() as server:
        de = server.add("/de.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nGuten Tag\n", "text/vtt")
        en = server.add("/en.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nGood day\n", "text/vtt")
        links = (Transcript(en, "text/vtt", "en"), Transcript(de, "text/vtt", "de"))
        podcast_id = PodcastRepo(store).add("https://example.org/feed")
        doc = FeedDocument(
            title="Show",
            language="de-DE",
            items=[replace(item("e", "https://e/e.mp3"), transcripts=links)],
        )
        write_feed(store, podcast_id, doc)
        (episode_id,) = [r["id"] for r in store.query("SELECT id FROM episodes")]
        transcript = TranscriptService(store, languages=["en"]).for_episode(episode_id)
        assert transcript is not None and transcript.language == "de"
        assert transcript.segments[0].text == "Guten Tag"
        assert server.requests_for("/en.vtt") == []
