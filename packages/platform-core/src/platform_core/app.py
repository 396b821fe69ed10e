"""The one way a service app is assembled: problems, request ids, metrics, health, auth, database."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from platform_core.auth import TokenVerifier
from platform_core.context import RequestContextMiddleware
from platform_core.contract import install_contract
from platform_core.db import Database
from platform_core.faults import install_database_fault_handlers
from platform_core.input_guard import InputGuardMiddleware, bound_integer_parameters
from platform_core.job_console import jobs_router
from platform_core.jobs import Job, JobRunner
from platform_core.monitor import monitor_router
from platform_core.observability import (
    Metrics,
    MetricsMiddleware,
    configure_logging,
    health_router,
    internal_router,
)
from platform_core.problems import install_problem_handlers
from platform_core.settings import CommonSettings, Environment
from platform_core.tracing import install_tracing

Hook = Callable[[FastAPI], Awaitable[None]]
#: The periodic jobs of an app, built once it exists (they may read its state: clock, settings).
JobsOf = Callable[[FastAPI], Sequence[Job]]


def create_service_app(
    *,
    name: str,
    title: str,
    settings: CommonSettings,
    schema: str,
    routers: Sequence[APIRouter],
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    job_model: type[Any] | None = None,
    job_control_model: type[Any] | None = None,
    jobs: JobsOf | None = None,
    description: str = "",
    **fastapi_kwargs: Any,
) -> FastAPI:
    """Build a FastAPI app with every shared mechanism installed.

    `jobs` run once per tick across replicas (`platform_core.jobs`, the run log in `job_model`'s table);
    not in tests, where a test runs a job's slot itself. With `job_control_model` the administrator steers
    them (pause, run now) through `/internal/jobs` (`platform_core.job_console`).
    """
    db = database or Database(settings.database_url, schema)
    token_verifier = verifier or TokenVerifier(
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks_url=settings.jwks_url
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook(app)
        runner: JobRunner | None = None
        if job_model is not None and jobs is not None and settings.env is not Environment.TEST:
            runner = JobRunner(job_model, db, control=job_control_model, metrics=app.state.metrics)
            for job in jobs(app):
                runner.start(job)
        app.state.jobs = runner
        try:
            yield
        finally:
            if runner is not None:
                await runner.stop()
            for hook in on_shutdown:
                await hook(app)
            if database is None:
                await db.dispose()

    # The service's own document and Swagger UI are internal (`internal_router`); the public ones are the
    # gateway's merged document. An app that serves its own public docs (the gateway) passes the URLs.
    fastapi_kwargs.setdefault("docs_url", None)
    fastapi_kwargs.setdefault("redoc_url", None)
    internal_docs = "openapi_url" not in fastapi_kwargs
    fastapi_kwargs.setdefault("openapi_url", None)
    # Spans come from our own middleware (platform_core.tracing, exporter chosen by TRACING_EXPORTER); FastAPI's
    # built-in instrumentation would look for a provider on every request.
    fastapi_kwargs.setdefault("telemetry", {"tracing": False, "metrics": False, "logs": False})
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        **fastapi_kwargs,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.token_verifier = token_verifier
    app.state.metrics = Metrics(name)
    app.state.metrics.watch_pool(db.engine)
    app.state.service_name = name
    app.state.jobs_of = jobs
    app.state.job_models = (job_model, job_control_model)
    install_problem_handlers(app)
    install_database_fault_handlers(app)
    app.include_router(health_router())
    app.include_router(monitor_router())
    if job_model is not None and job_control_model is not None:
        app.include_router(jobs_router())
    if internal_docs:
        app.include_router(internal_router(title))
    for router in routers:
        app.include_router(router)
    bound_integer_parameters(app)
    install_contract(app)
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    # Inside the request context (its spans name the request id), outside everything else.
    install_tracing(app, name, settings.tracing_exporter)
    app.add_middleware(RequestContextMiddleware, trusted_proxies=frozenset(settings.trusted_proxies))
    return app


#: Allocations between two young-generation collections in a served process (CPython's default is 700).
GC_YOUNG_THRESHOLD = 20_000


def settle_heap(app: FastAPI) -> FastAPI:
    """Move what start-up built (modules, routes, the region tree) out of the garbage collector's sight.

    A served process keeps these for its whole life; left in the collected generations, every full
    collection walks them, which showed as 80-90 ms pauses in the p95 of requests that build many objects
    (the city's statistics). Called by the server entry points only: a test process builds apps by the
    hundred and must be able to collect them.

    The OpenAPI document is built here too: built on its first request it took a service seconds on a loaded
    machine (1.9 s for case-service's 104 paths at a load of 4), past the gateway's 5 s wait for the merged document.
    """
    app.openapi()
    gc.collect()
    gc.freeze()
    return_large_blocks()
    # A request allocates a few thousand short-lived objects; the default threshold (700) ran a young
    # collection several times per request (6 % of a list request's CPU). Collections are rarer, each a bit
    # longer, and the memory held between them stays a few MB.
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    return app


#: glibc's `mallopt` parameter for the size from which a block is its own memory mapping.
_M_MMAP_THRESHOLD = -3
#: Blocks of this size and more are mapped on their own and given back to the system when freed.
LARGE_BLOCK_BYTES = 1 << 20


def return_large_blocks() -> bool:
    """Have glibc map every block of `LARGE_BLOCK_BYTES` or more on its own, so freeing it returns the memory.

    glibc raises that threshold by itself after a mapped block is freed (up to 32 MiB), and from then on serves such
    blocks from the heap of the thread asking, which it keeps. An argon2id hash takes 19 MiB in a worker thread: eight
    sign-ins at once left the gateway 114 MB larger for good. A fixed threshold turns that adjustment off. False
    where the C library is not glibc (nothing to do there).
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES))


def setup_logging(settings: CommonSettings) -> None:
    """JSON logs at the configured level."""
    configure_logging(settings.log_level)
