"""One GET of a directory's JSON, with every way it can fail turned into one readable sentence.

Directories fail in their own ways: Podcast Index answers a bad key with a 401 whose body is a
plain string, a bad request with a 400 whose body is JSON (``{"status": "false", "description":
...}``), iTunes with a 403 when it rate-limits and with ``text/javascript`` when all is well.
Every provider goes through :func:`get_json`, so the listener reads the same kind of sentence
whatever the directory, and a provider module only maps fields.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import httpx

from player import __version__
from player.directory.model import DirectoryError

USER_AGENT = f"podcast-player/{__version__} (+https://github.com/podcast-player)"
"""What every directory request says it is (Podcast Index requires a User-Agent)."""

MAX_BODY_BYTES = 8 * 1024 * 1024
"""A directory answer larger than this is not a directory answer."""

_DETAIL_CHARS = 160


def base_url(env_var: str, configured: str, default: str) -> str:
    """The base URL to use: the environment variable, else the setting, else the default.

    The environment wins so that a test, a benchmark or a mirror can point one run at another
    server without changing the listener's stored settings.
    """
    chosen = os.environ.get(env_var, "").strip() or (configured or "").strip() or default
    return chosen.rstrip("/")


def get_json(
    client: httpx.Client,
    label: str,
    url: str,
    params: Mapping[str, str | int] | None = None,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """GET ``url`` (``params`` URL-encoded by httpx) and decode JSON whatever the content type.

    Raises :class:`DirectoryError` with a sentence naming ``label`` for timeouts, refused
    connections, HTTP errors and bodies that are not JSON. ``timeout`` bounds each phase
    (connect, each read), not the whole answer: the search's deadline bounds that.
    """
    sent = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    try:
        with client.stream("GET", url, params=params, headers=sent, timeout=timeout) as response:
            status = response.status_code
            body = _read_capped(response)
    except httpx.TimeoutException:
        raise DirectoryError(f"{label} did not answer within {timeout:g} s.") from None
    except httpx.ConnectError as exc:
        reason = "connection refused" if "refused" in str(exc).lower() else "cannot connect"
        raise DirectoryError(f"{label} cannot be reached ({reason}).") from None
    except httpx.HTTPError as exc:
        raise DirectoryError(f"{label} cannot be reached ({type(exc).__name__}).") from None
    if body is None:
        raise DirectoryError(f"{label} sent an answer too large to be a directory's.")
    if status != 200:
        raise status_error(label, status, body)
    try:
        return json.loads(body)
    except ValueError:
        raise DirectoryError(f"{label} sent an answer that is not valid JSON.") from None


def _read_capped(response: httpx.Response) -> bytes | None:
    """The body, or None past :data:`MAX_BODY_BYTES` (read no further: a broken mirror could
    stream forever)."""
    parts: list[bytes] = []
    size = 0
    for part in response.iter_bytes():
        size += len(part)
        if size > MAX_BODY_BYTES:
            return None
        parts.append(part)
    return b"".join(parts)


def status_error(label: str, status: int, body: bytes) -> DirectoryError:
    """The sentence for a non-200 answer, with the server's own reason when it gave one."""
    detail = _detail(body)
    suffix = f": {detail}" if detail else ""
    if status == 401:
        return DirectoryError(f"{label} refused the credentials (401{suffix}).")
    if status == 403:
        return DirectoryError(f"{label} is limiting requests (403{suffix}); try again in a minute.")
    if status == 429:
        return DirectoryError(f"{label} is limiting requests (429); try again in a minute.")
    if status == 404:
        return DirectoryError(f"{label} has no such page (404); check its address in Settings.")
    if 400 <= status < 500:
        return DirectoryError(f"{label} rejected the request ({status}{suffix}).")
    return DirectoryError(f"{label} is having trouble: the server answered {status}.")


def _detail(body: bytes) -> str:
    """A short reason from an error body: a JSON ``description``/``message``, or plain text."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("description", "message", "error", "errorMessage", "msg"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return _short(value)
        return ""
    if isinstance(data, str):
        return _short(data)
    if text.startswith("<"):
        return ""  # an HTML error page says nothing a sentence can use
    return _short(text)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _DETAIL_CHARS else line[: _DETAIL_CHARS - 3].rstrip() + "..."
