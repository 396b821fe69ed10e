"""Resident memory of each app process, at rest and under concurrent requests: the figures behind the memory
requests and limits of the Kubernetes manifests (docs/deploy-kubernetes.md, "Memory, measured").

Starts the gateway and the three services with uvicorn as the images run them, against a PostgreSQL database
that this script migrates and fills with the demo data, signs in, reads RSS after start-up, sends rounds of
concurrent list, search and OpenAPI requests through the gateway, and reads RSS and its high-water mark again.

    uv run python scripts/measure_memory.py --database postgresql+asyncpg://postgres@127.0.0.1:5432/measure
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
APPS = (("gateway", "gateway", 0), ("case", "case_service", 1), ("investment", "investment_service", 2))
APPS += (("trade", "trade_service", 3),)
PATHS = (
    "/api/v1/enterprises?page_size=100",
    "/api/v1/enterprises?page_size=100&q=茶",
    "/api/v1/cases?page_size=100",
    "/api/v1/projects?page_size=100",
    "/api/v1/openapi.json",
)


def memory_mib(pid: int) -> tuple[int, int]:
    """A process's resident memory now and its high-water mark, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss, hwm = (int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) // 1024 for key in ("VmRSS", "VmHWM"))
    return rss, hwm


def environment(database: str, data_dir: Path, port: int) -> dict[str, str]:
    """What every app process gets: demo mode, one database, each other's local addresses."""
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(
        PLATFORM_ENV="demo",
        DATA_DIR=str(data_dir),
        JWKS_URL=f"http://127.0.0.1:{port}/.well-known/jwks.json",
        GATEWAY_SIGNING_KEY_FILE=str(data_dir / "signing-key.pem"),
        TRADE_PII_KEYS="k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        GATEWAY_RATE_LIMIT_USER_PER_MINUTE="100000",
        GATEWAY_LOGIN_IP_LIMIT_PER_MINUTE="100000",
        INVESTMENT_CASE_SERVICE_URL=f"http://127.0.0.1:{port + 1}",
    )
    for name, _module, offset in APPS:
        env[f"{name.upper()}_DATABASE_URL"] = database
        if offset:
            env[f"GATEWAY_{name.upper()}_SERVICE_URL"] = f"http://127.0.0.1:{port + offset}"
    return env


async def load(base: str, headers: dict[str, str], rounds: int) -> dict[int, int]:
    """Rounds of every path at once; how many answers of each status."""
    statuses: dict[int, int] = {}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for _ in range(rounds):
            for answer in await asyncio.gather(*(client.get(path, headers=headers) for path in PATHS * 2)):
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    return statuses


def main() -> None:
    """Measure and print one line per app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (postgresql+asyncpg://...) to fill")
    parser.add_argument("--port", type=int, default=9400, help="the gateway's port; the services take the next 3")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="measure-"))
    env = environment(args.database, data_dir, args.port)
    for _name, module, _offset in APPS:
        for step in (["migrate"], ["seed", "--demo"]):
            command = [sys.executable, "-m", f"{module}.cli", *step]
            subprocess.run(command, env=env, cwd=REPO, check=True)  # noqa: S603 - our own commands
    processes = {}
    try:
        for name, module, offset in APPS:
            command = [sys.executable, "-m", "uvicorn", f"{module}.main:app_factory", "--factory"]
            command += ["--host", "127.0.0.1", "--port", str(args.port + offset), "--no-access-log"]
            processes[name] = subprocess.Popen(command, env=env, cwd=REPO, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 120
        for _name, _module, offset in APPS:
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{args.port + offset}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.3)
        time.sleep(3)
        at_rest = {name: memory_mib(p.pid)[0] for name, p in processes.items()}
        base = f"http://127.0.0.1:{args.port}"
        login = {"username": "leader", "password": "Demo@2021pass"}
        token = httpx.post(f"{base}/api/v1/auth/login", json=login, timeout=30).json()["access_token"]
        statuses = asyncio.run(load(base, {"Authorization": f"Bearer {token}"}, args.rounds))
        print(f"answers by status: {statuses}")
        for name, process in processes.items():
            rss, peak = memory_mib(process.pid)
            print(f"{name:<12} at rest {at_rest[name]:>4} MiB   after load {rss:>4} MiB   peak {peak:>4} MiB")
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=15)


if __name__ == "__main__":
    main()
