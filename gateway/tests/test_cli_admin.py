"""The first administrator of a production installation is created from the command line."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.cli import create_admin
from gateway.iam.models import AuditLog, User
from gateway.settings import GatewaySettings
from platform_core.db import Database
from platform_core.migrations import upgrade
from platform_core.problems import ProblemError

GATEWAY_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def settings(tmp_path, monkeypatch):
    url = f"sqlite+aiosqlite:///{tmp_path / f'gw-{uuid.uuid4().hex[:6]}.db'}"
    upgrade(GATEWAY_ROOT, url)
    s = GatewaySettings(PLATFORM_ENV="test", DATA_DIR=tmp_path, database_url=url)
    from gateway.iam.seed import seed_database

    db = Database(url, "iam")
    await seed_database(db, s, False)
    await db.dispose()
    return s


async def test_create_admin_makes_a_system_admin_who_must_change_the_password(settings):
    user_id = await create_admin(
        settings, username="root_admin", display_name="管理员", region_code="411500", password="Strong#Pass2026"
    )
    db = Database(settings.resolved_database_url, "iam")
    async with db.sessionmaker() as session:
        user = await session.get(User, user_id)
        entry = await session.scalar(select(AuditLog).where(AuditLog.action == "user.create"))
    await db.dispose()
    assert user.must_change_password is True and user.password_hash.startswith("$argon2id$")
    assert entry.actor == "system:installer" and entry.after["role_codes"] == ["system_admin"]


async def test_weak_password_is_refused(settings):
    with pytest.raises(ProblemError) as exc:
        await create_admin(settings, username="weak_admin", display_name="x", region_code="411500", password="short")
    assert exc.value.errors[0]["field"] == "password"
