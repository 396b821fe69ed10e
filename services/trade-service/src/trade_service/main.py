"""trade-service: labour cooperation, fairs, trainings, export registrations, domestic trade, rural e-commerce."""

from __future__ import annotations

from fastapi import FastAPI

from platform_core.app import create_service_app, settle_heap, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.crypto import CryptoError
from platform_core.db import Database
from platform_core.jobs import Job
from platform_core.parameters import ParameterStore, import_rows_parameter, parameter_router
from platform_core.regions import load_regions
from platform_core.retention import retention_jobs
from trade_service.bulletins.router import router as bulletins_router
from trade_service.core import SCHEMA, AuditArchive, AuditLog, IdempotencyRecord, JobControl, JobRun, Parameter, audit
from trade_service.domestic import router as domestic
from trade_service.ecommerce import router as ecommerce
from trade_service.exports import router as exports
from trade_service.fairs import router as fairs
from trade_service.foreign_trade import router as foreign_trade
from trade_service.funds import router as funds
from trade_service.indicators.router import router as indicators_router
from trade_service.labour import router as labour
from trade_service.pii import crypto_error_handler, load_cipher
from trade_service.settings import TradeSettings, get_settings


def jobs(app: FastAPI) -> list[Job]:
    """The app's periodic jobs: the platform's purges and the audit log's monthly archive."""
    return retention_jobs(
        app.state.db,
        idempotency_model=IdempotencyRecord,
        job_model=JobRun,
        audit_model=AuditLog,
        archive_model=AuditArchive,
        audit_keep_months=app.state.settings.audit_keep_months,
    )


def create_app(
    settings: TradeSettings | None = None,
    *,
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """Assemble trade-service (the personal-data key ring is loaded first: no key, no start)."""
    settings = settings or get_settings()
    cipher = load_cipher(settings)
    app = create_service_app(
        name="trade-service",
        title="对外经贸服务 trade-service",
        description="对外劳务合作、展会、培训、出口备案、班列、政策资金、内贸促销与电子商务进农村。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[
            labour.programs_router,
            labour.batches_router,
            labour.events_router,
            labour.brands_router,
            labour.router,
            labour.open_router,
            funds.programs_router,
            funds.grants_router,
            fairs.fairs_router,
            fairs.participants_router,
            fairs.trainings_router,
            exports.registrations_router,
            exports.shipments_router,
            foreign_trade.files_router,
            foreign_trade.stats_router,
            domestic.promotions_router,
            domestic.honours_router,
            domestic.streets_router,
            ecommerce.demo_counties_router,
            ecommerce.coverage_router,
            ecommerce.brands_router,
            ecommerce.trainings_router,
            bulletins_router,
            indicators_router,
            audit.router(),
            parameter_router("/api/v1/parameters/trade", app="trade", audit=audit),
        ],
        job_model=JobRun,
        job_control_model=JobControl,
        jobs=jobs,
    )
    app.state.regions = load_regions(settings.reference_data_dir)
    app.state.cipher = cipher
    app.add_exception_handler(CryptoError, crypto_error_handler)
    app.state.parameters = ParameterStore(Parameter, (import_rows_parameter(),), app.state.db)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory trade_service.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return settle_heap(create_app(settings))
