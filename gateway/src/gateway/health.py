"""The gateway's readiness: its own database, each service's `/readyz` and each circuit breaker.

`ready` (200) when everything answers; `degraded` (200) when a service is down or its breaker is not
closed, because the gateway still signs users in, serves the SPA and every other module; `unavailable`
(503) only when the gateway's own database cannot be reached, the one dependency without which it can do
nothing useful. The services are asked concurrently with a short timeout, and the whole report is kept for
`readyz_cache_s` and built by one caller at a time, so a storm of probes costs the services one request
each. The probes bypass the breakers and feed nothing into them: they report, they do not decide.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import text

from gateway.proxy.breaker import BreakerState
from gateway.proxy.client import UpstreamPool
from gateway.proxy.routes import SERVICES
from gateway.settings import GatewaySettings

READY, DEGRADED, UNAVAILABLE = "ready", "degraded", "unavailable"
Check = dict[str, Any]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


async def database_check(app: FastAPI, timeout_s: float) -> Check:
    """`SELECT 1` on the gateway's own database."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            async with app.state.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except TimeoutError:
        return {"status": "down", "reason": "timeout", "duration_ms": _ms(started)}
    except Exception as exc:  # any driver error means the same: not reachable
        return {"status": "down", "reason": type(exc).__name__, "duration_ms": _ms(started)}
    return {"status": "up", "duration_ms": _ms(started)}


async def ask(
    pool: UpstreamPool,
    service: str,
    path: str,
    timeout_s: float,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    json_body: Any = None,
) -> tuple[bytes | None, str | None]:
    """Ask a service's own path beside the breaker (GET, or `method` with a JSON body): the body of a 200,
    or why there is none (`timeout`, `unreachable`, `HTTP <status>`)."""
    try:
        async with pool.session().request(
            method,
            f"{pool.urls[service]}{path}",
            headers=headers,
            json=json_body,
            timeout=aiohttp.ClientTimeout(total=timeout_s),
        ) as response:
            body = await response.read()
            status = response.status
    except TimeoutError:
        return None, "timeout"
    except (aiohttp.ClientError, OSError):
        return None, "unreachable"
    return (body, None) if status == 200 else (None, f"HTTP {status}")


async def service_check(pool: UpstreamPool, service: str, timeout_s: float) -> Check:
    """The service's own `/readyz` (its process and its database), with its breaker's state."""
    started = time.perf_counter()
    _body, reason = await ask(pool, service, "/readyz", timeout_s)
    check: Check = {"status": "up"} if reason is None else {"status": "down", "reason": reason}
    breaker = pool.breakers[service]
    check["breaker"] = breaker.state.value
    if breaker.state is not BreakerState.CLOSED:
        check["retry_after_seconds"] = breaker.retry_after()
    check["duration_ms"] = _ms(started)
    return check


async def readiness(app: FastAPI) -> tuple[int, dict[str, Any]]:
    """The status code and the report: `{"status": ..., "checks": {"database": ..., "<service>": ...}}`."""
    settings: GatewaySettings = app.state.settings
    pool: UpstreamPool = app.state.upstreams
    timeout_s = settings.readyz_probe_timeout_s
    results = await asyncio.gather(
        database_check(app, timeout_s), *(service_check(pool, name, timeout_s) for name in SERVICES)
    )
    checks: dict[str, Check] = {"database": results[0], **dict(zip(SERVICES, results[1:], strict=True))}
    if checks["database"]["status"] != "up":
        return 503, {"status": UNAVAILABLE, "checks": checks}
    healthy = all(checks[name]["status"] == "up" and checks[name]["breaker"] == "closed" for name in SERVICES)
    return 200, {"status": READY if healthy else DEGRADED, "checks": checks}


class ReadinessCache:
    """The last report, reused for `ttl_s`; one caller builds a new one while the others wait for it."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        """Start empty."""
        self.ttl_s = ttl_s
        self.clock = clock
        self._report: tuple[int, dict[str, Any]] | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self, app: FastAPI) -> tuple[int, dict[str, Any]]:
        """The cached report, or a fresh one when it has expired."""
        if self._report is not None and self.clock() < self._expires:
            return self._report
        async with self._lock:
            if self._report is not None and self.clock() < self._expires:
                return self._report
            self._report = await readiness(app)
            self._expires = self.clock() + self.ttl_s
            return self._report


def install(app: FastAPI) -> None:
    """Serve the gateway's `/readyz` in place of the database-only probe every app has."""
    settings: GatewaySettings = app.state.settings
    cache = ReadinessCache(settings.readyz_cache_s)
    app.state.readiness = cache

    async def readyz(request: Request) -> Response:
        """The gateway's database, each service and each circuit breaker."""
        status, report = await cache.get(request.app)
        return Response(
            json.dumps(report, ensure_ascii=False),
            status_code=status,
            media_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

    # First in the table, so it answers before the shared health router's `/readyz`.
    app.router.routes.insert(0, APIRoute("/readyz", readyz, methods=["GET"], include_in_schema=False))
