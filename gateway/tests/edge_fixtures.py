"""Fixtures of the gateway edge tests (proxy, rate limits, edge, OpenAPI, SPA, audit merge, route matrix).

Test modules load them with `pytest_plugins = ["edge_fixtures"]`; they are kept out of conftest.py,
which belongs to the identity tests (whose `settings` and `database` fixtures they build on).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from edge_support import Upstream, free_port, serve
from fastapi import FastAPI
from redis import asyncio as aioredis

from gateway.main import create_app
from gateway.settings import GatewaySettings
from platform_core.db import Database


@pytest.fixture(scope="session")
async def edge_upstream() -> AsyncIterator[Upstream]:
    """One scriptable case-service for the session."""
    upstream = Upstream()
    async with serve(upstream) as url:
        upstream.url = url
        yield upstream


@pytest.fixture
def edge_settings(settings: GatewaySettings, edge_upstream: Upstream, tmp_path: Path) -> GatewaySettings:
    """Gateway settings pointing case-service at the test upstream and the others at closed ports."""
    return settings.model_copy(
        update={
            "case_service_url": edge_upstream.url,
            "investment_service_url": f"http://127.0.0.1:{free_port()}",
            "trade_service_url": f"http://127.0.0.1:{free_port()}",
            "upstream_read_timeout_s": 2.0,
            "upstream_connect_timeout_s": 1.0,
            "spa_dir": str(tmp_path / "no-spa"),
        }
    )


GatewayFactory = Callable[..., Awaitable[FastAPI]]


@pytest.fixture
async def make_gateway(edge_settings: GatewaySettings, database: Database) -> AsyncIterator[GatewayFactory]:
    """Build gateway apps with setting overrides; their upstream pools are closed at the end."""
    apps: list[FastAPI] = []

    async def build(**overrides: Any) -> FastAPI:
        app = create_app(edge_settings.model_copy(update=overrides), database=database)
        apps.append(app)
        return app

    yield build
    for app in apps:
        await app.state.upstreams.close()
        await app.state.rate_limiter.close()


@pytest.fixture
async def gateway_app(make_gateway: GatewayFactory) -> FastAPI:
    """The gateway with the test settings."""
    return await make_gateway()


@pytest.fixture
async def gw(gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the gateway."""
    transport = httpx.ASGITransport(app=gateway_app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client


@pytest.fixture(scope="session")
async def edge_redis_url() -> AsyncIterator[str]:
    """The local Redis (127.0.0.1:6379), or a private redis-server started for the session."""
    probe = aioredis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=0.5)
    try:
        await probe.ping()
        yield "redis://127.0.0.1:6379/15"
        return
    except (OSError, aioredis.RedisError):
        pass
    finally:
        await probe.aclose()
    binary = shutil.which("redis-server")
    assert binary, "Redis is neither running on 127.0.0.1:6379 nor installed (apt-get install redis-server)"
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 - a daemon started once per session
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = aioredis.Redis.from_url(url)
    try:
        for _ in range(200):
            try:
                await client.ping()
                break
            except (OSError, aioredis.RedisError):
                await asyncio.sleep(0.05)
        yield url
    finally:
        await client.aclose()
        process.terminate()
        process.wait(timeout=10)
