"""The command line every service shares: `migrate`, `seed [--demo]`, `serve`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import uvicorn

from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.settings import Environment, ServiceSettings

Seeder = Callable[[Database, ServiceSettings, bool], Awaitable[None]]


def run_cli(
    *,
    settings: ServiceSettings,
    service_root: Path,
    schema: str,
    app_factory: str,
    seed: Seeder | None = None,
    argv: list[str] | None = None,
) -> None:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog=settings.service_name)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="migrate the database to the newest revision")
    seed_cmd = sub.add_parser("seed", help="load reference data (and demo data with --demo)")
    seed_cmd.add_argument("--demo", action="store_true")
    sub.add_parser("serve", help="serve HTTP")
    args = parser.parse_args(argv)
    url = settings.resolved_database_url
    if args.command == "migrate":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(service_root, url)
    elif args.command == "seed":
        if args.demo and settings.env is Environment.PRODUCTION:
            raise SystemExit("demo data is refused in production")
        if seed is not None:
            asyncio.run(_seed(seed, url, schema, settings, args.demo))
    elif args.command == "serve":
        uvicorn.run(
            app_factory,
            factory=True,
            host=settings.host,
            port=settings.port,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=8,
            access_log=False,
            log_config=None,
        )


async def _seed(seed: Seeder, url: str, schema: str, settings: ServiceSettings, demo: bool) -> None:
    db = Database(url, schema)
    try:
        await seed(db, settings, demo)
    finally:
        await db.dispose()
