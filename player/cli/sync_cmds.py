"""Sync commands: log in to a gpodder.net or Nextcloud account, sync, show the state, log out.

The password comes from ``PODCAST_PLAYER_SYNC_PASSWORD`` or a prompt (never an argument, which
other users can read in the process list); it is kept in the system keyring, or, where there is
none, for this command only.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import iso, note, print_json
from player.domain.errors import PlayerError
from player.i18n import _

if TYPE_CHECKING:
    from player.services.account_sync import AccountSyncService, SyncReport, SyncStatus
    from player.services.sync_passwords import SyncPasswords

PASSWORD_ENV = "PODCAST_PLAYER_SYNC_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "sync-login",
        help="log in to a gpodder.net (or compatible) or Nextcloud gPodder Sync account",
        description="Check the account with the server and remember it (the password in the "
        f"system keyring). The password is read from {PASSWORD_ENV} or asked for.",
    )
    p.add_argument("url", metavar="URL", help="the server, e.g. https://gpodder.net")
    p.add_argument("user", metavar="USER", help="the user name")
    p.add_argument(
        "--nextcloud",
        action="store_true",
        help="a Nextcloud server with the gPodder Sync app (use an app password)",
    )
    p.add_argument(
        "--browser",
        action="store_true",
        help="with --nextcloud: grant access on Nextcloud's web page (Login Flow v2), which "
        "issues an app password for this player, instead of typing one",
    )
    p.add_argument(
        "--device",
        metavar="NAME",
        default="",
        help="this computer's device id on a gpodder.net server (default: from the host name)",
    )
    p.set_defaults(func=cmd_sync_login)

    p = sub.add_parser(
        "sync", help="sync subscriptions and listening positions with the sync account"
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("sync-status", help="show the sync account and what is waiting to be sent")
    p.add_argument("--json", action="store_true", help="print the state as JSON")
    p.set_defaults(func=cmd_sync_status)

    p = sub.add_parser("sync-logout", help="forget the sync account and its password")
    p.set_defaults(func=cmd_sync_logout)


def _passwords() -> SyncPasswords:
    from player.services.sync_passwords import SyncPasswords

    return SyncPasswords()


@contextlib.contextmanager
def _service(ctx: CliContext, passwords: SyncPasswords) -> Iterator[AccountSyncService]:
    """The engine over a feed service of its own (closed after the command: its parse
    workers are processes)."""
    from player.services.account_sync import AccountSyncService
    from player.services.sync import SyncService

    feeds = SyncService(ctx.store)
    try:
        yield AccountSyncService(ctx.store, feeds, passwords)
    finally:
        feeds.close()


def _read_password(prompt: str) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise PlayerError(
            _("No password: set {PASSWORD_ENV} or run this in a terminal.").format(
                PASSWORD_ENV=PASSWORD_ENV
            )
        )
    return getpass.getpass(prompt)


def _browser_login(server: str, user: str) -> tuple[str, str]:
    """Nextcloud's Login Flow v2: the page opens in the browser (its address is printed too,
    for a terminal on another machine), then we wait for the grant; ``(login name, app
    password)``."""
    import webbrowser

    from player.syncapi.login_flow import start_login_flow, wait_for_login

    flow = start_login_flow(server)
    print(
        _("Grant access in your browser (waiting up to 10 minutes): {login_url}").format(
            login_url=flow.login_url
        ),
        flush=True,
    )
    with contextlib.suppress(webbrowser.Error):
        webbrowser.open(flow.login_url)
    granted = wait_for_login(flow)
    if granted.login_name != user:
        note(
            _("Nextcloud logged you in as {login_name} (not {user}); using that.").format(
                login_name=granted.login_name, user=user
            )
        )
    return granted.login_name, granted.app_password


def cmd_sync_login(ctx: CliContext, args: argparse.Namespace) -> int:
    passwords = _passwords()
    kind = "nextcloud" if args.nextcloud else "gpodder"
    user = args.user
    if args.browser:
        if not args.nextcloud:
            raise PlayerError(_("--browser is Nextcloud's login page: use it with --nextcloud."))
        user, password = _browser_login(args.url, args.user)
    else:
        what = "app password" if args.nextcloud else "password"
        password = _read_password(f"{what.capitalize()} for {user} on {args.url}: ")
        if not password:
            raise PlayerError(_("No {what} given.").format(what=what))
    with _service(ctx, passwords) as service:
        status = service.login(kind, args.url, user, password, device=args.device)
    device = f" as device {status.device}" if status.device else ""
    print(
        _("Logged in to {server} as {username}{device}.").format(
            server=status.server, username=status.username, device=device
        )
    )
    if not passwords.persistent:
        from player.services.sync_passwords import NOT_KEPT

        note(
            _(NOT_KEPT)
            + " "
            + _("Set {env} for `{app} sync`.").format(env=PASSWORD_ENV, app=APP_NAME)
        )
    note(_("Run `{APP_NAME} sync` to sync now.").format(APP_NAME=APP_NAME))
    return 0


def _report_text(report: SyncReport) -> str:
    return _(
        "Sent {uploaded} and received {downloaded} episode actions; "
        "{subscriptions_added} podcasts added, {subscriptions_removed} removed; "
        "{positions_updated} positions or played marks updated."
    ).format(
        uploaded=report.uploaded,
        downloaded=report.downloaded,
        subscriptions_added=report.subscriptions_added,
        subscriptions_removed=report.subscriptions_removed,
        positions_updated=report.positions_updated,
    )


def cmd_sync(ctx: CliContext, args: argparse.Namespace) -> int:
    passwords = _passwords()
    with _service(ctx, passwords) as service:
        status = service.status()
        if status.logged_in and not status.password_stored:
            from player.services.account_sync import account_of

            account = account_of(status)
            passwords.remember_for_session(
                account,
                _read_password(
                    _("Password for {username} on {server}: ").format(
                        username=status.username, server=status.server
                    )
                ),
            )
        report = service.sync()
    if args.json:
        print_json(report.to_json())
    else:
        print(_report_text(report))
        for error in report.errors:
            print(error, file=sys.stderr)
    return 0 if report.complete else 1


def _status_json(status: SyncStatus) -> dict[str, object]:
    data = status.to_json()
    data["last_sync"] = iso(status.last_sync)
    return data


def cmd_sync_status(ctx: CliContext, args: argparse.Namespace) -> int:
    with _service(ctx, _passwords()) as service:
        status = service.status()
    if args.json:
        print_json(_status_json(status))
        return 0
    if not status.logged_in:
        print(
            _("Not logged in. Log in with: {APP_NAME} sync-login URL USER").format(
                APP_NAME=APP_NAME
            )
        )
        return 0
    kind = "Nextcloud gPodder Sync" if status.kind == "nextcloud" else "gpodder.net API"
    print(
        _("Account: {username} on {server} ({kind})").format(
            username=status.username, server=status.server, kind=kind
        )
    )
    if status.device:
        print(_("Device: {device}").format(device=status.device))
    print(_("Last sync: {value}").format(value=iso(status.last_sync) or "never"))
    if status.last_error:
        print(_("Last error: {last_error}").format(last_error=status.last_error))
    print(
        _("Waiting to be sent: {pending_actions} episode actions").format(
            pending_actions=status.pending_actions
        )
    )
    print(
        _("Sent so far: {uploaded_total}; received: {downloaded_total}").format(
            uploaded_total=status.uploaded_total, downloaded_total=status.downloaded_total
        )
    )
    if not status.password_stored:
        print(
            _("Password: not stored (no keyring); {APP_NAME} sync will ask for it").format(
                APP_NAME=APP_NAME
            )
        )
    return 0


def cmd_sync_logout(ctx: CliContext, args: argparse.Namespace) -> int:
    with _service(ctx, _passwords()) as service:
        done = service.logout()
    if done:
        print(_("Logged out; the account, its password and unsent changes are forgotten."))
    else:
        print(_("Not logged in."))
    return 0
