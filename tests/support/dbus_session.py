"""A private D-Bus session bus for one test module (Debian's ``dbus-daemon``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def private_session_bus() -> Iterator[str]:
    """Start ``dbus-daemon --session``; yields its address; stops it afterwards."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is missing: install Debian's dbus-daemon package")
    process = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        address = process.stdout.readline().strip() if process.stdout else ""
        if not address:
            pytest.fail("dbus-daemon did not print its address")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def bus_env(address: str) -> dict[str, str]:
    """The environment for a child process that should use the private bus."""
    env = dict(os.environ)
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    return env
