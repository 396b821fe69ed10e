"""Gather and steer every app's periodic jobs: the gateway's own through `platform_core.job_console`, each
service's through its `/internal/jobs` (asked beside the breaker, like the server monitor)."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from pydantic import TypeAdapter

from gateway.health import ask
from gateway.jobs.schemas import AppJobs, AppName, JobsOut
from gateway.monitor.service import GATEWAY_LABEL
from gateway.proxy.routes import SERVICE_LABELS, SERVICES
from platform_core import job_console
from platform_core.db import utcnow
from platform_core.job_console import Action, JobRunOut, JobStatus
from platform_core.observability import INTERNAL_TOKEN_HEADER
from platform_core.pagination import Page, PageParams
from platform_core.problems import ProblemError, not_found

#: How long a service may take to answer (reads and the steering alike: both are one small query).
TIMEOUT_S = 3.0
LABELS: dict[str, str] = {"gateway": GATEWAY_LABEL, **SERVICE_LABELS}
_STATUSES = TypeAdapter(list[JobStatus])


def _headers(app: FastAPI) -> dict[str, str]:
    return {INTERNAL_TOKEN_HEADER: app.state.settings.internal_token}


def unavailable(service: str, reason: str | None) -> ProblemError:
    """The service did not answer: 503 naming it and why."""
    return ProblemError(503, "service_unavailable", f"{LABELS[service]}暂不可用（{reason}）")


async def app_jobs(app: FastAPI, name: str) -> AppJobs:
    """One app's jobs, or why it could not list them."""
    if name == "gateway":
        return AppJobs(app="gateway", label=GATEWAY_LABEL, status="up", jobs=await job_console.job_statuses(app))
    body, reason = await ask(app.state.upstreams, name, "/internal/jobs", TIMEOUT_S, _headers(app))
    if body is None:
        return AppJobs(app=name, label=LABELS[name], status="down", reason=reason, jobs=[])  # type: ignore[arg-type]
    return AppJobs(app=name, label=LABELS[name], status="up", jobs=_STATUSES.validate_json(body))  # type: ignore[arg-type]


async def gather(app: FastAPI) -> JobsOut:
    """Every app's jobs, the services asked at once."""
    apps = await asyncio.gather(*(app_jobs(app, name) for name in ("gateway", *SERVICES)))
    return JobsOut(checked_at=utcnow(), apps=list(apps))


async def runs(
    app: FastAPI, name: AppName, *, job: str | None, outcome: str | None, page: PageParams
) -> Page[JobRunOut]:
    """A page of one app's run log."""
    if name == "gateway":
        items, total = await job_console.job_runs(app, job=job, outcome=outcome, page=page)
        return Page(items=list(items), total=total, page=page.page, page_size=page.page_size)
    query: dict[str, Any] = {"page": page.page, "page_size": page.page_size}
    query |= {k: v for k, v in (("job", job), ("outcome", outcome)) if v}
    body, reason = await ask(
        app.state.upstreams, name, f"/internal/jobs/runs?{urlencode(query)}", TIMEOUT_S, _headers(app)
    )
    if body is None:
        raise unavailable(name, reason)
    return Page[JobRunOut].model_validate_json(body)


async def steer(app: FastAPI, name: AppName, job: str, action: Action, by: str) -> JobStatus:
    """Pause, resume or run one job of one app; the job after."""
    if name == "gateway":
        return await job_console.steer(app, job, action, by)
    body, reason = await ask(
        app.state.upstreams, name, f"/internal/jobs/{job}/{action}", TIMEOUT_S, _headers(app),
        method="POST", json_body={"by": by},
    )  # fmt: skip
    if reason == "HTTP 404":
        raise not_found("定时任务不存在")
    if body is None:
        raise unavailable(name, reason)
    return JobStatus.model_validate(json.loads(body))
