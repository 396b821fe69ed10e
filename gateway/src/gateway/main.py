"""The gateway app: identity, the route table to the services, merged OpenAPI and the SPA."""

from __future__ import annotations

from fastapi import FastAPI

from gateway import (
    admin,
    contacts,
    enumerations,
    health,
    iam,
    jobs,
    monitor,
    notice,
    openapi,
    profile,
    proxy,
    reports,
    retention,
    sessions,
    spa,
)
from gateway.iam.dependencies import audit_trail
from gateway.iam.models import JobControl, JobRun, Parameter
from gateway.iam.parameters import gateway_parameters
from gateway.keys import load_retired_keys, load_signing_key
from gateway.ratelimit import RateLimiter
from gateway.settings import GatewaySettings, get_settings
from gateway.web import install_edge_middleware
from platform_core.app import create_service_app, settle_heap, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.db import Database
from platform_core.parameters import ParameterStore, parameter_router
from platform_core.regions import load_regions
from platform_core.tokens import TokenSigner

SCHEMA = "iam"


def create_app(settings: GatewaySettings | None = None, *, database: Database | None = None) -> FastAPI:
    """Assemble the gateway."""
    settings = settings or get_settings()
    signer = TokenSigner(
        load_signing_key(settings), settings.jwt_issuer, settings.jwt_audience, retired=load_retired_keys(settings)
    )
    # The gateway trusts only its own key; services fetch the same set from /.well-known/jwks.json.
    verifier = TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=signer.jwks())
    upstreams = proxy.UpstreamPool(settings)

    async def start(app: FastAPI) -> None:
        await upstreams.start()

    async def stop(app: FastAPI) -> None:
        await upstreams.close()
        await app.state.rate_limiter.close()

    app = create_service_app(
        name="gateway",
        title="万人助万企 企业服务平台 API",
        description="市商务局“万人助万企”企业服务平台：身份认证、企业名录、诉求办理、招商引资、对外经贸。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[
            iam.router,
            contacts.router,
            contacts.internal_router,
            admin.router,
            sessions.router,
            monitor.router,
            jobs.router,
            notice.router,
            reports.router,
            profile.router,
            enumerations.router,
            parameter_router("/api/v1/parameters/gateway", app="gateway", audit=audit_trail),
        ],
        on_startup=[start],
        on_shutdown=[stop],
        job_model=JobRun,
        job_control_model=JobControl,
        jobs=retention.jobs,
        docs_url=None,  # openapi.install serves Swagger UI over the merged document (not in production)
        redoc_url=None,
        openapi_url=None,
    )
    app.state.signer = signer
    app.state.parameters = ParameterStore(Parameter, gateway_parameters(settings), app.state.db)
    app.state.upstreams = upstreams
    # The names of regions, for what the gateway shows by code (its own audit entries).
    app.state.regions = load_regions(settings.reference_data_dir)
    upstreams.export_metrics(app.state.metrics.registry)
    health.install(app)
    app.state.rate_limiter = RateLimiter.from_settings(settings)
    openapi.install(app)
    app.include_router(proxy.build_router())
    proxy.mount(app)  # after every gateway route: the route table covers what the gateway does not serve
    spa.mount(app, settings)
    install_edge_middleware(app, settings)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory gateway.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return settle_heap(create_app(settings))
