"""Each app's report to the server monitor (`/internal/monitor`): for the platform's callers only, and true to
the process — its memory, CPU, pool and database (SQLite here, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os

import httpx
from sqlalchemy import text

from platform_core.app import create_service_app
from platform_core.settings import CommonSettings
from platform_core.testing import INTERNAL_HEADERS


async def test_an_app_reports_its_process_pool_and_database(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    settings = CommonSettings(database_url=url)
    app = create_service_app(name="things", title="t", settings=settings, schema="things", routers=[])
    async with app.state.db.engine.connect() as conn:  # a first connection: the file exists, the pool holds one
        await conn.execute(text("SELECT 1"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        hidden = await client.get("/internal/monitor")
        resp = await client.get("/internal/monitor", headers=INTERNAL_HEADERS)
    await app.state.db.dispose()
    assert hidden.status_code == 404
    assert resp.status_code == 200
    report = resp.json()
    assert report["app"] == "things" and report["status"] == "up" and report["pid"] == os.getpid()
    assert report["memory_mb"] > 10 and report["cpu_s"] > 0 and report["uptime_s"] >= 0
    database = report["database"]
    assert database["status"] == "up" and database["size_bytes"] > 0
    if url.startswith("sqlite"):
        assert database["kind"] == "sqlite" and database["connections"] is None
    else:
        assert database["kind"] == "postgresql"
        assert 1 <= database["connections"] <= database["max_connections"]
        assert report["pool"]["size"] == 20 and report["pool"]["idle"] >= 1
