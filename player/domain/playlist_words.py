"""The command line's RULES words for smart playlists (``playlist-save NAME RULES...``):
``podcast:12 -tag:long state:new duration:<30m age:<7d sort:oldest limit:20``, read into
:class:`player.domain.playlists.PlaylistRules` and written back; a bad word is named in one
sentence."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from player.domain.playlists import (
    DEFAULT_DESCENDING,
    SORT_WORDS,
    DownloadRule,
    PlaylistRules,
    PlaylistRulesError,
    StateRule,
)
from player.domain.queries import EpisodeSort
from player.i18n import _

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
        raise PlaylistRulesError(
            _("{exc} (in {join!r})").format(exc=exc, join=" ".join(words))
        ) from exc


def _parse_word(word: str, draft: _Draft) -> None:
    if word in ("in-progress", "in_progress"):
        draft.values["in_progress"] = True
        return
    excluded = word.startswith("-")
    key, sep, value = word.removeprefix("-").partition(":")
    key = key.lower()
    if not sep:
        raise PlaylistRulesError(
            _("'{word}' is not a rule: write KIND:VALUE, e.g. tag:news or duration:<30m.").format(
                word=word
            )
        )
    if not value:
        raise PlaylistRulesError(_("'{word}' has no value after the colon.").format(word=word))
    if excluded and key not in ("podcast", "folder", "tag"):
        raise PlaylistRulesError(
            _("'{word}': only podcast, folder and tag rules can start with '-'.").format(word=word)
        )
    suffix = "_out" if excluded else "_in"
    if key == "podcast":
        if not value.isdigit():
            raise PlaylistRulesError(
                _("'{word}': a podcast is given by its id (see: podcasts).").format(word=word)
            )
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
            raise PlaylistRulesError(
                _("'{word}': sort by one of {join}.").format(word=word, join=", ".join(SORT_WORDS))
            )
        draft.values["sort"], draft.values["descending"] = SORT_WORDS[value.lower()]
    elif key == "limit":
        _limit(word, value, draft)
    else:
        raise PlaylistRulesError(
            _("'{word}': unknown rule '{key}' (try: {RULE_WORDS_HELP}).").format(
                word=word, key=key, RULE_WORDS_HELP=RULE_WORDS_HELP
            )
        )


def _choice(word: str, value: str, kind: type[enum.StrEnum]) -> Any:
    try:
        return kind(value.lower())
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise PlaylistRulesError(
            _("'{word}': the value must be one of {allowed}.").format(word=word, allowed=allowed)
        ) from None


def _bound(word: str, value: str, draft: _Draft, above: str, below: str, read: Any) -> None:
    """``<X`` sets the upper bound ``below``, ``>X`` the lower one ``above``."""
    op, amount = value[:1], value[1:]
    if op not in "<>" or not op:
        raise PlaylistRulesError(
            _("'{word}': start the value with < or >, e.g. {word2}<30m.").format(
                word=word, word2=word[: -len(value)]
            )
        )
    number = read(word, amount)
    draft.values[below if op == "<" else above] = number


def _seconds(word: str, text: str) -> float:
    match = _SPAN.match(text.lower())
    if not text or match is None or not any(match.groups()):
        raise PlaylistRulesError(
            _("'{word}': give a length such as 45s, 30m or 1h30m.").format(word=word)
        )
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _age_days(word: str, text: str) -> float:
    match = _AGE.match(text.lower())
    if match is None:
        raise PlaylistRulesError(
            _("'{word}': give an age such as 12h, 7d or 2w.").format(word=word)
        )
    return float(match.group(1)) * _AGE_DAYS[match.group(2)]


def _limit(word: str, value: str, draft: _Draft) -> None:
    if value.lower() in ("none", "0"):
        draft.values["limit"] = None
        return
    if not value.isdigit():
        raise PlaylistRulesError(
            _("'{word}': the limit is a whole number (or none).").format(word=word)
        )
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
