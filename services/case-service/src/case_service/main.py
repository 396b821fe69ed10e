"""case-service: enterprises, cases, pairing, visits and policy documents (schema `case_svc`)."""

from __future__ import annotations

from fastapi import FastAPI

from case_service.core import SCHEMA, audit
from case_service.enterprise.router import open_router as enterprise_open_router
from case_service.enterprise.router import router as enterprise_router
from case_service.settings import CaseSettings, get_settings
from platform_core.app import create_service_app, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.db import Database
from platform_core.regions import load_regions


def create_app(
    settings: CaseSettings | None = None,
    *,
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """Assemble case-service."""
    settings = settings or get_settings()
    app = create_service_app(
        name="case-service",
        title="诉求办理服务 case-service",
        description="企业名录、诉求(交办件)办理、包联走访、政策文件。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[enterprise_router, enterprise_open_router, audit.router()],
    )
    app.state.regions = load_regions(settings.reference_data_dir)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory case_service.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return create_app(settings)
