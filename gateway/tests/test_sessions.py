"""Sign-ins end when they must: disabling a user, changing or resetting the password, changing the roles, a forced
logout and logging out refuse the session's access tokens at the gateway within the check's few seconds (proxied
requests included), its refresh tokens at once; the security administrator lists and ends online sessions; logout
ends only the caller's own sign-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from conftest import DEMO_PASSWORD, FakeClock
from edge_support import Upstream
from fastapi import FastAPI
from sqlalchemy import select

from gateway.iam.dependencies import get_clock
from gateway.iam.models import UserSession
from gateway.iam.sessions import SessionGuard, bound_or_new
from platform_core.testing import bind_session

pytest_plugins = ["edge_fixtures"]

ME = "/api/v1/auth/me"
SESSIONS = "/api/v1/system/sessions"


class Monotonic:
    """The session check's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class Gateway:
    """The whole gateway (edge middleware included) on the test's session, with its clocks."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, mono: Monotonic, ttl: float) -> None:
        self.app, self.client, self.mono, self.ttl = app, client, mono, ttl

    async def login(self, username: str, password: str = DEMO_PASSWORD, **headers: str) -> dict[str, Any]:
        resp = await self.client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}, headers=headers
        )
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def me(self, pair: dict[str, Any]) -> httpx.Response:
        return await self.client.get(ME, headers=bearer(pair))

    def later(self) -> None:
        """Past the check's cache period: every replica reads the session again."""
        self.mono.now += self.ttl


def bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


@pytest.fixture
async def gw(make_gateway, session, clock: FakeClock) -> AsyncIterator[Gateway]:
    app = await make_gateway()
    app.dependency_overrides[get_clock] = lambda: clock
    bind_session(app, session)
    mono = Monotonic()
    ttl = app.state.settings.session_check_ttl_s
    app.state.session_guard = SessionGuard(ttl_s=ttl, session_factory=bound_or_new(app.state), clock=mono)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield Gateway(app, client, mono, ttl)


def test_the_check_trusts_a_reading_for_at_most_five_seconds(settings):
    assert 0 < settings.session_check_ttl_s <= 5


async def test_every_access_token_names_its_session_and_version(gw: Gateway, signer):
    pair = await gw.login("city")
    claims = await gw.app.state.token_verifier.verify(pair["access_token"])
    assert isinstance(claims["sid"], str) and len(claims["sid"]) == 32
    assert claims["sv"] == 0


async def _ended(gw: Gateway, pair: dict[str, Any], reason: str) -> None:
    gw.later()
    resp = await gw.me(pair)
    assert resp.status_code == 401, resp.text
    assert resp.json()["code"] == "auth.session_ended" and resp.json()["reason"] == reason
    refreshed = await gw.client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 401


async def test_disabling_a_user_ends_their_sessions_within_the_check_period(gw: Gateway, user_of):
    victim = await gw.login("xinxian")
    bystander = await gw.login("guangshan")
    admin = await gw.login("admin")
    assert (await gw.me(victim)).status_code == 200
    user = await user_of("xinxian")
    resp = await gw.client.post(f"/api/v1/system/users/{user.id}/disable", headers=bearer(admin))
    assert resp.status_code == 200, resp.text
    await _ended(gw, victim, "disabled")
    assert (await gw.me(bystander)).status_code == 200
    assert (await gw.me(admin)).status_code == 200


async def test_a_password_change_ends_every_session_of_the_user(gw: Gateway):
    here = await gw.login("city")
    elsewhere = await gw.login("city")
    resp = await gw.client.post(
        "/api/v1/auth/password",
        json={"old_password": DEMO_PASSWORD, "new_password": "Xinyang#2026new"},
        headers=bearer(here),
    )
    assert resp.status_code == 204, resp.text
    for pair in (here, elsewhere):
        await _ended(gw, pair, "revoked")
    fresh = await gw.login("city", "Xinyang#2026new")
    assert (await gw.me(fresh)).status_code == 200


async def test_a_password_reset_ends_the_sessions(gw: Gateway, user_of):
    victim = await gw.login("leader")
    admin = await gw.login("admin")
    user = await user_of("leader")
    resp = await gw.client.post(f"/api/v1/system/users/{user.id}/reset-password", headers=bearer(admin))
    assert resp.status_code == 200, resp.text
    await _ended(gw, victim, "revoked")


async def test_a_role_change_ends_the_sessions_and_the_next_sign_in_carries_the_new_grants(gw: Gateway, user_of):
    victim = await gw.login("guangshan")
    security = await gw.login("security")  # roles are the security administrator's to assign (三员分立)
    user = await user_of("guangshan")
    path = f"/api/v1/system/users/{user.id}"
    etag = (await gw.client.get(path, headers=bearer(security))).headers["ETag"]
    resp = await gw.client.put(
        f"{path}/roles", json={"role_codes": ["city_leader"]}, headers={**bearer(security), "If-Match": etag}
    )
    assert resp.status_code == 200, resp.text
    await _ended(gw, victim, "revoked")
    again = await gw.login("guangshan")
    assert [r["code"] for r in (await gw.me(again)).json()["roles"]] == ["city_leader"]


async def test_an_ended_session_is_refused_before_any_service_sees_it(gw: Gateway, edge_upstream: Upstream, user_of):
    victim = await gw.login("city")
    admin = await gw.login("admin")
    headers = bearer(victim)
    assert (await gw.client.get("/api/v1/enterprises", headers=headers)).status_code == 200
    seen = len(edge_upstream.seen)
    user = await user_of("city")
    await gw.client.post(f"/api/v1/system/users/{user.id}/disable", headers=bearer(admin))
    gw.later()
    resp = await gw.client.get("/api/v1/enterprises", headers=headers)
    assert resp.status_code == 401 and resp.json()["code"] == "auth.session_ended"
    assert len(edge_upstream.seen) == seen


async def test_signing_in_again_with_the_ended_token_in_the_header_works(gw: Gateway):
    old = await gw.login("city")
    await gw.client.post(
        "/api/v1/auth/password",
        json={"old_password": DEMO_PASSWORD, "new_password": "Xinyang#2026new"},
        headers=bearer(old),
    )
    gw.later()
    fresh = await gw.login("city", "Xinyang#2026new", **bearer(old))
    assert (await gw.me(fresh)).status_code == 200


async def test_the_security_administrator_lists_and_ends_online_sessions(gw: Gateway, audit_log, session):
    victim = await gw.login("xinxian", **{"User-Agent": "Mozilla/5.0 (X11; test)"})
    security = await gw.login("security")
    listed = await gw.client.get(SESSIONS, params={"keyword": "xinxian"}, headers=bearer(security))
    assert listed.status_code == 200, listed.text
    (row,) = listed.json()["items"]
    assert row["username"] == "xinxian" and row["address"] == "203.0.113.7"
    assert row["user_agent"] == "Mozilla/5.0 (X11; test)" and row["current"] is False
    mine = (await gw.client.get(SESSIONS, params={"keyword": "security"}, headers=bearer(security))).json()
    assert [s["current"] for s in mine["items"]] == [True]

    resp = await gw.client.post(f"{SESSIONS}/{row['id']}/revoke", headers=bearer(security))
    assert resp.status_code == 204, resp.text
    await _ended(gw, victim, "ended")
    after = await gw.client.get(SESSIONS, params={"keyword": "xinxian"}, headers=bearer(security))
    assert after.json()["total"] == 0
    ended = await session.get(UserSession, row["id"])
    assert ended is not None and ended.end_reason == "forced"
    (entry,) = await audit_log("session.revoke")
    assert entry.entity_id == row["id"] and entry.actor_name
    again = await gw.client.post(f"{SESSIONS}/{row['id']}/revoke", headers=bearer(security))
    assert again.status_code == 404


async def test_only_the_security_administrator_sees_or_ends_sessions(gw: Gateway):
    victim = await gw.login("city")
    sid = (await gw.app.state.token_verifier.verify(victim["access_token"]))["sid"]
    for username in ("admin", "auditor", "city"):
        pair = await gw.login(username)
        assert (await gw.client.get(SESSIONS, headers=bearer(pair))).status_code == 403
        assert (await gw.client.post(f"{SESSIONS}/{sid}/revoke", headers=bearer(pair))).status_code == 403
    assert (await gw.me(victim)).status_code == 200


async def test_logout_ends_only_the_callers_own_sign_in(gw: Gateway, session, audit_log):
    mallory = await gw.login("guangshan")
    alice = await gw.login("xinxian")
    # Mallory submits Alice's refresh token: it is not revoked, only Mallory's own sign-in ends.
    resp = await gw.client.post(
        "/api/v1/auth/logout", json={"refresh_token": alice["refresh_token"]}, headers=bearer(mallory)
    )
    assert resp.status_code == 204
    gw.later()
    assert (await gw.me(alice)).status_code == 200
    rotated = await gw.client.post("/api/v1/auth/refresh", json={"refresh_token": alice["refresh_token"]})
    assert rotated.status_code == 200, rotated.text
    await _ended(gw, mallory, "ended")
    denied = [e for e in await audit_log("auth.logout") if e.result == "denied"]
    assert len(denied) == 1
    # Alice logs herself out with her own (rotated) tokens.
    alice = rotated.json()
    resp = await gw.client.post(
        "/api/v1/auth/logout", json={"refresh_token": alice["refresh_token"]}, headers=bearer(alice)
    )
    assert resp.status_code == 204
    await _ended(gw, alice, "ended")
    reasons = {
        s.end_reason for s in await session.scalars(select(UserSession).where(UserSession.ended_at.is_not(None)))
    }
    assert reasons == {"logout"}


async def test_a_refresh_keeps_the_session_and_its_activity(gw: Gateway, session, clock):
    pair = await gw.login("city")
    sid = (await gw.app.state.token_verifier.verify(pair["access_token"]))["sid"]
    clock.advance(minutes=10)
    rotated = (await gw.client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})).json()
    claims = await gw.app.state.token_verifier.verify(rotated["access_token"])
    assert claims["sid"] == sid
    row = await session.get(UserSession, sid, populate_existing=True)
    assert row is not None and row.last_active_at == clock.now and row.started_at < clock.now
    assert (await gw.me(rotated)).status_code == 200
