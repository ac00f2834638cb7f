"""Directory answers kept on disk for a while: typing the same search twice costs nothing.

One JSON file per (provider, kind, request) under ``DataPaths.cache / "directory"``, named by
a hash of the request. Only answers that say they may be cached are stored (never errors, never
an answer whose feed look-up failed); a file that cannot be read or decoded is treated as absent
(and removed), so a corrupt cache never fails a search. Searches keep 6 hours, charts 24 (charts
change daily; a search's results rarely change within an afternoon).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from player.directory.model import ProviderAnswer, Skipped, result_from_dict, result_to_dict

log = logging.getLogger(__name__)

SEARCH_SECONDS = 6 * 3600
CHART_SECONDS = 24 * 3600
FORMAT = 1
"""Bumped when the stored shape changes: older files are then ignored."""


class DirectoryCache:
    """Answers by request under ``folder``; ``clock`` is injectable so tests can age them."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.clock = clock

    def path(self, provider: str, kind: str, request: dict[str, Any]) -> Path:
        """The file for one request (its parameters in any order give the same name)."""
        text = json.dumps([FORMAT, provider, kind, request], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{provider}-{kind}-{digest}.json"

    def get(
        self, provider: str, kind: str, request: dict[str, Any], max_age: float
    ) -> ProviderAnswer | None:
        """The stored answer when younger than ``max_age`` seconds, else None."""
        path = self.path(provider, kind, request)
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") != FORMAT:
                return None
            age = self.clock() - float(data["stored"])
            if not 0 <= age < max_age:
                return None
            return ProviderAnswer(
                provider=provider,
                results=tuple(result_from_dict(r) for r in data["results"]),
                skipped=tuple(Skipped(str(s["title"]), str(s["reason"])) for s in data["skipped"]),
                seconds=0.0,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("directory cache: ignoring the unreadable %s (%s)", path.name, exc)
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def put(
        self, provider: str, kind: str, request: dict[str, Any], answer: ProviderAnswer
    ) -> bool:
        """Store ``answer`` unless it is an error or not cacheable; True when written.

        Written to a temporary file and renamed, so a reader never sees half a file.
        """
        if answer.error is not None or not answer.cacheable:
            return False
        path = self.path(provider, kind, request)
        payload = {
            "format": FORMAT,
            "stored": self.clock(),
            "results": [result_to_dict(r) for r in answer.results],
            "skipped": [{"title": s.title, "reason": s.reason} for s in answer.skipped],
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        return True
