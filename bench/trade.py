"""Trade indicators at scale: 1M labour workers and 1M supervised export shipments on PostgreSQL.

`uv run python bench/trade.py [--workers 1000000] [--shipments 1000000] [--year 2025] [--requests 300]`
1. Creates the database `bench_trade` when needed, migrates trade-service, replaces its workers and shipments
   with generated rows (COPY) spread over the city's counties and 2019-2026, recounts the daily tallies the
   service otherwise keeps in each write's transaction, and vacuums and analyses the tables. Workers'
   name, ID and passport numbers go through the service's own `encrypt_fields` with a key ring made for the run
   (handed to the stack as `TRADE_PII_KEYS`), so the rows are what the service itself would have stored
   (`--skip-generate` keeps the rows of a previous run; its key ring is kept in `bench/results/`).
2. Starts the whole stack on that database (`load.start_stack`), signs in as the demo city officer and the
   光山县 officer, and requests `GET /api/v1/trade/indicators?period=<year>` through the gateway (the city's
   figures, then the county's), one request at a time after a warm-up; then the city's figures directly.
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
import httpx
from generate_enterprises import ensure_database
from load import PORT, ROOT, SERVICE_PORTS, drain, login, measure, port_in_use, start_stack
from sqlalchemy.ext.asyncio import create_async_engine

from platform_core.crypto import FieldCipher, generate_key_config
from platform_core.migrations import upgrade
from platform_core.regions import load_regions
from platform_core.settings import REPO_ROOT, SHIPPED_REFERENCE_DIR
from trade_service.indicators.tally import rebuild
from trade_service.labour.schemas import id_check_character
from trade_service.labour.service import encrypt_fields

TRADE_ROOT = REPO_ROOT / "services" / "trade-service"
KEY_FILE = ROOT / "bench" / "results" / "trade-bench-pii.keys"
CITY = "411500"
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 11, 25)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
SECTORS = ("制造业", "农畜产业", "渔业", "建筑业", "服务业")
PRODUCTS = ("茶叶", "冻鸭肉", "食用菌", "板栗", "纺织品", "机电产品")
CHANNELS = ("china_europe_railway", "sea", "air", "road", "other")
COUNTRIES = ("哈萨克斯坦", "乌兹别克斯坦", "俄罗斯", "德国", "波兰", "新加坡")
WORKER_COLUMNS = (
    "program_id", "batch_id", "name_cipher", "id_number_cipher", "id_number_hash", "passport_cipher", "sector",
    "status", "registered_on", "trained_on", "departed_on", "returned_on", "notes", "region_code", "region_path",
    "created_by", "created_at", "updated_at", "version",
)  # fmt: skip
SHIPMENT_COLUMNS = (
    "enterprise_uscc", "enterprise_name", "product", "channel", "train_name", "train_no", "batch_no", "shipped_on",
    "destination_country", "goods_value_wan_yuan", "notes", "region_code", "region_path", "created_by",
    "created_at", "updated_at", "version",
)  # fmt: skip


def key_config(reuse: bool) -> str:
    """The run's key ring: a fresh one, or the previous run's when its rows are kept."""
    if reuse and KEY_FILE.exists():
        return KEY_FILE.read_text().strip()
    text = generate_key_config("bench1")
    KEY_FILE.parent.mkdir(exist_ok=True)
    KEY_FILE.write_text(text + "\n")
    return text


def _day(rng: random.Random, start: date, end: date) -> date:
    """A day between two days, both included."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _later(rng: random.Random, day: date, low: int, high: int) -> date | None:
    """A step some days after the previous one, or None when it would fall after the data's last day."""
    nxt = day + timedelta(days=rng.randint(low, high))
    return nxt if nxt <= LAST_DAY else None


def worker_rows(
    n: int, counties: list[tuple[str, str]], program_id: int, cipher: FieldCipher, seed: int = 17
) -> list[tuple[object, ...]]:
    """N workers with unique valid ID numbers, each step's date after the previous one, personal data encrypted."""
    rng = random.Random(seed)
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    born_base = date(1970, 1, 1)
    out: list[tuple[object, ...]] = []
    for i in range(n):
        code, path = counties[i % len(counties)]
        # Unique per county: a birth day and a 3-digit sequence number.
        born = born_base + timedelta(days=(i // len(counties)) // 1000)
        first17 = f"{code}{born:%Y%m%d}{(i // len(counties)) % 1000:03d}"
        personal = encrypt_fields(
            cipher,
            {
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "id_number": first17 + id_check_character(first17),
                "passport_number": f"E{rng.choice('ABCDEGH')}{i % 10_000_000:07d}",
            },
        )
        registered = _day(rng, FIRST_DAY, LAST_DAY)
        depth = rng.choices(range(4), weights=(10, 15, 45, 30))[0]
        trained = _later(rng, registered, 20, 90) if depth >= 1 else None
        departed = _later(rng, trained, 20, 120) if trained and depth >= 2 else None
        returned = _later(rng, departed, 300, 1500) if departed and depth >= 3 else None
        status = "returned" if returned else "departed" if departed else "trained" if trained else "registered"
        out.append(
            (
                program_id, None, personal["name_cipher"], personal["id_number_cipher"], personal["id_number_hash"],
                personal["passport_cipher"], rng.choice(SECTORS), status, registered, trained, departed, returned,
                None, code, path, "bench", stamp, stamp, 1,
            )
        )  # fmt: skip
    return out


def shipment_rows(n: int, counties: list[tuple[str, str]], seed: int = 19) -> list[tuple[object, ...]]:
    """N supervised export batches; a third on 中欧班列 trains of a few batches each."""
    rng = random.Random(seed)
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    out: list[tuple[object, ...]] = []
    for i in range(n):
        code, path = counties[i % len(counties)]
        channel = rng.choices(CHANNELS, weights=(35, 35, 10, 15, 5))[0]
        shipped = _day(rng, FIRST_DAY, LAST_DAY)
        rail = channel == "china_europe_railway"
        out.append(
            (
                None, f"出口企业{i % 2000}", rng.choice(PRODUCTS), channel, "中欧班列—信阳专列" if rail else None,
                f"X{shipped:%Y%m%d}-{rng.randint(1, 3)}" if rail else None, f"JG{i:09d}", shipped,
                rng.choice(COUNTRIES), Decimal(rng.randrange(1_000, 500_000)) / 100, None, code, path, "bench",
                stamp, stamp, 1,
            )
        )  # fmt: skip
    return out


async def generate(
    server: str, database: str, reference: Path, n_workers: int, n_shipments: int, cipher: FieldCipher
) -> dict[str, int]:
    """Migrate trade-service into the database and replace its workers and shipments with generated rows."""
    await ensure_database(server, database)
    await asyncio.to_thread(
        upgrade, TRADE_ROOT, f"{server.replace('postgresql://', 'postgresql+asyncpg://')}/{database}"
    )
    regions = load_regions(reference)
    counties = [(r.code, r.path) for r in regions.subtree(CITY) if r.level == 3]
    city_path = regions.path_of(CITY)
    t0 = time.perf_counter()
    conn = await asyncpg.connect(f"{server}/{database}")
    try:
        await conn.execute("TRUNCATE trade_svc.labour_worker, trade_svc.export_shipment RESTART IDENTITY CASCADE")
        # The demo's EPS program, created here when the stack has not seeded it yet (the seed then leaves it).
        program_id = await conn.fetchval("SELECT id FROM trade_svc.labour_program WHERE code = 'EPS'")
        if program_id is None:
            program_id = await conn.fetchval(
                "INSERT INTO trade_svc.labour_program (code, name, destination_country, is_active, region_code,"
                " region_path, created_by, created_at, updated_at, version)"
                " VALUES ('EPS', '中韩雇佣制', '韩国', true, $1, $2, 'bench', now(), now(), 1) RETURNING id",
                CITY,
                city_path,
            )
        workers = await asyncio.to_thread(worker_rows, n_workers, counties, program_id, cipher)
        print(f"{len(workers)} workers encrypted in {time.perf_counter() - t0:.1f}s", flush=True)
        await conn.copy_records_to_table(
            "labour_worker", schema_name="trade_svc", records=workers, columns=WORKER_COLUMNS
        )
        del workers
        await conn.copy_records_to_table(
            "export_shipment",
            schema_name="trade_svc",
            records=shipment_rows(n_shipments, counties),
            columns=SHIPMENT_COLUMNS,
        )
        # VACUUM sets the visibility map autovacuum would set on a table at rest: index-only scans need it.
        await conn.execute("VACUUM ANALYZE trade_svc.labour_worker")
        await conn.execute("VACUUM ANALYZE trade_svc.export_shipment")
        # COPY bypasses the service's flush hook: the daily tallies are recounted from the rows.
        engine = create_async_engine(f"{server.replace('postgresql://', 'postgresql+asyncpg://')}/{database}")
        async with engine.begin() as tx:
            await tx.run_sync(rebuild)
        await engine.dispose()
        await conn.execute("VACUUM ANALYZE trade_svc.daily_tally")
        counts = {
            "workers": await conn.fetchval("SELECT count(*) FROM trade_svc.labour_worker"),
            "shipments": await conn.fetchval("SELECT count(*) FROM trade_svc.export_shipment"),
            "tally_rows": await conn.fetchval("SELECT count(*) FROM trade_svc.daily_tally"),
        }
    finally:
        await conn.close()
    print(f"{counts} over {len(counties)} counties of {CITY} in {time.perf_counter() - t0:.1f}s", flush=True)
    return counts


def figures(url: str, token: str) -> dict[str, object]:
    """The labour and shipment figures of one answer, to show the requests read the generated rows."""
    items = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=60).raise_for_status().json()
    wanted = ("labour_dispatched", "shipment_batches", "shipment_goods_value_wan_yuan", "shipment_trains")
    return {i["key"]: i["value"] for i in items["items"] if i["key"] in wanted}


def main() -> None:
    """Generate, start the stack, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="bench_trade")
    parser.add_argument("--reference", type=Path, default=SHIPPED_REFERENCE_DIR)
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--shipments", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()

    busy = [p for p in (PORT, *SERVICE_PORTS.values()) if port_in_use(p)]
    if busy:
        sys.exit(f"ports {busy} are in use: another stack is running, measure when it has stopped")
    keys = key_config(reuse=args.skip_generate)
    counts = None
    if not args.skip_generate:
        cipher = FieldCipher.from_config(keys)
        counts = asyncio.run(generate(args.server, args.database, args.reference, args.workers, args.shipments, cipher))
    database_url = args.server.replace("postgresql://", "postgresql+asyncpg://") + f"/{args.database}"
    # start_stack hands its own environment on: trade-service decrypts with the ring the rows were made with.
    os.environ["TRADE_PII_KEYS"] = keys
    results: dict[str, dict[str, float]] = {}
    shown: dict[str, dict[str, object]] = {}
    with TemporaryDirectory() as tmp:
        stack = start_stack(Path(tmp), database_url)
        threading.Thread(target=drain, args=(stack.stdout,), daemon=True).start()
        try:
            base = f"http://127.0.0.1:{PORT}"
            path = f"/api/v1/trade/indicators?period={args.year}"
            city_token, county_token = login(base, "city"), login(base, "guangshan")
            for name, token in (("city", city_token), ("county", county_token)):
                shown[name] = figures(base + path, token)
                results[f"gateway_{name}"] = measure(base + path, token, args.requests)
                print(name, shown[name], results[f"gateway_{name}"], flush=True)
            direct = f"http://127.0.0.1:{SERVICE_PORTS['trade-service']}{path}"
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
        "figures": shown,
        **results,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"trade-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    print("\n| caller | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} |")


if __name__ == "__main__":
    main()
