"""The server monitor (系统监控): the system administrator sees every app's status, version, uptime, memory,
CPU, pool and database, and the breaker in front of each service; a service that is down or refuses is shown
so, never hidden; other roles are refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from edge_support import bearer, free_port
from fastapi import FastAPI
from fault_support import FakeService

from platform_core.app import create_service_app
from platform_core.settings import CommonSettings

pytest_plugins = ["edge_fixtures"]


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """A real app served by uvicorn on a loopback port in this loop."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event for it
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_the_monitor_shows_every_app_and_says_which_is_down(make_gateway, tmp_path):
    settings = CommonSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'case.db'}")
    case = create_service_app(name="case-service", title="case", settings=settings, schema="case_svc", routers=[])
    async with served(case) as case_url, FakeService(hang=False, status=503) as trade:
        app = await make_gateway(
            case_service_url=case_url,
            investment_service_url=f"http://127.0.0.1:{free_port()}",
            trade_service_url=trade.url,
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as gw:
            resp = await gw.get("/api/v1/system/monitor", headers=bearer(app, ["system:monitor:read"]))
            refused = await gw.get("/api/v1/system/monitor", headers=bearer(app, ["system:session:list"]))
            internal = await gw.get("/internal/monitor")
    assert resp.status_code == 200, resp.text
    apps = {a["label"]: a for a in resp.json()["apps"]}
    assert list(apps) == ["网关", "诉求办理服务", "招商引资服务", "对外经贸服务"]
    gateway, case_app = apps["网关"], apps["诉求办理服务"]
    for running in (gateway, case_app):
        assert running["status"] == "up" and running["reason"] is None
        assert running["memory_mb"] > 10 and running["cpu_s"] > 0 and running["uptime_s"] >= 0
        assert running["version"] and running["python"] and running["pid"]
        assert running["database"]["status"] == "up"
    assert case_app["app"] == "case-service" and case_app["breaker"] == "closed"
    assert case_app["database"]["kind"] == "sqlite"
    assert gateway["breaker"] is None
    assert apps["招商引资服务"] | {"status": "down", "reason": "unreachable"} == apps["招商引资服务"]
    assert apps["对外经贸服务"] | {"status": "down", "reason": "HTTP 503"} == apps["对外经贸服务"]
    assert trade.requests == ["GET /internal/monitor HTTP/1.1"]
    assert refused.status_code == 403
    # The per-process report is for the platform's own callers only: without the internal token it is absent.
    assert internal.status_code == 404
