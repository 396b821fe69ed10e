"""Password rules of an account: never the login name, never one of the last five, and an expiry that forces
a change (the sign-in and /auth/me say so, and the token grants nothing until then)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway.iam.models import PasswordHistory
from gateway.iam.password_rules import password_expired
from gateway.settings import GatewaySettings

PASSWORD = "/api/v1/auth/password"
DEMO = "Demo@2021pass"


async def _change(client, login, username, old, new, *, ip="10.0.0.9"):
    pair = (await login(username, old, ip=ip)).json()
    return await client.post(
        PASSWORD,
        json={"old_password": old, "new_password": new},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )


@pytest.mark.parametrize("password", ["City#2026pass", "my-CITY-2026#", "xCiTy@2026y"])
async def test_the_login_name_in_any_case_is_refused(client, auth, password):
    resp = await client.post(
        PASSWORD, json={"old_password": DEMO, "new_password": password}, headers=await auth("city")
    )
    assert resp.status_code == 422
    (error,) = resp.json()["errors"]
    assert error["field"] == "new_password" and error["message"] == "密码不能包含登录名"


async def test_none_of_the_last_five_passwords_comes_back(client, login, session, user_of):
    chain = [DEMO, "Xinyang#2026a", "Xinyang#2026b", "Xinyang#2026c", "Xinyang#2026d"]
    for old, new in itertools.pairwise(chain):
        assert (await _change(client, login, "city", old, new)).status_code == 204
    current = chain[-1]
    # The four before the current one, the seeded first password included, are refused.
    for used in chain[:-1]:
        resp = await _change(client, login, "city", current, used)
        assert resp.status_code == 422, used
        assert resp.json()["errors"][0]["message"] == "新密码不能与最近5次使用过的密码相同"
    assert (await _change(client, login, "city", current, "Xinyang#2026e")).status_code == 204
    # Five newer passwords later the first one is free again; the history keeps five hashes only.
    assert (await _change(client, login, "city", "Xinyang#2026e", DEMO)).status_code == 204
    user = await user_of("city")
    kept = await session.scalar(
        select(func.count()).select_from(PasswordHistory).where(PasswordHistory.user_id == user.id)
    )
    assert kept == 5
    hashes = (await session.scalars(select(PasswordHistory.password_hash))).all()
    assert all(h.startswith("$argon2id$") for h in hashes)


async def test_a_reset_password_counts_as_used(client, auth, login, user_of):
    target = await user_of("xinxian")
    reset = await client.post(f"/api/v1/system/users/{target.id}/reset-password", headers=await auth("admin"))
    temporary = reset.json()["temporary_password"]
    assert (await _change(client, login, "xinxian", temporary, DEMO)).status_code == 422
    assert (await _change(client, login, "xinxian", temporary, "Henan#2026ok")).status_code == 204


async def test_an_expired_password_must_be_changed(client, login, session, user_of, clock, settings):
    assert settings.password_max_age_days == 90
    user = await user_of("city")
    user.password_changed_at = clock.now - timedelta(days=89)
    await session.flush()
    fresh = (await login("city")).json()
    assert fresh["password_expired"] is False and fresh["must_change_password"] is False

    clock.advance(days=1)
    pair = (await login("city")).json()
    assert pair["password_expired"] is True and pair["must_change_password"] is True
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    me = (await client.get("/api/v1/auth/me", headers=headers)).json()
    assert me["user"]["password_expired"] is True and me["user"]["must_change_password"] is True
    refreshed = (await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})).json()
    assert refreshed["password_expired"] is True

    changed = await client.post(PASSWORD, json={"old_password": DEMO, "new_password": "Xinyang#2026x"}, headers=headers)
    assert changed.status_code == 204
    again = (await login("city", "Xinyang#2026x")).json()
    assert again["password_expired"] is False and again["must_change_password"] is False


async def test_an_expired_password_opens_no_route(client, login, session, user_of, clock):
    user = await user_of("admin")
    user.password_changed_at = clock.now - timedelta(days=120)
    await session.flush()
    pair = (await login("admin")).json()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert pair["must_change_password"] is True
    assert (await client.get("/api/v1/system/users", headers=headers)).status_code == 403


def test_expiry_is_a_setting_and_zero_turns_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("GATEWAY_PASSWORD_MAX_AGE_DAYS", "0")
    assert GatewaySettings(PLATFORM_ENV="test", DATA_DIR=tmp_path).password_max_age_days == 0

    class Account:
        password_changed_at = None
        created_at = None

    account = Account()
    from platform_core.db import utcnow

    now = utcnow()
    account.password_changed_at = now - timedelta(days=3650)
    assert password_expired(account, now=now, max_age_days=0) is False
    assert password_expired(account, now=now, max_age_days=90) is True
    account.password_changed_at = None
    account.created_at = now - timedelta(days=10)
    assert password_expired(account, now=now, max_age_days=90) is False
