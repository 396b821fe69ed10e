"""The three officers' accounts (the first administrator among them) are managed from the command line only."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.cli import create_admin, create_officer, main, reset_officer_password, set_officer_active
from gateway.iam.models import AuditLog, User, UserRole
from gateway.iam.passwords import verify_password
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


# --- the three officers' accounts: created, reset, disabled and enabled only here -----------------------


async def _rows(settings, username):
    db = Database(settings.resolved_database_url, "iam")
    async with db.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.username == username))
        entries = list(
            (
                await session.scalars(select(AuditLog).where(AuditLog.entity_id == str(user.id)).order_by(AuditLog.id))
            ).all()
        )
        roles = list((await session.scalars(select(UserRole.role_code).where(UserRole.user_id == user.id))).all())
    await db.dispose()
    return user, entries, roles


@pytest.mark.parametrize(("role", "sensitive"), [("security_admin", "role_admin"), ("auditor", "audit")])
async def test_create_officer_makes_each_officer_with_audit_entries(settings, role, sensitive):
    user_id = await create_officer(
        settings, role=role, username=f"{role}_1", display_name="某官", region_code="411500", password="Strong#Pass2026"
    )
    user, entries, roles = await _rows(settings, f"{role}_1")
    assert user.id == user_id and roles == [role] and user.must_change_password is True
    actions = [e.action for e in entries]
    assert actions == ["user.create", "role.sensitive_grant"]
    created, grant = entries
    assert created.actor == "system:installer" and "服务器命令行" in created.detail
    assert grant.after["kinds"] == [sensitive]


async def test_create_officer_refuses_a_business_role(settings):
    with pytest.raises(ProblemError) as exc:
        await create_officer(
            settings,
            role="city_leader",
            username="not_officer",
            display_name="x",
            region_code="411500",
            password="Strong#Pass2026",
        )
    assert exc.value.errors[0]["field"] == "role"


async def test_reset_officer_password_is_audited_and_refuses_reuse(settings):
    await create_officer(
        settings,
        role="auditor",
        username="aud_reset",
        display_name="审",
        region_code="411500",
        password="Strong#Pass2026",
    )
    with pytest.raises(ProblemError) as reused:
        await reset_officer_password(settings, username="aud_reset", password="Strong#Pass2026")
    assert "最近5次" in reused.value.errors[0]["message"]
    with pytest.raises(ProblemError) as named:
        await reset_officer_password(settings, username="aud_reset", password="Aud_Reset#2026")
    assert "登录名" in named.value.errors[0]["message"]
    await reset_officer_password(settings, username="aud_reset", password="Fresh#Pass2027")
    user, entries, _ = await _rows(settings, "aud_reset")
    assert user.must_change_password is True and verify_password(user.password_hash, "Fresh#Pass2027")
    (reset,) = [e for e in entries if e.action == "user.reset_password"]
    assert reset.actor == "system:installer" and "服务器命令行" in reset.detail
    assert "Fresh#Pass2027" not in f"{reset.before} {reset.after} {reset.detail}"


async def test_disable_and_enable_officer_are_audited(settings):
    await create_officer(
        settings,
        role="system_admin",
        username="sys_two",
        display_name="系",
        region_code="411500",
        password="Strong#Pass2026",
    )
    await set_officer_active(settings, username="sys_two", active=False)
    user, entries, _ = await _rows(settings, "sys_two")
    assert user.is_active is False
    await set_officer_active(settings, username="sys_two", active=True)
    user, entries, _ = await _rows(settings, "sys_two")
    assert user.is_active is True
    assert [e.action for e in entries if e.action.startswith("user.")][-2:] == ["user.disable", "user.enable"]


async def test_officer_commands_refuse_business_accounts(settings):
    db = Database(settings.resolved_database_url, "iam")
    async with db.sessionmaker() as session:
        session.add(
            User(
                username="biz_user",
                display_name="业务",
                password_hash="x",
                region_code="411500",
                is_active=True,
                failed_login_count=0,
                must_change_password=False,
            )
        )
        await session.commit()
    await db.dispose()
    for call in (
        reset_officer_password(settings, username="biz_user", password="Fresh#Pass2027"),
        set_officer_active(settings, username="biz_user", active=False),
    ):
        with pytest.raises(ProblemError) as exc:
            await call
        assert exc.value.errors[0]["code"] == "not_officer"


def test_command_line_creates_and_resets_an_officer(settings, monkeypatch, capsys):
    monkeypatch.setattr("gateway.cli.get_settings", lambda: settings)
    monkeypatch.setenv("GATEWAY_OFFICER_PASSWORD", "Strong#Pass2026")
    argv = ["create-officer", "--role", "auditor", "--username", "cli_auditor", "--region", "411500"]
    assert main(argv) == 0
    assert "created auditor cli_auditor" in capsys.readouterr().out
    monkeypatch.setenv("GATEWAY_OFFICER_PASSWORD", "Other#Pass2027")
    assert main(["reset-officer-password", "--username", "cli_auditor"]) == 0
    assert main(["disable-officer", "--username", "cli_auditor"]) == 0
    assert main(["reset-officer-password", "--username", "nobody_here"]) == 2
    assert "refused: username" in capsys.readouterr().err
