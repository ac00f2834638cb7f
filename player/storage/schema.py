"""Ordered schema migrations, keyed by ``PRAGMA user_version``.

Each entry upgrades the schema by one version and runs inside one transaction together with
the ``user_version`` bump, so a crash mid-upgrade leaves the previous version intact. Never edit
a released migration: append a new one.
"""

from __future__ import annotations

V1_CORE = """
CREATE TABLE podcasts (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    image_url TEXT NOT NULL DEFAULT '',
    folder TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'episodic',
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_checked REAL,
    last_error TEXT,
    last_error_at REAL,
    gone INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL
);

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    description_text TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    published REAL,
    first_seen REAL NOT NULL,
    enclosure_url TEXT NOT NULL DEFAULT '',
    enclosure_type TEXT NOT NULL DEFAULT '',
    enclosure_length INTEGER,
    duration REAL,
    image_url TEXT NOT NULL DEFAULT '',
    season INTEGER,
    number INTEGER,
    episode_type TEXT NOT NULL DEFAULT 'full',
    explicit INTEGER,
    chapters_url TEXT NOT NULL DEFAULT '',
    chapters_type TEXT NOT NULL DEFAULT '',
    content_hash TEXT,
    in_feed INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'played')),
    position REAL NOT NULL DEFAULT 0,
    last_played REAL,
    download_path TEXT NOT NULL DEFAULT '',
    UNIQUE (podcast_id, guid)
);
CREATE INDEX episodes_podcast_published ON episodes (podcast_id, published DESC);
CREATE INDEX episodes_published ON episodes (published DESC);
CREATE INDEX episodes_state ON episodes (state, podcast_id);

CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    rel TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transcripts_episode ON transcripts (episode_id);

CREATE TABLE chapters (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('id3', 'psc', 'json')),
    start REAL NOT NULL,
    "end" REAL,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    image_url TEXT NOT NULL DEFAULT '',
    toc INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX chapters_episode ON chapters (episode_id, source, start);

CREATE TABLE queue (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL
);
CREATE INDEX queue_ord ON queue (ord);

CREATE TABLE play_events (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    started_at REAL NOT NULL,
    from_pos REAL NOT NULL,
    to_pos REAL NOT NULL,
    rate REAL NOT NULL DEFAULT 1.0,
    source TEXT NOT NULL DEFAULT 'local'
);
CREATE INDEX play_events_episode ON play_events (episode_id);
CREATE INDEX play_events_started ON play_events (started_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIRTUAL TABLE episodes_fts USING fts5 (
    title, description, podcast_title, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER episodes_fts_ai AFTER INSERT ON episodes BEGIN
    INSERT INTO episodes_fts (rowid, title, description, podcast_title)
    VALUES (new.id, new.title, new.description_text,
            (SELECT title FROM podcasts WHERE id = new.podcast_id));
END;
CREATE TRIGGER episodes_fts_ad AFTER DELETE ON episodes BEGIN
    DELETE FROM episodes_fts WHERE rowid = old.id;
END;
CREATE TRIGGER episodes_fts_au AFTER UPDATE OF title, description_text, podcast_id ON episodes
BEGIN
    UPDATE episodes_fts
       SET title = new.title,
           description = new.description_text,
           podcast_title = (SELECT title FROM podcasts WHERE id = new.podcast_id)
     WHERE rowid = new.id;
END;
CREATE TRIGGER podcasts_fts_au AFTER UPDATE OF title ON podcasts BEGIN
    UPDATE episodes_fts SET podcast_title = new.title
     WHERE rowid IN (SELECT id FROM episodes WHERE podcast_id = new.id);
END;
"""

V2_SETTINGS_DOWNLOADS_SIGNALS = """
ALTER TABLE podcasts ADD COLUMN user_agent TEXT;
ALTER TABLE podcasts ADD COLUMN username TEXT;
ALTER TABLE podcasts ADD COLUMN password TEXT;
ALTER TABLE podcasts ADD COLUMN playback_rate REAL;
ALTER TABLE podcasts ADD COLUMN auto_download INTEGER NOT NULL DEFAULT 0;
ALTER TABLE podcasts ADD COLUMN keep_downloads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE podcasts ADD COLUMN keep_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE episodes ADD COLUMN download_manual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE episodes ADD COLUMN downloaded_at REAL;

CREATE TABLE downloads (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'paused', 'failed', 'done')),
    priority INTEGER NOT NULL DEFAULT 0,
    manual INTEGER NOT NULL DEFAULT 0,
    partial_path TEXT NOT NULL DEFAULT '',
    bytes_done INTEGER NOT NULL DEFAULT 0,
    bytes_total INTEGER,
    validator TEXT,
    error TEXT,
    updated_at REAL NOT NULL
);

CREATE TABLE dismissed (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    at REAL NOT NULL
);

CREATE TABLE chapter_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL
);
"""

V3_IN_PROGRESS_INDEX = """
CREATE INDEX IF NOT EXISTS episodes_in_progress ON episodes (published)
    WHERE state = 'new' AND position > 0;
"""
"""Up next and "In progress" find started episodes without scanning the whole library."""

V4_ITEM_FINGERPRINTS = """
CREATE TABLE item_fingerprints (
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    guid TEXT NOT NULL,
    PRIMARY KEY (podcast_id, fingerprint)
) WITHOUT ROWID;
"""
"""Hashes of each feed item's bytes -> its guid: refreshes hand feedparser only unseen items."""

V5_HISTORY_REVISIONS = """
ALTER TABLE play_events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX play_events_revision ON play_events (revision);

CREATE TABLE history_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL DEFAULT 0,
    deletions INTEGER NOT NULL DEFAULT 0
);
INSERT INTO history_revision (id) VALUES (1);

CREATE TRIGGER play_events_revision_ai AFTER INSERT ON play_events BEGIN
    UPDATE history_revision SET revision = revision + 1;
    UPDATE play_events SET revision = (SELECT revision FROM history_revision) WHERE id = new.id;
END;
CREATE TRIGGER play_events_revision_au
AFTER UPDATE OF episode_id, started_at, from_pos, to_pos, rate ON play_events BEGIN
    UPDATE history_revision SET revision = revision + 1;
    UPDATE play_events SET revision = (SELECT revision FROM history_revision) WHERE id = new.id;
END;
CREATE TRIGGER play_events_revision_ad AFTER DELETE ON play_events BEGIN
    UPDATE history_revision SET deletions = deletions + 1;
END;
CREATE TRIGGER episodes_heard_facts_au
AFTER UPDATE OF podcast_id, duration, published, season, number ON episodes
WHEN (old.podcast_id IS NOT new.podcast_id OR old.duration IS NOT new.duration
      OR old.published IS NOT new.published OR old.season IS NOT new.season
      OR old.number IS NOT new.number)
     AND EXISTS (SELECT 1 FROM play_events WHERE episode_id = new.id)
BEGIN
    UPDATE history_revision SET revision = revision + 1;
    UPDATE play_events SET revision = (SELECT revision FROM history_revision)
     WHERE episode_id = new.id;
END;
"""
"""Every listen carries the revision of its last change (or of its episode's facts), and
deletions are counted: up next reads only the listens changed since it last looked instead of
re-reading the history after each play event (see ``player/services/history_window.py``)."""

V6_SORT_INDEXES = """
CREATE INDEX IF NOT EXISTS episodes_title ON episodes (title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS episodes_duration ON episodes (IFNULL(duration, 0), id);
UPDATE episodes SET published = first_seen WHERE published IS NULL;
"""
"""The episode list sorts by title or length without sorting the whole library per page
(and every stored episode has a date to sort by, as the writer guarantees since v1)."""

V7_TRANSCRIPTS = """
ALTER TABLE podcasts ADD COLUMN language TEXT NOT NULL DEFAULT '';

CREATE TABLE transcript_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    fetched_at REAL NOT NULL,
    segments TEXT NOT NULL
);

CREATE TABLE transcript_failures (
    url TEXT PRIMARY KEY,
    error TEXT NOT NULL,
    failed_at REAL NOT NULL
);

CREATE TABLE transcript_index (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    segments INTEGER NOT NULL,
    indexed_at REAL NOT NULL
);

CREATE VIRTUAL TABLE transcripts_fts USING fts5 (
    text, starts UNINDEXED, detail = none, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER transcript_index_ad AFTER DELETE ON transcript_index BEGIN
    DELETE FROM transcripts_fts
     WHERE rowid BETWEEN old.episode_id * 1048576 AND old.episode_id * 1048576 + 1048575;
END;
"""
"""The feed's language (a transcript in it is chosen first); fetched transcripts (parsed
segments as JSON, with their HTTP validators); the URLs that failed (so the next
``podcast:transcript`` is tried); the searchable text. The text has its own FTS5 table so
episode search keeps its speed. A row is a chunk of a few segments (one line each, their
starts beside them) with the rowid ``episode_id * 2**20 + n``, so re-indexing or deleting an
episode removes its rows by a rowid range instead of a scan; ``detail = none`` keeps a common
word's list small (see ``storage/transcript_match.py``)."""

_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
_RECORDING = "EXISTS (SELECT 1 FROM sync_account WHERE applying = 0)"

V8_ACCOUNT_SYNC = f"""
CREATE TABLE sync_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kind TEXT NOT NULL CHECK (kind IN ('gpodder', 'nextcloud')),
    server TEXT NOT NULL,
    username TEXT NOT NULL,
    device TEXT NOT NULL DEFAULT '',
    subscriptions_since INTEGER NOT NULL DEFAULT 0,
    actions_since INTEGER NOT NULL DEFAULT 0,
    uploaded INTEGER NOT NULL DEFAULT 0,
    downloaded INTEGER NOT NULL DEFAULT 0,
    last_sync REAL,
    last_error TEXT,
    last_error_at REAL,
    applying INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);

CREATE TABLE sync_subscriptions (
    url TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE sync_seen (
    key TEXT PRIMARY KEY,
    timestamp REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_outbox (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('play', 'download', 'delete', 'new')),
    podcast_url TEXT NOT NULL,
    episode_url TEXT NOT NULL,
    guid TEXT NOT NULL DEFAULT '',
    timestamp REAL NOT NULL,
    started REAL,
    position REAL,
    total REAL,
    rate REAL NOT NULL DEFAULT 1,
    play_event_id INTEGER,
    position_of INTEGER
);
CREATE INDEX sync_outbox_play_event ON sync_outbox (play_event_id)
    WHERE play_event_id IS NOT NULL;
CREATE INDEX sync_outbox_position_of ON sync_outbox (position_of)
    WHERE position_of IS NOT NULL;

CREATE TRIGGER sync_outbox_play_ai AFTER INSERT ON play_events
WHEN new.source = 'local' AND {_RECORDING}
BEGIN
    INSERT INTO sync_outbox (action, podcast_url, episode_url, guid, timestamp, started,
                             position, total, rate, play_event_id)
    SELECT 'play', p.url, e.enclosure_url, e.guid,
           new.started_at + (new.to_pos - new.from_pos) / IFNULL(NULLIF(new.rate, 0), 1),
           new.from_pos, new.to_pos, e.duration, IFNULL(NULLIF(new.rate, 0), 1), new.id
      FROM episodes e JOIN podcasts p ON p.id = e.podcast_id
     WHERE e.id = new.episode_id;
END;

CREATE TRIGGER sync_outbox_play_au AFTER UPDATE OF from_pos, to_pos ON play_events
WHEN new.source = 'local' AND {_RECORDING}
BEGIN
    INSERT INTO sync_outbox (action, podcast_url, episode_url, guid, timestamp, started,
                             position, total, rate, play_event_id)
    SELECT 'play', p.url, e.enclosure_url, e.guid, 0, 0, 0, e.duration,
           IFNULL(NULLIF(new.rate, 0), 1), new.id
      FROM episodes e JOIN podcasts p ON p.id = e.podcast_id
     WHERE e.id = new.episode_id
       AND NOT EXISTS (SELECT 1 FROM sync_outbox WHERE play_event_id = new.id);
    UPDATE sync_outbox
       SET started = new.from_pos, position = new.to_pos,
           timestamp = new.started_at
                       + (new.to_pos - new.from_pos) / IFNULL(NULLIF(new.rate, 0), 1)
     WHERE play_event_id = new.id;
END;

CREATE TRIGGER sync_outbox_position_au AFTER UPDATE OF position ON episodes
WHEN new.position > 0 AND old.position IS NOT new.position AND {_RECORDING}
     AND EXISTS (SELECT 1 FROM settings WHERE key = 'recommend.learning' AND value = 'false')
BEGIN
    INSERT INTO sync_outbox (action, podcast_url, episode_url, guid, timestamp, position,
                             total, position_of)
    SELECT 'play', p.url, new.enclosure_url, new.guid, {_NOW}, new.position, new.duration,
           new.id
      FROM podcasts p
     WHERE p.id = new.podcast_id
       AND NOT EXISTS (SELECT 1 FROM sync_outbox WHERE position_of = new.id);
    UPDATE sync_outbox SET position = new.position, timestamp = {_NOW}
     WHERE position_of = new.id;
END;

CREATE TRIGGER sync_outbox_state_au AFTER UPDATE OF state ON episodes
WHEN old.state IS NOT new.state AND {_RECORDING}
BEGIN
    INSERT INTO sync_outbox (action, podcast_url, episode_url, guid, timestamp, started,
                             position, total)
    SELECT CASE new.state WHEN 'played' THEN 'play' ELSE 'new' END,
           p.url, new.enclosure_url, new.guid, {_NOW}, NULL,
           CASE new.state WHEN 'played' THEN IFNULL(new.duration, old.position) END,
           CASE new.state WHEN 'played' THEN IFNULL(new.duration, old.position) END
      FROM podcasts p WHERE p.id = new.podcast_id;
END;

CREATE TRIGGER sync_outbox_download_au AFTER UPDATE OF download_path ON episodes
WHEN (old.download_path = '') IS NOT (new.download_path = '') AND {_RECORDING}
BEGIN
    INSERT INTO sync_outbox (action, podcast_url, episode_url, guid, timestamp)
    SELECT CASE new.download_path WHEN '' THEN 'delete' ELSE 'download' END,
           p.url, new.enclosure_url, new.guid, {_NOW}
      FROM podcasts p WHERE p.id = new.podcast_id;
END;
"""
"""Sync with a gpodder.net or Nextcloud account (``player/services/account_sync.py``).

``sync_account`` is the one account (no password: that is in the keyring) with the server's
timestamps for the next ``since``; ``sync_subscriptions`` is the feed list the server is known
to hold, so the subscriptions to upload are a difference with ``podcasts`` and need no log
(renames by a 301 or ``update_urls`` come out as a remove and an add); ``sync_outbox`` holds the
episode actions not yet acknowledged, in the order they happened, written by triggers so that
every path that plays, marks, downloads or deletes (window, command line, MPRIS, undo) is
recorded without remembering to. A growing span updates its unsent row rather than adding one
per position save. While learning is paused no spans are kept, so the position itself is
recorded instead (one unsent row per episode, without a span: it moves the other devices'
position and adds nothing to their history). The triggers record only while an account exists
and the engine is not applying the server's own changes (``applying``, set inside the merge
transaction), so nothing echoes back to the server."""

V9_SMART_AUDIO = """
CREATE TABLE audio_analysis (
    episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    analyser TEXT NOT NULL,
    source TEXT NOT NULL,
    duration REAL NOT NULL,
    loudness_lufs REAL,
    true_peak_dbtp REAL,
    speech_level REAL,
    speech_seconds REAL NOT NULL DEFAULT 0,
    silences TEXT NOT NULL DEFAULT '[]',
    analysed_upto REAL NOT NULL DEFAULT 0,
    analysed_at REAL NOT NULL
);

ALTER TABLE podcasts ADD COLUMN trim_silence TEXT;
ALTER TABLE podcasts ADD COLUMN normalize_loudness INTEGER;
ALTER TABLE podcasts ADD COLUMN voice_boost INTEGER;
ALTER TABLE podcasts ADD COLUMN skip_intro REAL NOT NULL DEFAULT 0;
ALTER TABLE podcasts ADD COLUMN skip_outro REAL NOT NULL DEFAULT 0;

ALTER TABLE play_events ADD COLUMN saved_speed REAL NOT NULL DEFAULT 0;
ALTER TABLE play_events ADD COLUMN saved_silence REAL NOT NULL DEFAULT 0;
ALTER TABLE play_events ADD COLUMN saved_skips REAL NOT NULL DEFAULT 0;
"""
"""Smart audio (trim silence, even loudness, voice boost, skip intro/outro; issue 17).

``audio_analysis`` is one row per analysed episode: the analyser's name and version (a better
analyser re-runs), what was analysed (``download`` or ``stream``, and for a stream how far:
``analysed_upto``), the integrated loudness (EBU R128) and true peak, the speech level the
silence threshold is relative to, and the silent ranges as a JSON list of ``[start, end]``
seconds. The podcast columns are per-podcast choices, NULL meaning "the global default" (a
setting); skips are seconds. A listening span records the seconds it saved by speed, trimmed
silence and skips, so statistics can show them."""

V10_BOOKMARKS_SESSIONS = """
CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
    podcast_guid TEXT NOT NULL DEFAULT '',
    feed_url TEXT NOT NULL DEFAULT '',
    podcast_title TEXT NOT NULL DEFAULT '',
    episode_guid TEXT NOT NULL DEFAULT '',
    enclosure_url TEXT NOT NULL DEFAULT '',
    episode_title TEXT NOT NULL DEFAULT '',
    start REAL NOT NULL,
    end REAL,
    title TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    modified REAL NOT NULL
);
CREATE INDEX bookmarks_episode ON bookmarks (episode_id);
CREATE INDEX bookmarks_created ON bookmarks (created);

ALTER TABLE play_events ADD COLUMN ended_at REAL;
"""
"""Bookmarks and the listening-session log (issue 18).

A bookmark keeps the episode's identity in its own columns (podcast guid, feed URL, titles,
episode guid, enclosure URL) beside ``episode_id``, so it outlives the download, the episode
leaving the feed, and even the podcast being removed (``episode_id`` then becomes NULL and an
import or a re-subscription finds the episode again by guid or URL); ``uid`` is the stable id
exports carry, so an import never duplicates. ``play_events`` is the session log: ``ended_at``
is the wall-clock end of a span (NULL for spans recorded before it existed, where
``started_at + (to_pos - from_pos) / rate`` is the estimate)."""

V11_PODCASTING_20 = """
ALTER TABLE podcasts ADD COLUMN podcast_guid TEXT NOT NULL DEFAULT '';
ALTER TABLE podcasts ADD COLUMN update_rrule TEXT NOT NULL DEFAULT '';
ALTER TABLE podcasts ADD COLUMN update_complete INTEGER NOT NULL DEFAULT 0;
ALTER TABLE podcasts ADD COLUMN p20 TEXT NOT NULL DEFAULT '';
CREATE INDEX podcasts_guid ON podcasts (podcast_guid) WHERE podcast_guid != '';

ALTER TABLE episodes ADD COLUMN season_name TEXT NOT NULL DEFAULT '';
ALTER TABLE episodes ADD COLUMN episode_number REAL;
ALTER TABLE episodes ADD COLUMN episode_display TEXT NOT NULL DEFAULT '';
ALTER TABLE episodes ADD COLUMN p20 TEXT NOT NULL DEFAULT '';
UPDATE episodes SET episode_number = number WHERE number IS NOT NULL;
CREATE INDEX episodes_number
    ON episodes (IFNULL(season, 0) * 1000000 + IFNULL(episode_number, 0), id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    episode_id INTEGER REFERENCES episodes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'host',
    grp TEXT NOT NULL DEFAULT 'cast',
    img TEXT NOT NULL DEFAULT '',
    href TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_name ON people (name COLLATE NOCASE);
CREATE INDEX people_podcast ON people (podcast_id, episode_id);
CREATE INDEX people_episode ON people (episode_id);

CREATE TABLE live_items (
    id INTEGER PRIMARY KEY,
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'live', 'ended')),
    start REAL,
    "end" REAL,
    enclosure_url TEXT NOT NULL DEFAULT '',
    enclosure_type TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '',
    in_feed INTEGER NOT NULL DEFAULT 1,
    status_changed REAL NOT NULL,
    UNIQUE (podcast_id, guid)
);
CREATE INDEX live_items_status ON live_items (status, start);

CREATE TABLE live_events (
    id INTEGER PRIMARY KEY,
    live_item_id INTEGER NOT NULL REFERENCES live_items(id) ON DELETE CASCADE,
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    old_status TEXT NOT NULL DEFAULT '',
    new_status TEXT NOT NULL,
    at REAL NOT NULL,
    handled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX live_events_unhandled ON live_events (handled, id);
"""
"""Podcasting 2.0 namespace tags beyond transcripts and chapters (issue 19).

Columns carry what is sorted, filtered or joined on; the rest is one JSON document per row
(``p20``: funding, podroll, chat, socialInteract, podping, images, the AI-content disclosure,
locked; for an episode its soundbites, alternate enclosures and link overrides), read whole
by the podcast page and the episode view, so normalising it would only add joins.
``podcast_guid`` is the show's ``podcast:guid``, or the UUIDv5 of its feed URL when it declares
none, filled on the next refresh (SQL has no UUIDv5), indexed to find a moved show again.
``update_rrule``/``update_complete`` are ``podcast:updateFrequency`` for the refresh
scheduler. ``episode_number`` is the decimal ``podcast:episode`` (or the iTunes number):
100.5 sorts between 100 and 101, and ``episodes_number`` is the index of that ordering
(season first). ``people`` holds channel-level persons (``episode_id`` NULL) and episode-level
ones, which replace the show's for that episode; the name index answers "episodes with this
person". ``live_items`` are ``podcast:liveItem`` (not episodes: no position, never played),
kept by guid across refreshes so that a status change is seen; each change is appended to
``live_events``, which the window turns into a notification and marks ``handled``."""

V12_ORGANISE = """
CREATE TABLE queues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    ord INTEGER NOT NULL DEFAULT 0,
    auto_advance INTEGER NOT NULL DEFAULT 1,
    created_at REAL NOT NULL DEFAULT 0
);
INSERT INTO queues (id, name, ord) VALUES (1, 'Next up', 0);

CREATE TABLE queue_v12 (
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    PRIMARY KEY (queue_id, episode_id)
) WITHOUT ROWID;
INSERT INTO queue_v12 (queue_id, episode_id, ord) SELECT 1, episode_id, ord FROM queue;
DROP TABLE queue;
ALTER TABLE queue_v12 RENAME TO queue;
CREATE INDEX queue_ord ON queue (queue_id, ord);
CREATE INDEX queue_episode ON queue (episode_id);

CREATE TABLE folders (
    name TEXT PRIMARY KEY,
    collapsed INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO folders (name) SELECT DISTINCT folder FROM podcasts WHERE folder != '';
CREATE INDEX podcasts_folder ON podcasts (folder) WHERE folder != '';

CREATE TABLE podcast_tags (
    podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (podcast_id, tag)
) WITHOUT ROWID;
CREATE INDEX podcast_tags_tag ON podcast_tags (tag, podcast_id);

CREATE TABLE episode_tags (
    episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (episode_id, tag)
) WITHOUT ROWID;
CREATE INDEX episode_tags_tag ON episode_tags (tag, episode_id);

CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    rules TEXT NOT NULL,
    ord INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL DEFAULT 0
);
"""
"""Organising a big library. ``queues``: named play queues; id 1 is "Next up", which every
database has (the one queue of V1..V11 becomes it); which one is active is the setting
``queue.active``. A ``queue`` row now names its queue, and one episode may sit in several.
``folders`` are paths ("News/Daily": nested, as OPML outlines nest); a podcast's folder stays
the ``podcasts.folder`` text (what OPML import always wrote), and the table adds folders with
no podcast yet and whether the sidebar shows one collapsed. Tags are free words on podcasts
and on episodes (case-insensitive). ``playlists`` are smart playlists: saved rules (JSON of
:class:`player.domain.playlists.PlaylistRules`) evaluated by SQL each time they are shown."""

V13_SEARCH_BACKLOG = """
CREATE TABLE search_pending (episode_id INTEGER PRIMARY KEY);
DROP TRIGGER episodes_fts_ai;
CREATE TRIGGER episodes_fts_ai AFTER INSERT ON episodes BEGIN
    INSERT INTO search_pending (episode_id) VALUES (new.id);
END;
DROP TRIGGER episodes_fts_ad;
CREATE TRIGGER episodes_fts_ad AFTER DELETE ON episodes BEGIN
    DELETE FROM episodes_fts WHERE rowid = old.id;
    DELETE FROM search_pending WHERE episode_id = old.id;
END;
"""
"""The search index is filled in bulk. A new episode is only noted in ``search_pending``;
:mod:`player.storage.search_index` adds the pending ones to ``episodes_fts`` in one statement
before any search reads it and at the end of every refresh. Inserting into FTS5 row by row
from a trigger, one transaction per feed, cost 3.6 s of an import's 6 s of SQLite writing
for 40,000 episodes (each commit wrote a new index segment that later merges rewrote); in bulk
the same rows cost 0.7 s. Updates of pending rows change nothing in the index (their row is
not there yet) and the catch-up reads their current text."""

MIGRATIONS: tuple[str, ...] = (
    V1_CORE,
    V2_SETTINGS_DOWNLOADS_SIGNALS,
    V3_IN_PROGRESS_INDEX,
    V4_ITEM_FINGERPRINTS,
    V5_HISTORY_REVISIONS,
    V6_SORT_INDEXES,
    V7_TRANSCRIPTS,
    V8_ACCOUNT_SYNC,
    V9_SMART_AUDIO,
    V10_BOOKMARKS_SESSIONS,
    V11_PODCASTING_20,
    V12_ORGANISE,
    V13_SEARCH_BACKLOG,
)
"""``MIGRATIONS[i]`` upgrades a database from ``user_version`` i to i + 1."""

LATEST_VERSION = len(MIGRATIONS)
