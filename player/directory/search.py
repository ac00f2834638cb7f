"""Ask every enabled provider at once and merge what comes back by a deadline.

Each provider runs on its own thread of a small pool, with its own request timeout; the whole
search also has a deadline, so one directory that accepts the connection and then never
answers costs the listener at most that long. A provider that fails or misses the deadline
adds a sentence to :attr:`MergedAnswer.errors`; it never fails the search.

A ``lookup`` (the disk cache) may answer for a provider before it is asked, and ``store`` is
called with each fresh, cacheable answer; both are optional so the core needs no disk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import httpx

from player.directory.http import USER_AGENT
from player.directory.merge import merge
from player.directory.model import DirectoryError, MergedAnswer, Provider, ProviderAnswer

log = logging.getLogger(__name__)

Ask = Callable[[Provider, httpx.Client], ProviderAnswer]
"""One provider's request: ``provider.search(client, query, limit)`` or ``.charts(...)``."""
Lookup = Callable[[Provider], ProviderAnswer | None]
Store = Callable[[Provider, ProviderAnswer], None]

DEFAULT_DEADLINE = 10.0
"""Seconds the whole search may take, whatever each provider's own timeout."""


def new_client() -> httpx.Client:
    """The HTTP client directory requests share (thread-safe; no proxies from the environment,
    as the feed fetcher: the loopback tests must never go through a proxy)."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
        trust_env=False,
        limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
    )


def ask_all(
    providers: Sequence[Provider],
    ask: Ask,
    *,
    query: str = "",
    client: httpx.Client | None = None,
    deadline: float = DEFAULT_DEADLINE,
    lookup: Lookup | None = None,
    store: Store | None = None,
) -> MergedAnswer:
    """Every provider's answer (cached or fresh, in parallel), merged; never raises for one."""
    started = time.monotonic()
    answers: dict[str, ProviderAnswer] = {}
    to_ask: list[Provider] = []
    for provider in providers:
        cached = lookup(provider) if lookup is not None else None
        if cached is not None:
            answers[provider.name] = cached
        else:
            to_ask.append(provider)
    errors: dict[str, str] = {}
    if to_ask:
        own = client is None
        http = client or new_client()
        pool = ThreadPoolExecutor(max_workers=len(to_ask), thread_name_prefix="directory")
        try:
            futures = {pool.submit(_one, ask, p, http): p for p in to_ask}
            pending: set[Future[ProviderAnswer]] = set(futures)
            end = started + deadline
            while pending:
                left = end - time.monotonic()
                if left <= 0:
                    break
                done, pending = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
                for future in done:
                    provider = futures[future]
                    answer = future.result()
                    answers[provider.name] = answer
                    if answer.error is None and answer.cacheable and store is not None:
                        try:
                            store(provider, answer)
                        except OSError as exc:  # a full disk loses the cache, not the answer
                            log.warning("directory cache: cannot store an answer: %s", exc)
            for future in pending:
                provider = futures[future]
                future.cancel()
                answers[provider.name] = ProviderAnswer(
                    provider=provider.name,
                    error=f"{provider.label} did not answer within {deadline:g} s.",
                    seconds=deadline,
                    cacheable=False,
                )
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            if own:  # a straggler past the deadline then fails quietly: its answer is dropped
                http.close()
    ordered = [answers[p.name] for p in providers if p.name in answers]
    for answer in ordered:
        if answer.error is not None:
            errors[answer.provider] = answer.error
    return MergedAnswer(
        query=query,
        results=merge([a for a in ordered if a.error is None]),
        errors=errors,
        answered=tuple(a.provider for a in ordered if a.error is None),
        skipped=tuple(s for a in ordered if a.error is None for s in a.skipped),
        seconds=time.monotonic() - started,
    )


def _one(ask: Ask, provider: Provider, client: httpx.Client) -> ProviderAnswer:
    """One provider's answer; its failure becomes an error answer (never cached)."""
    started = time.monotonic()
    try:
        answer = ask(provider, client)
    except DirectoryError as exc:
        log.info("directory %s: %s", provider.name, exc)
        return ProviderAnswer(
            provider=provider.name,
            error=str(exc),
            seconds=time.monotonic() - started,
            cacheable=False,
        )
    except Exception as exc:  # a provider's bug must not cost the other providers' answers
        log.exception("directory %s failed", provider.name)
        return ProviderAnswer(
            provider=provider.name,
            error=f"{provider.label} failed unexpectedly ({type(exc).__name__}).",
            seconds=time.monotonic() - started,
            cacheable=False,
        )
    log.debug(
        "directory %s: %d results in %.2f s",
        provider.name,
        len(answer.results),
        time.monotonic() - started,
    )
    return answer
