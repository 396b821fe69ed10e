"""1M cases across a province in PostgreSQL, and the case list and statistics measured through the gateway.

`uv run python bench/cases.py [--cases 1000000] [--enterprises 100000] [--database bench_cases] [--requests 200]`
- generates enterprises over the province's counties (`generate_enterprises.py`) and cases registered from
  `--since` to now, run through a realistic lifecycle (rejected, merged, answered at once, assigned to one of
  the county's units, signed and first feedback mostly in time, results mostly within 7 days (major ones
  within the month), reviews, ratings and closes; some long-term, escalated or stuck; the latest still open),
  loads them with COPY and rebuilds the statistics tallies with the service's own command;
- counts the statistics in-process both ways (from the tallies and from the cases) as a before/after;
- starts the stack on the database (`load.py`), signs in as the demo city officer and measures through the
  gateway, one request at a time: the case list with filters and pages, and the statistics of a finished
  and of the running year for a county and for the city; p50/p95/p99 over `--requests` requests each. The
  statistics are measured twice: as answered within the minute they are kept and shared (`CASE_STATS_CACHE_SECONDS`),
  and computed for every request (`Cache-Control: no-cache`, the cost of the first request after a write).
`--skip-generate` measures an already loaded database; `--generate-only` only loads it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from types import SimpleNamespace
from typing import Any

import aiohttp
import asyncpg
import httpx
from generate_enterprises import CASE_ROOT, ensure_database
from generate_enterprises import COLUMNS as ENTERPRISE_COLUMNS
from generate_enterprises import rows as enterprise_rows
from load import PORT, rss_mb, start_stack

from case_service.case.timers import TimerPolicy, warning_level
from case_service.core import SCHEMA
from case_service.indicators import service as stats
from case_service.indicators import tally
from platform_core.auth import Principal
from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.periods import parse_period
from platform_core.regions import RegionDirectory, load_regions
from platform_core.settings import SHIPPED_REFERENCE_DIR

ROOT = Path(__file__).resolve().parents[1]
CITY, COUNTY = "411500", "411522"
PASSWORD = "Demo@2021pass"  # the demo accounts' password (scripts/stack.py seeds them)
DEPARTMENTS = (
    "自然资源局", "发展和改革委员会", "市场监督管理局", "生态环境局", "住房和城乡建设局", "人力资源和社会保障局",
    "税务局", "交通运输局", "供电公司", "工业和信息化局", "财政局", "商务局",
)  # fmt: skip
SOURCES = (("enterprise", 60), ("superior", 15), ("hotline", 10), ("visit", 10), ("leader", 5))
CASE_COLUMNS = (
    "id", "case_no", "source", "superior_doc_no", "category_code", "enterprise_id", "enterprise_uscc",
    "enterprise_name", "region_code", "region_path", "title", "description", "urgency", "complexity", "state",
    "closed_reason", "merged_into_id", "lead_unit_id", "lead_unit_name", "assigned_at", "assigned_by", "sign_due",
    "first_feedback_due", "resolve_due", "signed_at", "first_feedback_at", "escalated_at", "result_submitted_at",
    "resolved_at", "closed_at", "long_term_plan", "result", "satisfaction", "rated_at", "reopen_count",
    "warning_level", "warning_checked_at", "created_by", "created_by_name", "created_at", "updated_at", "version",
)  # fmt: skip
UNIT_COLUMNS = ("case_id", "unit_id", "unit_name", "role", "assigned_at")


def simulate(rng: random.Random, created: datetime, now: datetime, policy: TimerPolicy) -> dict[str, Any]:
    """One case's lifecycle from its registration, cut at the present: the steps taken by now and its state."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    c: dict[str, Any] = {"state": "SUBMITTED", "complexity": "ordinary"}
    r = rng.random()

    def at(moment: datetime) -> bool:
        return moment < now

    if r < 0.05:  # rejected or merged within hours
        closed = created + rng.uniform(1, 8) * hour
        if at(closed):
            c.update(state="CLOSED", closed_reason="rejected" if r < 0.03 else "merged", closed_at=closed)
        return c
    accepted = created + rng.uniform(0.5, 6) * hour
    if not at(accepted):
        return c
    c["state"] = "ACCEPTED"
    resolved: datetime | None = None
    if r < 0.13:  # a consultation answered at once
        resolved = accepted + rng.uniform(0.5, 4) * hour
        if not at(resolved):
            return c
        c.update(state="RESOLVED", resolved_at=resolved, result="已即时答复")
    else:
        assigned = accepted + rng.uniform(0.5, 20) * hour
        if not at(assigned):
            return c
        major = rng.random() < 0.15
        c["complexity"] = "major" if major else "ordinary"
        due = policy.deadlines(assigned, c["complexity"])
        c.update(
            state="ASSIGNED",
            assigned_at=assigned,
            sign_due=due.sign_due,
            first_feedback_due=due.first_feedback_due,
            resolve_due=due.resolve_due,
        )
        signed = assigned + (rng.uniform(0.05, 0.95) if rng.random() < 0.9 else rng.uniform(1.05, 3)) * day
        if not at(signed):
            return c
        c.update(state="IN_PROGRESS", signed_at=signed)
        fed = assigned + (rng.uniform(0.5, 2.9) if rng.random() < 0.85 else rng.uniform(3.1, 6)) * day
        if at(fed):
            c["first_feedback_at"] = fed
        fate = rng.random()
        if fate < 0.01:  # stuck: never resolved (red, then past the month)
            return c
        if fate < 0.025:  # long-term tracking with a dated plan
            planned = assigned + rng.uniform(5, 20) * day
            if at(planned):
                c.update(state="LONG_TERM_TRACKING", resolve_due=assigned + rng.uniform(60, 200) * day)
                c.setdefault("first_feedback_at", planned)
            submitted = c["resolve_due"] - rng.uniform(0, 30) * day
        elif major:
            if fate < 0.035:
                escalated = assigned + rng.uniform(8, 15) * day
                if at(escalated):
                    c.update(state="ESCALATED", escalated_at=escalated)
            submitted = assigned + rng.uniform(8, 40) * day
        else:
            submitted = assigned + min(rng.lognormvariate(1.45, 0.45), 30) * day
        submitted = max(submitted, signed + hour)
        if not at(submitted):
            return c
        c.update(state="PENDING_REVIEW", result_submitted_at=submitted, result="已协调解决")
        c.setdefault("first_feedback_at", submitted)
        resolved = submitted + rng.uniform(2, 48) * hour
        if not at(resolved):
            return c
        c.update(state="RESOLVED", resolved_at=resolved)
    rated = resolved + rng.uniform(1, 6) * day
    if not at(rated):
        return c
    rating = rng.random()
    satisfaction = "satisfied" if rating < 0.8 else "basically_satisfied" if rating < 0.95 else "dissatisfied"
    c.update(state="VISITED", rated_at=rated, satisfaction=satisfaction)
    closed = rated + rng.uniform(0.2, 3) * day
    if at(closed):
        c.update(state="CLOSED", closed_reason="resolved", closed_at=closed)
    return c


def generate(
    n: int,
    enterprises: list[tuple[int, str, str, str, str]],
    categories: list[str],
    units: dict[str, list[tuple[int, str]]],
    since: datetime,
    now: datetime,
    chunk: int = 50_000,
    seed: int = 13710,
) -> Iterator[tuple[list[tuple[object, ...]], list[tuple[object, ...]]]]:
    """Case rows and lead-unit rows in chunks, registered uniformly from `since` to now, ids 1..n in time order."""
    rng = random.Random(seed)
    policy = TimerPolicy()
    span = (now - since).total_seconds()
    instants = sorted(since + timedelta(seconds=rng.random() * span) for _ in range(n))
    weights = [w for _, w in SOURCES]
    names = [s for s, _ in SOURCES]
    cases: list[tuple[object, ...]] = []
    leads: list[tuple[object, ...]] = []
    for i, created in enumerate(instants, start=1):
        ent_id, uscc, ent_name, region, path = rng.choice(enterprises)
        source = rng.choices(names, weights)[0]
        c = simulate(rng, created, now, policy)
        if c.get("closed_reason") == "merged" and i == 1:
            c["closed_reason"] = "rejected"
        unit = rng.choice(units[region]) if c.get("assigned_at") else (None, None)
        level = "green"
        if c["state"] not in ("SUBMITTED", "ACCEPTED", "RESOLVED", "VISITED", "CLOSED"):
            view = SimpleNamespace(
                state=c["state"], **{k: c.get(k) for k in (
                    "assigned_at", "sign_due", "signed_at", "first_feedback_due", "first_feedback_at",
                    "resolve_due", "result_submitted_at",
                )}, paused_at=None, paused_seconds=0,
            )  # fmt: skip
            level = warning_level(view, now=now, policy=policy).value
        updated = max([created, *(v for v in c.values() if isinstance(v, datetime) and v <= now)])
        cases.append(
            (
                i, f"SQ{created.year}{i:07d}", source, "豫商办〔2025〕15号" if source == "superior" else None,
                rng.choice(categories), ent_id, uscc, ent_name, region, path, f"{ent_name}诉求{i}",
                "企业反映的问题，请协调解决。", rng.choice(("normal", "normal", "urgent", "critical")), c["complexity"],
                c["state"], c.get("closed_reason"), i - 1 if c.get("closed_reason") == "merged" else None,
                unit[0], unit[1], c.get("assigned_at"), "bench" if c.get("assigned_at") else None, c.get("sign_due"),
                c.get("first_feedback_due"), c.get("resolve_due"), c.get("signed_at"), c.get("first_feedback_at"),
                c.get("escalated_at"), c.get("result_submitted_at"), c.get("resolved_at"), c.get("closed_at"),
                "分阶段推进" if c["state"] == "LONG_TERM_TRACKING" else None, c.get("result"), c.get("satisfaction"),
                c.get("rated_at"), 0, level, now, "bench", "压测", created, updated, 1,
            )
        )  # fmt: skip
        if unit[0] is not None:
            leads.append((i, unit[0], unit[1], "lead", c["assigned_at"]))
        if len(cases) >= chunk:
            yield cases, leads
            cases, leads = [], []
    if cases:
        yield cases, leads


def county_units(regions: RegionDirectory, province: str) -> dict[str, list[tuple[int, str]]]:
    """Twelve responsible units per county-level region (ids from 1000), by region code."""
    out: dict[str, list[tuple[int, str]]] = {}
    counties = [r for r in regions.subtree(province) if r.level == 3]
    for i, county in enumerate(counties):
        out[county.code] = [(1000 + i * 20 + k, f"{county.name}{d}") for k, d in enumerate(DEPARTMENTS)]
    return out


async def load(args: argparse.Namespace, regions: RegionDirectory) -> dict[str, Any]:
    """Generate and load enterprises and cases, then rebuild the tallies; timings."""
    await ensure_database(args.server, args.database)
    sa_url = args.server.replace("postgresql://", "postgresql+asyncpg://") + f"/{args.database}"
    await asyncio.to_thread(upgrade, CASE_ROOT, sa_url)
    counties = [(r.code, r.name, r.path) for r in regions.subtree(args.province) if r.level == 3]
    now = datetime.now(UTC)
    since = datetime.fromisoformat(args.since).replace(tzinfo=UTC)
    timings: dict[str, float] = {}
    conn = await asyncpg.connect(f"{args.server}/{args.database}")
    try:
        t = time.perf_counter()
        await conn.execute("TRUNCATE case_svc.enterprise RESTART IDENTITY CASCADE")
        await conn.execute("TRUNCATE case_svc.case_tally RESTART IDENTITY")
        await conn.copy_records_to_table(
            "enterprise",
            schema_name="case_svc",
            records=enterprise_rows(args.enterprises, counties),
            columns=ENTERPRISE_COLUMNS,
        )
        ents = [tuple(r) for r in await conn.fetch(
            "SELECT id, uscc, name, region_code, region_path FROM case_svc.enterprise ORDER BY id"
        )]  # fmt: skip
        categories = [r[0] for r in await conn.fetch("SELECT code FROM case_svc.case_category ORDER BY code")]
        timings["enterprises_s"] = time.perf_counter() - t
        t = time.perf_counter()
        units = county_units(regions, args.province)
        # Rows copied through a dozen indexes (a GiST one among them) load at a fraction of the speed of a bare
        # table: the indexes that back no constraint are dropped for the load and built again after it.
        indexes = await droppable_indexes(conn, ("case_record", "case_unit"))
        for _name, drop, _create in indexes:
            await conn.execute(drop)
        for cases, leads in generate(args.cases, ents, categories, units, since, now):
            await conn.copy_records_to_table("case_record", schema_name="case_svc", records=cases, columns=CASE_COLUMNS)
            await conn.copy_records_to_table("case_unit", schema_name="case_svc", records=leads, columns=UNIT_COLUMNS)
            print(f"  cases loaded up to id {cases[-1][0]}", flush=True)
        await conn.execute("SELECT setval('case_svc.case_record_id_seq', (SELECT max(id) FROM case_svc.case_record))")
        timings["cases_s"] = time.perf_counter() - t
        t = time.perf_counter()
        await conn.execute("SET maintenance_work_mem = '1GB'")
        for name, _drop, create in indexes:
            await conn.execute(create)
            print(f"  index {name} built", flush=True)
        timings["indexes_s"] = time.perf_counter() - t
    finally:
        await conn.close()
    t = time.perf_counter()
    db = Database(sa_url, SCHEMA)
    try:
        async with db.engine.begin() as c:
            timings["tally_rows"] = await c.run_sync(lambda sync: tally.rebuild(sync, batch=20_000))
    finally:
        await db.dispose()
    timings["rebuild_s"] = time.perf_counter() - t
    conn = await asyncpg.connect(f"{args.server}/{args.database}")
    try:
        # What autovacuum gives a loaded table: statistics, and the visibility map an index-only scan reads.
        for table in ("case_record", "case_unit", "case_tally", "case_tally_year", "case_tally_month"):
            await conn.execute(f"VACUUM ANALYZE case_svc.{table}")
    finally:
        await conn.close()
    return timings


async def droppable_indexes(conn: asyncpg.Connection, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The indexes of case-service tables that back no constraint: (name, its DROP, its CREATE)."""
    rows = await conn.fetch(
        """
        SELECT i.relname AS name, pg_get_indexdef(i.oid) AS create
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'case_svc' AND t.relname = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        ORDER BY i.relname
        """,
        list(tables),
    )
    return [(r["name"], f'DROP INDEX case_svc."{r["name"]}"', r["create"]) for r in rows]


def officer(regions: RegionDirectory) -> Principal:
    """The demo city officer's scope, for the in-process comparison."""
    return Principal(
        subject="bench",
        kind="user",
        name="bench",
        roles=frozenset({"city_officer"}),
        permissions=frozenset({"case:stats:read"}),
        data_scopes=frozenset({"REGION_AND_BELOW"}),
        region_code=CITY,
        region_path=regions.path_of(CITY),
    )


async def in_process(url: str, regions: RegionDirectory, year: int, runs: int = 3) -> dict[str, Any]:
    """Statistics computed in the service's code, from the tallies and by counting the cases (best of `runs`)."""
    db = Database(url, SCHEMA)
    out: dict[str, Any] = {}
    try:
        for label, period in (("finished", str(year - 1)), ("running", str(year))):
            for where, region in (("county", COUNTY), ("city", None)):
                for way in ("tallies", "counted"):
                    best, answer = float("inf"), None
                    for _ in range(runs):
                        async with db.sessionmaker() as session:
                            t = time.perf_counter()
                            result = await stats.compute(
                                session, principal=officer(regions), regions=regions, period=parse_period(period),
                                now=datetime.now(UTC), policy=TimerPolicy(), region_code=region,
                                use_tallies=way == "tallies",
                            )  # fmt: skip
                            best = min(best, (time.perf_counter() - t) * 1000)
                            answer = result.total()
                    out[f"{label} {period} {where} {way}"] = {"best_ms": round(best, 1), "received": answer.received}
                    print(f"  in-process {label} {period} {where} {way}: {best:.1f} ms", flush=True)
    finally:
        await db.dispose()
    return out


async def measure(base: str, token: str, path: str, requests: int) -> dict[str, float]:
    """Sequential requests through the gateway: latency quantiles and failures. A path ending in `#computed` is
    asked with `Cache-Control: no-cache`: the statistics computed for every request instead of the kept answer."""
    latencies: list[float] = []
    failures = 0
    path, computed = path.removesuffix("#computed"), path.endswith("#computed")
    headers = {"Authorization": f"Bearer {token}", **({"Cache-Control": "no-cache"} if computed else {})}
    async with aiohttp.ClientSession(headers=headers) as client:
        for i in range(requests + 5):
            url = base + path.format(page=1 + i % 10)
            t = time.perf_counter()
            async with client.get(url) as resp:
                await resp.read()
                ok = resp.status == 200
            if i >= 5:  # the first few warm the caches and connections
                latencies.append((time.perf_counter() - t) * 1000)
                failures += 0 if ok else 1
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "failures": failures, "p50_ms": q[49], "p95_ms": q[94], "p99_ms": q[98]}


def main() -> None:
    """Generate, load, measure; print a Markdown table and keep the JSON under bench/results/."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--since", default="2025-01-01")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="bench_cases")
    parser.add_argument("--province", default="410000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--skip-in-process", action="store_true", help="no in-process before/after comparison")
    parser.add_argument("--users", default="city,henan", help="demo accounts to measure as: city, henan (province)")
    args = parser.parse_args()
    regions = load_regions(SHIPPED_REFERENCE_DIR)
    sa_url = args.server.replace("postgresql://", "postgresql+asyncpg://") + f"/{args.database}"
    result: dict[str, Any] = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cases": args.cases}
    if not args.skip_generate:
        result["load"] = asyncio.run(load(args, regions))
        print(f"loaded: {result['load']}", flush=True)
        if args.generate_only:
            return
    year = datetime.now(UTC).year
    if not args.skip_in_process:
        result["in_process"] = asyncio.run(in_process(sa_url, regions, year))
    city_scenarios = {
        "list: first pages": "/api/v1/cases?page={page}&page_size=20",
        "list: county, in progress": f"/api/v1/cases?region_code={COUNTY}&state=IN_PROGRESS&page={{page}}&page_size=20",
        "list: red warnings, by deadline": "/api/v1/cases?warning_level=red&sort=resolve_due&page={page}&page_size=20",
        "list: 上级交办, assigned last year": f"/api/v1/cases?source=superior&assigned_period={year - 1}"
        "&page={page}&page_size=20",
        f"stats {year - 1}: county": f"/api/v1/cases/stats?period={year - 1}&region_code={COUNTY}",
        f"stats {year - 1}: city": f"/api/v1/cases/stats?period={year - 1}",
        f"stats {year - 1}: city, computed": f"/api/v1/cases/stats?period={year - 1}#computed",
        f"stats {year} (running): county": f"/api/v1/cases/stats?period={year}&region_code={COUNTY}",
        f"stats {year} (running): city": f"/api/v1/cases/stats?period={year}",
        f"stats {year} (running): city, computed": f"/api/v1/cases/stats?period={year}#computed",
    }
    # The province's leader (省商务厅, every city): its lists and statistics over every case.
    province_scenarios = {
        "province list: first pages": "/api/v1/cases?page={page}&page_size=20",
        "province list: in progress": "/api/v1/cases?state=IN_PROGRESS&page={page}&page_size=20",
        "province list: red warnings, by deadline": "/api/v1/cases?warning_level=red&sort=resolve_due"
        "&page={page}&page_size=20",
        "province list: 上级交办, assigned last year": f"/api/v1/cases?source=superior&assigned_period={year - 1}"
        "&page={page}&page_size=20",
        f"province stats {year - 1}": f"/api/v1/cases/stats?period={year - 1}",
        f"province stats {year - 1}, computed": f"/api/v1/cases/stats?period={year - 1}#computed",
        f"province stats {year} (running)": f"/api/v1/cases/stats?period={year}",
        f"province stats {year} (running), computed": f"/api/v1/cases/stats?period={year}#computed",
    }
    runs = {"city": city_scenarios, "henan": province_scenarios}
    with TemporaryDirectory() as tmp:
        stack = start_stack(Path(tmp), sa_url)
        try:
            base = f"http://127.0.0.1:{PORT}"
            result["through_gateway"] = {}
            for username in args.users.split(","):
                login = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": PASSWORD})
                token = login.raise_for_status().json()["access_token"]
                head = httpx.get(f"{base}/api/v1/cases?page_size=1", headers={"Authorization": f"Bearer {token}"})
                first = head.raise_for_status().json()
                result[f"cases_listed_to_{username}"] = {"total": first["total"], "exact": first["total_exact"]}
                for name, path in runs[username].items():
                    figures = asyncio.run(measure(base, token, path, args.requests))
                    result["through_gateway"][name] = figures
                    print(f"  {name}: {figures}", flush=True)
            result["memory_mb"] = {"gateway": rss_mb(PORT), "case-service": rss_mb(PORT + 101)}
        finally:
            stack.send_signal(signal.SIGTERM)
            stack.wait(timeout=20)
    result["load_average"] = os.getloadavg()
    result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"cases-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    print("\n| request | p50 ms | p95 ms | p99 ms | failures |\n|---|---|---|---|---|")
    for name, f in result["through_gateway"].items():
        print(f"| {name} | {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | {f['p99_ms']:.1f} | {f['failures']} |")


if __name__ == "__main__":
    main()
