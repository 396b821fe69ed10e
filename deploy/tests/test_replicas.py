"""Two gateway replicas and two case-service replicas behind HAProxy (round robin), on PostgreSQL — once with
the gateways' rate limits in their own memory, once in Redis.

The processes are the ones the images run (uvicorn with each app factory), started directly; HAProxy
from Debian's packages balances each pair. What must hold across replicas: one record per
Idempotency-Key sent to both at once, an attachment stored through one replica read through the other,
the 13710 timer check once per tick, account lockout counted across gateways (an unknown name's exactly like a
real one's), a disabled user's sign-in refused by every gateway within seconds, every acknowledged write
surviving `kill -9` of a replica under write load, and a caller's rate limit counted once across the gateways
when Redis holds the counters (each gateway counting on its own without it).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest
from conftest import ADMIN_URL, REPO, free_port
from sqlalchemy.engine import make_url

from platform_core.route_properties import uscc_in

PASSWORD = "Demo@2021pass"


def haproxy_binary() -> str:
    """Debian's HAProxy, installed when missing (CI runs as root with apt)."""
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found is None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=True, env=env, capture_output=True)
        found = "/usr/sbin/haproxy"
    return found


def wait_ready(url: str, deadline: float) -> None:
    """Poll a readiness probe until it answers."""
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code in {200, 503}:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready: {url}")


@dataclass
class Stack:
    """The replicas, the balancers and where to reach them."""

    database_url: str
    gateway: str  # the balancer in front of the two gateways
    gateways: list[str]
    redis_url: str = ""  # where the gateways count rate limits ("" = each in its own memory)
    case_replicas: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)


def uvicorn(factory: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """One app process as the image runs it."""
    cmd = [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--timeout-keep-alive", "5", "--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(cmd, env=env, cwd=REPO)


def haproxy_config(front: dict[str, tuple[int, list[int]]]) -> str:
    """Round robin over each pair, health-checked every 200 ms, a failed connection tried on the other."""
    lines = [
        "global",
        "  maxconn 2000",
        "defaults",
        "  mode http",
        "  timeout connect 1s",
        "  timeout client 30s",
        "  timeout server 30s",
        "  retries 2",
        "  option redispatch",
        "  retry-on conn-failure empty-response",
    ]
    for name, (port, backends) in front.items():
        lines += [f"frontend {name}", f"  bind 127.0.0.1:{port}", f"  default_backend {name}_pool"]
        lines += [f"backend {name}_pool", "  balance roundrobin", "  option httpchk GET /livez"]
        lines += [f"  server {name}{i} 127.0.0.1:{p} check inter 200ms fall 1 rise 2" for i, p in enumerate(backends)]
    return "\n".join(lines) + "\n"


#: A machine client's quota per minute in these stacks: small, so that the shared count shows.
CLIENT_PER_MINUTE = 12
#: The Redis database the Redis variant counts in (emptied before it starts: its counters only).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture(scope="module", params=["memory", "redis"], ids=["limits-in-memory", "limits-in-redis"])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Migrate and seed a fresh database, start the replicas and the balancers; stop everything after."""
    redis_url = REDIS_URL if request.param == "redis" else ""
    if redis_url:
        empty_redis(redis_url)
    name = f"replicas_{uuid.uuid4().hex[:8]}"
    admin = make_url(ADMIN_URL)
    subprocess.run(["psql", "--no-psqlrc", "-q", ADMIN_URL, "-c", f'CREATE DATABASE "{name}"'], check=True)
    database_url = admin.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    data_dir = tmp_path_factory.mktemp("replicas")
    ports = {key: free_port() for key in ("lb", "case_lb", "g1", "g2", "c1", "c2")}
    env = {
        **os.environ,
        "PLATFORM_ENV": "demo",
        "DATA_DIR": str(data_dir),
        "GATEWAY_DATABASE_URL": database_url,
        "CASE_DATABASE_URL": database_url,
        "JWKS_URL": f"http://127.0.0.1:{ports['lb']}/.well-known/jwks.json",
        "GATEWAY_CASE_SERVICE_URL": f"http://127.0.0.1:{ports['case_lb']}",
        "CASE_GATEWAY_URL": f"http://127.0.0.1:{ports['lb']}",
        # The signing key must be the same on both gateways: one file, as a mounted secret would be.
        "GATEWAY_SIGNING_KEY_FILE": str(data_dir / "signing-key.pem"),
        "CASE_TIMER_CHECK_INTERVAL_S": "1",
        "GATEWAY_RATE_LIMIT_USER_PER_MINUTE": "100000",
        "GATEWAY_RATE_LIMIT_CLIENT_PER_MINUTE": str(CLIENT_PER_MINUTE),
        "GATEWAY_REDIS_URL": redis_url,
        "GATEWAY_LOGIN_IP_LIMIT_PER_MINUTE": "100000",
    }
    env.pop("TEST_DATABASE_URL", None)
    for command in (
        ["gateway.cli", "migrate"],
        ["gateway.cli", "seed", "--demo"],
        ["case_service.cli", "migrate"],
        ["case_service.cli", "seed", "--demo"],
    ):
        done = subprocess.run([sys.executable, "-m", *command], env=env, cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
    config = tmp_path_factory.mktemp("haproxy") / "haproxy.cfg"
    config.write_text(
        haproxy_config(
            {"gw": (ports["lb"], [ports["g1"], ports["g2"]]), "case": (ports["case_lb"], [ports["c1"], ports["c2"]])}
        )
    )
    result = Stack(
        database_url=database_url,
        gateway=f"http://127.0.0.1:{ports['lb']}",
        gateways=[f"http://127.0.0.1:{ports['g1']}", f"http://127.0.0.1:{ports['g2']}"],
        redis_url=redis_url,
    )
    try:
        for key in ("c1", "c2"):
            process = uvicorn("case_service.main:app_factory", ports[key], env)
            result.case_replicas[key] = process
            result.processes.append(process)
        result.processes.append(subprocess.Popen([haproxy_binary(), "-db", "-f", str(config)], cwd=REPO))
        # Generous: four apps start and migrate at once, and a busy two-core build machine takes minutes.
        deadline = time.monotonic() + 300
        for key in ("c1", "c2"):
            wait_ready(f"http://127.0.0.1:{ports[key]}/readyz", deadline)
        # The first gateway writes the shared signing key; the second starts once it exists.
        for key in ("g1", "g2"):
            result.processes.append(uvicorn("gateway.main:app_factory", ports[key], env))
            wait_ready(f"http://127.0.0.1:{ports[key]}/livez", deadline)
        wait_ready(f"{result.gateway}/livez", deadline)
        yield result
    finally:
        for process in result.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in result.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["psql", "--no-psqlrc", "-q", ADMIN_URL, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def empty_redis(url: str) -> None:
    """Empty the test's Redis database (counters of an earlier run would count against this one)."""
    from redis import Redis

    client = Redis.from_url(url, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


def sign_in(base: str, username: str = "city") -> dict[str, str]:
    """Bearer headers of a demo account."""
    answer = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def query(database_url: str, sql: str) -> list[asyncpg.Record]:
    """Rows of one statement on the stack's database."""
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


def test_one_key_sent_to_both_replicas_at_once_makes_one_record(stack: Stack):
    headers = {**sign_in(stack.gateway), "Idempotency-Key": uuid.uuid4().hex}
    body = {"uscc": uscc_in("411522", 900001), "name": "两副本幂等企业", "region_code": "411522"}

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            return await asyncio.gather(
                *(client.post(f"{base}/api/v1/enterprises", json=body, headers=headers) for base in stack.gateways * 4)
            )

    answers = asyncio.run(send_all())
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409} and 201 in codes, codes
    assert all(a.json()["code"] == "idempotency_in_progress" for a in answers if a.status_code == 409)
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    rows = asyncio.run(query(stack.database_url, f"SELECT id FROM case_svc.enterprise WHERE uscc = '{body['uscc']}'"))
    assert len(rows) == 1


def test_an_attachment_stored_through_one_replica_is_read_through_the_other(stack: Stack):
    headers = sign_in(stack.gateway)
    made = httpx.post(
        f"{stack.gateway}/api/v1/cases",
        json={
            "category_code": "land_planning",
            "title": "两副本附件",
            "description": "上传与下载经过不同副本",
            "enterprise_uscc": "91411522MA45R7K376",
        },
        headers=headers,
        timeout=30,
    )
    assert made.status_code == 201, made.text
    content = b"%PDF-1.7\n" + uuid.uuid4().hex.encode() + b"\n%%EOF\n"
    upload = httpx.post(
        f"{stack.gateway}/api/v1/cases/{made.json()['id']}/attachments",
        files={"file": ("批复.pdf", content, "application/pdf")},
        headers=headers,
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    # Round robin: four downloads reach both case-service replicas; each answers the same bytes.
    for _ in range(4):
        got = httpx.get(f"{stack.gateway}{upload.json()['download_url']}", headers=headers, timeout=30)
        assert got.status_code == 200 and got.content == content


def test_the_timer_check_runs_once_per_tick_across_the_replicas(stack: Stack):
    time.sleep(4.5)  # both replicas tick every second
    rows = asyncio.run(
        query(
            stack.database_url,
            "SELECT slot, count(*) AS n, min(outcome) AS outcome FROM case_svc.job_run "
            "WHERE job = 'case-timer-check' GROUP BY slot",
        )
    )
    assert len(rows) >= 3, rows
    assert all(r["n"] == 1 for r in rows) and all(r["outcome"] in {"ok", "running"} for r in rows)


def test_five_failures_lock_an_account_whichever_gateway_counts_them(stack: Stack):
    codes = []
    for attempt in range(5):
        base = stack.gateways[attempt % 2]
        wrong = httpx.post(f"{base}/api/v1/auth/login", json={"username": "xinxian", "password": "wrong"}, timeout=30)
        codes.append(wrong.status_code)
    # The fifth failure, counted whichever gateway saw the others, locks the account.
    assert codes == [401, 401, 401, 401, 423], codes
    for base in stack.gateways:
        locked = httpx.post(f"{base}/api/v1/auth/login", json={"username": "xinxian", "password": PASSWORD}, timeout=30)
        assert locked.status_code == 423 and locked.json()["code"] == "auth.account_locked", locked.text


def test_an_unknown_name_is_locked_like_a_real_one_whichever_gateway_counts(stack: Stack):
    def answers(username: str) -> list[tuple[int, object]]:
        seen = []
        for attempt in range(6):
            base = stack.gateways[attempt % 2]
            body = {"username": username, "password": "wrong"}
            answer = httpx.post(f"{base}/api/v1/auth/login", json=body, timeout=30)
            seen.append((answer.status_code, answer.json().get("remaining_attempts")))
        return seen

    # The counts live in the shared database: both gateways give the same answers for a real and an unknown name.
    assert (
        answers("guangshan")
        == answers("no-such-officer")
        == [(401, 4), (401, 3), (401, 2), (401, 1), (423, None), (423, None)]
    )


def test_a_disabled_users_token_is_refused_by_every_gateway_within_seconds(stack: Stack):
    victim = sign_in(stack.gateways[0], "leader")
    admin = sign_in(stack.gateways[1], "admin")
    for base in stack.gateways:
        assert httpx.get(f"{base}/api/v1/auth/me", headers=victim, timeout=30).status_code == 200
    users = httpx.get(f"{stack.gateway}/api/v1/system/users", params={"keyword": "leader"}, headers=admin, timeout=30)
    (user,) = [u for u in users.json()["items"] if u["username"] == "leader"]
    disabled = httpx.post(f"{stack.gateways[1]}/api/v1/system/users/{user['id']}/disable", headers=admin, timeout=30)
    assert disabled.status_code == 200, disabled.text
    time.sleep(5)
    for base in stack.gateways:
        refused = httpx.get(f"{base}/api/v1/auth/me", headers=victim, timeout=30)
        assert refused.status_code == 401 and refused.json()["code"] == "auth.session_ended", refused.text


def test_every_acknowledged_write_survives_kill_9_of_a_replica(stack: Stack):
    headers = sign_in(stack.gateway)
    acknowledged: list[int] = []
    failures: list[int | str] = []

    async def writer(n: int, stop_at: float) -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            serial = 0
            while time.monotonic() < stop_at:
                serial += 1
                body = {
                    "uscc": uscc_in("411523", 500000 + n * 1000 + serial),
                    "name": f"压力{n}-{serial}",
                    "region_code": "411523",
                }
                try:
                    answer = await client.post(f"{stack.gateway}/api/v1/enterprises", json=body, headers=headers)
                except httpx.HTTPError:
                    failures.append(0)
                    continue
                if answer.status_code == 201:
                    acknowledged.append(answer.json()["id"])
                else:
                    problem = answer.json() if "json" in answer.headers.get("content-type", "") else {}
                    failures.append(f"{answer.status_code} {problem.get('code', answer.text[:80])}")

    async def run() -> None:
        stop_at = time.monotonic() + 6
        writers = [asyncio.create_task(writer(n, stop_at)) for n in range(10)]
        await asyncio.sleep(2)
        stack.case_replicas["c1"].send_signal(signal.SIGKILL)
        await asyncio.gather(*writers)

    asyncio.run(run())
    assert len(acknowledged) > 50, (len(acknowledged), failures)
    # Errors only for what was in flight when the replica died: a handful against hundreds of writes.
    assert len(failures) <= 10, failures
    found = asyncio.run(
        query(
            stack.database_url,
            f"SELECT id FROM case_svc.enterprise WHERE id = ANY(ARRAY{sorted(acknowledged)}::bigint[])",
        )
    )
    assert len(found) == len(acknowledged)


def test_a_clients_rate_limit_is_counted_once_across_the_gateways_with_redis(stack: Stack):
    """A machine client calling both gateways in turn: with Redis its quota is one for the installation; without
    it each gateway grants the quota on its own (why a deployment of several gateways configures Redis)."""
    answer = httpx.post(
        f"{stack.gateway}/open/v1/token",
        data={"grant_type": "client_credentials", "client_id": "province", "client_secret": "Demo@2021secret"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    if time.time() % 60 > 45:  # counts are kept per minute: start in a fresh one, well before the next
        time.sleep(61 - time.time() % 60)
    calls = 3 * CLIENT_PER_MINUTE
    codes = [
        httpx.get(f"{stack.gateways[i % 2]}/open/v1/enterprises", params={"limit": 1}, headers=headers, timeout=30)
        for i in range(calls)
    ]
    passed = [c.status_code for c in codes if c.status_code != 429]
    refused = [c for c in codes if c.status_code == 429]
    assert set(passed) == {200}, passed
    assert all(r.headers.get("retry-after") for r in refused)
    if stack.redis_url:
        assert len(passed) == CLIENT_PER_MINUTE, f"{len(passed)} of {calls} passed with one shared quota"
    else:
        assert len(passed) == 2 * CLIENT_PER_MINUTE, f"{len(passed)} of {calls} passed with a quota per gateway"
