"""Audio analyses in the store: one row per episode (``audio_analysis``, see ``V9_SMART_AUDIO``).

Silences are kept as a JSON list of ``[start, end]`` pairs: a long episode has a few thousand,
always read and written whole, never queried one by one.
"""

from __future__ import annotations

import json
import sqlite3
import time

from player.domain.audio import AudioAnalysis
from player.storage.db import Store


class AudioAnalysisRepo:
    """The ``audio_analysis`` table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, episode_id: int) -> AudioAnalysis | None:
        """The stored analysis of the episode, whichever analyser made it; None if none."""
        rows = self.store.query(
            "SELECT analyser, source, duration, loudness_lufs, true_peak_dbtp, speech_level, "
            "speech_seconds, silences, analysed_upto FROM audio_analysis WHERE episode_id = ?",
            (episode_id,),
        )
        return _analysis(rows[0]) if rows else None

    def save(self, episode_id: int, analysis: AudioAnalysis) -> None:
        """Store (or replace) the episode's analysis."""
        silences = json.dumps([[round(s, 3), round(e, 3)] for s, e in analysis.silences])
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO audio_analysis (episode_id, analyser, source, duration, "
                "loudness_lufs, true_peak_dbtp, speech_level, speech_seconds, silences, "
                "analysed_upto, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (episode_id) DO UPDATE SET analyser = excluded.analyser, "
                "source = excluded.source, duration = excluded.duration, "
                "loudness_lufs = excluded.loudness_lufs, "
                "true_peak_dbtp = excluded.true_peak_dbtp, speech_level = excluded.speech_level, "
                "speech_seconds = excluded.speech_seconds, silences = excluded.silences, "
                "analysed_upto = excluded.analysed_upto, analysed_at = excluded.analysed_at",
                (
                    episode_id,
                    analysis.analyser,
                    analysis.source,
                    analysis.duration,
                    analysis.loudness_lufs,
                    analysis.true_peak_dbtp,
                    analysis.speech_level,
                    analysis.speech_seconds,
                    silences,
                    analysis.analysed_upto,
                    time.time(),
                ),
            )

    def stale_or_missing(self, analyser: str, limit: int = 100) -> list[int]:
        """Downloaded episodes with no analysis, or one made by another analyser (or from a
        stream), newest download first: what the background analysis should do next."""
        rows = self.store.query(
            "SELECT e.id FROM episodes e LEFT JOIN audio_analysis a ON a.episode_id = e.id "
            "WHERE e.download_path != '' AND (a.episode_id IS NULL OR a.analyser != ? "
            "OR a.source != 'download') "
            "ORDER BY e.downloaded_at DESC, e.id DESC LIMIT ?",
            (analyser, limit),
        )
        return [int(r["id"]) for r in rows]


def _analysis(row: sqlite3.Row) -> AudioAnalysis:
    pairs = json.loads(row["silences"] or "[]")
    return AudioAnalysis(
        analyser=row["analyser"],
        source="stream" if row["source"] == "stream" else "download",
        duration=float(row["duration"]),
        loudness_lufs=row["loudness_lufs"],
        true_peak_dbtp=row["true_peak_dbtp"],
        speech_level=row["speech_level"],
        speech_seconds=float(row["speech_seconds"]),
        silences=tuple((float(s), float(e)) for s, e in pairs),
        analysed_upto=float(row["analysed_upto"]),
    )
