"""What the arguments of ``podcast-player ARG...`` ask for: subscribe to a link, import a file.

Links reach the app from many doors: a terminal, a browser's ``feed:``/``podcast:``/``itpc:``/
``pcast:`` scheme handler, a file manager's "Open with" (which passes ``file://`` URLs because the
desktop entry says ``%U``). This module turns each argument into one request the window can act
on, or a one-sentence error, without touching the network or the library. It holds no Qt, so the
command line uses the same test to tell "a link for the window" from "a mistyped command".
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from player.i18n import _

FEED_SCHEMES = ("feed", "podcast", "itpc", "pcast")
"""Schemes that podcast directories and browsers use for "subscribe to this feed"."""

WEB_SCHEMES = ("http", "https")
IMPORT_SUFFIXES = (".opml", ".xml")
_SNIFF_BYTES = 4096
_ROOT_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(opml|rss|feed|rdf:RDF|RDF)\b")

ImportKind = Literal["opml", "feed"]


@dataclass(frozen=True, slots=True)
class SubscribeRequest:
    """Subscribe to ``url`` (after the listener confirms): ``original`` is what was given."""

    url: str
    original: str


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """Import a local file: an OPML subscription list, or a single feed saved to disk."""

    path: Path
    kind: ImportKind


@dataclass(frozen=True, slots=True)
class InvalidArgument:
    """An argument the app cannot open, with the sentence to show."""

    argument: str
    message: str


OpenRequest = SubscribeRequest | ImportRequest | InvalidArgument


def _scheme(argument: str) -> str | None:
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", argument)
    if match is None or len(match.group(1)) == 1:  # "C:\feeds.opml" is a Windows path
        return None
    return match.group(1).lower()


def looks_like_open_argument(argument: str) -> bool:
    """True for what :func:`classify` would treat as a link or a file rather than a command.

    The command line asks this before deciding that ``podcast-player podcsts`` is a typo (an
    "invalid choice" error) and ``podcast-player feed://...`` is something for the window.
    """
    scheme = _scheme(argument)
    if scheme is not None:
        return scheme in (*WEB_SCHEMES, *FEED_SCHEMES, "file")
    path = Path(argument)
    return path.suffix.lower() in IMPORT_SUFFIXES or path.is_file() or os.sep in argument


def _web_url(url: str, original: str) -> OpenRequest:
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return InvalidArgument(
            original, _("{original!r} is not a feed address.").format(original=original)
        )
    return SubscribeRequest(url=url, original=original)


def _feed_scheme_url(argument: str, scheme: str) -> OpenRequest:
    """``feed://host/x`` and friends become ``https://host/x``; ``feed:https://host/x`` unwraps.

    The bare forms carry no transport: https is chosen because almost every podcast host serves
    it today and many redirect plain http to it, while the reverse is never true.
    """
    rest = argument[len(scheme) + 1 :]
    inner = _scheme(rest)
    if inner in WEB_SCHEMES:
        return _web_url(rest, argument)
    if inner is not None and "." not in inner:  # feed:mailto:..., not feed:host.org:8080/x
        return InvalidArgument(
            argument, _("{argument!r} is not a feed address.").format(argument=argument)
        )
    return _web_url("https://" + rest.lstrip("/"), argument)


def _sniff_kind(path: Path) -> ImportKind | None:
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    match = _ROOT_ELEMENT.search(head)
    if match is None:
        return None
    return "opml" if match.group(1) == b"opml" else "feed"


def _local_file(path: Path, original: str) -> OpenRequest:
    if not path.is_file():
        return InvalidArgument(
            original, _("There is no file {str!r} to import.").format(str=str(path))
        )
    try:
        kind = "opml" if path.suffix.lower() == ".opml" else _sniff_kind(path)
    except OSError as exc:
        return InvalidArgument(
            original,
            _("Cannot read {str!r}: {value}.").format(str=str(path), value=exc.strerror or exc),
        )
    if kind is None:
        return InvalidArgument(
            original, _("{str!r} is neither an OPML list nor a feed.").format(str=str(path))
        )
    return ImportRequest(path=path.resolve(), kind=kind)


def classify(argument: str, cwd: Path | None = None) -> OpenRequest:
    """What one launch argument asks for; relative paths are taken from ``cwd`` (default: here)."""
    text = argument.strip()
    scheme = _scheme(text)
    if scheme in WEB_SCHEMES:
        return _web_url(text, argument)
    if scheme in FEED_SCHEMES:
        return _feed_scheme_url(text, scheme)
    if scheme == "file":
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            return InvalidArgument(
                argument, _("{argument!r} is a file on another computer.").format(argument=argument)
            )
        return _local_file(Path(unquote(parts.path)), argument)
    if scheme is None and text:
        path = Path(text).expanduser()
        if path.suffix.lower() in IMPORT_SUFFIXES or path.exists():
            return _local_file((cwd or Path.cwd()) / path, argument)
    return InvalidArgument(
        argument,
        _(
            "Cannot open {argument!r}: give a feed address (https://, feed://, podcast://, "
            "itpc://, pcast://) or an OPML file."
        ).format(argument=argument),
    )


def classify_all(arguments: Sequence[str], cwd: Path | None = None) -> list[OpenRequest]:
    """:func:`classify` for each argument, in order (duplicates are kept: the caller decides)."""
    return [classify(argument, cwd) for argument in arguments]


def portable_arguments(arguments: Sequence[str], cwd: Path | None = None) -> list[str]:
    """The arguments with relative paths made absolute, for handing to another process.

    A second launch hands its arguments to the running instance, whose working folder differs;
    links pass through unchanged, and so does anything the receiver will reject anyway.
    """
    base = cwd or Path.cwd()
    result = []
    for argument in arguments:
        text = argument.strip()
        if text and _scheme(text) is None:
            result.append(str(base / Path(text).expanduser()))
        else:
            result.append(argument)
    return result


def is_opml_url(url: str) -> bool:
    """A web address of a subscription list (``.../subscriptions.opml``) rather than a feed.

    Dropped or handed to the app, such a link is imported, not subscribed to (it would fail
    with "does not link to a podcast feed").
    """
    return urlsplit(url).path.lower().endswith(".opml")
