"""The command line every service shares: `migrate`, `seed [--demo]`, `serve`, `check`."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import uvicorn

from platform_core.audit_archive import export_archive
from platform_core.db import Database
from platform_core.migrations import check, upgrade
from platform_core.settings import Environment, ServiceSettings

Seeder = Callable[[Database, ServiceSettings], Awaitable[None]]


def run_cli(
    *,
    settings: ServiceSettings,
    service_root: Path,
    schema: str,
    app_factory: str,
    seed: Seeder | None = None,
    demo_module: str | None = None,
    archive_model: type[Any] | None = None,
    argv: list[str] | None = None,
) -> None:
    """Parse the command line and run one command.

    `seed` loads the service's reference data; `seed --demo` also runs `seed_demo` of `demo_module`.
    """
    parser = argparse.ArgumentParser(prog=settings.service_name)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="migrate the database to the newest revision")
    seed_cmd = sub.add_parser("seed", help="load reference data (and demo data with --demo)")
    seed_cmd.add_argument("--demo", action="store_true")
    sub.add_parser("serve", help="serve HTTP")
    sub.add_parser("check", help="print the database's revision and rows per table; fail unless at the newest")
    add_archive_command(sub)
    args = parser.parse_args(argv)
    url = settings.resolved_database_url
    if args.command == "migrate":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(service_root, url)
    elif args.command == "seed":
        seeders = [seed] if seed is not None else []
        if args.demo:
            if settings.env is Environment.PRODUCTION:
                raise SystemExit("demo data is refused in production")
            seeders.append(demo_seeder(demo_module))
        for seeder in seeders:
            asyncio.run(_seed(seeder, url, schema, settings))
    elif args.command == "check":
        report_check(service_root, url, schema)
    elif args.command == "audit-archive" and archive_model is not None:
        write_archive(url, schema, archive_model, args.month, args.out)
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


def demo_seeder(module: str | None) -> Seeder:
    """The demo loader of a service, from the workspace's demo-data package (absent from production images)."""
    if module is None:
        raise SystemExit("this service has no demo data")
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise SystemExit(f"demo data is not installed ({module}): it comes with the development workspace") from exc
    seeder: Seeder = loaded.seed_demo
    return seeder


async def _seed(seed: Seeder, url: str, schema: str, settings: ServiceSettings) -> None:
    db = Database(url, schema)
    try:
        await seed(db, settings)
    finally:
        await db.dispose()


def report_check(service_root: Path, url: str, schema: str) -> None:
    """Print what `check` found as one JSON line; exit 1 unless the database is at the code's newest revision."""
    found = asyncio.run(check(service_root, url, schema))
    print(json.dumps(found, ensure_ascii=False, sort_keys=True))
    if not found["at_head"]:
        raise SystemExit(1)


def add_archive_command(sub: Any) -> None:
    """The `audit-archive --month YYYY-MM --out FILE` command."""
    cmd = sub.add_parser("audit-archive", help="write a month's audit archive (gzip JSON lines) after checking it")
    cmd.add_argument("--month", required=True, help="YYYY-MM")
    cmd.add_argument("--out", required=True, type=Path)


def write_archive(url: str, schema: str, archive_model: type[Any], month_text: str, out: Path) -> None:
    """Write one month's archive to a file; exit 1 when the month has none or its digest does not match."""
    try:
        month = datetime.strptime(month_text, "%Y-%m").date()
    except ValueError as exc:
        raise SystemExit(f"--month must be YYYY-MM: {month_text}") from exc

    async def read() -> bytes:
        db = Database(url, schema)
        try:
            return await export_archive(db, archive_model, month)
        finally:
            await db.dispose()

    try:
        content = asyncio.run(read())
    except (LookupError, ValueError) as exc:
        raise SystemExit(f"refused: {exc}") from exc
    out.write_bytes(content)
    print(f"wrote {out} ({len(content)} bytes)")
