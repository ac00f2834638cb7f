"""``stats``: listening statistics from the session log, as a summary and rows, or JSON.

Days, weeks and months are the listener's local ones (the system's time zone, ``TZ`` moves
it); a span is credited to the hours it covered, so listening past midnight counts for both
days. ``--year`` prints the yearly review instead.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from player.cli.context import CliContext
from player.cli.output import print_json, print_table
from player.domain.format import age, long_duration
from player.domain.statistics import Bucket, BucketKind, Statistics, TimeSavedSplit, YearReview
from player.i18n import _
from player.services.statistics import ListeningStatistics


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``stats`` command."""
    p = sub.add_parser(
        "stats",
        help="listening statistics: time listened and saved, episodes, per day/week/show",
        description="Totals and per-bucket rows from the listening log, in local time. "
        "Time saved is by speed, trimmed silence and skipped intros/outros.",
    )
    p.add_argument("--since", type=_date, metavar="DATE", help="from this day (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, metavar="DATE", help="up to this day, included")
    p.add_argument(
        "--by",
        choices=[k.value for k in BucketKind],
        default=BucketKind.DAY.value,
        help="rows per day (default), ISO week, month or show",
    )
    p.add_argument("--year", type=int, metavar="YEAR", help="the yearly review of YEAR instead")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_stats)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _saved_json(saved: TimeSavedSplit) -> dict[str, float]:
    return {
        "total": round(saved.total, 3),
        "speed": round(saved.speed, 3),
        "silence": round(saved.silence, 3),
        "skips": round(saved.skips, 3),
    }


def bucket_json(bucket: Bucket) -> dict[str, Any]:
    """One row of ``stats --json``."""
    return {
        "key": bucket.key,
        "label": bucket.label,
        "listened_seconds": round(bucket.listened, 3),
        "media_seconds": round(bucket.media, 3),
        "saved_seconds": _saved_json(bucket.saved),
        "episodes": bucket.episodes,
    }


def stats_json(stats: Statistics, by: BucketKind, since: date | None, until: date | None) -> dict:
    """The ``stats --json`` object. Fields are only ever added, never renamed."""
    median = stats.release_to_play_median
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "timezone": stats.timezone,
        "by": by.value,
        "listened_seconds": round(stats.listened, 3),
        "media_seconds": round(stats.media, 3),
        "saved_seconds": _saved_json(stats.saved),
        "episodes_started": stats.episodes_started,
        "episodes_finished": stats.episodes_finished,
        "episodes_listened": stats.episodes_listened,
        "completion_rate": None
        if stats.completion_rate is None
        else round(stats.completion_rate, 4),
        "release_to_play_median_seconds": None if median is None else round(median, 1),
        "heatmap": [[round(v, 1) for v in row] for row in stats.heatmap],
        "buckets": [bucket_json(b) for b in stats.buckets(by)],
    }


def review_json(review: YearReview) -> dict[str, Any]:
    """The ``stats --year --json`` object."""
    streak = review.longest_streak
    return {
        "year": review.year,
        "listened_seconds": round(review.stats.listened, 3),
        "media_seconds": round(review.stats.media, 3),
        "saved_seconds": _saved_json(review.stats.saved),
        "episodes_started": review.stats.episodes_started,
        "episodes_finished": review.stats.episodes_finished,
        "active_days": review.active_days,
        "longest_streak": {"days": streak.days, "first": streak.first or None,
                           "last": streak.last or None},
        "busiest_day": bucket_json(review.busiest_day) if review.busiest_day else None,
        "busiest_hour": review.busiest_hour,
        "top_shows": [bucket_json(b) for b in review.top_shows],
    }  # fmt: skip


def _summary(stats: Statistics, heading: str) -> None:
    saved = stats.saved
    print(heading)
    print(
        _("  Listened    {long_duration} (of {long_duration2} audio)").format(
            long_duration=long_duration(stats.listened), long_duration2=long_duration(stats.media)
        )
    )
    print(_("  Time saved  {long_duration}").format(long_duration=long_duration(saved.total)))
    print(
        _(
            "              speed {long_duration}, silence {long_duration2}, skips {long_duration3}"
        ).format(
            long_duration=long_duration(saved.speed),
            long_duration2=long_duration(saved.silence),
            long_duration3=long_duration(saved.skips),
        )
    )
    rate = "" if stats.completion_rate is None else f"; {stats.completion_rate:.0%} completed"
    print(
        _(
            "  Episodes    {episodes_started} started, {episodes_finished} finished, "
            "{episodes_listened} listened to{rate}"
        ).format(
            episodes_started=stats.episodes_started,
            episodes_finished=stats.episodes_finished,
            episodes_listened=stats.episodes_listened,
            rate=rate,
        )
    )
    median = stats.release_to_play_median
    if median is not None:
        print(_("  Release to first play: {age} (median)").format(age=age(median)))


def _rows(buckets: tuple[Bucket, ...], by: BucketKind) -> None:
    rows = [
        (
            b.label[:36],
            long_duration(b.listened),
            long_duration(b.media),
            long_duration(b.saved.total),
            b.episodes,
        )
        for b in buckets
        if b.listened > 0
    ]
    if not rows:
        return
    print()
    header = by.value.upper()
    print_table((header, _("LISTENED"), _("AUDIO"), _("SAVED"), _("EPISODES")), rows)


def cmd_stats(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the statistics (or the yearly review) for the range asked for."""
    service = ListeningStatistics(ctx.store)
    if args.year is not None:
        review = service.year_review(args.year)
        if args.json:
            print_json(review_json(review))
            return 0
        _summary(
            review.stats,
            _("Your {year} in listening ({timezone})").format(
                year=review.year, timezone=review.stats.timezone
            ),
        )
        streak = review.longest_streak
        if streak.days:
            print(
                _("  Longest streak  {days} days ({first} to {last})").format(
                    days=streak.days, first=streak.first, last=streak.last
                )
            )
        if review.busiest_day is not None:
            day = review.busiest_day
            print(
                _("  Busiest day     {key}: {long_duration}").format(
                    key=day.key, long_duration=long_duration(day.listened)
                )
            )
        _rows(review.top_shows, BucketKind.SHOW)
        return 0
    by = BucketKind(args.by)
    stats = service.compute(args.since, args.until)
    if args.json:
        print_json(stats_json(stats, by, args.since, args.until))
        return 0
    since = f" since {args.since.isoformat()}" if args.since else ""
    until = f" until {args.until.isoformat()}" if args.until else ""
    _summary(
        stats,
        _("Listening{since}{until} ({timezone})").format(
            since=since, until=until, timezone=stats.timezone
        ),
    )
    _rows(stats.buckets(by), by)
    return 0
