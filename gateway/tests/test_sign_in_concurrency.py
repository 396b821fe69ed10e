"""Twenty people of one office (one address behind its NAT) sign in at the same moment on the embedded default,
SQLite: every one of them gets a token pair and a working session, nobody a 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from conftest import GATEWAY_ROOT
from sqlalchemy import func, select

from gateway.iam.models import SignInLog, SignInThrottle, User, UserRole, UserSession
from gateway.iam.passwords import hash_password_async
from gateway.iam.seed import seed
from gateway.main import create_app
from gateway.settings import GatewaySettings
from platform_core.db import Database
from platform_core.testing import migrated_database

PEOPLE = 20
PASSWORD = "Office#2026pass"


@pytest.fixture
async def office(tmp_path: Path, settings: GatewaySettings) -> AsyncIterator[tuple[httpx.AsyncClient, Database]]:
    """The whole gateway on its own SQLite file (whatever TEST_DATABASE_URL says), with twenty officers."""
    db: Database = await migrated_database(GATEWAY_ROOT, "iam", f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    async with db.sessionmaker() as session:
        await seed(session, settings=settings, demo_data=True)
        password_hash = await hash_password_async(PASSWORD)
        for i in range(PEOPLE):
            user = User(
                username=f"officer{i:02d}",
                display_name=f"科员{i:02d}",
                password_hash=password_hash,
                region_code="411500",
                must_change_password=False,
            )
            session.add(user)
            await session.flush()
            session.add(UserRole(user_id=user.id, role_code="city_officer"))
        await session.commit()
    app = create_app(
        settings.model_copy(update={"data_dir": tmp_path, "spa_dir": str(tmp_path / "no-spa")}), database=db
    )
    transport = httpx.ASGITransport(app=app, client=("198.51.100.77", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client, db
    await app.state.upstreams.close()
    await app.state.rate_limiter.close()
    await db.dispose()


async def test_twenty_people_sign_in_at_once_without_a_5xx(office):
    client, db = office
    assert db.is_sqlite

    async def sign_in(i: int) -> httpx.Response:
        return await client.post("/api/v1/auth/login", json={"username": f"officer{i:02d}", "password": PASSWORD})

    answers = await asyncio.gather(*(sign_in(i) for i in range(PEOPLE)))
    assert [r.status_code for r in answers] == [200] * PEOPLE, [r.text for r in answers if r.status_code != 200]

    async def me(resp: httpx.Response) -> httpx.Response:
        return await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {resp.json()['access_token']}"})

    profiles = await asyncio.gather(*(me(r) for r in answers))
    assert [p.status_code for p in profiles] == [200] * PEOPLE
    assert sorted(p.json()["user"]["username"] for p in profiles) == [f"officer{i:02d}" for i in range(PEOPLE)]
    async with db.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(UserSession)) == PEOPLE
        assert await session.scalar(select(func.count()).where(SignInLog.result == "success")) == PEOPLE
        throttle = await session.scalar(
            select(SignInThrottle.attempts).where(SignInThrottle.key == "addr:198.51.100.77")
        )
        assert throttle == PEOPLE
