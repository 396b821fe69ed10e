"""Investment indicators at scale: 200k projects and 2M monthly fund records on PostgreSQL.

`uv run python bench/investment.py [--projects 200000] [--funds 2000000] [--year 2025] [--requests 300]`
1. Creates the database `bench_inv` when needed, migrates investment-service, replaces its projects and
   funds with generated rows (COPY, as `generate_enterprises.py` does) spread over the city's counties,
   and analyses the tables (`--skip-generate` keeps the rows of a previous run).
2. Starts the whole stack on that database (`load.start_stack`), signs in as the demo city officer and
   the 光山县 officer, and requests `GET /api/v1/investment/indicators?period=<year>` through the gateway
   (the city's figures, then the county's), one request at a time after a warm-up.
3. Prints p50/p95/p99 of each and writes them as JSON under `bench/results/`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

import asyncpg
from generate_enterprises import ensure_database
from load import PORT, ROOT, SERVICE_PORTS, drain, login, measure, start_stack
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from investment_service.funds.totals import rebuild as rebuild_fund_totals
from investment_service.project.totals import rebuild as rebuild_project_totals
from platform_core.migrations import upgrade
from platform_core.regions import load_regions
from platform_core.settings import REPO_ROOT, SHIPPED_REFERENCE_DIR

INVESTMENT_ROOT = REPO_ROOT / "services" / "investment-service"
CITY = "411500"
PIPELINE = ("negotiating", "signed", "landed", "started", "in_production", "at_capacity")
CATEGORIES = (
    "manufacturing", "investment_attraction", "strategic_emerging", "infrastructure", "modern_services", "social",
)  # fmt: skip
PROJECT_COLUMNS = (
    "code", "name", "investor_name", "investor_origin", "investor_province_code", "industry", "category",
    "region_code", "region_path", "contracted_investment_wan_yuan", "stage", "last_step_on", "signed_on",
    "landed_on", "started_on", "in_production_on", "at_capacity_on", "linked_case_ids", "created_by",
    "created_at", "updated_at", "version",
)  # fmt: skip
FUND_COLUMNS = (
    "project_id", "month", "revision", "is_current", "amount_wan_yuan", "recorded_by", "created_at", "updated_at",
)  # fmt: skip
FIRST_SIGNING = date(2019, 1, 1)
LAST_DAY = date(2026, 11, 25)


def _later(rng: random.Random, day: date, max_days: int) -> date | None:
    """A milestone some weeks after the previous one, or None when it would fall after the data's last day."""
    nxt = day + timedelta(days=rng.randint(20, max_days))
    return nxt if nxt <= LAST_DAY else None


def project_rows(n: int, counties: list[tuple[str, str]], seed: int = 11) -> list[tuple[object, ...]]:
    """N projects over the counties; signing dates spread over 2019-2026, later milestones after them."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_SIGNING).days
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        code, path = counties[i % len(counties)]
        milestones: list[date | None] = [None] * 5
        depth = rng.choices(range(6), weights=(10, 25, 20, 20, 15, 10))[0]  # 0 = negotiating
        if depth:
            milestones[0] = FIRST_SIGNING + timedelta(days=rng.randrange(span))
            for k in range(1, depth):
                prev = milestones[k - 1]
                milestones[k] = _later(rng, prev, 240) if prev else None
        reached = sum(1 for m in milestones if m is not None)
        origin = rng.choices(("local", "out_of_province", "foreign"), weights=(30, 60, 10))[0]
        out.append(
            (
                f"B{i:08d}", f"基准项目{i}", f"投资方{i % 5000}", origin,
                "440000" if origin == "out_of_province" else None, "制造业", rng.choice(CATEGORIES), code, path,
                Decimal(rng.randrange(5_000, 500_000)), PIPELINE[reached],
                next((m for m in reversed(milestones) if m), None), *milestones, "[]", "bench", stamp, stamp, 1,
            )
        )  # fmt: skip
    return out


def fund_rows(projects: list[tuple[int, date]], n: int, seed: int = 13) -> list[tuple[object, ...]]:
    """N monthly records (one current revision each) from each landed project's landing month onwards."""
    rng = random.Random(seed)
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    last_month = LAST_DAY.replace(day=1)
    out: list[tuple[object, ...]] = []
    # Projects landed late have few months before the data's end, so the others carry a quarter more.
    per_project = max(1, n * 5 // 4 // max(1, len(projects)))
    for project_id, landed in projects:
        month = landed.replace(day=1)
        for _ in range(per_project + rng.randint(-2, 2)):
            if month > last_month or len(out) >= n:
                break
            out.append((project_id, month, 1, True, Decimal(rng.randrange(10, 5_000)), "bench", stamp, stamp))
            month = (month + timedelta(days=32)).replace(day=1)
        if len(out) >= n:
            break
    return out


async def generate(server: str, database: str, reference: Path, n_projects: int, n_funds: int) -> dict[str, int]:
    """Migrate investment-service into the database and replace its projects and funds with generated rows."""
    await ensure_database(server, database)
    sa_url = f"{server.replace('postgresql://', 'postgresql+asyncpg://')}/{database}"
    await asyncio.to_thread(upgrade, INVESTMENT_ROOT, sa_url)
    regions = load_regions(reference)
    counties = [(r.code, r.path) for r in regions.subtree(CITY) if r.level == 3]
    t0 = time.perf_counter()
    conn = await asyncpg.connect(f"{server}/{database}")
    try:
        await conn.execute("TRUNCATE investment_svc.project RESTART IDENTITY CASCADE")
        await conn.copy_records_to_table(
            "project", schema_name="investment_svc", records=project_rows(n_projects, counties), columns=PROJECT_COLUMNS
        )
        landed = [
            (r["id"], r["landed_on"])
            for r in await conn.fetch(
                "SELECT id, landed_on FROM investment_svc.project WHERE landed_on IS NOT NULL ORDER BY id"
            )
        ]
        funds = fund_rows(landed, n_funds)
        await conn.copy_records_to_table(
            "project_fund", schema_name="investment_svc", records=funds, columns=FUND_COLUMNS
        )
        await conn.execute("ANALYZE investment_svc.project")
        await conn.execute("ANALYZE investment_svc.project_fund")
        # COPY goes around the ORM's flush hooks: count the totals the indicators read once, as the
        # migrations do for existing rows.
        engine = create_async_engine(sa_url)
        async with AsyncSession(engine) as session:
            await rebuild_fund_totals(session)
            await rebuild_project_totals(session)
            await session.commit()
        await engine.dispose()
        for table in ("project_fund_month_total", "project_month_total", "project_cohort_total"):
            await conn.execute(f"ANALYZE investment_svc.{table}")
        counts = {
            "projects": await conn.fetchval("SELECT count(*) FROM investment_svc.project"),
            "funds": await conn.fetchval("SELECT count(*) FROM investment_svc.project_fund"),
            "fund_month_totals": await conn.fetchval("SELECT count(*) FROM investment_svc.project_fund_month_total"),
            "project_month_totals": await conn.fetchval("SELECT count(*) FROM investment_svc.project_month_total"),
            "project_cohort_totals": await conn.fetchval("SELECT count(*) FROM investment_svc.project_cohort_total"),
        }
    finally:
        await conn.close()
    elapsed = time.perf_counter() - t0
    print(f"{counts} over {len(counties)} county-level regions of {CITY} in {elapsed:.1f}s", flush=True)
    return counts


def main() -> None:
    """Generate, start the stack, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="bench_inv")
    parser.add_argument("--reference", type=Path, default=SHIPPED_REFERENCE_DIR)
    parser.add_argument("--projects", type=int, default=200_000)
    parser.add_argument("--funds", type=int, default=2_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()

    counts = None
    if not args.skip_generate:
        counts = asyncio.run(generate(args.server, args.database, args.reference, args.projects, args.funds))
    database_url = args.server.replace("postgresql://", "postgresql+asyncpg://") + f"/{args.database}"
    results: dict[str, dict[str, float]] = {}
    with TemporaryDirectory() as tmp:
        stack = start_stack(Path(tmp), database_url)
        threading.Thread(target=drain, args=(stack.stdout,), daemon=True).start()
        try:
            base = f"http://127.0.0.1:{PORT}"
            path = f"/api/v1/investment/indicators?period={args.year}"
            city_token, county_token = login(base, "city"), login(base, "guangshan")
            for name, token, query in (("city", city_token, ""), ("county", county_token, "")):
                results[f"gateway_{name}"] = measure(base + path + query, token, args.requests)
                print(name, results[f"gateway_{name}"], flush=True)
            direct = f"http://127.0.0.1:{SERVICE_PORTS['investment-service']}{path}"
            results["direct_city"] = measure(direct, city_token, args.requests)
            print("direct city", results["direct_city"], flush=True)
        finally:
            stack.send_signal(signal.SIGTERM)
            stack.wait(timeout=20)

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load": os.getloadavg()},
        "rows": counts,
        "year": args.year,
        **results,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"investment-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    print("\n| caller | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} |")


if __name__ == "__main__":
    main()
