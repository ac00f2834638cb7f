"""The two baselines the issue names, computed from the same store at the same moment."""

from __future__ import annotations

from player.storage import Store


def newest_unplayed(store: Store, at: float, limit: int) -> list[int]:
    """Newest unplayed first, across the whole library."""
    rows = store.connection().execute(
        "SELECT id FROM episodes WHERE state = 'new' AND published <= ? "
        "ORDER BY published DESC, id DESC LIMIT ?",
        (at, limit),
    )
    return [r[0] for r in rows]


def most_played_show(store: Store, at: float, limit: int) -> list[int]:
    """The newest unplayed episode of the most-played show first, then of the next show...

    Round robin: every show's newest comes before any show's second newest, shows ranked by
    how many play events they had before ``at`` (shows never played come last, by recency).
    This is the stronger reading of "newest episode of the most-played show first".
    """
    conn = store.connection()
    counts = dict(
        conn.execute(
            "SELECT e.podcast_id, COUNT(*) FROM play_events pe "
            "JOIN episodes e ON e.id = pe.episode_id WHERE pe.started_at <= ? "
            "GROUP BY e.podcast_id",
            (at,),
        ).fetchall()
    )
    per_show: dict[int, list[tuple[float, int]]] = {}
    for show_id in [r[0] for r in conn.execute("SELECT id FROM podcasts")]:
        per_show[show_id] = [
            (r[1], r[0])
            for r in conn.execute(
                "SELECT id, published FROM episodes WHERE podcast_id = ? AND state = 'new' "
                "AND published <= ? ORDER BY published DESC LIMIT ?",
                (show_id, at, limit),
            )
        ]
    order = sorted(
        per_show,
        key=lambda s: (-counts.get(s, 0), -(per_show[s][0][0] if per_show[s] else 0.0), s),
    )
    ranked: list[int] = []
    for depth in range(limit):
        for show_id in order:
            if depth < len(per_show[show_id]):
                ranked.append(per_show[show_id][depth][1])
    return ranked[:limit]
