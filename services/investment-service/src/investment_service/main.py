"""investment-service: 三个一批 rounds, projects, funds in place, foreign-invested enterprises, FDI."""

from __future__ import annotations

from fastapi import FastAPI

from investment_service import models as _models  # noqa: F401 - every table, and the totals' flush hooks
from investment_service.bulletins.router import router as bulletins_router
from investment_service.core import (
    SCHEMA,
    AuditArchive,
    AuditLog,
    IdempotencyRecord,
    JobControl,
    JobRun,
    Parameter,
    audit,
)
from investment_service.dictionary.router import router as dictionary_router
from investment_service.foreign.router import capital_router
from investment_service.foreign.router import open_router as foreign_open_router
from investment_service.foreign.router import router as foreign_router
from investment_service.funds.router import open_router as funds_open_router
from investment_service.funds.router import router as funds_router
from investment_service.indicators.router import open_router as indicators_open_router
from investment_service.indicators.router import router as indicators_router
from investment_service.project.router import open_router as project_open_router
from investment_service.project.router import router as project_router
from investment_service.rounds.router import router as rounds_router
from investment_service.settings import InvestmentSettings, get_settings
from platform_core.app import create_service_app, settle_heap, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.db import Database
from platform_core.jobs import Job
from platform_core.parameters import ParameterStore, import_rows_parameter, parameter_router
from platform_core.peers import Peer
from platform_core.regions import load_regions
from platform_core.retention import retention_jobs


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
    settings: InvestmentSettings | None = None,
    *,
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """Assemble investment-service."""
    settings = settings or get_settings()
    cases = Peer("case", settings.case_service_url, label="诉求办理服务")

    async def close_peers(app: FastAPI) -> None:
        await app.state.case_peer.close()

    app = create_service_app(
        name="investment-service",
        title="招商引资服务 investment-service",
        description="三个一批、项目库、到位资金、外资企业与实际吸收外资。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[
            rounds_router,
            project_router,
            funds_router,
            foreign_router,
            capital_router,
            bulletins_router,
            indicators_router,
            dictionary_router,
            project_open_router,
            funds_open_router,
            foreign_open_router,
            indicators_open_router,
            audit.router(),
            parameter_router("/api/v1/parameters/investment", app="investment", audit=audit),
        ],
        job_model=JobRun,
        job_control_model=JobControl,
        jobs=jobs,
        on_shutdown=[close_peers],
    )
    app.state.regions = load_regions(settings.reference_data_dir)
    app.state.case_peer = cases
    app.state.parameters = ParameterStore(Parameter, (import_rows_parameter(),), app.state.db)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory investment_service.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return settle_heap(create_app(settings))
