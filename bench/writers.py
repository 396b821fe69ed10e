"""Fifty people writing at once: sign-ins, creates and edits through the gateway, counting every error.

Starts the whole stack (the embedded SQLite default, or PostgreSQL in a database of its own) with the
demo data, then: all writers sign in at the same moment; each then, for the duration, registers an
enterprise (with an Idempotency-Key), reads it and changes it with its ETag, and registers a trade
fair record in its county — as an office of officials would. Any 5xx, any connection error, any
answer other than the expected one is an error. Prints throughput, latency and the error count as JSON.

`uv run python bench/writers.py [--database sqlite|postgres] [--writers 50] [--seconds 30]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import aiohttp
import asyncpg

from platform_core.route_properties import uscc_in

ROOT = Path(__file__).resolve().parents[1]
PORT = 18700
PG = "postgresql://postgres@127.0.0.1:5432"
#: Demo officials who write, and the county each writes in.
WRITERS = [("city", "411521"), ("guangshan", "411522"), ("xinxian", "411523")]


def start_stack(data_dir: Path, database_url: str | None) -> subprocess.Popen[str]:
    """The stack with the sign-in throttle and rate limits lifted (one address stands for fifty people)."""
    env = dict(os.environ)
    if database_url:
        for prefix in ("GATEWAY", "CASE", "INVESTMENT", "TRADE"):
            env[f"{prefix}_DATABASE_URL"] = database_url
    env["GATEWAY_LOGIN_IP_LIMIT_PER_MINUTE"] = str(10**6)
    env["GATEWAY_RATE_LIMIT_USER_PER_MINUTE"] = str(10**9)
    cmd = [sys.executable, "scripts/stack.py", "--data-dir", str(data_dir), "--port", str(PORT)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("stack ready"):
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
            return proc
    raise RuntimeError("stack did not start")


class Tally:
    """Answers by kind, latencies of the writes, and what went wrong."""

    def __init__(self) -> None:
        self.codes: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()

    async def call(
        self, http: aiohttp.ClientSession, method: str, url: str, expected: set[int], **kwargs: object
    ) -> tuple[int, dict[str, object], dict[str, str]]:
        """One request, timed and judged."""
        started = time.perf_counter()
        try:
            async with http.request(method, url, **kwargs) as resp:  # type: ignore[arg-type]
                body = await resp.json(content_type=None)
                status, headers = resp.status, {k.lower(): v for k, v in resp.headers.items()}
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.errors[f"{method} {type(exc).__name__}"] += 1
            return 0, {}, {}
        self.latencies.append((time.perf_counter() - started) * 1000)
        self.codes[f"{method} {status}"] += 1
        if status not in expected:
            self.errors[f"{method} {status} {body.get('code') if isinstance(body, dict) else ''}"] += 1
        return status, body if isinstance(body, dict) else {}, headers


async def writer(base: str, n: int, deadline: float, start: asyncio.Event, tally: Tally) -> int:
    """Sign in with the others, then write until the deadline; the number of completed rounds."""
    username, county = WRITERS[n % len(WRITERS)]
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        await start.wait()
        status, body, _ = await tally.call(
            http, "POST", f"{base}/api/v1/auth/login", {200}, json={"username": username, "password": "Demo@2021pass"}
        )
        if status != 200:
            return 0
        auth = {"Authorization": f"Bearer {body['access_token']}"}
        rounds = 0
        while time.monotonic() < deadline:
            serial = n * 100_000 + rounds
            enterprise = {"uscc": uscc_in(county, serial), "name": f"压测企业{n}-{rounds}", "region_code": county}
            headers = {**auth, "Idempotency-Key": uuid.uuid4().hex}
            status, made, _ = await tally.call(
                http, "POST", f"{base}/api/v1/enterprises", {201}, json=enterprise, headers=headers
            )
            if status == 201:
                url = f"{base}/api/v1/enterprises/{made['id']}"
                status, _, got = await tally.call(http, "GET", url, {200}, headers=auth)
                if status == 200:
                    change = {"address": f"信阳市第{rounds}号"}
                    await tally.call(http, "PATCH", url, {200}, json=change, headers={**auth, "If-Match": got["etag"]})
            fair = {"name": f"压测展会{n}-{rounds}", "mode": "online", "starts_on": "2026-04-15",
                    "ends_on": "2026-04-20", "region_code": county}  # fmt: skip
            await tally.call(http, "POST", f"{base}/api/v1/trade/fairs", {201}, json=fair, headers=auth)
            rounds += 1
        return rounds


async def run(base: str, writers: int, seconds: float) -> dict[str, object]:
    """All writers at once; the tally."""
    tally = Tally()
    start = asyncio.Event()
    deadline = time.monotonic() + seconds
    tasks = [asyncio.create_task(writer(base, n, deadline, start, tally)) for n in range(writers)]
    await asyncio.sleep(0.5)
    began = time.monotonic()
    start.set()
    rounds = await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    writes = sum(v for k, v in tally.codes.items() if not k.startswith("GET"))
    q = statistics.quantiles(tally.latencies, n=100) if len(tally.latencies) > 1 else [0.0] * 99
    return {
        "writers": writers,
        "seconds": round(elapsed, 1),
        "rounds": sum(rounds),
        "requests": sum(tally.codes.values()),
        "writes_per_s": round(writes / elapsed, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors),
        "answers": dict(sorted(tally.codes.items())),
    }


async def create_database(name: str) -> None:
    """A fresh PostgreSQL database for the run."""
    conn = await asyncpg.connect(f"{PG}/postgres")
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()


def main() -> None:
    """Start the stack, run the writers, print the tally."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    database_url = None
    if args.database == "postgres":
        asyncio.run(create_database("bench_writers"))
        database_url = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench_writers"
    with TemporaryDirectory() as tmp:
        proc = start_stack(Path(tmp), database_url)
        try:
            result = asyncio.run(run(f"http://127.0.0.1:{PORT}", args.writers, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(json.dumps({"database": args.database, **result}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
