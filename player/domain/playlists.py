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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from player.domain.errors import PlayerError
from player.domain.queries import EpisodeSort

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
                    raise PlaylistRulesError(f"'{value}' is not a playlist {name}.") from None
        if self.sort is EpisodeSort.RELEVANCE:
            raise PlaylistRulesError("A playlist cannot be sorted by relevance (it has no search).")
        if self.limit is not None and self.limit < 1:
            raise PlaylistRulesError("A playlist's limit must be 1 or more.")
        for name in ("min_duration", "max_duration", "newer_than_days", "older_than_days"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise PlaylistRulesError(f"A playlist's {name.replace('_', ' ')} is negative.")

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
            raise PlaylistRulesError(f"The playlist rules are not valid JSON ({exc}).") from exc
        if not isinstance(data, dict):
            raise PlaylistRulesError("The playlist rules must be a JSON object.")
        version = data.pop("version", None)
        if version != RULES_VERSION:
            raise PlaylistRulesError(
                f"The playlist rules have version {version!r}; this build reads {RULES_VERSION}."
            )
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise PlaylistRulesError(f"Unknown playlist rule keys: {', '.join(unknown)}.")
        values: dict[str, Any] = {}
        try:
            for name, raw in data.items():
                values[name] = _from_json_value(name, raw)
        except (TypeError, ValueError) as exc:
            raise PlaylistRulesError(f"A playlist rule has a bad value: {exc}.") from exc
        return cls(**values)

    # -- words -----------------------------------------------------------------------------

    def describe(self, podcast_names: Mapping[int, str] | None = None) -> str:
        """A plain-words summary ("New episodes from News, under 30 min, newest first, at most
        20"): what the sidebar's tooltip and the ``playlists`` command show."""
        names = podcast_names or {}
        noun = {
            StateRule.NEW: "New episodes",
            StateRule.PLAYED: "Played episodes",
            StateRule.ANY: "Episodes",
        }[self.state]
        if self.in_progress:
            noun = "Episodes in progress" if self.state is not StateRule.PLAYED else noun
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


# -- the command line's RULES words ----------------------------------------------------------

_SPAN = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")
_AGE = re.compile(r"^(\d+(?:\.\d+)?)([hdw])$")
_AGE_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0}
RULE_WORDS_HELP = (
    "podcast:ID folder:PATH tag:WORD (each may start with '-' to exclude), state:new|played|any, "
    "in-progress, downloaded:yes|no|any, duration:<30m, duration:>10m, age:<7d, age:>30d, "
    "sort:" + "|".join(SORT_WORDS) + ", limit:N|none"
)
"""One line for ``--help``."""


@dataclass
class _Draft:
    values: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, name: str, value: Any) -> None:
        items = self.lists.setdefault(name, [])
        if value not in items:
            items.append(value)


def parse_rule_words(words: Sequence[str]) -> PlaylistRules:
    """The rules of ``playlist-save NAME RULES...``; a bad word is named in one sentence."""
    draft = _Draft()
    for word in words:
        _parse_word(word, draft)
    values = dict(draft.values)
    for name, items in draft.lists.items():
        values[name] = tuple(items)
    try:
        return PlaylistRules(**values)
    except PlaylistRulesError as exc:
        raise PlaylistRulesError(f"{exc} (in {' '.join(words)!r})") from exc


def _parse_word(word: str, draft: _Draft) -> None:
    if word in ("in-progress", "in_progress"):
        draft.values["in_progress"] = True
        return
    excluded = word.startswith("-")
    key, sep, value = word.removeprefix("-").partition(":")
    key = key.lower()
    if not sep:
        raise PlaylistRulesError(
            f"'{word}' is not a rule: write KIND:VALUE, e.g. tag:news or duration:<30m."
        )
    if not value:
        raise PlaylistRulesError(f"'{word}' has no value after the colon.")
    if excluded and key not in ("podcast", "folder", "tag"):
        raise PlaylistRulesError(
            f"'{word}': only podcast, folder and tag rules can start with '-'."
        )
    suffix = "_out" if excluded else "_in"
    if key == "podcast":
        if not value.isdigit():
            raise PlaylistRulesError(f"'{word}': a podcast is given by its id (see: podcasts).")
        draft.add("podcasts" + suffix, int(value))
    elif key == "folder":
        draft.add("folders" + suffix, value.strip("/"))
    elif key == "tag":
        draft.add("tags" + suffix, value)
    elif key == "state":
        draft.values["state"] = _choice(word, value, StateRule)
    elif key == "downloaded":
        draft.values["downloaded"] = _choice(word, value, DownloadRule)
    elif key == "duration":
        _bound(word, value, draft, "min_duration", "max_duration", _seconds)
    elif key == "age":
        _bound(word, value, draft, "older_than_days", "newer_than_days", _age_days)
    elif key == "sort":
        if value.lower() not in SORT_WORDS:
            raise PlaylistRulesError(f"'{word}': sort by one of {', '.join(SORT_WORDS)}.")
        draft.values["sort"], draft.values["descending"] = SORT_WORDS[value.lower()]
    elif key == "limit":
        _limit(word, value, draft)
    else:
        raise PlaylistRulesError(f"'{word}': unknown rule '{key}' (try: {RULE_WORDS_HELP}).")


def _choice(word: str, value: str, kind: type[enum.StrEnum]) -> Any:
    try:
        return kind(value.lower())
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise PlaylistRulesError(f"'{word}': the value must be one of {allowed}.") from None


def _bound(word: str, value: str, draft: _Draft, above: str, below: str, read: Any) -> None:
    """``<X`` sets the upper bound ``below``, ``>X`` the lower one ``above``."""
    op, amount = value[:1], value[1:]
    if op not in "<>" or not op:
        raise PlaylistRulesError(
            f"'{word}': start the value with < or >, e.g. {word[: -len(value)]}<30m."
        )
    number = read(word, amount)
    draft.values[below if op == "<" else above] = number


def _seconds(word: str, text: str) -> float:
    match = _SPAN.match(text.lower())
    if not text or match is None or not any(match.groups()):
        raise PlaylistRulesError(f"'{word}': give a length such as 45s, 30m or 1h30m.")
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _age_days(word: str, text: str) -> float:
    match = _AGE.match(text.lower())
    if match is None:
        raise PlaylistRulesError(f"'{word}': give an age such as 12h, 7d or 2w.")
    return float(match.group(1)) * _AGE_DAYS[match.group(2)]


def _limit(word: str, value: str, draft: _Draft) -> None:
    if value.lower() in ("none", "0"):
        draft.values["limit"] = None
        return
    if not value.isdigit():
        raise PlaylistRulesError(f"'{word}': the limit is a whole number (or none).")
    draft.values["limit"] = int(value)


def rule_words(rules: PlaylistRules) -> list[str]:
    """The RULES words that :func:`parse_rule_words` reads back as ``rules`` (for display)."""
    words = [f"podcast:{i}" for i in rules.podcasts_in]
    words += [f"-podcast:{i}" for i in rules.podcasts_out]
    words += [f"folder:{f}" for f in rules.folders_in] + [f"-folder:{f}" for f in rules.folders_out]
    words += [f"tag:{t}" for t in rules.tags_in] + [f"-tag:{t}" for t in rules.tags_out]
    if rules.state is not StateRule.ANY:
        words.append(f"state:{rules.state.value}")
    if rules.in_progress:
        words.append("in-progress")
    if rules.downloaded is not DownloadRule.ANY:
        words.append(f"downloaded:{rules.downloaded.value}")
    if rules.min_duration is not None:
        words.append(f"duration:>{_span_word(rules.min_duration)}")
    if rules.max_duration is not None:
        words.append(f"duration:<{_span_word(rules.max_duration)}")
    if rules.newer_than_days is not None:
        words.append(f"age:<{_g(rules.newer_than_days)}d")
    if rules.older_than_days is not None:
        words.append(f"age:>{_g(rules.older_than_days)}d")
    wanted = (rules.sort, rules.is_descending)
    for word, (sort, descending) in SORT_WORDS.items():
        shown = DEFAULT_DESCENDING[sort] if descending is None else descending
        if (sort, shown) == wanted and wanted != (EpisodeSort.NEWEST, True):
            words.append(f"sort:{word}")
            break
    if rules.limit is not None:
        words.append(f"limit:{rules.limit}")
    return words


def _g(value: float) -> str:
    return f"{value:g}"


def _span_word(seconds: float) -> str:
    """A length as the shortest word :func:`parse_rule_words` reads back exactly."""
    if seconds and seconds % 3600 == 0:
        return f"{_g(seconds / 3600)}h"
    if seconds and seconds % 60 == 0:
        return f"{_g(seconds / 60)}m"
    return f"{_g(seconds)}s"


@dataclass(frozen=True, slots=True)
class Playlist:
    """A saved smart playlist: its id, its name (unique, case-insensitive) and its rules."""

    id: int
    name: str
    rules: PlaylistRules
