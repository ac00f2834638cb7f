"""Writing a simulated listener to disk as other software would see it.

The library becomes RSS feeds (with ``itunes:type``, season, episode number and type) to be
served by a loopback HTTP server; the history becomes gpodder.net episode actions, the format
``import-actions`` reads.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape

from bench.recommend.simulator import Listener, Play, SimEpisode, SimShow


def feed_url(base_url: str, listener: Listener, show: SimShow) -> str:
    """Where the loopback server serves this show's feed."""
    return f"{base_url}/{listener.key}/{show.key}.xml"


def media_url(base_url: str, listener: Listener, ep: SimEpisode) -> str:
    """An enclosure URL (never fetched: the evaluation only needs it to match actions)."""
    return f"{base_url}/{listener.key}/media/{ep.guid}.mp3"


def _hms(seconds: int) -> str:
    h, rem = divmod(seconds, 3600)
    return f"{h}:{rem // 60:02d}:{rem % 60:02d}"


def feed_xml(base_url: str, listener: Listener, show: SimShow) -> str:
    """An RSS 2.0 document for one show, newest item first as feeds usually are."""
    items = []
    for ep in reversed(show.episodes):
        extra = ""
        if ep.season is not None:
            extra += f"<itunes:season>{ep.season}</itunes:season>"
        if ep.number is not None:
            extra += f"<itunes:episode>{ep.number}</itunes:episode>"
        items.append(
            "<item>"
            f"<title>{escape(ep.title)}</title>"
            f'<guid isPermaLink="false">{ep.guid}</guid>'
            f"<pubDate>{formatdate(ep.published, usegmt=True)}</pubDate>"
            f'<enclosure url="{media_url(base_url, listener, ep)}" type="audio/mpeg" '
            f'length="{ep.duration * 16000}"/>'
            f"<itunes:duration>{_hms(ep.duration)}</itunes:duration>"
            f"<itunes:episodeType>{ep.episode_type}</itunes:episodeType>{extra}"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        f"<channel><title>{escape(show.title)}</title><link>{base_url}/</link>"
        f"<description>A simulated {show.genre} show.</description>"
        f"<itunes:type>{show.itunes_type}</itunes:type>" + "".join(items) + "</channel></rss>\n"
    )


def play_action(base_url: str, listener: Listener, play: Play) -> dict[str, object]:
    """A gpodder.net ``play`` action; ``timestamp`` is when the span ended, as clients send it."""
    show = listener.shows[play.episode.show]
    ended = play.start + (play.to_pos - play.from_pos) / play.rate
    action: dict[str, object] = {
        "podcast": feed_url(base_url, listener, show),
        "episode": media_url(base_url, listener, play.episode),
        "guid": play.episode.guid,
        "action": "play",
        "timestamp": datetime.fromtimestamp(ended, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "started": play.from_pos,
        "position": play.to_pos,
        "total": play.episode.duration,
    }
    if play.rate != 1.0:
        action["rate"] = play.rate
    return action


def write_listener(root: Path, base_url: str, listener: Listener) -> tuple[Path, Path]:
    """Feeds under ``root/<listener>/`` plus the training and held-out action files."""
    folder = root / listener.key
    folder.mkdir(parents=True, exist_ok=True)
    for show in listener.shows:
        (folder / f"{show.key}.xml").write_text(feed_xml(base_url, listener, show), "utf-8")
    train = [play_action(base_url, listener, p) for p in listener.plays if p.start < listener.split]
    test = [play_action(base_url, listener, p) for p in listener.plays if p.start >= listener.split]
    train_path, test_path = folder / "train-actions.json", folder / "heldout-actions.json"
    train_path.write_text(json.dumps(train, indent=1), "utf-8")
    test_path.write_text(json.dumps(test, indent=1), "utf-8")
    return train_path, test_path
