"""`python -m gateway.cli migrate | seed [--demo] | create-admin | serve | check | audit-archive`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from gateway.admin.flows import create_user
from gateway.admin.schemas import UserCreate
from gateway.iam.models import AuditArchive
from gateway.iam.seed import DemoDataRefusedError, seed_database
from gateway.settings import GatewaySettings, get_settings
from platform_core.auth import Principal
from platform_core.cli import add_archive_command, report_check, write_archive
from platform_core.db import Database, is_sqlite, utcnow
from platform_core.migrations import upgrade
from platform_core.problems import ProblemError
from platform_core.scope import DataScope

GATEWAY_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "iam"


def migrate(settings: GatewaySettings) -> None:
    """Bring the gateway's database to the newest revision."""
    url = settings.resolved_database_url
    if is_sqlite(url):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(GATEWAY_ROOT, url)


async def _seed(settings: GatewaySettings, demo: bool) -> None:
    """Seed through a database handle of its own and print what was added."""
    db = Database(settings.resolved_database_url, SCHEMA)
    try:
        report = await seed_database(db, settings, demo)
    finally:
        await db.dispose()
    print(
        f"seeded: {report.regions} regions, {report.roles} roles, {report.units} units, "
        f"{report.users} users, {report.clients} clients"
    )


async def create_admin(
    settings: GatewaySettings, *, username: str, display_name: str, region_code: str, password: str
) -> int:
    """Create the first system administrator of an installation (audited as the installer)."""
    db = Database(settings.resolved_database_url, SCHEMA)
    installer = Principal(
        subject="system:installer",
        kind="user",
        name="安装程序",
        roles=frozenset(),
        permissions=frozenset(),
        data_scopes=frozenset({DataScope.ALL.value}),
    )
    body = UserCreate(
        username=username,
        display_name=display_name,
        password=password,
        region_code=region_code,
        role_codes=["system_admin"],
    )
    try:
        async with db.session() as session:
            user = await create_user(session, principal=installer, body=body, settings=settings, now=utcnow())
            await session.commit()
            return user.id
    finally:
        await db.dispose()


def serve(settings: GatewaySettings) -> None:
    """Serve HTTP with uvicorn (keep-alive 5 s, graceful shutdown within 10 s)."""
    import uvicorn

    uvicorn.run(
        "gateway.main:app_factory",
        factory=True,
        host=settings.host,
        port=settings.port,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=8,
        access_log=False,
        log_config=None,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="migrate the gateway database (schema iam) to the newest revision")
    seed_cmd = sub.add_parser("seed", help="load regions, roles and units (idempotent)")
    seed_cmd.add_argument("--demo", action="store_true", help="also demo accounts and client (not in production)")
    sub.add_parser("serve", help="serve HTTP")
    sub.add_parser("check", help="print the database's revision and rows per table; fail unless at the newest")
    add_archive_command(sub)
    admin_cmd = sub.add_parser(
        "create-admin", help="create a system administrator (password from GATEWAY_INITIAL_ADMIN_PASSWORD or a prompt)"
    )
    admin_cmd.add_argument("--username", required=True)
    admin_cmd.add_argument("--display-name", default="系统管理员")
    admin_cmd.add_argument("--region", required=True, help="GB/T 2260 code of the administrator's region")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    if args.command == "migrate":
        migrate(settings)
    elif args.command == "check":
        report_check(GATEWAY_ROOT, settings.resolved_database_url, SCHEMA)
    elif args.command == "audit-archive":
        write_archive(settings.resolved_database_url, SCHEMA, AuditArchive, args.month, args.out)
    elif args.command == "seed":
        try:
            asyncio.run(_seed(settings, args.demo))
        except DemoDataRefusedError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
    elif args.command == "create-admin":
        password = os.environ.get("GATEWAY_INITIAL_ADMIN_PASSWORD") or getpass.getpass("初始密码: ")
        try:
            user_id = asyncio.run(
                create_admin(
                    settings,
                    username=args.username,
                    display_name=args.display_name,
                    region_code=args.region,
                    password=password,
                )
            )
        except (ProblemError, ValidationError) as exc:
            print(f"refused: {_reason(exc)}", file=sys.stderr)
            return 2
        print(f"created system administrator {args.username} (id {user_id}); change the password at first sign-in")
    else:
        serve(settings)
    return 0


def _reason(exc: Exception) -> str:
    """A one-line reason for a refused administrator."""
    if isinstance(exc, ProblemError):
        return "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors or []) or str(exc.detail or exc.code)
    return str(exc).splitlines()[0]


if __name__ == "__main__":
    sys.exit(main())
