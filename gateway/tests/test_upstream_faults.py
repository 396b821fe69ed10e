"""Upstream faults at the gateway: timeouts by route kind, the circuit breaker per service (against a hung
and a stopped service), and `/readyz` reporting each service and each breaker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from edge_support import ALL_ENTERPRISE, Upstream, bearer, free_port
from fastapi import FastAPI
from fault_support import FakeService

from gateway.main import create_app
from gateway.proxy.breaker import BreakerState
from platform_core.db import Database
from platform_core.testing import INTERNAL_HEADERS

pytest_plugins = ["edge_fixtures"]

READ_TIMEOUT_S = 0.3
COOLDOWN_S = 0.5
FAULTS = {
    "upstream_read_timeout_s": READ_TIMEOUT_S,
    "upstream_breaker_failures": 3,
    "upstream_breaker_cooldown_s": COOLDOWN_S,
}
LIST = "/api/v1/enterprises"


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of a gateway app."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=30) as client:
        yield client


async def timed(call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    """The response and the seconds it took."""
    started = time.perf_counter()
    resp = await call
    return resp, time.perf_counter() - started


def circuit_gauge(metrics: str, service: str) -> float:
    """The breaker gauge of one service in a Prometheus exposition."""
    prefix = f'gateway_upstream_circuit_state{{service="{service}"}} '
    return float(next(line for line in metrics.splitlines() if line.startswith(prefix))[len(prefix) :])


async def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for a condition another task brings about (bounded)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


async def test_a_hung_service_times_out_then_the_breaker_opens_probes_and_closes(make_gateway):
    async with FakeService(hang=True) as case:
        app = await make_gateway(case_service_url=case.url, **FAULTS)
        headers = bearer(app, ALL_ENTERPRISE)
        breaker = app.state.upstreams.breakers["case"]
        async with client_of(app) as gw:
            # Closed: each request waits the read timeout, then answers 504 naming the service.
            for _ in range(3):
                resp, took = await timed(gw.get(LIST, headers=headers))
                assert resp.status_code == 504, resp.text
                assert READ_TIMEOUT_S * 0.9 <= took < READ_TIMEOUT_S + 1.5
                problem = resp.json()
                assert resp.headers["content-type"] == "application/problem+json"
                assert (problem["code"], problem["service"]) == ("gateway_timeout", "case")
                assert problem["title"] == "诉求办理服务响应超时"
            assert breaker.state is BreakerState.OPEN
            assert circuit_gauge((await gw.get("/metrics", headers=INTERNAL_HEADERS)).text, "case") == 2

            # Open: refused at once, no connection attempted.
            connections, seen = case.connections, len(case.requests)
            resp, took = await timed(gw.get(LIST, headers=headers))
            assert took < 0.1, took
            assert resp.status_code == 503
            assert int(resp.headers["retry-after"]) == 1  # the rest of a 0.5 s cool-down, rounded up
            problem = resp.json()
            assert problem["code"] == "service_unavailable"
            assert problem["service"] == "case" and problem["breaker"] == "open"
            assert problem["title"] == "诉求办理服务暂不可用"
            assert problem["detail"] == "诉求办理服务暂不可用，请稍后重试"
            assert (case.connections, len(case.requests)) == (connections, seen)

            # Cool-down over: exactly one probe reaches the (still hung) service; a concurrent caller gets 503.
            await asyncio.sleep(COOLDOWN_S)
            probe = asyncio.create_task(gw.get(LIST, headers=headers))
            await until(lambda: len(case.requests) == seen + 1)
            assert breaker.state is BreakerState.HALF_OPEN
            assert circuit_gauge((await gw.get("/metrics", headers=INTERNAL_HEADERS)).text, "case") == 1
            other, took = await timed(gw.get(LIST, headers=headers))
            assert other.status_code == 503 and other.json()["breaker"] == "half_open" and took < 0.1
            assert "retry-after" in other.headers
            assert (await probe).status_code == 504  # the probe failed: open again
            assert breaker.state is BreakerState.OPEN
            assert (await gw.get(LIST, headers=headers)).status_code == 503
            assert len(case.requests) == seen + 1

            # The service recovers: after the next cool-down the probe passes and closes the breaker.
            case.hang = False
            await asyncio.sleep(COOLDOWN_S)
            assert (await gw.get(LIST, headers=headers)).status_code == 200
            assert breaker.state is BreakerState.CLOSED
            for _ in range(3):
                assert (await gw.get(LIST, headers=headers)).status_code == 200
            assert len(case.requests) == seen + 5
            assert circuit_gauge((await gw.get("/metrics", headers=INTERNAL_HEADERS)).text, "case") == 0


async def test_a_stopped_service_opens_the_breaker(make_gateway):
    app = await make_gateway(case_service_url=f"http://127.0.0.1:{free_port()}", **FAULTS)
    headers = bearer(app, ALL_ENTERPRISE)
    async with client_of(app) as gw:
        for _ in range(3):
            resp = await gw.get(LIST, headers=headers)
            # Refused connections answer 503 at once, before the breaker opens too, but without Retry-After.
            assert resp.status_code == 503 and resp.json()["service"] == "case"
            assert "retry-after" not in resp.headers and "breaker" not in resp.json()
        resp, took = await timed(gw.get(LIST, headers=headers))
        assert resp.status_code == 503 and took < 0.1
        assert resp.json()["breaker"] == "open" and int(resp.headers["retry-after"]) >= 1
        metrics = (await gw.get("/metrics", headers=INTERNAL_HEADERS)).text
    assert app.state.upstreams.breakers["case"].state is BreakerState.OPEN
    assert circuit_gauge(metrics, "case") == 2
    assert circuit_gauge(metrics, "investment") == 0
    assert 'gateway_upstream_circuit_refused_total{service="case"} 1.0' in metrics


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_error_answers_of_a_live_service_pass_through_and_never_open_the_breaker(make_gateway, status: int):
    async with FakeService(hang=False, status=status) as case:
        app = await make_gateway(case_service_url=case.url, **FAULTS)
        headers = bearer(app, ALL_ENTERPRISE)
        async with client_of(app) as gw:
            answers = [(await gw.get(LIST, headers=headers)).status_code for _ in range(6)]
    assert answers == [status] * 6
    assert len(case.requests) == 6
    assert app.state.upstreams.breakers["case"].state is BreakerState.CLOSED


async def test_timeouts_follow_the_route_kind(make_gateway):
    async with FakeService(hang=False) as service:
        app = await make_gateway(
            case_service_url=service.url,
            investment_service_url=service.url,
            upstream_read_timeout_s=0.2,
            upstream_write_timeout_s=0.5,
            upstream_long_timeout_s=3.0,
        )
        perms = [*ALL_ENTERPRISE, "case:report:read", "investment:project:manage"]
        headers = bearer(app, perms)
        async with client_of(app) as gw:
            service.delay_s = 0.35  # too slow for a read, in time for a write
            read = await gw.get(LIST, headers=headers)
            write = await gw.post(LIST, json={"name": "信阳茶业"}, headers=headers)
            service.delay_s = 0.7  # too slow for a write, in time for a report, an export or an import
            slow_write = await gw.patch(f"{LIST}/1", json={"name": "信阳茶业"}, headers=headers)
            report = await gw.get("/api/v1/case-reports/biweekly", params={"format": "xlsx"}, headers=headers)
            upload = await gw.post("/api/v1/projects/import", content=b"x" * 2000, headers=headers)
    assert read.status_code == 504 and read.json()["service"] == "case"
    assert write.status_code == 200, write.text
    assert slow_write.status_code == 504
    assert report.status_code == 200, report.text
    assert upload.status_code == 200, upload.text
    assert len(service.requests) == 5


async def test_english_callers_get_the_service_named_in_english(make_gateway):
    app = await make_gateway(case_service_url=f"http://127.0.0.1:{free_port()}")
    async with client_of(app) as gw:
        resp = await gw.get(LIST, headers={**bearer(app, ALL_ENTERPRISE), "Accept-Language": "en"})
    assert resp.status_code == 503
    assert resp.json()["title"] == "The case service is unavailable"


async def test_composed_views_skip_a_service_whose_breaker_is_open(make_gateway, edge_upstream: Upstream):
    app = await make_gateway(**FAULTS)
    breaker = app.state.upstreams.breakers["case"]
    for _ in range(3):
        permit = breaker.admit()
        assert permit is not None
        permit.failed()
    before = len(edge_upstream.seen)
    async with client_of(app) as gw:
        resp, took = await timed(
            gw.get("/api/v1/audit/logs", params={"service": "case"}, headers=bearer(app, ["audit:log:list"]))
        )
    assert resp.status_code == 200, resp.text
    assert resp.json()["partial"] == ["case"]
    assert took < 0.1
    assert len(edge_upstream.seen) == before


@pytest.fixture
async def services() -> AsyncIterator[dict[str, FakeService]]:
    """Three answering fake services."""
    async with FakeService(hang=False) as case, FakeService(hang=False) as inv, FakeService(hang=False) as trade:
        yield {"case": case, "investment": inv, "trade": trade}


def urls(services: dict[str, FakeService]) -> dict[str, str]:
    """Settings overrides pointing the gateway at the fake services."""
    return {f"{name}_service_url": s.url for name, s in services.items()}


async def test_readyz_is_ready_when_every_service_answers(make_gateway, services: dict[str, FakeService]):
    app = await make_gateway(**urls(services), readyz_cache_s=0)
    async with client_of(app) as gw:
        resp = await gw.get("/readyz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["status"] == "up"
    for name in ("case", "investment", "trade"):
        assert body["checks"][name]["status"] == "up"
        assert body["checks"][name]["breaker"] == "closed"
        assert services[name].requests == ["GET /readyz HTTP/1.1"]


async def test_readyz_reports_a_down_service_and_its_breaker_yet_stays_in_the_load_balancer(
    make_gateway, services: dict[str, FakeService]
):
    services["investment"].status = 503  # its database is down: the service says so itself
    overrides = {**urls(services), "trade_service_url": f"http://127.0.0.1:{free_port()}"}
    app = await make_gateway(**overrides, **FAULTS, readyz_cache_s=0)
    headers = bearer(app, ["trade:labour:list"])
    async with client_of(app) as gw:
        for _ in range(3):
            assert (await gw.get("/api/v1/trade/labour/workers", headers=headers)).status_code == 503
        resp = await gw.get("/readyz")
    assert resp.status_code == 200  # degraded: the gateway still serves sign-in, the SPA and the other modules
    body = resp.json()
    assert body["status"] == "degraded"
    checks = body["checks"]
    assert checks["database"]["status"] == "up"
    assert checks["case"] == {**checks["case"], "status": "up", "breaker": "closed"}
    assert checks["investment"] == {**checks["investment"], "status": "down", "reason": "HTTP 503", "breaker": "closed"}
    assert checks["trade"] == {**checks["trade"], "status": "down", "reason": "unreachable", "breaker": "open"}
    assert checks["trade"]["retry_after_seconds"] >= 1


async def test_readyz_answers_within_the_probe_timeout_when_a_service_hangs(
    make_gateway, services: dict[str, FakeService]
):
    services["case"].hang = True
    app = await make_gateway(**urls(services), readyz_probe_timeout_s=0.3, readyz_cache_s=0)
    async with client_of(app) as gw:
        resp, took = await timed(gw.get("/readyz"))
    assert took < 1.5, took
    assert resp.status_code == 200
    assert resp.json()["checks"]["case"] == {**resp.json()["checks"]["case"], "status": "down", "reason": "timeout"}
    assert resp.json()["status"] == "degraded"


async def test_readyz_probes_are_cached_and_single_flight(make_gateway, services: dict[str, FakeService]):
    # A generous probe timeout: the first connection to a busy build machine's PostgreSQL can take over the default
    # second, and this test is about how many probes are made, not how fast the database answers.
    app = await make_gateway(**urls(services), readyz_cache_s=30, readyz_probe_timeout_s=10)
    async with client_of(app) as gw:
        answers = await asyncio.gather(*(gw.get("/readyz") for _ in range(20)))
        answers.append(await gw.get("/readyz"))
    assert {a.status_code for a in answers} == {200}, answers[0].json()
    assert {a.json()["status"] for a in answers} == {"ready"}
    for service in services.values():
        assert service.requests == ["GET /readyz HTTP/1.1"]  # one probe each for 21 callers


async def test_readyz_is_unavailable_without_the_gateways_database(
    edge_settings, services: dict[str, FakeService], tmp_path
):
    # A database file "inside" a regular file: every connection attempt fails.
    (tmp_path / "not-a-directory").write_text("")
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/not-a-directory/gateway.db", "iam")
    app = create_app(edge_settings.model_copy(update={**urls(services), "readyz_cache_s": 0}), database=database)
    try:
        async with client_of(app) as gw:
            ready = await gw.get("/readyz")
            live = await gw.get("/livez")
    finally:
        await app.state.upstreams.close()
        await database.dispose()
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "down"
    assert body["checks"]["case"]["status"] == "up"
    # /livez asks nothing of anyone.
    assert live.status_code == 200 and live.json() == {"status": "ok"}
