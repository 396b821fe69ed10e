"""Test helpers shared by every service: databases on SQLite or PostgreSQL, rolled-back sessions, tokens."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from platform_core.auth import TokenVerifier
from platform_core.db import Database, get_session, is_sqlite
from platform_core.migrations import upgrade
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
        yield session

    app.dependency_overrides[get_session] = _session


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
        "subject": subject or f"user:{abs(hash((role, region_code, unit_id))) % 100000}",
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
