"""Mutated corpus bytes through the parse step: a result or a FeedError, nothing else."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.domain.errors import FeedError
from player.feeds.jobs import ParseJob, ParseOutcome, run_job
from tests.conftest import corpus_dir

URL = "https://example.com/feed.xml"
SEEDS = (
    "feed-rs__rss_2.0_nightvale.xml",
    "partytime__SOM.xml",
    "feedparser__itunes_item_duration.xml",
    "antennapod__feed-atom-testAtomBasic.xml",
    "podcastparser__chapters.rss",
    "feedparser__utf-16le-bom.xml",
)


@cache
def _seed(name: str) -> tuple[bytes, dict[str, str] | None]:
    body = (corpus_dir("feeds") / name).read_bytes()
    return body, run_job(ParseJob(URL, body)).fingerprints


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, dict[str, str] | None]:
    body, known = _seed(draw(st.sampled_from(SEEDS)))
    data = bytearray(body)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b"&", b"]]>", b"<item>", b"\x00", b"\xff"]))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[: draw(st.integers(0, 200))]
    return bytes(data), known


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_feeds_parse_or_fail_cleanly(case: tuple[bytes, dict[str, str] | None]) -> None:
    body, known = case
    try:
        outcome = run_job(ParseJob(URL, body, known=known))
    except FeedError as exc:
        assert str(exc).endswith(".")
        return
    assert isinstance(outcome, ParseOutcome)
    assert {item.guid for item in outcome.doc.items} <= set(outcome.present)
    assert all(item.guid and item.content_hash for item in outcome.doc.items)
