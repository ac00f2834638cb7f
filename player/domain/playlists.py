"""Smart playlists: saved rules that pick and order episodes, as plain values.

The rules are data, not SQL: the store compiles them (``player.storage.playlist_sql``) each
time a playlist is shown, so its contents and count are always live. Within one kind of rule
the values are alternatives (``tag:news tag:tech``: either tag); the kinds combine with AND,
except that podcasts and folders are both *sources* (``podcast:12 folder:News``: episodes of
show 12 or of a show in News). Exclusions always remove.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from player.domain.errors import PlayerError
from player.domain.queries import EpisodeSort
from player.i18n import _

RULES_VERSION = 1
"""The version of the JSON shape :meth:`PlaylistRules.to_json` writes."""


class PlaylistRulesError(PlayerError):
    """Rules that cannot be read (a bad CLI word, an unknown JSON key); one sentence."""


class StateRule(enum.StrEnum):
    """Which listening state an episode must have."""

    ANY = "any"
    NEW = "new"
    """Not played yet (in-progress episodes count: the "New" view's meaning)."""
    PLAYED = "played"


class DownloadRule(enum.StrEnum):
    """Whether an episode must be downloaded."""

    ANY = "any"
    YES = "yes"
    NO = "no"


SORT_WORDS: dict[str, tuple[EpisodeSort, bool | None]] = {
    "newest": (EpisodeSort.NEWEST, None),
    "oldest": (EpisodeSort.OLDEST, None),
    "longest": (EpisodeSort.DURATION, None),
    "duration": (EpisodeSort.DURATION, None),
    "shortest": (EpisodeSort.DURATION, False),
    "title": (EpisodeSort.TITLE, None),
    "podcast": (EpisodeSort.PODCAST, None),
    "number": (EpisodeSort.NUMBER, None),
}
"""The ``sort:`` words, as (ordering, descending; None: the ordering's own direction). Not
relevance: a playlist has no search."""

DEFAULT_DESCENDING = {
    EpisodeSort.NEWEST: True,
    EpisodeSort.OLDEST: False,
    EpisodeSort.TITLE: False,
    EpisodeSort.DURATION: True,
    EpisodeSort.NUMBER: False,
    EpisodeSort.PODCAST: False,
}
"""Each ordering's own direction (the episode list's, :mod:`player.storage.episodes`)."""

_SORT_TEXT = {
    (EpisodeSort.NEWEST, True): "newest first",
    (EpisodeSort.OLDEST, False): "oldest first",
    (EpisodeSort.NEWEST, False): "oldest first",
    (EpisodeSort.OLDEST, True): "newest first",
    (EpisodeSort.DURATION, True): "longest first",
    (EpisodeSort.DURATION, False): "shortest first",
    (EpisodeSort.TITLE, False): "by title",
    (EpisodeSort.PODCAST, False): "by podcast",
    (EpisodeSort.NUMBER, False): "by episode number",
}


@dataclass(frozen=True, slots=True)
class PlaylistRules:
    """What a smart playlist holds and in which order. Empty fields do not filter."""

    podcasts_in: tuple[int, ...] = ()
    podcasts_out: tuple[int, ...] = ()
    folders_in: tuple[str, ...] = ()
    """Shows in these folders or nested under them ("News" takes "News/Daily")."""
    folders_out: tuple[str, ...] = ()
    tags_in: tuple[str, ...] = ()
    """An episode's own tags or its show's, case-insensitive."""
    tags_out: tuple[str, ...] = ()
    state: StateRule = StateRule.ANY
    in_progress: bool = False
    downloaded: DownloadRule = DownloadRule.ANY
    min_duration: float | None = None
    """Seconds: longer than this. An episode of unknown length passes neither bound."""
    max_duration: float | None = None
    """Seconds: shorter than this."""
    newer_than_days: float | None = None
    """Published within the last N days."""
    older_than_days: float | None = None
    """Published more than N days ago."""
    sort: EpisodeSort = EpisodeSort.NEWEST
    descending: bool | None = None
    """None: the ordering's own direction (newest: descending, title: ascending...)."""
    limit: int | None = None
    """At most this many episodes (the first ones in the playlist's order)."""

    def __post_init__(self) -> None:
        # Plain strings become the enums (a combo box hands its data back as ``str``).
        for name, kind in (("state", StateRule), ("downloaded", DownloadRule),
                           ("sort", EpisodeSort)):  # fmt: skip
            value = getattr(self, name)
            if not isinstance(value, kind):
                try:
                    object.__setattr__(self, name, kind(value))
                except ValueError:
                    raise PlaylistRulesError(
                        _("'{value}' is not a playlist {name}.").format(value=value, name=name)
                    ) from None
        if self.sort is EpisodeSort.RELEVANCE:
            raise PlaylistRulesError(
                _("A playlist cannot be sorted by relevance (it has no search).")
            )
        if self.limit is not None and self.limit < 1:
            raise PlaylistRulesError(_("A playlist's limit must be 1 or more."))
        for name in ("min_duration", "max_duration", "newer_than_days", "older_than_days"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise PlaylistRulesError(
                    _("A playlist's {replace} is negative.").format(replace=name.replace("_", " "))
                )

    @property
    def is_descending(self) -> bool:
        """The direction the playlist is listed in."""
        if self.descending is None:
            return DEFAULT_DESCENDING[self.sort]
        return self.descending

    # -- JSON ------------------------------------------------------------------------------

    def to_json(self) -> str:
        """The stored form: versioned, only the fields that differ from the defaults."""
        data: dict[str, Any] = {"version": RULES_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PlaylistRules:
        """Read :meth:`to_json`'s form; anything unknown is refused, saying what."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PlaylistRulesError(
                _("The playlist rules are not valid JSON ({exc}).").format(exc=exc)
            ) from exc
        if not isinstance(data, dict):
            raise PlaylistRulesError(_("The playlist rules must be a JSON object."))
        version = data.pop("version", None)
        if version != RULES_VERSION:
            raise PlaylistRulesError(
                _(
                    "The playlist rules have version {version!r}; this build reads {RULES_VERSION}."
                ).format(version=version, RULES_VERSION=RULES_VERSION)
            )
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise PlaylistRulesError(
                _("Unknown playlist rule keys: {join}.").format(join=", ".join(unknown))
            )
        values: dict[str, Any] = {}
        try:
            for name, raw in data.items():
                values[name] = _from_json_value(name, raw)
        except (TypeError, ValueError) as exc:
            raise PlaylistRulesError(
                _("A playlist rule has a bad value: {exc}.").format(exc=exc)
            ) from exc
        return cls(**values)

    # -- words -----------------------------------------------------------------------------

    def describe(self, podcast_names: Mapping[int, str] | None = None) -> str:
        """A plain-words summary ("New episodes from News, under 30 min, newest first, at most
        20"): what the sidebar's tooltip and the ``playlists`` command show."""
        names = podcast_names or {}
        noun = {
            StateRule.NEW: _("New episodes"),
            StateRule.PLAYED: _("Played episodes"),
            StateRule.ANY: _("Episodes"),
        }[self.state]
        if self.in_progress:
            noun = _("Episodes in progress") if self.state is not StateRule.PLAYED else noun
        parts = [noun]
        sources = [names.get(i, f"podcast {i}") for i in self.podcasts_in] + list(self.folders_in)
        if sources:
            parts[0] += " from " + _either(sources)
        excluded = [names.get(i, f"podcast {i}") for i in self.podcasts_out]
        excluded += list(self.folders_out)
        if excluded:
            parts.append("not from " + _either(excluded))
        if self.tags_in:
            parts.append("tagged " + _either(self.tags_in))
        if self.tags_out:
            parts.append("not tagged " + _either(self.tags_out))
        if self.downloaded is DownloadRule.YES:
            parts.append("downloaded")
        elif self.downloaded is DownloadRule.NO:
            parts.append("not downloaded")
        if self.min_duration is not None:
            parts.append(f"over {span_text(self.min_duration)}")
        if self.max_duration is not None:
            parts.append(f"under {span_text(self.max_duration)}")
        if self.newer_than_days is not None:
            parts.append(f"from the last {_days(self.newer_than_days)}")
        if self.older_than_days is not None:
            parts.append(f"older than {_days(self.older_than_days)}")
        parts.append(_SORT_TEXT.get((self.sort, self.is_descending), _sort_fallback(self)))
        if self.limit is not None:
            parts.append(f"at most {self.limit}")
        return ", ".join(parts)


def _sort_fallback(rules: PlaylistRules) -> str:
    return f"by {rules.sort.value} ({'descending' if rules.is_descending else 'ascending'})"


def _from_json_value(name: str, raw: Any) -> Any:
    """One JSON value as the dataclass field wants it (tuples, enums, numbers)."""
    if name in ("podcasts_in", "podcasts_out"):
        if not isinstance(raw, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in raw
        ):
            raise ValueError(f"{name} must be a list of podcast ids")
        return tuple(raw)
    if name in ("folders_in", "folders_out", "tags_in", "tags_out"):
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ValueError(f"{name} must be a list of strings")
        return tuple(raw)
    if name == "state":
        return StateRule(raw)
    if name == "downloaded":
        return DownloadRule(raw)
    if name == "sort":
        return EpisodeSort(raw)
    if name in ("in_progress", "descending"):
        if not isinstance(raw, bool) and not (name == "descending" and raw is None):
            raise ValueError(f"{name} must be true or false")
        return raw
    if name == "limit":
        if raw is not None and (not isinstance(raw, int) or isinstance(raw, bool)):
            raise ValueError("limit must be a whole number")
        return raw
    if raw is not None and (not isinstance(raw, int | float) or isinstance(raw, bool)):
        raise ValueError(f"{name} must be a number")
    return raw


def _either(values: Sequence[str]) -> str:
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + " or " + values[-1]


def _days(days: float) -> str:
    if days % 7 == 0 and days >= 14:
        return f"{int(days // 7)} weeks"
    if days < 1:
        hours = round(days * 24)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    shown = int(days) if float(days).is_integer() else days
    return f"{shown} day{'s' if shown != 1 else ''}"


def span_text(seconds: float) -> str:
    """A length in the words a listener uses ("30 min", "1 h 30 min", "45 s")."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = []
    if hours:
        out.append(f"{hours} h")
    if minutes:
        out.append(f"{minutes} min")
    if secs or not out:
        out.append(f"{secs} s")
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class Playlist:
    """A saved smart playlist: its id, its name (unique, case-insensitive) and its rules."""

    id: int
    name: str
    rules: PlaylistRules
