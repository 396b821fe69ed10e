"""Fixtures of the gateway's identity tests: a migrated and seeded database (SQLite, or PostgreSQL with
TEST_DATABASE_URL), a rolled-back session per test, the identity routers on an ASGI transport, a clock
the tests move, and tokens for the seeded demo accounts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import admin, contacts, iam, sessions
from gateway.iam import service
from gateway.iam.dependencies import get_clock
from gateway.iam.models import AuditLog, User
from gateway.iam.seed import seed
from gateway.settings import GatewaySettings
from platform_core.app import create_service_app
from platform_core.auth import TokenVerifier
from platform_core.db import Database, utcnow
from platform_core.regions import load_regions
from platform_core.testing import bind_session, migrated_database, rolled_back_session, test_database_url
from platform_core.tokens import SigningKey, TokenSigner

GATEWAY_ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "Demo@2021pass"
DEMO_CLIENT_SECRET = "Demo@2021secret"
DEMO_USERS = (
    "admin",
    "security",
    "auditor",
    "leader",
    "city",
    "guangshan",
    "xinxian",
    "unit_zrzy",
    "reviewer",
    "enterprise",
)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> GatewaySettings:
    return GatewaySettings(
        PLATFORM_ENV="test",
        DATA_DIR=tmp_path_factory.mktemp("gateway-data"),
        demo_password=DEMO_PASSWORD,
        demo_client_secret=DEMO_CLIENT_SECRET,
    )


@pytest.fixture(scope="session")
async def database(tmp_path_factory: pytest.TempPathFactory, settings: GatewaySettings) -> AsyncIterator[Database]:
    url = test_database_url(tmp_path_factory.mktemp("gateway-db"), "gateway")
    db = await migrated_database(GATEWAY_ROOT, "iam", url)
    async with db.sessionmaker() as s:
        await seed(s, settings=settings, demo_data=True)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
def signer(settings: GatewaySettings) -> TokenSigner:
    return TokenSigner(SigningKey.generate(), settings.jwt_issuer, settings.jwt_audience)


def build_app(
    settings: GatewaySettings, database: Database, signer: TokenSigner, *, extra_routers: tuple[Any, ...] = ()
) -> FastAPI:
    """The identity routers assembled the way the gateway mounts them (without proxy and edge middleware)."""
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    app = create_service_app(
        name="gateway",
        title="gateway identity (test)",
        settings=settings,
        schema="iam",
        routers=[iam.router, contacts.router, contacts.internal_router, admin.router, sessions.router, *extra_routers],
        database=database,
        verifier=verifier,
    )
    app.state.signer = signer
    app.state.regions = load_regions(settings.reference_data_dir)
    return app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(settings: GatewaySettings, database: Database, signer: TokenSigner, clock: FakeClock) -> FastAPI:
    # A fresh app per test: the sign-in throttle lives in app state and must not leak between tests.
    application = build_app(settings, database, signer)
    application.dependency_overrides[get_clock] = lambda: clock
    return application


@pytest.fixture
async def session(database: Database, app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(database) as s:
        bind_session(app, s)
        yield s


@pytest.fixture
async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as c:
        yield c


async def user_named(session: AsyncSession, username: str) -> User:
    """A seeded user, read fresh."""
    user = await service.get_user_by_username(session, username=username)
    assert user is not None, username
    return user


@pytest.fixture
def token_for(session: AsyncSession, signer: TokenSigner, settings: GatewaySettings) -> Callable[..., Any]:
    """Mint the access token a user would get at sign-in (without paying for a password hash)."""

    async def make(username: str) -> str:
        user = await user_named(session, username)
        profile = await service.access_profile(session, user=user)
        token, _ = service.user_access_token(
            signer, user=user, profile=profile, ttl_seconds=settings.access_token_ttl_seconds
        )
        return token

    return make


@pytest.fixture
def auth(token_for: Callable[..., Any]) -> Callable[..., Any]:
    """Authorization headers for a seeded user."""

    async def make(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {await token_for(username)}"}

    return make


@pytest.fixture
async def login(app: FastAPI, session: AsyncSession) -> AsyncIterator[Callable[..., Any]]:
    """POST a sign-in from a connection at an address (each test gets a fresh throttle)."""
    peers: dict[str, httpx.AsyncClient] = {}

    async def post(username: str, password: str = DEMO_PASSWORD, *, ip: str = "10.0.0.1") -> httpx.Response:
        if ip not in peers:
            transport = httpx.ASGITransport(app=app, client=(ip, 50000))
            peers[ip] = httpx.AsyncClient(transport=transport, base_url="http://gateway")
        return await peers[ip].post("/api/v1/auth/login", json={"username": username, "password": password})

    yield post
    for peer in peers.values():
        await peer.aclose()


@pytest.fixture
def audit_log(session: AsyncSession) -> Callable[..., Any]:
    """The audit entries of an action (optionally filtered by column), oldest first."""

    async def entries(action: str, **where: Any) -> list[AuditLog]:
        stmt = select(AuditLog).where(AuditLog.action == action)
        for name, value in where.items():
            stmt = stmt.where(getattr(AuditLog, name) == value)
        return list((await session.scalars(stmt.order_by(AuditLog.id))).all())

    return entries


@pytest.fixture
def user_of(session: AsyncSession) -> Callable[..., Any]:
    """A seeded user by login name, read fresh."""

    async def get(username: str) -> User:
        return await user_named(session, username)

    return get
