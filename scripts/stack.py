"""Start the whole platform on one machine: migrate, seed, then the gateway and the three services.

`uv run python scripts/stack.py [--data-dir var] [--port 8000] [--no-demo]`; Ctrl-C (or SIGTERM) stops all.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
SERVICES = (("case", "case_service", 101), ("investment", "investment_service", 102), ("trade", "trade_service", 103))


def service_ports(port: int, contiguous: bool = False) -> dict[str, int]:
    """Each service's port: the gateway's plus 101..103 (8101..8103), or plus 1..3 when `contiguous`."""
    return {name: port + (index + 1 if contiguous else offset) for index, (name, _m, offset) in enumerate(SERVICES)}


def environment(data_dir: Path, port: int, demo: bool, ports: dict[str, int] | None = None) -> dict[str, str]:
    """The environment every process of the stack shares."""
    ports = ports or service_ports(port)
    env = dict(os.environ)
    env.setdefault("PLATFORM_ENV", "demo" if demo else "production")
    env["DATA_DIR"] = str(data_dir)
    env["JWKS_URL"] = f"http://127.0.0.1:{port}/.well-known/jwks.json"
    env["GATEWAY_PORT"] = str(port)
    env["GATEWAY_PUBLIC_BASE_URL"] = env.get("GATEWAY_PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    for name, _module, _offset in SERVICES:
        env[f"{name.upper()}_PORT"] = str(ports[name])
        env[f"GATEWAY_{name.upper()}_SERVICE_URL"] = f"http://127.0.0.1:{ports[name]}"
    # investment-service asks case-service (directly) about the cases a project links to.
    env["INVESTMENT_CASE_SERVICE_URL"] = env["GATEWAY_CASE_SERVICE_URL"]
    # case-service asks the gateway's unit directory about the units a case, order or pairing names.
    env["CASE_GATEWAY_URL"] = f"http://127.0.0.1:{port}"
    return env


def _run_chain(cmds: list[list[str]], env: dict[str, str]) -> str | None:
    """Run one app's preparation steps in order; the failed step, if any."""
    for cmd in cmds:
        result = subprocess.run(cmd, env=env, cwd=ROOT, check=False)  # noqa: S603 - our own commands
        if result.returncode != 0:
            return f"step failed ({result.returncode}): {' '.join(cmd)}"
    return None


def uvicorn_cmd(factory: str, port: int, workers: int = 1) -> list[str]:
    """The server command of one app (keep-alive 5 s: longer than the gateway's upstream keep-alive); with
    `workers` > 1, that many server processes share the port (as replicas do behind a balancer)."""
    many = ["--workers", str(workers)] if workers > 1 else []
    return [
        sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1", "--port", str(port),
        "--timeout-keep-alive", "5", "--timeout-graceful-shutdown", "8", "--no-access-log", "--log-level", "warning",
        *many,
    ]  # fmt: skip


def wait_ready(url: str, deadline: float, procs: list[subprocess.Popen[bytes]]) -> None:
    """Poll a readiness probe until it answers 200."""
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a process exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:  # noqa: S310 - loopback URL we built
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready in time: {url}")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM every process, then SIGKILL what is still running after 10 s."""
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()


def prepare(env: dict[str, str], demo: bool) -> None:
    """Migrate every app's database and seed it (demo data too when `demo`), the four apps side by side: each has
    a database of its own, and each step spends seconds importing its app."""
    seed_args = ["--demo"] if demo else []
    clis = ["gateway.cli", *(f"{module}.cli" for _name, module, _offset in SERVICES)]
    chains = [[[sys.executable, "-m", cli, "migrate"], [sys.executable, "-m", cli, "seed", *seed_args]] for cli in clis]
    with ThreadPoolExecutor(max_workers=len(chains)) as pool:
        failures = [failed for failed in pool.map(lambda chain: _run_chain(chain, env), chains) if failed]
    if failures:
        sys.exit("; ".join(failures))


def _embedded(env: dict[str, str]) -> bool:
    """Whether every app keeps its data in the data folder (no `*DATABASE_URL` points elsewhere)."""
    return not any(v for k, v in env.items() if k.endswith("DATABASE_URL") and k != "TEST_DATABASE_URL")


def prepare_or_copy(env: dict[str, str], demo: bool, data_dir: Path, port: int, seed_cache: Path | None) -> None:
    """Prepare the data folder; with `seed_cache`, copy one prepared before for the same port instead, or keep a
    copy of this one for the next start (the browser tests start a stack per suite on fresh data)."""
    if seed_cache is None or not _embedded(env) or any(data_dir.iterdir()):
        prepare(env, demo)
        return
    kept = seed_cache / f"{'demo' if demo else 'bare'}-{port}"
    if kept.is_dir():
        shutil.copytree(kept, data_dir, dirs_exist_ok=True)
        return
    prepare(env, demo)
    staging = Path(tempfile.mkdtemp(dir=seed_cache))
    shutil.copytree(data_dir, staging, dirs_exist_ok=True)
    try:
        staging.rename(kept)  # whole or not at all: a stack started meanwhile prepares its own
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def start(
    env: dict[str, str],
    port: int,
    ports: dict[str, int],
    procs: list[subprocess.Popen[bytes]],
    log: IO[bytes] | None = None,
    workers: dict[str, int] | None = None,
) -> None:
    """Start the services and the gateway (appended to `procs`, their output to `log` if given) and wait
    until all are ready; `workers` gives an app (gateway, case, investment, trade) more server processes."""
    apps = [(name, f"{module}.main:app_factory", ports[name]) for name, module, _offset in SERVICES]
    apps.append(("gateway", "gateway.main:app_factory", port))
    for name, factory, app_port in apps:
        cmd = uvicorn_cmd(factory, app_port, (workers or {}).get(name, 1))
        procs.append(subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log))  # noqa: S603
    deadline = time.monotonic() + 180  # generous: a loaded 2-core machine starts four apps slowly
    for name, _module, _offset in SERVICES:
        wait_ready(f"http://127.0.0.1:{ports[name]}/readyz", deadline, procs)
    wait_ready(f"http://127.0.0.1:{port}/readyz", deadline, procs)


APPS = ("gateway", *(name for name, _m, _o in SERVICES))


def worker_counts(spec: str) -> dict[str, int]:
    """Server processes per app from `N` (every app) or `N,app=M,…` (one app differs), e.g. `1,case=2`."""
    counts: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, number = part.rpartition("=")
        if name and name not in APPS:
            raise argparse.ArgumentTypeError(f"unknown app {name!r} (one of {', '.join(APPS)})")
        if not number.isdigit() or int(number) < 1:
            raise argparse.ArgumentTypeError(f"not a number of processes: {part!r}")
        counts.update({name: int(number)} if name else dict.fromkeys(APPS, int(number)))
    return counts


def main() -> None:
    """Prepare the databases and run the four processes until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-demo", action="store_true", help="no demo data (production settings required)")
    parser.add_argument(
        "--seed-cache",
        type=Path,
        default=None,
        help="a folder keeping prepared data folders: an empty data folder starts from a copy (embedded databases)",
    )
    parser.add_argument(
        "--workers",
        type=worker_counts,
        default={},
        help="server processes per app: N for every app, or e.g. 1,case=2 (default 1)",
    )
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    ports = service_ports(args.port)
    env = environment(data_dir, args.port, not args.no_demo, ports)
    prepare_or_copy(env, not args.no_demo, data_dir, args.port, args.seed_cache)

    procs: list[subprocess.Popen[bytes]] = []
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        start(env, args.port, ports, procs, workers=args.workers)
        print(f"stack ready http://127.0.0.1:{args.port}", flush=True)
        while not stopping:
            if any(p.poll() is not None for p in procs):
                print("a process exited; stopping the stack", file=sys.stderr, flush=True)
                break
            time.sleep(0.3)
    finally:
        stop(procs)
    sys.exit(0 if stopping else 1)


if __name__ == "__main__":
    main()
