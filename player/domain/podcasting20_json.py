"""Podcasting 2.0 values as JSON: what the ``p20`` columns and ``live_items.data`` hold, and the
shape of the command line's ``--json``.

Encoding is :func:`dataclasses.asdict`; decoding rebuilds the frozen values of
:mod:`player.domain.podcasting20` from their own field types (a ``tuple[Person, ...]`` field is
a list of persons, a ``Chat | None`` one an object or nothing), so a new nested field needs no
entry here. Decoding is tolerant: unknown keys are dropped, so an older reader survives a newer
writer.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import asdict
from typing import Any

from player.domain.podcasting20 import ChannelExtras, ItemExtras, LiveItem


def to_data(value: Any) -> Any:
    """A dataclass (or tuple of them) as plain JSON data; None and scalars as they are."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    return asdict(value)


def encode(value: Any) -> str:
    """Compact, stable JSON of a dataclass: what a ``p20`` column holds ("" for nothing)."""
    data = to_data(value)
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _tuple(cls: Any, items: Any) -> tuple[Any, ...]:
    return tuple(_build(cls, i) for i in items or () if isinstance(i, dict))


@functools.cache
def _nested(cls: Any) -> dict[str, tuple[Any, bool]]:
    """The fields of ``cls`` that hold values of this vocabulary: name -> (their class, whether
    a tuple of them), read from the field types."""
    nested: dict[str, tuple[Any, bool]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is tuple and args and dataclasses.is_dataclass(args[0]):
            nested[name] = (args[0], True)
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in args if dataclasses.is_dataclass(a)]
            if inner:
                nested[name] = (inner[0], False)
    return nested


def _build(cls: Any, data: dict[str, Any]) -> Any:
    """Rebuild one of the vocabulary's dataclasses from :func:`to_data`'s output."""
    known = set(cls.__dataclass_fields__)
    values = {k: v for k, v in data.items() if k in known}
    for name, (inner, many) in _nested(cls).items():
        if name in values:
            raw = values[name]
            if many:
                values[name] = _tuple(inner, raw)
            else:
                values[name] = _build(inner, raw) if isinstance(raw, dict) else None
    return cls(**values)


def _decode_object(text: str) -> dict[str, Any] | None:
    """A stored JSON object (None for "" or anything that is not an object)."""
    data = json.loads(text) if text else {}
    return data if isinstance(data, dict) else None


def decode_channel(text: str) -> ChannelExtras:
    """A ``podcasts.p20`` value back into :class:`ChannelExtras` (empty for "")."""
    data = _decode_object(text)
    return ChannelExtras() if data is None else _build(ChannelExtras, data)


def decode_item(text: str) -> ItemExtras:
    """An ``episodes.p20`` value back into :class:`ItemExtras` (empty for "")."""
    data = _decode_object(text)
    return ItemExtras() if data is None else _build(ItemExtras, data)


def decode_live(text: str, **ids: int) -> LiveItem | None:
    """A ``live_items.data`` value back into a :class:`LiveItem` with its stored ids."""
    data = _decode_object(text)
    if data is None or "guid" not in data or "status" not in data:
        return None
    data.update(ids)
    return _build(LiveItem, data)


__all__ = ["decode_channel", "decode_item", "decode_live", "encode", "to_data"]
