"""Upstream faults at the gateway: timeouts by route kind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from edge_support import ALL_ENTERPRISE, bearer
from fastapi import FastAPI
from fault_support import FakeService

pytest_plugins = ["edge_fixtures"]

LIST = "/api/v1/enterprises"


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of a gateway app."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", timeout=30) as client:
        yield client


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
