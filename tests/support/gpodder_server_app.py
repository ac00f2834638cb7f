"""Run gpodder-fastapi-router (a real gpodder.net API v2 server) on 127.0.0.1 for the sync tests.

This file runs under the server's *own* virtualenv (Python >= 3.12, see
``tests/support/gpodder_server.py``), never the project's: it imports nothing of ours.

``--cap-actions N`` makes the episode-actions answer capped the way gpodder.net caps long
answers: at most N actions, oldest first, with ``timestamp`` set to the last one returned, so a
client must page with ``since`` to read everything. The server itself is unchanged underneath.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, Request, Response
from gpodder_router import GPodderConfig, build_router, lifespan

ACTIONS_PATH = re.compile(r"^/api/2/episodes/[^/]+\.json$")


def _epoch(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def build_app(database: str, cap: int) -> FastAPI:
    config = GPodderConfig(
        database_url=f"sqlite+aiosqlite:///{database}",
        bcrypt_rounds=4,  # test users: hashing is not what is tested
        enable_dashboard=False,
    )
    app = FastAPI(lifespan=lambda a: lifespan(a, config=config))
    app.include_router(build_router())

    if cap > 0:

        @app.middleware("http")
        async def cap_actions(request: Request, call_next):  # type: ignore[no-untyped-def]
            response = await call_next(request)
            if request.method != "GET" or not ACTIONS_PATH.match(request.url.path):
                return response
            body = b"".join([chunk async for chunk in response.body_iterator])
            data = json.loads(body)
            actions = data.get("actions", [])
            if len(actions) > cap:
                actions = actions[:cap]
                data = {"actions": actions, "timestamp": _epoch(actions[-1]["timestamp"])}
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
            return Response(json.dumps(data), response.status_code, headers)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cap-actions", type=int, default=0)
    args = parser.parse_args()
    uvicorn.run(
        build_app(args.database, args.cap_actions),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
