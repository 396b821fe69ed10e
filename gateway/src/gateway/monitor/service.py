"""Gather the server monitor: the gateway's own report and each service's `/internal/monitor`, asked at once."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from gateway.health import ask
from gateway.monitor.schemas import AppStatus, MonitorOut
from gateway.proxy.client import UpstreamPool
from gateway.proxy.routes import SERVICE_LABELS, SERVICES
from platform_core.db import utcnow
from platform_core.monitor import ProcessStatus, down, process_status
from platform_core.observability import INTERNAL_TOKEN_HEADER

GATEWAY_LABEL = "网关"
#: How long a service may take to report (the page refreshes; a slow service shows as not answering).
TIMEOUT_S = 2.0


async def service_status(app: FastAPI, service: str) -> ProcessStatus:
    """A service's own report, or why it could not give one."""
    headers = {INTERNAL_TOKEN_HEADER: app.state.settings.internal_token}
    body, reason = await ask(app.state.upstreams, service, "/internal/monitor", TIMEOUT_S, headers)
    return down(service, reason) if body is None else ProcessStatus.model_validate_json(body)


async def gather(app: FastAPI) -> MonitorOut:
    """Every app's status; each service with the state of the gateway's breaker in front of it."""
    pool: UpstreamPool = app.state.upstreams
    own, *services = await asyncio.gather(process_status(app), *(service_status(app, name) for name in SERVICES))
    apps = [AppStatus(**own.model_dump(), label=GATEWAY_LABEL)]
    for name, report in zip(SERVICES, services, strict=True):
        breaker = pool.breakers[name].state.value
        apps.append(AppStatus(**report.model_dump(), label=SERVICE_LABELS[name], breaker=breaker))  # type: ignore[arg-type]
    return MonitorOut(checked_at=utcnow(), apps=apps)
