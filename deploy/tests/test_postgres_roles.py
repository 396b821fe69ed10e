"""The PostgreSQL init scripts, statically against the compose file and live on a real server: each
service role owns its schema, can build in it, and is refused everywhere else."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

import asyncpg
import pytest
from conftest import (
    ADMIN_URL,
    APPS,
    POSTGRES_DIR,
    Cluster,
    apply_service_role,
    env_prefix,
    init_script_roles,
    load_compose,
    run_psql,
    service_env,
)
from sqlalchemy.engine import make_url

SERVICE_ROLE_SQL = (POSTGRES_DIR / "sql" / "service-role.sql").read_text()


def scram_matches(verifier: str, password: str) -> bool:
    """Whether a stored SCRAM-SHA-256 verifier (RFC 7677) was made from this password."""
    method, iterations_salt, keys = verifier.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key


# --- static: the script, the SQL and the compose file agree ---------------------------------------------


def test_init_script_creates_a_role_and_schema_for_every_database_url():
    compose = load_compose()
    database = compose["services"]["db"]["environment"]["POSTGRES_DB"]
    users = set()
    for app in APPS:
        env = service_env(compose["services"][app.service])
        url = make_url(env[f"{env_prefix(app)}DATABASE_URL"])
        assert url.drivername == "postgresql+asyncpg"
        assert (url.host, url.port, url.database) == ("db", 5432, database)
        assert url.password is None, "passwords come from Docker secrets, never from env files"
        assert url.username == app.schema, f"{app.service} connects as the role owning its schema {app.schema}"
        users.add(url.username)
    assert set(init_script_roles()) == users


def test_init_script_is_mounted_where_the_postgres_image_runs_it_and_is_executable():
    db = load_compose()["services"]["db"]
    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in db["volumes"]
    init = POSTGRES_DIR / "init.sh"
    assert init.stat().st_mode & 0o111, "the postgres image sources non-executable scripts into its own shell"
    # Only init.sh sits at the top: the image would also run any *.sql placed beside it, without variables.
    assert sorted(p.name for p in POSTGRES_DIR.iterdir() if p.is_file()) == ["init.sh"]


def test_database_gets_every_role_password_secret_and_each_app_only_its_own():
    services = load_compose()["services"]
    role_secrets = {f"db_password_{name}" for name in init_script_roles()}
    assert role_secrets <= set(services["db"]["secrets"])
    for app in APPS:
        attached = set(services[app.service]["secrets"]) | set(services[f"{app.service}-prestart"]["secrets"])
        assert attached & role_secrets == {f"db_password_{app.schema}"}, app.service


def test_service_role_sql_grants_only_connect_and_its_own_schema():
    grants = re.findall(r"^\s*GRANT\s+(.+?)\s+TO\b", SERVICE_ROLE_SQL, re.MULTILINE | re.IGNORECASE)
    assert grants == ['CONNECT ON DATABASE :"dbname"']
    assert re.search(r'CREATE SCHEMA :"schema" AUTHORIZATION :"role"', SERVICE_ROLE_SQL)
    assert re.search(r'ALTER ROLE :"role" IN DATABASE :"dbname" SET search_path = :"schema"', SERVICE_ROLE_SQL)
    assert "NOSUPERUSER NOCREATEDB NOCREATEROLE" in SERVICE_ROLE_SQL


# --- live: the same SQL on the build machine's PostgreSQL -----------------------------------------------


async def test_roles_are_plain_logins_with_the_secret_file_password(cluster: Cluster):
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        rows = await admin.fetch(
            "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin,"
            " rolpassword FROM pg_authid WHERE rolname = ANY($1::text[])",
            list(cluster.roles.values()),
        )
    finally:
        await admin.close()
    by_role = {row["rolname"]: row for row in rows}
    for schema, role in cluster.roles.items():
        row = by_role[role]
        assert row["rolcanlogin"]
        assert not any(row[k] for k in ("rolsuper", "rolcreatedb", "rolcreaterole", "rolreplication", "rolbypassrls"))
        # The file held a trailing newline; the password is the line without it.
        assert scram_matches(row["rolpassword"], cluster.passwords[schema]), role


async def test_each_role_owns_its_schema_with_search_path_set(cluster: Cluster):
    for schema in cluster.roles:
        conn = await cluster.connect_as(schema)
        try:
            assert await conn.fetchval("SHOW search_path") == schema
            # Set on the role, so it holds behind PgBouncer too, where the apps cannot ask for it at connect.
            assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
            assert await conn.fetchval("SHOW work_mem") == "16MB"
            assert await conn.fetchval("SHOW jit") == "off"
            owner = await conn.fetchval("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = $1", schema)
            assert owner == cluster.roles[schema]
        finally:
            await conn.close()


async def test_each_role_builds_in_its_own_schema_and_is_refused_in_every_other(cluster: Cluster):
    schemas = list(cluster.roles)
    conns = {schema: await cluster.connect_as(schema) for schema in schemas}
    try:
        for schema, conn in conns.items():
            # Unqualified: lands in the role's schema through its search_path.
            await conn.execute("CREATE TABLE deploy_probe (id int PRIMARY KEY)")
            await conn.execute("INSERT INTO deploy_probe VALUES (1)")
            assert await conn.fetchval(f"SELECT count(*) FROM {schema}.deploy_probe") == 1
        for schema, conn in conns.items():
            for other in schemas:
                if other == schema:
                    continue
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(f"CREATE TABLE {other}.intruder (id int)")
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.fetchval(f"SELECT count(*) FROM {other}.deploy_probe")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute("CREATE TABLE public.intruder (id int)")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f"CREATE SCHEMA {schema}_extra")
    finally:
        for conn in conns.values():
            await conn.execute("DROP TABLE IF EXISTS deploy_probe")
            await conn.close()


async def test_other_roles_cannot_connect_to_the_database(cluster: Cluster):
    outsider = f"outsider_ck{secrets.token_hex(3)}"
    assert run_psql(ADMIN_URL, "--command", f'CREATE ROLE "{outsider}" LOGIN').returncode == 0
    try:
        url = make_url(cluster.admin_url).set(username=outsider, database=cluster.database)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await asyncpg.connect(url.render_as_string(hide_password=False))
    finally:
        run_psql(ADMIN_URL, "--command", f'DROP ROLE "{outsider}"')


def test_a_short_password_is_refused_and_creates_nothing(cluster: Cluster, tmp_path):
    role = f"weak_ck{secrets.token_hex(3)}"
    short = tmp_path / "short"
    short.write_text("only-15-chars..\n")
    result = apply_service_role(cluster.superuser_url, cluster.database, role, "weak_schema", short)
    assert result.returncode != 0
    assert "too short" in result.stderr
    count = f"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"
    exists = run_psql(ADMIN_URL, "--tuples-only", "--command", count)
    assert exists.stdout.strip() == "0"
