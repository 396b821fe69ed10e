"""Wait until an app's database accepts its connections: `python wait_for_database.py <module> [--timeout S]`.

The URL comes from the app's own settings (`<module>.settings.get_settings()`), so the check connects
exactly as the app will: same role, same password source, same driver.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import time

from sqlalchemy import pool, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine


async def probe(url: str) -> str | None:
    """Run `SELECT 1`; the error when it fails, None when the database answers."""
    engine = create_async_engine(url, poolclass=pool.NullPool, connect_args={"timeout": 5})
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        await engine.dispose()
    return None


def main() -> None:
    """Poll until the database answers or the timeout passes (exit 1 then, naming the last error)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the app's package: gateway, case_service, investment_service, trade_service")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to keep trying")
    args = parser.parse_args()
    url = importlib.import_module(f"{args.module}.settings").get_settings().resolved_database_url
    deadline = time.monotonic() + args.timeout
    while True:
        error = asyncio.run(probe(url))
        if error is None:
            print(f"wait_for_database: {args.module} database reachable", flush=True)
            return
        if time.monotonic() >= deadline:
            sys.exit(f"wait_for_database: {args.module} database unreachable after {args.timeout:.0f} s: {error}")
        time.sleep(1)


if __name__ == "__main__":
    main()
