"""A keyring in a dict, for the tests and benchmarks of the directory credentials.

No Secret Service runs on the test machines, and neither a test nor a benchmark may write to a
developer's real keyring, so they register this one explicitly (``Credentials(MemoryKeyring())``
or ``keyring.set_keyring``).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict. No Secret Service runs on the test machines (and a test must not
    write to a developer's real keyring), so tests register this one explicitly."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")
