"""One benchmark run of the enterprise list, through the gateway and directly against case-service.

Needs the 1M-row table from `generate_enterprises.py` and Debian's `wrk`. Starts the whole stack on
PostgreSQL (database `bench`), signs in as the demo city officer, and measures in one run:
- throughput and latency of `GET /api/v1/enterprises?page_size=20` with wrk, direct and through
  the gateway, alternating rounds so both see the same machine state; the ratio gateway ÷ direct;
- latency at a fixed 100 req/s through the gateway;
- errors under 70% of the measured gateway peak for 60 s;
- incremental-sync export rate through the gateway (province client, pages of 500; its region with
  `--sync-region`);
- resident memory of each process afterwards;
- CPU time per request of each process (gateway, case-service, PostgreSQL's backends, wrk), from /proc,
  and beside it the throughput of a bare FastAPI endpoint on the same server settings (`bench/bare.py`).
`uv run python bench/load.py [--duration 15] [--connections 32] [--rounds 2]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import aiohttp
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
PORT = 18500
SERVICE_PORTS = {"case-service": PORT + 101, "investment-service": PORT + 102, "trade-service": PORT + 103}
BARE_PORT = PORT + 110
TICKS = os.sysconf("SC_CLK_TCK")
LIST_PATH = "/api/v1/enterprises?page_size=20"


def measure(url: str, token: str, requests: int, warmup: int = 20) -> dict[str, float]:
    """Sequential requests on one kept-alive connection: p50/p95/p99 in ms."""
    latencies: list[float] = []
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for i in range(warmup + requests):
            t = time.perf_counter()
            resp = client.get(url)
            elapsed = (time.perf_counter() - t) * 1000
            resp.raise_for_status()
            if i >= warmup:
                latencies.append(elapsed)
    q = statistics.quantiles(latencies, n=100)
    return {"requests": requests, "p50_ms": q[49], "p95_ms": q[94], "p99_ms": q[98], "max_ms": max(latencies)}


def port_in_use(port: int) -> bool:
    """Whether something already listens on the port (another stack would answer the measured requests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def drain(stream: object) -> None:
    """Keep reading the stack's output so a full pipe never blocks it."""
    for _ in stream:  # type: ignore[attr-defined]
        pass


def login(base: str, username: str) -> str:
    """An access token of a demo user."""
    resp = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": "Demo@2021pass"})
    return str(resp.raise_for_status().json()["access_token"])


def start_stack(data_dir: Path, database_url: str, workers: str = "1") -> subprocess.Popen[str]:
    """The stack on PostgreSQL, with rate limits lifted so the limiter does not cap the measurement."""
    env = dict(os.environ)
    for prefix in ("GATEWAY", "CASE", "INVESTMENT", "TRADE"):
        env[f"{prefix}_DATABASE_URL"] = database_url
    env["GATEWAY_RATE_LIMIT_USER_PER_MINUTE"] = str(10**9)
    env["GATEWAY_RATE_LIMIT_CLIENT_PER_MINUTE"] = str(10**9)
    cmd = [
        sys.executable,
        "scripts/stack.py",
        "--data-dir",
        str(data_dir),
        "--port",
        str(PORT),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("stack ready"):
            return proc
    raise RuntimeError("stack did not start")


def pid_on(port: int) -> int | None:
    """The pid of the (first) process listening on a port."""
    pids = pids_on(port)
    return pids[0] if pids else None


def pids_on(port: int) -> list[int]:
    """Every process holding a port's listening socket (an app's server processes when it runs several)."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout  # noqa: S603,S607
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", out)})


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of processes (those that ended in between count as zero)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


def postgres_pids() -> list[int]:
    """PostgreSQL's processes (the server runs on this machine)."""
    out = subprocess.run(["pgrep", "-u", "postgres"], capture_output=True, text=True).stdout  # noqa: S607
    return [int(p) for p in out.split()]


def wrk(
    url: str, token: str, duration: int, connections: int, watch: dict[str, list[int]] | None = None
) -> dict[str, float]:
    """Run wrk and read requests/s, p50, p99 and error counts (and CPU ms per request of the watched processes)."""
    watch = dict(watch or {})
    watch["postgres"] = postgres_pids()
    before = {name: cpu_seconds(pids) for name, pids in watch.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Authorization: Bearer {token}", url],  # noqa: S607
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    after = {name: cpu_seconds(pids) for name, pids in watch.items()}
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk itself: the child that just ended
    before["wrk"], after["wrk"] = 0.0, ended.ru_utime + ended.ru_stime - children.ru_utime - children.ru_stime
    out = run.stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    result = {
        "rps": rps,
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non_2xx": float(non2xx.group(1)) if non2xx else 0.0,
        "socket_errors": float(sum(map(int, sock.groups()))) if sock else 0.0,
    }
    for name in after:
        result[f"cpu_ms_per_request_{name}"] = (after[name] - before[name]) * 1000 / max(done, 1)
    return result


def start_bare() -> subprocess.Popen[bytes]:
    """The bare-endpoint baseline on the stack's server settings."""
    cmd = [
        sys.executable, "-m", "uvicorn", "bare:create_app", "--factory", "--app-dir", str(ROOT / "bench"),
        "--host", "127.0.0.1", "--port", str(BARE_PORT), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT)  # noqa: S603
    for _ in range(100):
        if port_in_use(BARE_PORT):
            return proc
        time.sleep(0.1)
    raise RuntimeError("bare endpoint did not start")


async def fixed_rate(url: str, token: str, rate: float, seconds: float) -> dict[str, float]:
    """Send requests at a fixed rate (open model) and record latencies and failures.

    aiohttp rather than httpx: the client shares the two cores with the stack, and httpx's per-request
    cost made the client, not the server, the limit (and stalled the 70 % phase).
    """
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=256)
    timeout = aiohttp.ClientTimeout(total=10)
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, headers=headers) as client:

        async def one() -> None:
            nonlocal failures
            t = time.perf_counter()
            try:
                async with client.get(url) as resp:
                    await resp.read()
                    if resp.status != 200:
                        failures += 1
            except (aiohttp.ClientError, TimeoutError):
                failures += 1
            latencies.append((time.perf_counter() - t) * 1000)

        tasks = []
        start = time.perf_counter()
        n = int(rate * seconds)
        for i in range(n):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {
        "sent": n, "achieved_rps": n / elapsed, "failures": failures,
        "p50_ms": q[49], "p95_ms": q[94], "p99_ms": q[98],
    }  # fmt: skip


async def sync_export(base: str, client_token: str, records: int) -> dict[str, float]:
    """Page through the incremental sync feed and measure records per second."""
    got, cursor = 0, None
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {client_token}"}, timeout=30) as c:
        start = time.perf_counter()
        while got < records:
            params: dict[str, str | int] = {"limit": 500}
            if cursor:
                params["cursor"] = cursor
            resp = await c.get("/open/v1/enterprises", params=params)
            resp.raise_for_status()
            page = resp.json()
            got += len(page["items"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        elapsed = time.perf_counter() - start
    return {"records": got, "seconds": elapsed, "records_per_s": got / elapsed}


def rss_mb(port: int) -> float:
    """Resident memory of the process listening on a port (read from /proc)."""
    pid = pid_on(port)
    if pid is None:
        return float("nan")
    status = Path(f"/proc/{pid}/status").read_text()
    kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return kb / 1024


async def set_client_region(database_url: str, region: str) -> None:
    """Point the `province` client's data scope at a region (the benchmark owns its database)."""
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("UPDATE iam.machine_client SET region_code = $1 WHERE client_id = 'province'", region)
    finally:
        await conn.close()


def main() -> None:
    """Run the benchmark and print a Markdown summary (and JSON under bench/results/)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sustain-seconds", type=int, default=60)
    parser.add_argument("--throughput-only", action="store_true", help="only the wrk rounds and the baseline")
    parser.add_argument(
        "--workers", default="1", help="server processes per app: N, or N,app=M (e.g. 1,case=2), as scripts/stack.py"
    )
    parser.add_argument("--sync-records", type=int, default=100_000)
    parser.add_argument(
        "--sync-region",
        default="411500",
        help="region of the `province` client for the sync phase: 411500 (the demo's, the city: 7%% of this "
        "province-wide table) or 410000 (every row, as in a city's own database, where all data lies in the city)",
    )
    args = parser.parse_args()

    with TemporaryDirectory() as tmp:
        stack = start_stack(Path(tmp), args.database_url, args.workers)
        try:
            base = f"http://127.0.0.1:{PORT}"
            login = httpx.post(f"{base}/api/v1/auth/login", json={"username": "city", "password": "Demo@2021pass"})
            token = login.raise_for_status().json()["access_token"]
            # After the start: the stack seeds the client on a fresh database; tokens carry the region from here on.
            asyncio.run(set_client_region(args.database_url, args.sync_region))
            client = httpx.post(
                f"{base}/open/v1/token",
                data={"grant_type": "client_credentials", "client_id": "province", "client_secret": "Demo@2021secret"},
            )
            client_token = client.raise_for_status().json()["access_token"]
            gateway_url = base + LIST_PATH
            direct_url = f"http://127.0.0.1:{SERVICE_PORTS['case-service']}" + LIST_PATH
            total = httpx.get(gateway_url, headers={"Authorization": f"Bearer {token}"}).json()["total"]
            watch = {"gateway": pids_on(PORT), "case": pids_on(SERVICE_PORTS["case-service"])}
            bare_url = f"http://127.0.0.1:{BARE_PORT}" + LIST_PATH
            wrk(direct_url, token, 3, args.connections)  # warm-up both paths
            wrk(gateway_url, token, 3, args.connections)
            direct_runs, gateway_runs, bare_runs = [], [], []
            for _ in range(args.rounds):
                direct_runs.append(wrk(direct_url, token, args.duration, args.connections, watch))
                gateway_runs.append(wrk(gateway_url, token, args.duration, args.connections, watch))
                print(f"round: direct {direct_runs[-1]}, gateway {gateway_runs[-1]}", flush=True)
            bare = start_bare()
            try:
                bare_pid = pid_on(BARE_PORT)
                wrk(bare_url, token, 3, args.connections)
                for _ in range(args.rounds):
                    bare_runs.append(wrk(bare_url, token, args.duration, args.connections, {"bare": [bare_pid or 0]}))
                    print(f"round: bare {bare_runs[-1]}", flush=True)
            finally:
                bare.terminate()
                bare.wait(timeout=10)
            direct_rps = statistics.mean(r["rps"] for r in direct_runs)
            gateway_rps = statistics.mean(r["rps"] for r in gateway_runs)
            if args.throughput_only:
                summary(direct_runs, gateway_runs, bare_runs)
                return
            at_100 = asyncio.run(fixed_rate(gateway_url, token, 100, 20))
            print(f"fixed 100 req/s: {at_100}", flush=True)
            sustained = asyncio.run(fixed_rate(gateway_url, token, 0.7 * gateway_rps, args.sustain_seconds))
            print(f"sustained 70%: {sustained}", flush=True)
            sync = asyncio.run(sync_export(base, client_token, args.sync_records))
            print(f"sync export: {sync}", flush=True)
            memory = {"gateway": rss_mb(PORT), **{k: rss_mb(v) for k, v in SERVICE_PORTS.items()}}
        finally:
            stack.send_signal(signal.SIGTERM)
            stack.wait(timeout=20)

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "workers_per_app": args.workers,
        "rows_visible_to_caller": total,
        "connections": args.connections,
        "direct": direct_runs,
        "gateway": gateway_runs,
        "bare": bare_runs,
        "ratio": gateway_rps / direct_rps,
        "fixed_100rps": at_100,
        "sustained_70pct": sustained,
        "sync_export": {**sync, "client_region": args.sync_region},
        "memory_mb": memory,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    summary(direct_runs, gateway_runs, bare_runs)
    print(f"\nratio gateway/direct = {result['ratio']:.2f}")


def summary(
    direct_runs: list[dict[str, float]], gateway_runs: list[dict[str, float]], bare_runs: list[dict[str, float]]
) -> None:
    """Print the throughput table with CPU per request of each process."""
    print("\n| path | req/s | p50 ms | p99 ms | CPU ms per request |\n|---|---|---|---|---|")
    for name, runs in (("direct", direct_runs), ("gateway", gateway_runs), ("bare", bare_runs)):
        rps, p50, p99 = (statistics.mean(r[k] for r in runs) for k in ("rps", "p50_ms", "p99_ms"))
        cpu = ", ".join(
            f"{k.removeprefix('cpu_ms_per_request_')} {statistics.mean(r[k] for r in runs):.2f}"
            for k in runs[0] if k.startswith("cpu_ms_per_request_")
        )  # fmt: skip
        print(f"| {name} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {cpu} |")


if __name__ == "__main__":
    main()
