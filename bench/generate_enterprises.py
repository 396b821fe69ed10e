"""Fill case-service's enterprise table on PostgreSQL with N enterprises spread over a province.

`uv run python bench/generate_enterprises.py --rows 1000000 [--database bench] [--province 410000]`
Creates the database if needed, migrates case-service, replaces the table's rows, and analyses it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from demo_data.case import INDUSTRIES, make_uscc
from platform_core.migrations import upgrade
from platform_core.regions import load_regions
from platform_core.settings import REPO_ROOT, SHIPPED_REFERENCE_DIR

CASE_ROOT = REPO_ROOT / "services" / "case-service"
COLUMNS = (
    "uscc", "name", "region_code", "region_path", "industry", "size", "is_key", "contact_person",
    "contact_phone", "address", "created_by", "created_at", "updated_at", "version",
)  # fmt: skip


async def ensure_database(server: str, name: str) -> None:
    """Create the benchmark database when it does not exist."""
    conn = await asyncpg.connect(f"{server}/postgres")
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def rows(n: int, counties: list[tuple[str, str, str]], seed: int = 7) -> list[tuple[object, ...]]:
    """N enterprise rows with unique valid codes, spread evenly over the counties."""
    rng = random.Random(seed)
    industries = list(INDUSTRIES)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    seen: set[str] = set()
    out = []
    for i in range(n):
        code, name, path = counties[i % len(counties)]
        uscc = make_uscc(rng, code)
        while uscc in seen:
            uscc = make_uscc(rng, code)
        seen.add(uscc)
        industry = rng.choice(industries)
        stamp = start + timedelta(seconds=rng.randrange(0, 5 * 365 * 86400))
        out.append(
            (
                uscc, f"{name}{industry}第{i}号有限公司", code, path, industry,
                rng.choice(("large", "medium", "small", "micro")), rng.random() < 0.1, "联系人",
                f"139{rng.randrange(10**7, 10**8)}", f"{name}工业园{i % 500}号", "bench", stamp, stamp, 1,
            )
        )  # fmt: skip
    return out


async def main() -> None:
    """Generate and load."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="bench")
    parser.add_argument("--province", default="410000")
    parser.add_argument("--reference", type=Path, default=SHIPPED_REFERENCE_DIR)
    args = parser.parse_args()

    await ensure_database(args.server, args.database)
    sa_url = args.server.replace("postgresql://", "postgresql+asyncpg://") + f"/{args.database}"
    await asyncio.to_thread(upgrade, CASE_ROOT, sa_url)
    regions = load_regions(args.reference)
    counties = [(r.code, r.name, r.path) for r in regions.subtree(args.province) if r.level == 3]
    t0 = time.perf_counter()
    data = rows(args.rows, counties)
    t1 = time.perf_counter()
    conn = await asyncpg.connect(f"{args.server}/{args.database}")
    try:
        # Cases and the other tables that reference enterprises go with them: the benchmark starts clean.
        await conn.execute("TRUNCATE case_svc.enterprise RESTART IDENTITY CASCADE")
        await conn.copy_records_to_table("enterprise", schema_name="case_svc", records=data, columns=COLUMNS)
        await conn.execute("ANALYZE case_svc.enterprise")
        total = await conn.fetchval("SELECT count(*) FROM case_svc.enterprise")
    finally:
        await conn.close()
    t2 = time.perf_counter()
    print(f"{total} enterprises over {len(counties)} county-level regions of {args.province}: "
          f"generated in {t1 - t0:.1f}s, loaded in {t2 - t1:.1f}s")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
