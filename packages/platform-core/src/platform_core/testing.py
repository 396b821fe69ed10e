"""Test helpers shared by every service: databases on SQLite or PostgreSQL, rolled-back sessions, tokens."""

from __future__ import annotations

import os
import uuid
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import TokenVerifier
from platform_core.db import Database, get_session, is_sqlite
from platform_core.migrations import downgrade, upgrade
from platform_core.tokens import SigningKey, TokenSigner

ISSUER = "commerce-platform-gateway"
AUDIENCE = "commerce-platform"


def test_database_url(tmp_dir: Path, name: str) -> str:
    """`TEST_DATABASE_URL` (PostgreSQL) when set, else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite+aiosqlite:///{tmp_dir / f'{name}-{uuid.uuid4().hex[:8]}.db'}"


async def migrated_database(service_root: Path, schema: str, url: str) -> Database:
    """A database migrated to head; on PostgreSQL the service schema is dropped first."""
    db = Database(url, schema)
    if not is_sqlite(url):
        async with db.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    upgrade(service_root, url)
    return db


@asynccontextmanager
async def rolled_back_session(db: Database) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is rolled back at the end (commits become savepoints)."""
    async with db.engine.connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            await session.close()
            if outer.is_active:
                await outer.rollback()


def bind_session(app: FastAPI, session: AsyncSession) -> None:
    """Make every request of the app use the test's session."""

    async def _session() -> AsyncIterator[AsyncSession]:
        # As in production, a failed request leaves nothing of its uncommitted work behind (its own
        # savepoint is rolled back), while what the test itself added stays.
        request_work = await session.begin_nested()
        try:
            yield session
        except Exception:
            if request_work.is_active:
                await request_work.rollback()
            raise
        if request_work.is_active:
            await request_work.commit()

    app.dependency_overrides[get_session] = _session
    # Mechanisms that would open a connection of their own (idempotency claims) use this one instead.
    app.state.bound_session = session


class TestTokens:
    """Mints access tokens like the gateway does, for a key the test owns."""

    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        """Generate a key and a verifier that trusts it."""
        self.signer = TokenSigner(SigningKey.generate(), ISSUER, AUDIENCE)
        self.verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=self.signer.jwks())

    def token(self, **kwargs: Any) -> str:
        """An access token for the given principal fields."""
        kwargs.setdefault("kind", "user")
        kwargs.setdefault("name", kwargs.get("subject", "tester"))
        kwargs.setdefault("roles", [])
        kwargs.setdefault("region_code", None)
        kwargs.setdefault("region_path", None)
        return self.signer.access_token(**kwargs)[0]

    def headers(self, **kwargs: Any) -> dict[str, str]:
        """Authorization headers for such a token."""
        return {"Authorization": f"Bearer {self.token(**kwargs)}"}


def role_token_kwargs(
    role: str,
    *,
    region_code: str | None = None,
    region_path: str | None = None,
    unit_id: int | None = None,
    enterprise_uscc: str | None = None,
    subject: str | None = None,
) -> dict[str, Any]:
    """Token fields for a user holding one built-in role (as the gateway would issue them)."""
    from platform_core.permissions import ROLES_BY_CODE

    spec = ROLES_BY_CODE[role]
    return {
        "subject": subject or f"user:{zlib.crc32(repr((role, region_code, unit_id)).encode()) % 100000}",
        "kind": "user",
        "name": role,
        "roles": [role],
        "permissions": list(spec.permissions),
        "data_scopes": [spec.data_scope],
        "region_code": region_code,
        "region_path": region_path,
        "unit_id": unit_id,
        "enterprise_uscc": enterprise_uscc,
    }


def client_token_kwargs(
    client_id: str, permissions: list[str], *, data_scope: str, region_code: str | None, region_path: str | None
) -> dict[str, Any]:
    """Token fields for a machine client."""
    return {
        "subject": f"client:{client_id}",
        "kind": "client",
        "name": client_id,
        "roles": [],
        "permissions": permissions,
        "data_scopes": [data_scope],
        "region_code": region_code,
        "region_path": region_path,
    }


GUANGSHAN, XINXIAN, CITY = "411522", "411523", "411500"


def service_fixtures(
    *, service_root: Path, schema: str, make_app: Any, reference_dir: Path | None = None
) -> dict[str, Any]:
    """The standard fixtures of a service's tests; a conftest does `globals().update(service_fixtures(...))`.

    `make_app(database, verifier)` builds the app under test.
    """
    import httpx
    import pytest

    from platform_core.demo import DEMO_ENTERPRISE_USCC
    from platform_core.regions import load_regions
    from platform_core.settings import SHIPPED_REFERENCE_DIR

    ref = reference_dir or Path(os.environ.get("REFERENCE_DATA_DIR", SHIPPED_REFERENCE_DIR))

    @pytest.fixture(scope="session")
    def regions() -> Any:
        return load_regions(ref)

    @pytest.fixture(scope="session")
    def tokens() -> TestTokens:
        return TestTokens()

    @pytest.fixture(scope="session")
    async def database(tmp_path_factory: Any) -> AsyncIterator[Database]:
        url = test_database_url(tmp_path_factory.mktemp(schema), schema)
        db = await migrated_database(service_root, schema, url)
        yield db
        await db.dispose()

    @pytest.fixture(scope="session")
    def app(database: Database, tokens: TestTokens) -> FastAPI:
        return make_app(database, tokens.verifier)

    @pytest.fixture
    async def session(database: Database, app: FastAPI) -> AsyncIterator[AsyncSession]:
        async with rolled_back_session(database) as s:
            bind_session(app, s)
            yield s

    @pytest.fixture
    async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as c:
            yield c

    @pytest.fixture
    def headers(tokens: TestTokens, regions: Any) -> Any:
        def make(role: str, region: str | None = CITY, **kw: Any) -> dict[str, str]:
            path = regions.path_of(region) if region else None
            return tokens.headers(**role_token_kwargs(role, region_code=region, region_path=path, **kw))

        return make

    @pytest.fixture
    def roles(headers: Any, tokens: TestTokens, regions: Any) -> dict[str, dict[str, str]]:
        return {
            "city_leader": headers("city_leader", CITY, subject="user:1"),
            "city_officer": headers("city_officer", CITY, subject="user:2"),
            "guangshan": headers("county_officer", GUANGSHAN, subject="user:3"),
            "xinxian": headers("county_officer", XINXIAN, subject="user:4"),
            "unit": headers("unit_handler", CITY, unit_id=2, subject="user:5"),
            "enterprise": headers("enterprise_user", GUANGSHAN, enterprise_uscc=DEMO_ENTERPRISE_USCC, subject="user:6"),
            "admin": headers("system_admin", CITY, subject="user:7"),
            "auditor": headers("auditor", CITY, subject="user:8"),
            "province": tokens.headers(
                **client_token_kwargs(
                    "province",
                    ["open:enterprise:read"],
                    data_scope="REGION_AND_BELOW",
                    region_code=CITY,
                    region_path=regions.path_of(CITY),
                )
            ),
        }

    return {
        "regions": regions,
        "tokens": tokens,
        "database": database,
        "app": app,
        "session": session,
        "client": client,
        "headers": headers,
        "roles": roles,
    }


async def check_probes(client: Any) -> None:
    """`/livez`, `/readyz` and `/metrics` answer without a token."""
    assert (await client.get("/livez")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200 and "http_requests_total" in metrics.text


async def check_audit_log_is_auditor_only(client: Any, roles: dict[str, dict[str, str]]) -> None:
    """The audit log answers the auditor and refuses everyone else."""
    assert (await client.get("/api/v1/audit/logs", headers=roles["auditor"])).status_code == 200
    for role in ("admin", "city_officer", "guangshan", "enterprise", "province"):
        assert (await client.get("/api/v1/audit/logs", headers=roles[role])).status_code == 403
    assert (await client.get("/api/v1/audit/logs")).status_code == 401


def check_migrations_reversible(service_root: Path, tmp_path: Path) -> None:
    """Upgrade, downgrade to base and upgrade again on a fresh SQLite file."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
    upgrade(service_root, url)
    downgrade(service_root, url, "base")
    upgrade(service_root, url)
