"""Health probes, Prometheus metrics and JSON logs with the request id."""

from __future__ import annotations

import hmac
import json
import logging
import sys
import time
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from starlette.types import ASGIApp, Receive, Scope, Send

from platform_core.asgi import StatusSend, route_template
from platform_core.context import current_context
from platform_core.problems import ProblemError, problem_response
from platform_core.tracing import current_trace_id


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id and user when there is a request."""

    def format(self, record: logging.LogRecord) -> str:
        """Render a record."""
        out: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        ctx = current_context()
        if ctx is not None:
            out["request_id"] = ctx.request_id
            if ctx.subject:
                out["user"] = ctx.subject
        elif getattr(record, "request_id", None):
            out["request_id"] = record.request_id
        trace_id = current_trace_id()
        if trace_id:
            out["trace_id"] = trace_id
        for key in ("service", "method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """Send JSON logs to stdout."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True


#: Pool states reported, with the pool method that counts each (`overflow` counts up from minus the size).
POOL_STATES = (("size", "size"), ("in_use", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow"))


class PoolCollector(Collector):
    """The database connection pool at scrape time: its size and the connections in use, idle and overflowing."""

    def __init__(self, service: str, engine: Any) -> None:
        """Watch an async engine's pool."""
        self.service = service
        self.engine = engine

    def collect(self) -> Any:
        """One gauge family, a sample per state the pool reports (pools without a size report none)."""
        family = GaugeMetricFamily(
            "db_pool_connections", "Database connections by pool state", labels=["service", "state"]
        )
        pool = self.engine.sync_engine.pool
        for state, reader in (
            ("size", "size"),
            ("in_use", "checkedout"),
            ("idle", "checkedin"),
            ("overflow", "overflow"),
        ):
            read = getattr(pool, reader, None)
            if callable(read):
                family.add_metric([self.service, state], float(max(0, read())))
        yield family


class Metrics:
    """Request, job and pool metrics of one process, with the process, platform and GC collectors."""

    def __init__(self, service: str) -> None:
        """Create the collectors in a registry of their own (several apps may share a test process)."""
        self.registry = CollectorRegistry()
        # The default registry's process, platform and GC collectors read process-wide state: share them.
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            self.registry.register(collector)
        self.job_runs = Counter(
            "job_runs_total", "Periodic job runs by outcome", ["service", "job", "outcome"], registry=self.registry
        )
        self.job_duration = Histogram(
            "job_duration_seconds",
            "Periodic job run time",
            ["service", "job"],
            registry=self.registry,
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300),
        )
        # Lag is `time() - job_last_success_timestamp_seconds` in the dashboard: a job that stops running shows.
        self.job_last_success = Gauge(
            "job_last_success_timestamp_seconds",
            "When a periodic job last ran successfully in this process",
            ["service", "job"],
            registry=self.registry,
        )
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["service", "method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.service = service

    def watch_pool(self, engine: Any) -> None:
        """Report a database engine's connection pool."""
        self.registry.register(PoolCollector(self.service, engine))

    def job_ran(self, job: str, outcome: str, seconds: float) -> None:
        """Count one run of a periodic job in this process."""
        self.job_runs.labels(self.service, job, outcome).inc()
        self.job_duration.labels(self.service, job).observe(seconds)
        if outcome == "ok":
            self.job_last_success.labels(self.service, job).set_to_current_time()


class MetricsMiddleware:
    """Pure ASGI middleware counting requests by route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        """Wrap an app."""
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        answer = StatusSend(send)
        try:
            await self.app(scope, receive, answer)
        finally:
            template = route_template(scope) or "unmatched"
            m = self.metrics
            m.requests.labels(m.service, scope["method"], template, str(answer.status)).inc()
            m.latency.labels(m.service, scope["method"], template).observe(time.perf_counter() - start)


INTERNAL_TOKEN_HEADER = "X-Internal-Token"


def has_internal_token(request: Request) -> bool:
    """Whether the caller holds the service-to-service token (`X-Internal-Token`, or as a bearer token, the way
    Prometheus sends scrape credentials)."""
    expected: str = request.app.state.settings.internal_token
    given = request.headers.get(INTERNAL_TOKEN_HEADER)
    if given is None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        given = token.strip() if scheme.lower() == "bearer" else None
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())  # type: ignore[union-attr]


async def require_internal_token(request: Request) -> None:
    """Only the platform's own callers (the gateway, the metrics scraper) pass: others get 404, as if absent."""
    if not has_internal_token(request):
        raise ProblemError(404, "not_found")


def internal_router(app_title: str) -> APIRouter:
    """The app's own OpenAPI document and Swagger UI, for the platform's callers only (`/openapi.json`, `/docs`)."""
    router = APIRouter(include_in_schema=False, dependencies=[Depends(require_internal_token)])

    @router.get("/openapi.json")
    async def openapi(request: Request) -> Response:
        """The service's OpenAPI document (the gateway merges it into the public one)."""
        return Response(json.dumps(request.app.openapi(), ensure_ascii=False), media_type="application/json")

    @router.get("/docs")
    async def docs() -> Response:
        """Swagger UI over the service's own document (use the gateway's merged one for the public API)."""
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app_title} - 内部接口文档")

    return router


def health_router() -> APIRouter:
    """`/livez`, `/readyz` and `/metrics` (the last for the platform's own scraper only)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        """The process is up (no dependencies checked)."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> Response:
        """The process can reach its database."""
        try:
            async with request.app.state.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            return problem_response(request, 503, "service_unavailable", f"database unreachable: {type(exc).__name__}")
        return Response(json.dumps({"status": "ready"}), media_type="application/json")

    @router.get("/metrics", dependencies=[Depends(require_internal_token)])
    async def metrics(request: Request) -> Response:
        """Prometheus text exposition."""
        return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router
