"""Refresh-token rotation, reuse detection, idle and absolute expiry, logout, password change."""

from __future__ import annotations

from sqlalchemy import select

from gateway.iam.models import RefreshToken
from gateway.iam.refresh import digest

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
PASSWORD = "/api/v1/auth/password"


async def _refresh(client, token):
    return await client.post(REFRESH, json={"refresh_token": token})


async def test_refresh_rotates_and_stores_only_digests(client, login, session):
    first = (await login("city")).json()
    resp = await _refresh(client, first["refresh_token"])
    assert resp.status_code == 200, resp.text
    second = resp.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert set(second) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "must_change_password",
        "password_expired",
    }
    rows = (await session.scalars(select(RefreshToken).order_by(RefreshToken.id))).all()
    stored = {r.token_hash for r in rows}
    assert first["refresh_token"] not in stored and second["refresh_token"] not in stored
    old = next(r for r in rows if r.token_hash == digest(first["refresh_token"]))
    new = next(r for r in rows if r.token_hash == digest(second["refresh_token"]))
    assert old.replaced_by_id == new.id and old.last_used_at is not None
    assert old.family_id == new.family_id and old.expires_at == new.expires_at
    # The new refresh token works in turn.
    assert (await _refresh(client, second["refresh_token"])).status_code == 200


async def test_reusing_a_spent_token_revokes_the_whole_family(client, login, audit_log, user_of):
    first = (await login("city")).json()
    second = (await _refresh(client, first["refresh_token"])).json()
    reused = await _refresh(client, first["refresh_token"])
    assert reused.status_code == 401
    assert reused.json()["code"] == "auth.refresh_reused"
    # The legitimate holder's newer token is revoked with the family.
    after = await _refresh(client, second["refresh_token"])
    assert after.status_code == 401
    user = await user_of("city")
    entries = await audit_log("auth.refresh_reused")
    assert len(entries) == 1 and entries[0].actor == f"user:{user.id}" and entries[0].result == "failure"


async def test_other_sign_ins_survive_a_reuse(client, login):
    mine = (await login("city")).json()
    other = (await login("city", ip="10.0.0.2")).json()
    await _refresh(client, mine["refresh_token"])
    await _refresh(client, mine["refresh_token"])
    assert (await _refresh(client, other["refresh_token"])).status_code == 200


async def test_unknown_refresh_token_is_401(client):
    resp = await _refresh(client, "not-a-real-token")
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.invalid_token"


async def test_idle_refresh_token_expires(client, login, clock, settings):
    pair = (await login("city")).json()
    clock.advance(seconds=settings.refresh_idle_seconds + 1)
    resp = await _refresh(client, pair["refresh_token"])
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.token_expired"


async def test_use_within_the_idle_window_keeps_the_sign_in_alive(client, login, clock, settings):
    token = (await login("city")).json()["refresh_token"]
    for _ in range(3):
        clock.advance(seconds=settings.refresh_idle_seconds - 60)
        resp = await _refresh(client, token)
        assert resp.status_code == 200
        token = resp.json()["refresh_token"]


async def test_absolute_lifetime_ends_the_sign_in_however_active(client, login, clock, settings):
    token = (await login("city")).json()["refresh_token"]
    step = settings.refresh_idle_seconds - 60
    elapsed = 0
    while elapsed + step < settings.refresh_absolute_seconds:
        clock.advance(seconds=step)
        elapsed += step
        resp = await _refresh(client, token)
        assert resp.status_code == 200, elapsed
        token = resp.json()["refresh_token"]
    clock.advance(seconds=settings.refresh_absolute_seconds - elapsed)
    resp = await _refresh(client, token)
    assert resp.status_code == 401
    assert resp.json()["code"] == "auth.token_expired"


async def test_refresh_of_a_disabled_user_is_refused(client, login, session, user_of):
    token = (await login("xinxian")).json()["refresh_token"]
    user = await user_of("xinxian")
    user.is_active = False
    await session.flush()
    assert (await _refresh(client, token)).status_code == 401


async def test_refresh_picks_up_new_grants(client, login, session, user_of, signer, settings):
    from gateway.iam.models import UserRole
    from platform_core.auth import TokenVerifier

    token = (await login("leader")).json()["refresh_token"]
    user = await user_of("leader")
    session.add(UserRole(user_id=user.id, role_code="city_officer"))
    await session.flush()
    access = (await _refresh(client, token)).json()["access_token"]
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    assert (await verifier.verify(access))["roles"] == ["city_leader", "city_officer"]


async def test_logout_revokes_the_family_and_is_idempotent(client, login, audit_log):
    first = (await login("city")).json()
    second = (await _refresh(client, first["refresh_token"])).json()
    caller = {"Authorization": f"Bearer {second['access_token']}"}
    resp = await client.post(LOGOUT, json={"refresh_token": second["refresh_token"]}, headers=caller)
    assert resp.status_code == 204 and resp.content == b""
    assert (await _refresh(client, second["refresh_token"])).status_code == 401
    assert (
        await client.post(LOGOUT, json={"refresh_token": second["refresh_token"]}, headers=caller)
    ).status_code == 204
    assert (await client.post(LOGOUT, json={"refresh_token": "unknown"}, headers=caller)).status_code == 204
    entries = await audit_log("auth.logout")
    assert len(entries) == 3 and all(e.result == "success" for e in entries)
    # Logging out needs the caller's own access token.
    assert (await client.post(LOGOUT, json={"refresh_token": second["refresh_token"]})).status_code == 401


async def test_password_change_revokes_refresh_tokens_and_takes_effect(client, login, audit_log, user_of):
    pair = (await login("city")).json()
    other = (await login("city", ip="10.0.0.3")).json()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    resp = await client.post(
        PASSWORD, json={"old_password": "Demo@2021pass", "new_password": "Xinyang#2026new"}, headers=headers
    )
    assert resp.status_code == 204, resp.text
    for token in (pair["refresh_token"], other["refresh_token"]):
        assert (await _refresh(client, token)).status_code == 401
    assert (await login("city")).status_code == 401
    assert (await login("city", "Xinyang#2026new")).status_code == 200
    user = await user_of("city")
    assert user.password_changed_at is not None and user.must_change_password is False
    entries = await audit_log("auth.password_change")
    assert [e.result for e in entries] == ["success"]
    assert "Xinyang#2026new" not in str(entries[0].before) + str(entries[0].after) + str(entries[0].detail)


async def test_password_change_clears_must_change_password(client, login, session, user_of):
    user = await user_of("city")
    user.must_change_password = True
    await session.flush()
    pair = (await login("city")).json()
    assert pair["must_change_password"] is True
    await client.post(
        PASSWORD,
        json={"old_password": "Demo@2021pass", "new_password": "Xinyang#2026new"},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )
    assert (await login("city", "Xinyang#2026new")).json()["must_change_password"] is False


async def test_password_change_enforces_the_policy(client, auth, audit_log):
    headers = await auth("city")
    wrong_old = await client.post(
        PASSWORD, json={"old_password": "Nope@2021pass", "new_password": "Xinyang#2026new"}, headers=headers
    )
    assert wrong_old.status_code == 422
    assert wrong_old.json()["errors"][0]["field"] == "old_password"
    for weak in ("short1A", "alllowercase", "city@Demo2021", "Demo@2021pass"):
        resp = await client.post(
            PASSWORD, json={"old_password": "Demo@2021pass", "new_password": weak}, headers=headers
        )
        assert resp.status_code == 422, weak
        assert {e["field"] for e in resp.json()["errors"]} == {"new_password"}
    assert [e.result for e in await audit_log("auth.password_change")] == ["failure"]


async def test_password_change_needs_a_user_token(client):
    resp = await client.post(PASSWORD, json={"old_password": "a", "new_password": "b"})
    assert resp.status_code == 401
