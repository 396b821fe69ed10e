"""Rate limits per user, per machine client and per anonymous address, in memory and in Redis."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from edge_support import ALL_ENTERPRISE, bearer, free_port, token
from fastapi import FastAPI

from gateway.ratelimit import WINDOW_S, MemoryBackend, RateLimiter, RedisBackend
from platform_core import auth
from platform_core.problems import ProblemError

pytest_plugins = ["edge_fixtures"]


class Clock:
    """A settable clock for the window arithmetic."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def limiter(backend, clock: Clock, user: int = 3) -> RateLimiter:
    return RateLimiter(backend, user_per_minute=user, client_per_minute=5, anonymous_per_minute=2, clock=clock)


async def redis_backend(url: str) -> RedisBackend:
    return RedisBackend(url, prefix=f"test:rl:{uuid.uuid4().hex}:")


@pytest.fixture(params=["memory", "redis"])
async def backend(request: pytest.FixtureRequest, edge_redis_url: str):
    store = MemoryBackend() if request.param == "memory" else await redis_backend(edge_redis_url)
    yield store
    await store.close()


async def test_quota_then_refusal_with_retry_after(backend):
    clock = Clock(1_000 * WINDOW_S + 10)
    rl = limiter(backend, clock)
    decisions = [await rl.check("user:1", "user") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    refused = decisions[3]
    assert refused.retry_after_s >= 1
    headers = dict(refused.headers())
    assert headers[b"retry-after"] == str(refused.retry_after_s).encode()
    assert headers[b"ratelimit-limit"] == b"3"
    assert headers[b"ratelimit-remaining"] == b"0"


async def test_waiting_as_told_gets_through(backend):
    clock = Clock(1_000 * WINDOW_S + 30)
    rl = limiter(backend, clock)
    for _ in range(3):
        assert (await rl.check("user:2", "user")).allowed
    refused = await rl.check("user:2", "user")
    assert not refused.allowed
    clock.now += refused.retry_after_s
    assert (await rl.check("user:2", "user")).allowed


async def test_sliding_window_weighs_the_previous_minute(backend):
    clock = Clock(2_000 * WINDOW_S + 50)
    rl = limiter(backend, clock)
    for _ in range(3):
        assert (await rl.check("user:3", "user")).allowed
    # 15 s into the next minute three quarters of the old minute still count: 3 * 0.75 + 1 > 3.
    clock.now = 2_001 * WINDOW_S + 15
    assert not (await rl.check("user:3", "user")).allowed
    # 45 s in only a quarter counts: 3 * 0.25 + 1 <= 3.
    clock.now = 2_001 * WINDOW_S + 45
    assert (await rl.check("user:3", "user")).allowed


async def test_callers_are_counted_separately_by_kind(backend):
    clock = Clock(3_000 * WINDOW_S)
    rl = limiter(backend, clock)
    for _ in range(3):
        await rl.check("user:4", "user")
    assert not (await rl.check("user:4", "user")).allowed
    assert (await rl.check("user:5", "user")).allowed
    client = [await rl.check("client:province", "client") for _ in range(6)]
    assert [d.allowed for d in client] == [True] * 5 + [False]
    anonymous = [await rl.check("ip:198.51.100.1", "anonymous") for _ in range(3)]
    assert [d.allowed for d in anonymous] == [True, True, False]


async def test_unreachable_redis_lets_requests_pass_without_waiting_on_it(monkeypatch: pytest.MonkeyPatch):
    store = RedisBackend(f"redis://127.0.0.1:{free_port()}/0")
    rl = limiter(store, Clock(4_000 * WINDOW_S), user=1)
    try:
        assert (await rl.check("user:6", "user")).allowed

        def no_redis(*args, **kwargs):
            raise AssertionError("Redis asked again while it is known to be down")

        monkeypatch.setattr(store.redis, "pipeline", no_redis)
        assert all([(await rl.check("user:6", "user")).allowed for _ in range(3)])
    finally:
        await store.close()


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_gateway_answers_429_problem(make_gateway, edge_redis_url: str, store: str):
    app = await make_gateway(
        rate_limit_user_per_minute=2,
        rate_limit_anonymous_per_minute=1,
        redis_url=edge_redis_url if store == "redis" else "",
    )
    if store == "redis":
        app.state.rate_limiter.backend.prefix = f"test:rl:{uuid.uuid4().hex}:"
    headers = bearer(app, ALL_ENTERPRISE, subject="user:rl-1")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        first = await client.get("/api/v1/enterprises", headers=headers)
        second = await client.get("/api/v1/enterprises", headers=headers)
        third = await client.get("/api/v1/enterprises", headers=headers)
        other_user = await client.get("/api/v1/enterprises", headers=bearer(app, ALL_ENTERPRISE, subject="user:rl-2"))
        anonymous = [await client.get("/api/v1/enterprises") for _ in range(2)]
    assert first.status_code == second.status_code == 200
    assert first.headers["ratelimit-limit"] == "2"
    assert first.headers["ratelimit-remaining"] == "1"
    assert "ratelimit-reset" in first.headers
    assert third.status_code == 429
    assert third.headers["content-type"] == "application/problem+json"
    assert third.json()["code"] == "rate_limited"
    assert int(third.headers["retry-after"]) >= 1
    assert third.headers["ratelimit-remaining"] == "0"
    assert third.headers["x-content-type-options"] == "nosniff"
    assert third.headers["x-request-id"]
    assert other_user.status_code == 200
    assert [r.status_code for r in anonymous] == [401, 429]


async def test_public_rows_have_a_strict_quota_per_address(make_gateway, edge_upstream):
    app = await make_gateway(rate_limit_public_per_minute=3, rate_limit_anonymous_per_minute=100)
    link = "/api/v1/public/revisits/some-token"
    here = httpx.ASGITransport(app=app, client=("198.51.100.1", 50000))
    there = httpx.ASGITransport(app=app, client=("198.51.100.2", 50000))
    async with (
        httpx.AsyncClient(transport=here, base_url="http://gateway.test") as client,
        httpx.AsyncClient(transport=there, base_url="http://gateway.test") as neighbour,
    ):
        # A token does not buy a wider quota: the public operations count by address only.
        headers = bearer(app, ALL_ENTERPRISE, subject="user:rl-public")
        answers = [await client.get(link, headers=headers) for _ in range(3)]
        refused = await client.post(link, json={"satisfaction": "satisfied"})
        elsewhere = await neighbour.get(link)
        private = await client.get("/api/v1/enterprises", headers=headers)
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert elsewhere.status_code == 200
    assert private.status_code == 200  # the user's own quota is untouched


async def test_token_verified_once_per_request(gw: httpx.AsyncClient, gateway_app: FastAPI):
    verifier = gateway_app.state.token_verifier
    calls = 0
    original = verifier.verify

    async def counting(token: str) -> dict:
        nonlocal calls
        calls += 1
        return await original(token)

    verifier.verify = counting
    resp = await gw.get("/api/v1/enterprises", headers=bearer(gateway_app, ALL_ENTERPRISE))
    assert resp.status_code == 200
    assert calls == 1
    resp = await gw.get("/api/v1/auth/me", headers=bearer(gateway_app, ALL_ENTERPRISE, subject="user:1"))
    assert calls == 2


async def test_verified_tokens_are_cached_until_expiry(gateway_app: FastAPI, monkeypatch: pytest.MonkeyPatch):
    verifier = gateway_app.state.token_verifier
    expired, _ = gateway_app.state.signer.access_token(
        subject="user:cache",
        kind="user",
        name="c",
        roles=[],
        permissions=[],
        data_scopes=[],
        region_code=None,
        region_path=None,
        ttl=timedelta(seconds=-1),
    )
    with pytest.raises(ProblemError) as refused:
        await verifier.verify(expired)
    assert refused.value.code == "auth.token_expired"
    assert expired not in verifier._verified

    good = token(gateway_app, [], subject="user:cache")
    decodes = 0
    original = auth.jwt.decode

    def counting(*args, **kwargs):
        nonlocal decodes
        decodes += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(auth.jwt, "decode", counting)
    first = await verifier.verify(good)
    second = await verifier.verify(good)
    assert first["sub"] == second["sub"] == "user:cache"
    assert decodes == 1  # the second call was a cache hit
    # Once the cached expiry has passed, the token is verified again from scratch (and refused if expired).
    monkeypatch.setattr(auth.time, "time", lambda: first["exp"] + 1)
    await verifier.verify(good)
    assert decodes == 2
