"""Fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a rolled-back session
per test, the app on an ASGI transport, and a token per role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import SCHEMA
from case_service.main import create_app
from case_service.settings import CaseSettings
from platform_core.regions import load_regions
from platform_core.settings import REPO_ROOT
from platform_core.testing import (
    TestTokens,
    bind_session,
    client_token_kwargs,
    migrated_database,
    role_token_kwargs,
    rolled_back_session,
    test_database_url,
)

SERVICE_ROOT = Path(__file__).resolve().parents[1]
REFERENCE = REPO_ROOT.parent / "shared" / "data"
GUANGSHAN, XINXIAN, CITY = "411522", "411523", "411500"
ENTERPRISE_USCC = "91411522MA45R7K376"


@pytest.fixture(scope="session")
def regions():
    return load_regions(REFERENCE)


@pytest.fixture(scope="session")
def tokens() -> TestTokens:
    return TestTokens()


@pytest.fixture(scope="session")
async def database(tmp_path_factory):
    url = test_database_url(tmp_path_factory.mktemp("case"), "case")
    db = await migrated_database(SERVICE_ROOT, SCHEMA, url)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
def app(database, tokens):
    settings = CaseSettings(PLATFORM_ENV="test", sync_settle_seconds=0)
    return create_app(settings, database=database, verifier=tokens.verifier)


@pytest.fixture
async def session(database, app) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(database) as s:
        bind_session(app, s)
        yield s


@pytest.fixture
async def client(app, session) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://case") as c:
        yield c


@pytest.fixture
def headers(tokens, regions):
    """`headers("county_officer", "411522")` → Authorization headers for that role and region."""

    def make(role: str, region: str | None = CITY, **kw) -> dict[str, str]:
        path = regions.path_of(region) if region else None
        return tokens.headers(**role_token_kwargs(role, region_code=region, region_path=path, **kw))

    return make


@pytest.fixture
def roles(headers, tokens, regions) -> dict[str, dict[str, str]]:
    """The callers of the scope matrix."""
    return {
        "city_leader": headers("city_leader", CITY, subject="user:1"),
        "city_officer": headers("city_officer", CITY, subject="user:2"),
        "guangshan": headers("county_officer", GUANGSHAN, subject="user:3"),
        "xinxian": headers("county_officer", XINXIAN, subject="user:4"),
        "unit": headers("unit_handler", CITY, unit_id=2, subject="user:5"),
        "enterprise": headers("enterprise_user", GUANGSHAN, enterprise_uscc=ENTERPRISE_USCC, subject="user:6"),
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
