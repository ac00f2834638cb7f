"""``podcast ID`` and ``episode ID``: everything known about one show or one episode.

With ``--json`` these are the stable product surface of the Podcasting 2.0 tags (issue 19):
the ``podcasts``/``episodes`` objects plus ``persons``, ``funding``, ``podroll``,
``podcast_guid``, ``live_items``, ``chat``, ``social``, ``update_frequency``, ``ai_content``
(a show) or ``persons``, ``funding``, ``season_name``, ``episode_display``, ``soundbites``,
``alternate_enclosures``, ``chat``, ``social``, ``ai_content`` (an episode). Fields are only
ever added.
"""

from __future__ import annotations

import argparse
from typing import Any

from player.cli.context import CliContext
from player.cli.output import episode_json, iso, podcast_json, print_json
from player.domain.format import clock
from player.domain.podcasting20 import LiveItem, Person, UpdateFrequency
from player.domain.podcasting20_json import to_data
from player.i18n import _
from player.services.podcasting20 import EpisodeDetails, Podcasting20Service, PodcastPage


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("podcast", help="everything known about one podcast (people, support...)")
    p.add_argument("podcast_id", type=int, metavar="PODCAST_ID")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_podcast)

    p = sub.add_parser("episode", help="everything known about one episode (people, versions...)")
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_episode)


def podcast_details_json(page: PodcastPage) -> dict[str, Any]:
    """The ``podcast --json`` object."""
    x = page.extras
    data = podcast_json(page.podcast)
    data.update(
        {
            "description": page.podcast.description,
            "kind": page.podcast.kind,
            "podcast_guid": x.podcast_guid,
            "podcast_guid_declared": x.guid_declared,
            "persons": to_data(x.persons),
            "funding": to_data(x.funding),
            "podroll": to_data(x.podroll),
            "live_items": [_live_json(i) for i in x.live_items],
            "chat": to_data(x.chat),
            "social": to_data(x.social),
            "update_frequency": _frequency_json(x.update_frequency),
            "podping": x.podping,
            "images": to_data(x.images),
            "ai_content": x.ai_content,
            "medium": x.medium,
        }
    )
    return data


def episode_details_json(details: EpisodeDetails) -> dict[str, Any]:
    """The ``episode --json`` object."""
    e, x = details.episode, details.extras
    data = episode_json(e)
    data.update(
        {
            "link": e.link,
            "image_url": e.image_url,
            "season": e.season,
            "season_name": x.season_name,
            "episode_number": x.episode_number,
            "episode_display": x.episode_display,
            "episode_type": e.episode_type,
            "persons": to_data(x.persons),
            "persons_from_show": x.persons_from_show,
            "funding": to_data(x.funding),
            "soundbites": to_data(x.soundbites),
            "alternate_enclosures": to_data(x.alternate_enclosures),
            "chat": to_data(x.chat),
            "social": to_data(x.social),
            "images": to_data(x.images),
            "ai_content": x.ai_content,
        }
    )
    return data


def _live_json(item: LiveItem) -> dict[str, Any]:
    data = to_data(item)
    data["start"] = iso(item.start)
    data["end"] = iso(item.end)
    return data


def _frequency_json(frequency: UpdateFrequency | None) -> dict[str, Any] | None:
    if frequency is None:
        return None
    data = to_data(frequency)
    data["dtstart"] = iso(frequency.dtstart)
    return data


def cmd_podcast(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print one podcast with its Podcasting 2.0 tags."""
    page = Podcasting20Service(ctx.store).podcast_page(args.podcast_id)
    if args.json:
        print_json(podcast_details_json(page))
        return 0
    p, x = page.podcast, page.extras
    lines = [f"{p.title}  (podcast {p.id})", f"Feed: {p.url}", f"GUID: {x.podcast_guid}"]
    if p.author:
        lines.append(f"By: {p.author}")
    lines += _people_lines(x.persons)
    lines += [
        _("Support: {value} <{url}>").format(value=f.label or f.url, url=f.url) for f in x.funding
    ]
    for item in x.live_items:
        when = "LIVE NOW" if item.status == "live" else f"upcoming {iso(item.start) or ''}"
        lines.append(
            _("Live ({when}): {title} <{enclosure_url}>").format(
                when=when, title=item.title, enclosure_url=item.enclosure_url
            )
        )
    if x.chat:
        lines.append(
            _("Chat: {protocol} {server} {space}")
            .format(protocol=x.chat.protocol, server=x.chat.server, space=x.chat.space)
            .rstrip()
        )
    lines += [_("Comments: {uri}").format(uri=s.uri) for s in x.social if s.protocol != "disabled"]
    if x.update_frequency:
        f = x.update_frequency
        lines.append(
            _("Schedule: {value}").format(value="complete" if f.complete else f.label or f.rrule)
        )
    lines += [
        _("Recommended: {value}").format(value=r.title or r.feed_url or r.feed_guid)
        for r in x.podroll
    ]
    if x.ai_content is not None:
        lines.append(_("AI content: {ai_content}").format(ai_content=x.ai_content))
    print("\n".join(lines))
    return 0


def cmd_episode(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print one episode with its Podcasting 2.0 tags."""
    details = Podcasting20Service(ctx.store).episode_details(args.episode_id)
    if args.json:
        print_json(episode_details_json(details))
        return 0
    e, x = details.episode, details.extras
    number = x.episode_display or (f"{x.episode_number:g}" if x.episode_number is not None else "")
    season = x.season_name or (
        _("Season {season}").format(season=e.season) if e.season is not None else ""
    )
    heading = " · ".join(s for s in (season, number and f"Episode {number}") if s)
    lines = [f"{e.title}  (episode {e.id}, {e.podcast_title})"]
    if heading:
        lines.append(heading)
    lines += _people_lines(x.persons)
    lines += [
        _("Soundbite {clock} +{duration:g}s: {title}")
        .format(clock=clock(s.start), duration=s.duration, title=s.title)
        .rstrip(": ")
        for s in x.soundbites
    ]
    for alt in x.alternate_enclosures:
        label = alt.title or alt.type
        sources = ", ".join(s.uri for s in alt.sources)
        lines.append(
            _("Version: {label} ({type}) {sources}").format(
                label=label, type=alt.type, sources=sources
            )
        )
    lines += [
        _("Support: {value} <{url}>").format(value=f.label or f.url, url=f.url) for f in x.funding
    ]
    if x.chat:
        lines.append(
            _("Chat: {protocol} {server} {space}")
            .format(protocol=x.chat.protocol, server=x.chat.server, space=x.chat.space)
            .rstrip()
        )
    lines += [_("Comments: {uri}").format(uri=s.uri) for s in x.social if s.protocol != "disabled"]
    if x.ai_content is not None:
        lines.append(_("AI content: {ai_content}").format(ai_content=x.ai_content))
    print("\n".join(lines))
    return 0


def _people_lines(persons: tuple[Person, ...]) -> list[str]:
    return [f"{p.role.title()}: {p.name}" + (f" <{p.href}>" if p.href else "") for p in persons]
