"""A second (or first) real process for the single-instance tests: what start-up will do.

    python -m tests.support.launch_instance DATA_DIR [ARG...]

Runs :func:`claim_or_hand_off` exactly as the app's start-up does. As the primary it prints
``primary <socket>`` and then one JSON line per hand-off it receives, until killed; after
handing its arguments over it prints ``handed-off`` and exits 0; on failure it prints the
error and exits 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from player.domain.errors import PlayerError
from player.qt.single_instance import claim_or_hand_off


def main(argv: list[str]) -> int:
    app = QCoreApplication(argv[:1])
    try:
        instance = claim_or_hand_off(Path(argv[1]), argv[2:], timeout=20)
    except PlayerError as exc:
        print(exc, flush=True)
        return 1
    if instance is None:
        print("handed-off", flush=True)
        return 0
    instance.messageReceived.connect(lambda args: print(json.dumps(args), flush=True))
    print(f"primary {instance.server_name}", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
