"""`python -m gateway.cli migrate | seed [--demo] | serve`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from gateway.iam.seed import DemoDataRefusedError, seed_database
from gateway.settings import GatewaySettings, get_settings
from platform_core.db import Database, is_sqlite
from platform_core.migrations import upgrade

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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    if args.command == "migrate":
        migrate(settings)
    elif args.command == "seed":
        try:
            asyncio.run(_seed(settings, args.demo))
        except DemoDataRefusedError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
    else:
        serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
