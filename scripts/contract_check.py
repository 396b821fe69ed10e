"""The API keeps its contract under generated requests: Schemathesis against the whole stack, as two officers.

`uv run python scripts/contract_check.py` (`make test-contract`): migrates and seeds a database of its own
(with TEST_DATABASE_URL set, a PostgreSQL database `<name>_contract` beside it, created and dropped here;
otherwise SQLite files in a temporary folder), starts the gateway and the three services as processes, signs
in a city officer (`city`) and a county officer (`guangshan`), takes the merged OpenAPI document from the
gateway and runs Schemathesis over every operation once per officer: a fixed seed, a bounded number of
examples per operation, generated requests valid and invalid. It fails on any 5xx, any status the operation
does not document and any response that breaks its documented schema.

A failing case is printed with a curl line that reproduces it; the processes' log is kept in the report folder
(`var/contract` unless `--report-dir`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # the launcher beside this script

ROOT = stack.ROOT
PASSWORD = "Demo@2021pass"
#: The two officers the run signs in as (the city bureau sees every county, a county bureau its own), and the
#: phases each runs. The coverage phase sends every boundary and invalid case the document allows (most of the
#: run's time, and answered the same for either officer), so only the city officer runs it; the county officer
#: runs the generated and stateful phases, where the answers depend on whose records are visible.
OFFICERS = (
    ("city", "city_officer", "examples,coverage,fuzzing,stateful"),
    ("guangshan", "county_officer", "examples,fuzzing,stateful"),
)
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
#: Not generated: changing one's own password would sign the officer out of the rest of the run.
EXCLUDED = ("/api/v1/auth/password",)


def free_base_port(start: int = 18600) -> int:
    """A port whose next three are free too (the gateway and the three services side by side)."""
    for base in range(start, start + 2000, 5):
        if all(_free(port) for port in range(base, base + 4)):
            return base
    raise RuntimeError("no four free ports in a row")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


async def _admin(url: str, statement: str) -> None:
    """Run one statement on the server of `url` (CREATE and DROP DATABASE run outside a transaction)."""
    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@contextmanager
def contract_database(test_url: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database beside TEST_DATABASE_URL's (dropped after), or None for SQLite files."""
    if not test_url:
        yield None
        return
    base = make_url(test_url)
    name = f"{base.database}_contract"
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    asyncio.run(_admin(test_url, drop))
    asyncio.run(_admin(test_url, f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(test_url, drop))


def post_json(url: str, body: dict[str, str]) -> dict[str, object]:
    """POST a JSON body and read the JSON answer."""
    request = urllib.request.Request(  # noqa: S310 - loopback URL we built
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read())


def sign_in(base_url: str, username: str) -> str:
    """The access token of a demo account."""
    token = post_json(f"{base_url}/api/v1/auth/login", {"username": username, "password": PASSWORD})["access_token"]
    return str(token)


def fetch_document(base_url: str, target: Path) -> dict[str, object]:
    """The gateway's merged OpenAPI document, saved for Schemathesis; every service must be in it."""
    with urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=30) as answer:  # noqa: S310
        doc: dict[str, object] = json.loads(answer.read())
    if doc.get("x-unavailable-services"):
        raise RuntimeError(f"services missing from the document: {doc['x-unavailable-services']}")
    target.write_text(json.dumps(doc, ensure_ascii=False))
    return doc


def schemathesis_cmd(
    args: argparse.Namespace, document: Path, base_url: str, token: str, phases: str, report: Path
) -> list[str]:
    """One Schemathesis run over every operation as one officer."""
    cli = Path(__file__).resolve().parent / "schemathesis_cli.py"
    cmd = [
        sys.executable, str(cli), "run", str(document), "--url", base_url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--mode", "all",
        "--phases", args.phases or phases,
        "--seed", str(args.seed),
        "--max-examples", str(args.max_examples),
        "--workers", str(args.workers),
        "--request-timeout", "30",
        "--suppress-health-check", "all",
        "--report", "junit", "--report-dir", str(report),
        "--output-truncate", "false",
        "--warnings", "off",
    ]  # fmt: skip
    for path in EXCLUDED:
        cmd += ["--exclude-path", path]
    return cmd


def stack_environment(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    """The stack's environment: demo data, no practical rate limits, every app on the one database."""
    env = stack.environment(data_dir, port, True, stack.service_ports(port, contiguous=True))
    env.pop("TEST_DATABASE_URL", None)
    # The run sends thousands of requests a minute from one address, as one user.
    for limit in ("RATE_LIMIT_USER", "RATE_LIMIT_ANONYMOUS", "LOGIN_IP_LIMIT"):
        env[f"GATEWAY_{limit}_PER_MINUTE"] = "1000000"
    if database_url:
        for prefix in ("GATEWAY", "CASE", "INVESTMENT", "TRADE"):
            env[f"{prefix}_DATABASE_URL"] = database_url
    return env


def run_officers(args: argparse.Namespace, base_url: str, report_dir: Path) -> list[str]:
    """Schemathesis once per officer over the live document; the roles whose run failed."""
    document = report_dir / "openapi.json"
    doc = fetch_document(base_url, document)
    paths: dict[str, dict[str, object]] = doc["paths"]  # type: ignore[assignment]
    count = sum(1 for ops in paths.values() for method in ops if method in {"get", "post", "put", "patch", "delete"})
    print(f"contract: {count} operations", flush=True)
    failed = []
    for username, role, phases in OFFICERS:
        if args.officer and username not in args.officer:
            continue
        started = time.monotonic()
        cmd = schemathesis_cmd(args, document, base_url, sign_in(base_url, username), phases, report_dir / role)
        print(f"contract: as {role} ({username})", flush=True)
        code, output = run_streamed(cmd)
        if code != 0 and tool_error_only(output):
            # Every generated case passed and the run stopped on an error inside the test tool itself (seen:
            # CPython 3.11's `ast.parse` failing in Hypothesis's lambda descriptions): that says nothing of the
            # API, so the role's run is repeated once, as it stands, with a fresh token.
            print(f"contract: {role}: an error inside the test tool, no API failure: running again", flush=True)
            token = sign_in(base_url, username)
            code, output = run_streamed(schemathesis_cmd(args, document, base_url, token, phases, report_dir / role))
        print(f"contract: {role} done in {time.monotonic() - started:.0f} s, exit {code}", flush=True)
        if code != 0:
            failed.append(role)
    return failed


def run_streamed(cmd: list[str]) -> tuple[int, str]:
    """Run a command, echoing its output as it comes; its exit code and the output."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    return proc.wait(), "".join(lines)


def tool_error_only(output: str) -> bool:
    """Whether a failed Schemathesis run saw no failing case and stopped on a runtime error of its own."""
    counts = re.search(r"(\d+) generated, (\d+) passed(?P<rest>[^\n]*)", output)
    if counts is None or counts.group(1) != counts.group(2) or counts.group("rest").strip():
        return False
    return "Runtime Error" in output and "Failures:" not in output


def main() -> None:
    """Start the stack, run Schemathesis as each officer, stop everything; exit non-zero on any failure."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="the gateway's port; the services take the next three")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--max-examples", type=int, default=5, help="generated cases per operation and phase")
    parser.add_argument("--phases", help="the phases of every officer's run (default: as OFFICERS says)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "var" / "contract")
    parser.add_argument("--officer", choices=[name for name, _role, _phases in OFFICERS], action="append")
    args = parser.parse_args()
    started = time.monotonic()
    port = args.port or free_base_port()
    report_dir = args.report_dir.resolve()
    shutil.rmtree(report_dir, ignore_errors=True)
    report_dir.mkdir(parents=True)
    log_path = report_dir / "stack.log"
    test_url = os.environ.get("TEST_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="contract-") as data, contract_database(test_url) as database_url:
        env = stack_environment(Path(data), port, database_url)
        print(
            f"contract: preparing the stack on {'PostgreSQL' if database_url else 'SQLite'} (port {port})", flush=True
        )
        stack.prepare(env, True)
        procs: list[subprocess.Popen[bytes]] = []
        with log_path.open("wb") as log:
            try:
                stack.start(env, port, stack.service_ports(port, contiguous=True), procs, log=log)
                print(f"contract: stack ready after {time.monotonic() - started:.0f} s", flush=True)
                failed = run_officers(args, f"http://127.0.0.1:{port}", report_dir)
            finally:
                stack.stop(procs)
    tracebacks = log_path.read_text(errors="replace").count("Traceback")
    print(f"contract: {time.monotonic() - started:.0f} s in all; the stack's log: {log_path}", flush=True)
    if tracebacks:
        print(f"contract: {tracebacks} tracebacks in the stack's log", flush=True)
        failed.append("stack log")
    if failed:
        sys.exit(f"contract broken: {', '.join(failed)}")


if __name__ == "__main__":
    main()
