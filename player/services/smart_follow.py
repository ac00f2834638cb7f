"""Smart audio for the loaded episode, as the player service drives it.

:class:`SmartAudioFollower` holds what :class:`~player.services.playback.PlaybackService`
would otherwise carry in a dozen fields and four methods: the listener's choices (the podcast's,
the global settings, and ``play --trim-silence``-style overrides), the episode's plan (its skip
ranges and effects, from the stored analysis), the effects handed to the engine, and the alarm
that wakes the player when the next silence or outro is due. It is a helper of the service like
the sleep timer and the chapter follower: everything runs on the owner thread; the service
tells it what happened (loaded, moved, length known, a tick) and it calls back to jump or to
finish the episode, which only the service can do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from player.domain.audio_effects import SmartAudio, resolve
from player.domain.models import Episode
from player.playback.engine import Engine, Post
from player.services.listening import ListeningLog
from player.services.playback_state import PlayerEvent, SmartAudioChanged
from player.services.smart_audio import Alarm, Due, SmartAudioPlan, SmartAudioStatus
from player.storage import PodcastRepo, SettingsRepo
from player.storage.audio_analysis import AudioAnalysisRepo


class SmartAudioFollower:
    """Plans smart audio per episode and acts on what falls due while it plays.

    ``playing()`` says whether the engine is playing the loaded episode; ``rate()`` is the
    playback speed; ``jump(target)`` moves the player over a silence (seek, events, chapters);
    ``finish(position)`` ends the episode where the rest is silence or outro.
    """

    def __init__(
        self,
        engine: Engine,
        post: Post,
        podcasts: PodcastRepo,
        settings: SettingsRepo,
        analyses: AudioAnalysisRepo,
        log: ListeningLog,
        emit: Callable[[PlayerEvent], None],
        *,
        playing: Callable[[], bool],
        rate: Callable[[], float],
        jump: Callable[[float], None],
        finish: Callable[[float], None],
    ) -> None:
        self._engine = engine
        self._podcasts = podcasts
        self._settings = settings
        self._analyses = analyses
        self._log = log
        self._emit = emit
        self._playing = playing
        self._rate = rate
        self._jump = jump
        self._finish = finish
        self._alarm = Alarm(post)
        self._overrides: dict[str, object] = {}
        self._plan = SmartAudioPlan(SmartAudio(), None, None)
        self.status = SmartAudioStatus()
        """What smart audio does for the loaded episode (the window's indicator shows it)."""

    def override(
        self,
        trim_silence: str | None = None,
        normalize: bool | None = None,
        voice_boost: bool | None = None,
    ) -> None:
        """Take these choices over the podcast's and the global ones; None keeps a choice."""
        for key, value in (
            ("trim_silence", trim_silence),
            ("normalize", normalize),
            ("voice_boost", voice_boost),
        ):
            if value is not None:
                self._overrides[key] = value

    def plan(self, episode: Episode, duration: float | None) -> None:
        """Decide the episode's skips and effects and hand the effects to the engine."""
        podcast = self._podcasts.get(episode.podcast_id)
        choices = resolve(
            podcast.trim_silence,
            podcast.normalize_loudness,
            podcast.voice_boost,
            podcast.skip_intro,
            podcast.skip_outro,
            self._settings.all(),
        )
        choices = dataclasses.replace(choices, **self._overrides)  # type: ignore[arg-type]
        analysis = self._analyses.get(episode.id) if choices.needs_analysis else None
        self._plan = SmartAudioPlan(choices, analysis, duration)
        applied = self._engine.set_audio_effects(self._plan.effects)
        self.status = SmartAudioStatus(
            choices=choices,
            effects=self._plan.effects,
            applied=applied or not self._plan.effects.active,
            analysed=analysis is not None,
            trim_ranges=len(self._plan.skips),
        )
        self._emit(SmartAudioChanged(self.status))

    def start_at(self, position: float) -> float:
        """Where to open the episode: past the intro (from the start) or past a silence it
        would open in; what is skipped is counted in the span to come."""
        start, intro, silence = self._plan.start_at(position)
        if start != position:
            self._log.skipped(silence=silence, skips=intro)
        return start

    def follow(self) -> None:
        """Act on a silence or outro that is due now, and set the alarm for the next one."""
        plan = self._plan
        if not self._playing() or not plan.active:
            self._alarm.cancel()
            return
        # Where the output has got to: what a seek can no longer take back counts as played.
        lead = self._engine.output_lead
        position = self._engine.position() + lead
        due = plan.due(position)
        if due is not None:
            target = self._act(position, due)
            if target is None or not self._playing():
                return
            position = target + lead
        wait = plan.wait(position)
        if wait is None:
            self._alarm.cancel()
        else:
            self._alarm.set(wait / self._rate(), self.follow)

    def _act(self, position: float, due: Due) -> float | None:
        """Jump over a silence inside the span (the target), or end the episode where the rest
        is silence or outro (None: its end is never seeked to, that is where players stick)."""
        if due.kind == "silence":
            self._log.skipped(silence=due.seconds)
        else:
            self._log.skipped(skips=due.seconds)
        if due.finish:
            # A trailing silence counts as covered (the span ends at the end); an outro as
            # not listened to (the span ends where it began).
            self._alarm.cancel()
            self._finish(due.target if due.kind == "silence" else position)
            return None
        self._engine.seek(due.target)
        self._plan.floor = due.target
        self._jump(due.target)
        return due.target

    def moved(self) -> None:
        """The listener seeked: every silence after the new place is ahead again."""
        self._plan.floor = 0.0
        self.follow()

    def set_duration(self, duration: float) -> None:
        self._plan.set_duration(duration)

    def close(self) -> None:
        self._alarm.close()
