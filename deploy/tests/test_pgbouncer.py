"""The apps behind PgBouncer in transaction mode (Debian's package), as the Kubernetes layout runs them.

The database is prepared by the real init SQL (one login role per app, `plan_cache_mode` set on the role).
Migrations and seeds connect to PostgreSQL directly, as the migration Jobs do; the gateway and case-service
then run their image commands with `DB_POOLER=pgbouncer` against a PgBouncer that gives each role fewer server
connections than the apps pool, so server connections change hands between transactions all the time.
What must hold: concurrent reads and writes answer without prepared-statement errors, one record per
Idempotency-Key sent many times at once, exactly one of several PATCHes holding the same If-Match wins.
And why the pooler setting exists, shown on this PgBouncer: it refuses the startup parameter the apps send
when they connect directly, so behind it the role carries that setting instead.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
from conftest import REPO, Cluster, free_port, throwaway_cluster
from sqlalchemy import text
from sqlalchemy.engine import make_url

from platform_core.db import Database
from platform_core.route_properties import uscc_in
from platform_core.settings import DatabasePoolSettings, Pooler

PASSWORD = "Demo@2021pass"
#: Server connections PgBouncer opens per role and database: fewer than the app's pool (DB_POOL_SIZE below).
SERVER_POOL = 3
APP_POOL = 8
#: A role no app uses here: its server connections change hands only as the tests below make them.
IDLE_ROLE = "investment_svc"


def pgbouncer_binary() -> str:
    """Debian's PgBouncer (scripts/ensure-pgbouncer.sh installs it; `make test` runs that first)."""
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if found is None:
        subprocess.run(["bash", str(REPO / "scripts" / "ensure-pgbouncer.sh")], check=True, capture_output=True)
        found = "/usr/sbin/pgbouncer"
    return found


def pgbouncer_config(port: int, server: str, folder: Path) -> str:
    """Transaction pooling in front of the test server, SCRAM for clients, small server pools."""
    url = make_url(server)
    return "\n".join(
        [
            "[databases]",
            f"* = host={url.host or '127.0.0.1'} port={url.port or 5432}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {port}",
            "unix_socket_dir =",
            "pool_mode = transaction",
            "auth_type = scram-sha-256",
            f"auth_file = {folder / 'userlist.txt'}",
            f"default_pool_size = {SERVER_POOL}",
            "max_client_conn = 200",
            "log_connections = 0",
            "log_disconnections = 0",
            "log_stats = 0",
            "",
        ]
    )


@dataclass
class Stack:
    """The prepared database, PgBouncer and the two apps."""

    cluster: Cluster
    bouncer_port: int
    gateway: str
    logs: dict[str, Path]

    def bouncer_url(self, schema: str) -> str:
        """asyncpg's URL of a service role through PgBouncer."""
        url = make_url(self.cluster.url(schema)).set(host="127.0.0.1", port=self.bouncer_port)
        return url.render_as_string(hide_password=False)


def wait_ready(url: str, deadline: float, process: subprocess.Popen[bytes]) -> None:
    """Poll a probe until it answers 200."""
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready: {url} (exit {process.poll()})")


def wait_listening(port: int, deadline: float, process: subprocess.Popen[bytes]) -> None:
    """Wait until a process accepts connections on a port."""
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} (exit {process.poll()})")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Prepare the database, migrate and seed directly, start PgBouncer and the apps behind it."""
    data_dir = tmp_path_factory.mktemp("pgbouncer-apps")
    # PgBouncer refuses to run as root; as root it is started as `nobody`, which must read its files.
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o755)
    processes: list[subprocess.Popen[bytes]] = []
    with throwaway_cluster("pgbouncer_check", tmp_path_factory.mktemp("secrets")) as cluster:
        try:
            ports = {key: free_port() for key in ("bouncer", "gateway", "case")}
            userlist = "".join(
                f'"{cluster.roles[schema]}" "{cluster.passwords[schema]}"\n'
                for schema in ("iam", "case_svc", IDLE_ROLE)
            )
            (folder / "userlist.txt").write_text(userlist)
            (folder / "pgbouncer.ini").write_text(pgbouncer_config(ports["bouncer"], cluster.admin_url, folder))
            for path in folder.iterdir():
                path.chmod(0o644)
            command = [pgbouncer_binary(), str(folder / "pgbouncer.ini")]
            if os.geteuid() == 0:
                command[1:1] = ["-u", pwd.getpwnam("nobody").pw_name]
            bouncer = subprocess.Popen(command)
            processes.append(bouncer)
            wait_listening(ports["bouncer"], time.monotonic() + 20, bouncer)

            base = {
                **{k: v for k, v in os.environ.items() if not k.startswith("DB_")},
                "PLATFORM_ENV": "demo",
                "DATA_DIR": str(data_dir),
                "JWKS_URL": f"http://127.0.0.1:{ports['gateway']}/.well-known/jwks.json",
                "GATEWAY_CASE_SERVICE_URL": f"http://127.0.0.1:{ports['case']}",
                "GATEWAY_SIGNING_KEY_FILE": str(data_dir / "signing-key.pem"),
                "GATEWAY_RATE_LIMIT_USER_PER_MINUTE": "100000",
                "GATEWAY_LOGIN_IP_LIMIT_PER_MINUTE": "100000",
            }
            base.pop("TEST_DATABASE_URL", None)
            envs = {}
            for app, prefix, schema in (("gateway", "GATEWAY_", "iam"), ("case", "CASE_", "case_svc")):
                direct = {
                    **base,
                    f"{prefix}DATABASE_URL": cluster.url(schema, driver="postgresql+asyncpg"),
                    "PGPASSWORD": cluster.passwords[schema],
                }
                for step in (["migrate"], ["seed", "--demo"]):
                    module = "gateway.cli" if app == "gateway" else "case_service.cli"
                    done = subprocess.run(
                        [sys.executable, "-m", module, *step], env=direct, cwd=REPO, capture_output=True, text=True
                    )
                    assert done.returncode == 0, f"{app} {step}: {done.stderr[-2000:]}"
                bounced = make_url(direct[f"{prefix}DATABASE_URL"]).set(host="127.0.0.1", port=ports["bouncer"])
                envs[app] = {
                    **direct,
                    f"{prefix}DATABASE_URL": bounced.render_as_string(hide_password=False),
                    "DB_POOLER": "pgbouncer",
                    "DB_POOL_SIZE": str(APP_POOL),
                    "DB_MAX_OVERFLOW": "4",
                }

            logs = {app: data_dir / f"{app}.log" for app in ("gateway", "case")}
            deadline = time.monotonic() + 120
            for app, factory in (("case", "case_service.main:app_factory"), ("gateway", "gateway.main:app_factory")):
                # The image's command (deploy/docker/Dockerfile), on loopback and a free port.
                cmd = [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1"]
                cmd += ["--port", str(ports[app]), "--timeout-keep-alive", "5", "--no-access-log"]
                with logs[app].open("wb") as log:
                    process = subprocess.Popen(cmd, env=envs[app], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
                processes.append(process)
                wait_ready(f"http://127.0.0.1:{ports[app]}/readyz", deadline, process)
            yield Stack(cluster, ports["bouncer"], f"http://127.0.0.1:{ports['gateway']}", logs)
        finally:
            for process in reversed(processes):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            shutil.rmtree(folder, ignore_errors=True)


def sign_in(base: str, username: str = "guangshan") -> dict[str, str]:
    """Bearer headers of a demo account."""
    answer = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_concurrent_reads_and_writes_through_the_pooler(stack: Stack):
    headers = sign_in(stack.gateway)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=stack.gateway, timeout=60) as client:
            reads = [client.get("/api/v1/enterprises", params={"page_size": 20}, headers=headers) for _ in range(30)]
            writes = [
                client.post(
                    "/api/v1/enterprises",
                    json={"uscc": uscc_in("411522", 910000 + n), "name": f"连接池并发企业{n}", "region_code": "411522"},
                    headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                )
                for n in range(12)
            ]
            return await asyncio.gather(*reads, *writes)

    answers = asyncio.run(burst())
    assert [a.status_code for a in answers[:30]] == [200] * 30, [a.text for a in answers if a.status_code != 200]
    assert [a.status_code for a in answers[30:]] == [201] * 12, [a.text for a in answers[30:] if a.status_code != 201]
    listed = httpx.get(
        f"{stack.gateway}/api/v1/enterprises", params={"q": "连接池并发企业", "page_size": 50}, headers=headers
    )
    assert listed.status_code == 200 and listed.json()["total"] == 12, listed.text


def test_one_idempotency_key_sent_many_times_at_once_makes_one_record(stack: Stack):
    headers = {**sign_in(stack.gateway), "Idempotency-Key": uuid.uuid4().hex}
    body = {"uscc": uscc_in("411522", 920001), "name": "连接池幂等企业", "region_code": "411522"}

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=stack.gateway, timeout=60) as client:
            return await asyncio.gather(
                *(client.post("/api/v1/enterprises", json=body, headers=headers) for _ in range(8))
            )

    answers = asyncio.run(send_all())
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409} and 201 in codes, codes
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    # Sent again once the first finished: the stored answer, not a second record.
    again = httpx.post(f"{stack.gateway}/api/v1/enterprises", json=body, headers=headers, timeout=30)
    assert again.status_code == 201 and again.json()["id"] == answers[codes.index(201)].json()["id"]

    async def count() -> int:
        conn = await asyncpg.connect(stack.cluster.superuser_url)
        try:
            return await conn.fetchval("SELECT count(*) FROM case_svc.enterprise WHERE uscc = $1", body["uscc"])
        finally:
            await conn.close()

    assert asyncio.run(count()) == 1


def test_of_concurrent_patches_holding_one_etag_exactly_one_wins(stack: Stack):
    headers = sign_in(stack.gateway)
    body = {"uscc": uscc_in("411522", 930001), "name": "连接池版本企业", "region_code": "411522"}
    made = httpx.post(f"{stack.gateway}/api/v1/enterprises", json=body, headers=headers, timeout=30)
    assert made.status_code == 201, made.text
    url = f"{stack.gateway}/api/v1/enterprises/{made.json()['id']}"
    etag = httpx.get(url, headers=headers, timeout=30).headers["etag"]

    async def patch_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as client:
            return await asyncio.gather(
                *(
                    client.patch(url, json={"name": f"连接池版本企业{n}号"}, headers={**headers, "If-Match": etag})
                    for n in range(6)
                )
            )

    codes = sorted(a.status_code for a in asyncio.run(patch_all()))
    assert codes == [200] + [412] * 5, codes
    after = httpx.get(url, headers=headers, timeout=30)
    assert after.json()["version"] == 2 and after.headers["etag"] == '"2"'


def test_no_prepared_statement_errors_and_fewer_server_connections_than_clients(stack: Stack):
    for app, log in stack.logs.items():
        text = log.read_text(errors="replace")
        assert "prepared statement" not in text.lower(), f"{app}:\n{text[-3000:]}"
        assert "Traceback" not in text, f"{app}:\n{text[-3000:]}"

    async def server_connections() -> int:
        conn = await asyncpg.connect(stack.cluster.superuser_url)
        try:
            return await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = $1", stack.cluster.roles["case_svc"]
            )
        finally:
            await conn.close()

    # case-service keeps up to APP_POOL connections to PgBouncer; PostgreSQL sees at most SERVER_POOL.
    assert 1 <= asyncio.run(server_connections()) <= SERVER_POOL


async def test_the_role_plans_each_statement_for_its_values_behind_the_pooler(stack: Stack):
    conn = await asyncpg.connect(
        stack.bouncer_url("case_svc"), password=stack.cluster.passwords["case_svc"], statement_cache_size=0
    )
    try:
        assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
        assert await conn.fetchval("SHOW work_mem") == "16MB"
        assert await conn.fetchval("SHOW jit") == "off"
    finally:
        await conn.close()


async def test_pgbouncer_refuses_what_a_direct_connection_sends(stack: Stack):
    # What platform_core.db sends without DB_POOLER: refused at connect.
    with pytest.raises(asyncpg.PostgresError, match="unsupported startup parameter"):
        await asyncpg.connect(
            stack.bouncer_url("case_svc"),
            password=stack.cluster.passwords["case_svc"],
            server_settings={"plan_cache_mode": "force_custom_plan"},
        )


async def test_a_statement_cached_by_name_fails_once_another_client_holds_its_server_connection(stack: Stack):
    # asyncpg's default: a statement is prepared once under a name and reused. Behind transaction pooling
    # the name lives on the server connection that prepared it, which the next transaction may not get.
    url, password = stack.bouncer_url(IDLE_ROLE), stack.cluster.passwords[IDLE_ROLE]
    cached = await asyncpg.connect(url, password=password)
    holder = await asyncpg.connect(url, password=password, statement_cache_size=0)
    try:
        assert await cached.fetchval("SELECT 1") == 1
        async with holder.transaction():
            # PgBouncer hands out the server connection released last: the one holding the statement.
            assert await holder.fetchval("SELECT 2") == 2
            with pytest.raises(asyncpg.InvalidSQLStatementNameError):
                await cached.fetchval("SELECT 1")
    finally:
        await cached.close()
        await holder.close()


async def test_the_platform_engine_in_pooler_mode_does_not_depend_on_its_server_connection(stack: Stack):
    url = make_url(stack.bouncer_url(IDLE_ROLE)).set(
        drivername="postgresql+asyncpg", password=stack.cluster.passwords[IDLE_ROLE]
    )
    db = Database(
        url.render_as_string(hide_password=False), IDLE_ROLE, pool=DatabasePoolSettings(pooler=Pooler.PGBOUNCER)
    )
    holder = await asyncpg.connect(stack.bouncer_url(IDLE_ROLE), password=stack.cluster.passwords[IDLE_ROLE])
    try:
        for write in (False, True):
            async with db.session(write=write) as session:
                assert await session.scalar(text("SELECT 1")) == 1
            async with holder.transaction():
                assert await holder.fetchval("SELECT 2") == 2
                # The same statement again, now necessarily on another server connection.
                async with db.session(write=write) as session:
                    assert await session.scalar(text("SELECT 1")) == 1
                    assert await session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
    finally:
        await holder.close()
        await db.dispose()
