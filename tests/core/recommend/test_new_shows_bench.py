"""The new-show evaluation runs the app's own ranking and its baselines on a small world."""

from __future__ import annotations

import random

from bench.recommend.new_shows import (
    HELD_OUT,
    METHODS,
    build_listener,
    build_world,
    chart_answers,
    charts_of_your_categories,
    evaluate,
    ours,
    top_of_the_charts,
)


def test_rankings_leave_out_subscriptions_and_have_ten() -> None:
    rng = random.Random(7)
    world = build_world(rng)
    charts = chart_answers(world)
    for _ in range(5):
        listener = build_listener(world, rng, 4.0)
        owned = {*listener.library, *listener.dormant}
        assert len(listener.future) == HELD_OUT and not owned & set(listener.future)
        for ranking in (
            ours(world, listener, charts),
            top_of_the_charts(world, listener),
            charts_of_your_categories(world, listener),
        ):
            assert len(ranking) == 10 and len(set(ranking)) == 10
            assert not owned & set(ranking)


def test_ours_beats_the_overall_chart_on_a_small_run() -> None:
    figures = evaluate([3], 25, 4.0)
    assert set(figures) == set(METHODS)
    assert figures["ours"][0][0] > figures["top of the charts"][0][0]
