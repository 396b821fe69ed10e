"""Sign-in: success, wrong password, lockout, disabled accounts, the per-address throttle, enumeration."""

from __future__ import annotations

import pytest

from gateway.iam import flows
from platform_core.auth import TokenVerifier


async def test_login_returns_a_token_pair_and_audits(login, settings, signer, audit_log, user_of, clock):
    resp = await login("guangshan")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == settings.access_token_ttl_seconds
    assert body["must_change_password"] is False
    assert body["refresh_token"] and "." not in body["refresh_token"]  # opaque, not a JWT
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    claims = await verifier.verify(body["access_token"])
    user = await user_of("guangshan")
    assert claims["sub"] == f"user:{user.id}"
    assert claims["typ_sub"] == "user"
    assert claims["roles"] == ["county_officer"]
    assert claims["scopes"] == ["REGION_AND_BELOW"]
    assert claims["region"] == "411522"
    assert claims["region_path"] == "/410000/411500/411522/"
    assert claims["unit"] == user.unit_id
    assert "enterprise:enterprise:list" in claims["perms"]
    assert claims["exp"] - claims["iat"] <= 900
    assert user.last_login_at == clock.now
    entries = await audit_log("auth.login", entity_id=str(user.id))
    assert [e.result for e in entries] == ["success"]
    assert entries[0].actor == f"user:{user.id}"
    assert entries[0].client_ip == "10.0.0.1"


async def test_enterprise_token_carries_its_uscc(login, signer, settings):
    resp = await login("enterprise")
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    claims = await verifier.verify(resp.json()["access_token"])
    assert claims["uscc"] == "91411522MA45R7K376"
    assert claims["scopes"] == ["SELF"]


async def test_wrong_password_is_401_with_remaining_attempts(login, audit_log, user_of):
    resp = await login("city", "Wrong@2021pass")
    assert resp.status_code == 401
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["code"] == "auth.invalid_credentials"
    assert body["remaining_attempts"] == 4
    assert (await login("city", "Wrong@2021pass")).json()["remaining_attempts"] == 3
    user = await user_of("city")
    assert user.failed_login_count == 2
    entries = await audit_log("auth.login", entity_id=str(user.id))
    assert [e.result for e in entries] == ["failure", "failure"]
    assert all("Wrong@2021pass" not in (e.detail or "") for e in entries)


async def test_success_resets_the_failure_count(login, user_of):
    await login("city", "Wrong@2021pass")
    assert (await login("city")).status_code == 200
    assert (await user_of("city")).failed_login_count == 0
    assert (await login("city", "Wrong@2021pass")).json()["remaining_attempts"] == 4


async def test_fifth_failure_locks_for_the_configured_minutes(login, settings, clock, audit_log, user_of):
    for expected in (4, 3, 2, 1):
        assert (await login("leader", "Wrong@2021pass")).json()["remaining_attempts"] == expected
    locked = await login("leader", "Wrong@2021pass")
    assert locked.status_code == 423
    assert locked.json()["code"] == "auth.account_locked"
    assert locked.json()["retry_after_seconds"] == settings.lockout_minutes * 60
    assert locked.headers["Retry-After"] == str(settings.lockout_minutes * 60)

    # The right password does not help while the lock lasts.
    clock.advance(minutes=settings.lockout_minutes - 1)
    still = await login("leader")
    assert still.status_code == 423
    assert 0 < int(still.headers["Retry-After"]) <= 61

    clock.advance(minutes=1, seconds=1)
    assert (await login("leader")).status_code == 200
    user = await user_of("leader")
    assert user.locked_until is None and user.failed_login_count == 0
    results = [e.result for e in await audit_log("auth.login", entity_id=str(user.id))]
    assert results == ["failure"] * 6 + ["success"]


async def test_disabled_account_is_403_even_with_the_right_password(login, session, user_of):
    user = await user_of("xinxian")
    user.is_active = False
    await session.flush()
    resp = await login("xinxian")
    assert resp.status_code == 403
    assert resp.json()["code"] == "auth.account_disabled"
    # A wrong password on a disabled account says nothing about the account's state.
    assert (await login("xinxian", "Wrong@2021pass")).json()["code"] == "auth.invalid_credentials"


async def test_unknown_username_answers_like_a_wrong_password(login, monkeypatch):
    checked: list[object] = []
    real = flows.verify_password_async

    async def spy(password_hash, password):
        checked.append(password_hash)
        return await real(password_hash, password)

    monkeypatch.setattr(flows, "verify_password_async", spy)
    resp = await login("nobody", "Whatever@2021")
    assert resp.status_code == 401
    body = resp.json()
    assert body["code"] == "auth.invalid_credentials"
    assert body["remaining_attempts"] == 4
    # A hash was still verified (against a dummy), so timing does not reveal unknown names.
    assert checked == [None]
    for _ in range(3):
        await login("nobody", "Whatever@2021")
    assert (await login("nobody", "Whatever@2021")).status_code == 423
    assert (await login("nobody", "Whatever@2021")).status_code == 423


async def test_a_forged_forwarded_for_does_not_escape_the_throttle(client, settings):
    for i in range(settings.login_ip_limit_per_minute):
        await client.post(
            "/api/v1/auth/login",
            json={"username": "city", "password": "Wrong@2021pass" if i % 2 else "Demo@2021pass"},
            headers={"X-Forwarded-For": f"172.16.0.{i}"},
        )
    resp = await client.post(
        "/api/v1/auth/login",
        json={"username": "city", "password": "Demo@2021pass"},
        headers={"X-Forwarded-For": "172.16.1.1"},
    )
    assert resp.status_code == 429


async def test_address_throttle_answers_429_with_retry_after(login, settings, clock):
    for i in range(settings.login_ip_limit_per_minute):
        assert (await login("city", "Wrong@2021pass" if i % 2 else "Demo@2021pass", ip="10.9.9.9")).status_code in {
            200,
            401,
        }
    resp = await login("city", ip="10.9.9.9")
    assert resp.status_code == 429
    assert resp.json()["code"] == "rate_limited"
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    # Another address is not affected, and the window ends after a minute.
    assert (await login("city", ip="10.9.9.10")).status_code == 200
    clock.advance(seconds=61)
    assert (await login("city", ip="10.9.9.9")).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "city"},
        {"password": "x"},
        {"username": "", "password": "x"},
        {"username": "city", "password": "x", "extra": 1},
    ],
)
async def test_malformed_login_is_422(client, body):
    resp = await client.post("/api/v1/auth/login", json=body)
    assert resp.status_code == 422
    assert resp.json()["code"] == "validation_failed"


async def test_must_change_password_is_reported(login, session, user_of):
    user = await user_of("city")
    user.must_change_password = True
    await session.flush()
    assert (await login("city")).json()["must_change_password"] is True


async def test_until_the_password_is_changed_the_token_grants_nothing(client, login, session, user_of):
    user = await user_of("admin")
    user.must_change_password = True
    await session.flush()
    token = (await login("admin")).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/system/users", headers=auth)).status_code == 403
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
    changed = await client.post(
        "/api/v1/auth/password",
        json={"old_password": "Demo@2021pass", "new_password": "Fresh#Pass2026"},
        headers=auth,
    )
    assert changed.status_code == 204
    fresh = await client.post("/api/v1/auth/login", json={"username": "admin", "password": "Fresh#Pass2026"})
    again = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert (await client.get("/api/v1/system/users", headers=again)).status_code == 200


async def test_login_name_is_not_case_sensitive(login):
    assert (await login(" GuangShan ")).status_code == 200


async def test_sign_in_bookkeeping_ignores_a_concurrent_admin_edit(login, monkeypatch):
    from sqlalchemy import update

    from gateway.iam import service
    from gateway.iam.models import User

    real = service.get_user_by_username

    async def read_then_admin_edits(session, *, username):
        user = await real(session, username=username)
        # An administrator's edit lands between this sign-in's read and its write.
        await session.execute(
            update(User)
            .where(User.id == user.id)
            .values(version=User.version + 1)
            .execution_options(synchronize_session=False)
        )
        return user

    monkeypatch.setattr(service, "get_user_by_username", read_then_admin_edits)
    assert (await login("city", "Wrong@2021pass")).status_code == 401
    assert (await login("city")).status_code == 200
