"""Feeds that use the podcast namespace, served from a :class:`LoopbackServer` (tests and the
README's screenshot): a show with hosts and a guest (avatars as real PNGs), support links, a
creator's recommendation (a second real feed on the same server), a live item whose stream is
a real MP3, chat and comments, a schedule with Podping, an AI-content disclosure, artwork with
alt text, and an episode with a season name, a display number, soundbites and versions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.discover_rig import png
from tests.support.http_server import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parents[2]
MEDIA = sorted((ROOT / "player" / "demo" / "episodes").glob("*.mp3"))
SHOW = "The Open Mic Collective"
PICK = "Rivers and Their Listeners"
EPISODE = "Episode 42½: the mailbag"
LIVE = "Friday night call-in"
ALT_TEXT = "A microphone on a wooden table, lit from the left"
_RSS = "application/rss+xml"
_PNG = "image/png"


@dataclass(frozen=True, slots=True)
class P20Feeds:
    """Where the served feeds and media are."""

    feed_url: str
    pick_url: str
    media_url: str
    audio_only_url: str
    live_url: str


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def serve_p20_feeds(server: LoopbackServer, live_status: str = "live") -> P20Feeds:
    """Put the namespace show, its recommended show, their art and media on ``server``
    (again, to change the live item's status: the addresses stay the same)."""
    art = server.add("art/cover.png", png((40, 90, 160), 256), _PNG)
    faces = [
        server.add(f"art/face-{i}.png", png(colour, 72), _PNG)
        for i, colour in enumerate([(200, 80, 60), (60, 150, 90), (150, 90, 170)])
    ]
    media = server.add("media/mailbag.mp3", MEDIA[0])
    audio_only = server.add("media/mailbag-64k.mp3", MEDIA[1])
    live = server.add("media/live.mp3", MEDIA[2])
    pick_art = server.add("art/pick.png", png((30, 130, 120), 256), _PNG)
    pick = server.route(
        "/pick.xml",
        _reply(
            f"""<channel><title>{PICK}</title><link>https://rivers.example/</link>
<description>Field recordings from riverbanks, and the people who listen to them.</description>
<image><url>{pick_art}</url></image>
<item><title>The Danube at dawn</title><guid>r1</guid>
<pubDate>Mon, 02 Dec 2024 06:00:00 GMT</pubDate>
<enclosure url="{media}" type="audio/mpeg" length="1000"/></item>
</channel>"""
        ),
    )
    now = time.time()
    channel = f"""<channel>
<title>{SHOW}</title>
<link>https://openmic.example/</link>
<description>&lt;p&gt;A weekly show made in the open: listener calls, live nights and the people
behind community radio.&lt;/p&gt;</description>
<itunes:author>Open Mic Radio</itunes:author>
<image><url>{art}</url></image>
<itunes:category text="Society &amp; Culture"/>
<podcast:guid>5b5ba9e5-2f8e-5d6b-a3f1-8d3f4f0c2a11</podcast:guid>
<podcast:image href="{art}" alt="{ALT_TEXT}" width="256" height="256" purpose="artwork"/>
<podcast:person role="host" img="{faces[0]}"
  href="https://openmic.example/maya">Maya Okafor</podcast:person>
<podcast:person role="co-host" img="{faces[1]}">Jonas Lind</podcast:person>
<podcast:person role="producer" group="crew">Priya Raman</podcast:person>
<podcast:funding url="https://openmic.example/support">Become a member</podcast:funding>
<podcast:funding url="https://tips.example/openmic">Leave a tip</podcast:funding>
<podcast:updateFrequency rrule="FREQ=WEEKLY;BYDAY=FR">Every Friday</podcast:updateFrequency>
<podcast:podping usesPodping="true"/>
<podcast:txt purpose="ai-content">Chapter titles and transcripts are machine-generated.
</podcast:txt>
<podcast:chat server="irc.openmic.example" protocol="irc" space="#openmic"/>
<podcast:socialInteract protocol="activitypub"
  uri="https://social.openmic.example/@openmic/1" priority="1"/>
<podcast:podroll>
  <podcast:remoteItem feedGuid="a0a0a0a0-1111-5222-8333-444455556666" feedUrl="{pick}"
    title="{PICK}"/>
</podcast:podroll>
<podcast:liveItem status="{live_status}" start="{_iso(now - 600)}" end="{_iso(now + 3000)}">
  <title>{LIVE}</title>
  <guid>live-friday</guid>
  <enclosure url="{live}" type="audio/mpeg" length="0"/>
</podcast:liveItem>
<podcast:liveItem status="pending" start="{_iso(now + 7 * 86400)}"
  end="{_iso(now + 7 * 86400 + 3600)}">
  <title>Next week: the open studio</title>
  <guid>live-next</guid>
  <enclosure url="{live}" type="audio/mpeg" length="0"/>
</podcast:liveItem>
<item>
  <title>{EPISODE}</title>
  <guid>om-42-5</guid>
  <pubDate>Fri, 06 Dec 2024 18:00:00 GMT</pubDate>
  <enclosure url="{media}" type="audio/mpeg" length="1000"/>
  <itunes:duration>131</itunes:duration>
  <podcast:season name="Letters from listeners">3</podcast:season>
  <podcast:episode display="Mailbag special">42.5</podcast:episode>
  <podcast:person role="guest" img="{faces[2]}"
    href="https://ana.example/">Ana Ruiz</podcast:person>
  <podcast:person role="host" img="{faces[0]}">Maya Okafor</podcast:person>
  <podcast:soundbite startTime="30" duration="3">The best call of the night</podcast:soundbite>
  <podcast:chat server="irc.openmic.example" protocol="irc" space="#mailbag"/>
  <podcast:socialInteract protocol="activitypub"
    uri="https://social.openmic.example/@openmic/42" priority="1"/>
  <podcast:alternateEnclosure type="audio/mpeg" bitrate="64000" title="Audio only" lang="en">
    <podcast:source uri="ipfs://QmMailbagAudioOnly"/>
    <podcast:source uri="http://openmicabcdefghijklmnop.onion/mailbag-64k.mp3"/>
    <podcast:source uri="{audio_only}"/>
  </podcast:alternateEnclosure>
  <podcast:alternateEnclosure type="audio/mpeg" bitrate="128000" title="En español" lang="es">
    <podcast:source uri="ipfs://QmMailbagSpanish"/>
  </podcast:alternateEnclosure>
</item>
<item>
  <title>Episode 42: open studio night</title>
  <guid>om-42</guid>
  <pubDate>Fri, 29 Nov 2024 18:00:00 GMT</pubDate>
  <enclosure url="{media}" type="audio/mpeg" length="1000"/>
  <podcast:season name="Letters from listeners">3</podcast:season>
  <podcast:episode>42</podcast:episode>
</item>
</channel>"""
    feed = server.route("/openmic.xml", _reply(channel))
    return P20Feeds(feed, pick, media, audio_only, live)


def _reply(channel: str) -> Reply:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0">' + channel + "</rss>"
    )
    return Reply(200, body.encode("utf-8"), {"Content-Type": _RSS})
