"""trade-service: labour cooperation, fairs, trainings, export registrations, domestic trade, rural e-commerce."""

from __future__ import annotations

from fastapi import FastAPI

from platform_core.app import create_service_app, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.db import Database
from platform_core.regions import load_regions
from trade_service.core import SCHEMA, audit
from trade_service.settings import TradeSettings, get_settings


def create_app(
    settings: TradeSettings | None = None,
    *,
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """Assemble trade-service."""
    settings = settings or get_settings()
    app = create_service_app(
        name="trade-service",
        title="对外经贸服务 trade-service",
        description="对外劳务合作、展会、培训、出口备案、班列、政策资金、内贸促销与电子商务进农村。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[audit.router()],
    )
    app.state.regions = load_regions(settings.reference_data_dir)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory trade_service.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return create_app(settings)
