"""The merge: URL normalisation, dedupe on identities then URLs, ranking, field filling."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from player.directory.merge import merge, normalise_url
from player.directory.model import DirectoryResult, ProviderAnswer


def _r(title: str, url: str, **fields: object) -> DirectoryResult:
    return DirectoryResult(title=title, feed_url=url, **fields)  # type: ignore[arg-type]


def test_normalise_url_forms() -> None:
    same = [
        "https://Example.ORG/feed/",
        "http://example.org/feed",
        "http://example.org:80/feed",
        "https://example.org:443/feed#top",
        "feed://example.org/feed",
        "feed:https://example.org/feed",
        "itpc://example.org/feed",
        "  https://example.org/feed  ",
    ]
    assert {normalise_url(u) for u in same} == {"http://example.org/feed"}
    assert normalise_url("https://example.org:8443/feed") == "http://example.org:8443/feed"
    assert normalise_url("https://example.org/feed?id=1") != normalise_url(
        "https://example.org/feed?id=2"
    )
    assert normalise_url("not a url") == "not a url"


def test_known_redirect_hosts_compare_equal() -> None:
    assert (
        normalise_url("http://feeds.feedburner.com/DailyTechNewsShow")
        == normalise_url("https://feeds2.feedburner.com/dailytechnewsshow/")
        == normalise_url("http://feedproxy.google.com/DailyTechNewsShow")
    )
    # paths stay case-sensitive elsewhere
    assert normalise_url("https://example.org/A") != normalise_url("https://example.org/a")


urls = st.builds(
    lambda scheme, host, port, path, slash: f"{scheme}://{host}{port}/{path}{slash}",
    st.sampled_from(["http", "https", "HTTPS", "feed", "itpc"]),
    st.sampled_from(["example.org", "EXAMPLE.org", "feeds.feedburner.com", "a.b.c"]),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(alphabet="abcXYZ019-_/.", max_size=20),
    st.sampled_from(["", "/"]),
)


@given(urls)
def test_normalise_is_idempotent(url: str) -> None:
    once = normalise_url(url)
    assert normalise_url(once) == once


def test_dedupe_on_itunes_id_even_when_urls_differ() -> None:
    a = ProviderAnswer("itunes", (_r("Show", "https://old.example.org/rss", itunes_id=5),))
    b = ProviderAnswer("podcastindex", (_r("Show", "https://new.example.org/rss", itunes_id=5),))
    [only] = merge([a, b])
    assert only.sources == ("itunes", "podcastindex")


def test_dedupe_on_url_second_but_never_across_different_guids() -> None:
    a = ProviderAnswer("podcastindex", (_r("A", "https://x.org/rss", podcast_guid="g1"),))
    b = ProviderAnswer("fyyd", (_r("A", "http://x.org/rss/"),))
    c = ProviderAnswer("gpodder", (_r("B", "https://x.org/rss", podcast_guid="g2"),))
    merged = merge([a, b, c])
    assert len(merged) == 2
    assert merged[0].sources == ("podcastindex", "fyyd")


def test_rank_is_the_sum_of_reciprocal_ranks() -> None:
    # X is first on one list (1.0); Y is second on two lists (0.5 + 0.5 = 1.0, more sources
    # break the tie); Z is third on three lists (1/3 * 3 = 1.0 too, three sources: first)
    one = ProviderAnswer(
        "itunes", (_r("X", "https://x.org"), _r("Y", "https://y.org"), _r("Z", "https://z.org"))
    )
    two = ProviderAnswer(
        "fyyd", (_r("W", "https://w.org"), _r("Y", "https://y.org"), _r("Z", "https://z.org"))
    )
    three = ProviderAnswer(
        "gpodder", (_r("V", "https://v.org"), _r("U", "https://u.org"), _r("Z", "https://z.org"))
    )
    titles = [r.title for r in merge([one, two, three])]
    assert titles == ["Z", "Y", "X", "W", "V", "U"]


def test_keeps_the_record_with_the_newest_episode_and_fills_empty_fields() -> None:
    old = _r(
        "Old title",
        "https://x.org/rss",
        author="Alice",
        newest=100.0,
        episode_count=3,
        image_url="https://x.org/a.jpg",
    )
    new = _r("New title", "https://x.org/rss", newest=200.0, description="Fresh")
    [merged] = merge([ProviderAnswer("itunes", (old,)), ProviderAnswer("fyyd", (new,))])
    assert merged.title == "New title"
    assert merged.description == "Fresh"
    assert merged.author == "Alice"  # fyyd has no author: filled from iTunes
    assert merged.episode_count == 3
    assert merged.image_url == "https://x.org/a.jpg"
    assert merged.sources == ("itunes", "fyyd")


def test_results_without_a_feed_url_never_come_out() -> None:
    answer = ProviderAnswer("itunes", (_r("No feed", ""), _r("Feed", "https://x.org")))
    assert [r.title for r in merge([answer])] == ["Feed"]


def test_one_provider_listing_a_podcast_twice_counts_once() -> None:
    answer = ProviderAnswer(
        "gpodder", (_r("A", "https://a.org"), _r("B", "https://b.org"), _r("A", "http://a.org/"))
    )
    merged = merge([answer])
    assert [r.title for r in merged] == ["A", "B"]
    assert merged[0].sources == ("gpodder",)


records = st.lists(
    st.builds(
        lambda t, host, itunes, guid, newest: _r(
            t, f"https://{host}.org/rss", itunes_id=itunes, podcast_guid=guid, newest=newest
        ),
        st.sampled_from(["A", "B", "C"]),
        st.sampled_from(["a", "b", "c", "d"]),
        st.one_of(st.none(), st.integers(1, 4)),
        st.sampled_from(["", "", "g1", "g2"]),
        st.one_of(st.none(), st.floats(0, 1e9)),
    ),
    max_size=8,
)


@given(st.lists(records, min_size=1, max_size=4))
def test_merge_properties(lists: list[list[DirectoryResult]]) -> None:
    answers = [ProviderAnswer(f"p{i}", tuple(rs)) for i, rs in enumerate(lists)]
    merged = merge(answers)
    # nothing invented, nothing lost: every input URL is in some output's group
    assert all(r.feed_url for r in merged)
    assert len(merged) <= sum(len(rs) for rs in lists)
    # identities are never split across two results
    itunes = [r.itunes_id for r in merged if r.itunes_id is not None]
    assert len(itunes) == len(set(itunes))
    # every result lists only providers that were asked, each once
    for r in merged:
        assert len(r.sources) == len(set(r.sources)) >= 1
        assert set(r.sources) <= {a.provider for a in answers}
    # merging the same answers twice over changes nothing but nothing is double counted
    again = merge(answers + answers)
    assert [r.feed_url for r in again] == [r.feed_url for r in merged]
