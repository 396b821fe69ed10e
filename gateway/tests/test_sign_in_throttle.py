"""The sign-in guards hold behind proxies and across replicas: X-Forwarded-For is believed only from configured
proxies, the per-address throttle and the lockouts are counted in the database every gateway process shares, and
an unknown login name is answered, counted and locked exactly like a real one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from conftest import DEMO_PASSWORD, build_app
from fastapi import FastAPI
from sqlalchemy import select

from gateway.iam.dependencies import get_clock
from gateway.iam.models import SignInThrottle, UnknownLogin
from gateway.settings import GatewaySettings
from platform_core.testing import bind_session

WRONG = "Wrong@2021pass"


@pytest.fixture
async def replicas(settings, database, signer, clock, session) -> AsyncIterator[Callable[..., Any]]:
    """Gateway processes over the same database (each with its own app state), reached from given peers."""
    apps: dict[str, FastAPI] = {}
    clients: list[httpx.AsyncClient] = []

    def replica(name: str, **overrides: Any) -> FastAPI:
        if name not in apps:
            app = build_app(settings.model_copy(update=overrides), database, signer)
            app.dependency_overrides[get_clock] = lambda: clock
            bind_session(app, session)
            apps[name] = app
        return apps[name]

    async def post(
        name: str, username: str, password: str = DEMO_PASSWORD, *, peer: str = "10.0.0.1", **headers: str
    ) -> httpx.Response:
        transport = httpx.ASGITransport(app=replica(name), client=(peer, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://gateway")
        clients.append(client)
        return await client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}, headers=headers
        )

    post.replica = replica  # type: ignore[attr-defined]
    yield post
    for client in clients:
        await client.aclose()


def test_no_proxy_is_trusted_unless_configured(settings):
    assert settings.trusted_proxies == []
    with pytest.raises(ValueError):
        GatewaySettings(PLATFORM_ENV="test", trusted_proxies=["not-a-network"])


async def test_behind_a_trusted_proxy_each_client_has_its_own_window(replicas, settings):
    replicas.replica("g1", trusted_proxies=["192.0.2.0/28"])
    limit = settings.login_ip_limit_per_minute
    for i in range(limit):
        resp = await replicas(
            "g1", "city", WRONG if i % 2 else DEMO_PASSWORD, peer="192.0.2.3", **{"X-Forwarded-For": "198.51.100.1"}
        )
        assert resp.status_code in {200, 401}, resp.text
    refused = await replicas("g1", "city", peer="192.0.2.3", **{"X-Forwarded-For": "198.51.100.1"})
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    # Another client behind the same proxy is counted on its own.
    other = await replicas("g1", "city", peer="192.0.2.4", **{"X-Forwarded-For": "203.0.113.20, 198.51.100.2"})
    assert other.status_code == 200, other.text


async def test_a_forwarded_for_from_an_untrusted_peer_is_ignored(replicas, settings):
    replicas.replica("g1", trusted_proxies=["192.0.2.0/28"])
    for i in range(settings.login_ip_limit_per_minute):
        await replicas(
            "g1",
            "city",
            WRONG if i % 2 else DEMO_PASSWORD,
            peer="203.0.113.99",
            **{"X-Forwarded-For": f"198.51.100.{i}"},
        )
    resp = await replicas("g1", "city", peer="203.0.113.99", **{"X-Forwarded-For": "198.51.100.250"})
    assert resp.status_code == 429


async def test_the_address_throttle_counts_across_replicas(replicas, settings, session, clock):
    limit = settings.login_ip_limit_per_minute
    for i in range(limit):
        resp = await replicas("g1" if i % 2 else "g2", "city", WRONG if i % 3 else DEMO_PASSWORD, peer="10.7.7.7")
        assert resp.status_code in {200, 401}
    for name in ("g1", "g2"):
        refused = await replicas(name, "city", peer="10.7.7.7")
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
    row = await session.scalar(select(SignInThrottle).where(SignInThrottle.key == "addr:10.7.7.7"))
    assert row is not None and row.attempts > limit
    clock.advance(seconds=61)
    assert (await replicas("g2", "city", peer="10.7.7.7")).status_code == 200


def _answer(resp: httpx.Response) -> tuple[Any, ...]:
    body = resp.json()
    return (
        resp.status_code,
        body.get("code"),
        body.get("remaining_attempts"),
        body.get("retry_after_seconds"),
        resp.headers.get("Retry-After"),
    )


async def test_an_unknown_name_is_locked_like_a_real_one_whichever_replica_counts(replicas, settings, clock, session):
    known: list[tuple[Any, ...]] = []
    unknown: list[tuple[Any, ...]] = []
    # Five failures spread over two replicas (and two addresses), then the right password during the lock.
    for i in range(settings.lockout_threshold):
        name, peer = ("g1", "10.1.0.1") if i % 2 else ("g2", "10.1.0.2")
        known.append(_answer(await replicas(name, "leader", WRONG, peer=peer)))
        unknown.append(_answer(await replicas(name, "no-such-person", WRONG, peer=peer)))
    clock.advance(minutes=3)
    for name in ("g1", "g2"):
        known.append(_answer(await replicas(name, "leader", peer="10.1.0.3")))
        unknown.append(_answer(await replicas(name, "no-such-person", peer="10.1.0.3")))
    assert known == unknown
    assert [a[0] for a in known] == [401, 401, 401, 401, 423, 423, 423]
    assert [a[2] for a in known[:4]] == [4, 3, 2, 1]
    assert known[-1][3] == settings.lockout_minutes * 60 - 180 + 1
    row = await session.scalar(select(UnknownLogin).where(UnknownLogin.username == "no-such-person"))
    assert row is not None and row.locked_until is not None
    # After the lock both count from the start again.
    clock.advance(minutes=settings.lockout_minutes)
    assert _answer(await replicas("g1", "leader", WRONG, peer="10.1.0.4")) == _answer(
        await replicas("g2", "no-such-person", WRONG, peer="10.1.0.4")
    )


async def test_failures_a_day_apart_count_from_one_for_real_and_unknown_names(replicas, clock):
    first = (_answer(await replicas("g1", "city", WRONG)), _answer(await replicas("g1", "nobody-here", WRONG)))
    assert first[0] == first[1] and first[0][2] == 4
    clock.advance(hours=25)
    later = (_answer(await replicas("g2", "city", WRONG)), _answer(await replicas("g2", "nobody-here", WRONG)))
    assert later[0] == later[1] and later[0][2] == 4
    clock.advance(minutes=1)
    again = (_answer(await replicas("g1", "city", WRONG)), _answer(await replicas("g1", "nobody-here", WRONG)))
    assert again[0] == again[1] and again[0][2] == 3
