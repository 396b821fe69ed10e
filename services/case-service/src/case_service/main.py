"""case-service: enterprises, cases, pairing, visits and policy documents (schema `case_svc`)."""

from __future__ import annotations

from fastapi import FastAPI

from case_service.attachment.router import router as attachment_router
from case_service.case.flows import timer_job
from case_service.case.parameters import case_parameters
from case_service.case.router import internal_router as case_internal_router
from case_service.case.router import open_router as case_open_router
from case_service.case.router import router as case_router
from case_service.case_batch.router import router as case_batch_router
from case_service.case_view.router import router as case_view_router
from case_service.core import (
    SCHEMA,
    AttachmentBlob,
    AuditArchive,
    AuditLog,
    IdempotencyRecord,
    JobControl,
    JobRun,
    Parameter,
    audit,
)
from case_service.dictionary.router import router as dictionary_router
from case_service.duplicate.router import router as duplicate_router
from case_service.enterprise.router import open_router as enterprise_open_router
from case_service.enterprise.router import router as enterprise_router
from case_service.indicators.router import router as indicators_router
from case_service.knowledge.router import case_router as knowledge_case_router
from case_service.knowledge.router import router as knowledge_router
from case_service.notification.models import SendLog
from case_service.notification.reminders import GatewayRecipients, digest_job, write_inbox
from case_service.notification.router import router as notification_router
from case_service.notification.service import purge_job
from case_service.pairing.router import open_router as pairing_open_router
from case_service.pairing.router import router as pairing_router
from case_service.policy.router import router as policy_router
from case_service.policy_match.router import router as policy_match_router
from case_service.quality.parameters import quality_parameters
from case_service.quality.router import router as quality_router
from case_service.reports.router import router as reports_router
from case_service.revisit_link.router import router as revisit_router
from case_service.routing.router import case_router as routing_case_router
from case_service.routing.router import router as routing_router
from case_service.settings import CaseSettings, get_settings
from case_service.staff.router import router as staff_router
from case_service.supervision.router import router as supervision_router
from case_service.visit.router import open_router as visit_open_router
from case_service.visit.router import router as visit_router
from case_service.visit_photo.router import router as visit_photo_router
from platform_core.app import create_service_app, settle_heap, setup_logging
from platform_core.auth import TokenVerifier
from platform_core.blobs import DatabaseBlobs, FileBlobs
from platform_core.db import Database
from platform_core.delivery import Delivery
from platform_core.jobs import Job
from platform_core.parameters import ParameterStore, parameter_router
from platform_core.peers import Peer
from platform_core.regions import load_regions
from platform_core.retention import retention_jobs


def jobs(app: FastAPI) -> list[Job]:
    """case-service's periodic jobs: the 13710 timer check with its reminders, the leaders' digest, the purges."""
    timer = timer_job(app)
    purges = retention_jobs(
        app.state.db,
        idempotency_model=IdempotencyRecord,
        job_model=JobRun,
        audit_model=AuditLog,
        archive_model=AuditArchive,
        audit_keep_months=app.state.settings.audit_keep_months,
    )
    digest = digest_job(app)
    return [*([timer] if timer else []), *([digest] if digest else []), *purges, purge_job(app.state.db)]


def create_app(
    settings: CaseSettings | None = None,
    *,
    database: Database | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """Assemble case-service."""
    settings = settings or get_settings()
    units = Peer("gateway", settings.gateway_url, label="统一认证网关（单位名录）")

    async def shut_down(app: FastAPI) -> None:
        await app.state.delivery.settle()  # the messages sent at commit finish before the database closes
        await app.state.unit_peer.close()

    app = create_service_app(
        name="case-service",
        title="诉求办理服务 case-service",
        description="企业名录、诉求(交办件)办理、包联走访、政策文件。",
        settings=settings,
        schema=SCHEMA,
        database=database or Database(settings.resolved_database_url, SCHEMA),
        verifier=verifier,
        routers=[
            enterprise_router,
            enterprise_open_router,
            pairing_router,
            pairing_open_router,
            visit_router,
            visit_open_router,
            # Before the policy routes: `/policies/for-me` must not be read as a policy id.
            policy_match_router,
            visit_photo_router,
            policy_router,
            staff_router,
            indicators_router,
            reports_router,
            case_router,
            routing_router,
            routing_case_router,
            duplicate_router,
            quality_router,
            case_batch_router,
            case_view_router,
            knowledge_router,
            knowledge_case_router,
            case_open_router,
            case_internal_router,
            dictionary_router,
            supervision_router,
            notification_router,
            attachment_router,
            revisit_router,
            audit.router(),
            parameter_router("/api/v1/parameters/case", app="case", audit=audit),
        ],
        job_model=JobRun,
        job_control_model=JobControl,
        jobs=jobs,
        on_shutdown=[shut_down],
    )
    app.state.unit_peer = units
    app.state.recipients = GatewayRecipients(units, settings.internal_token)
    app.state.delivery = Delivery.from_settings(SendLog, settings.delivery, inbox=write_inbox, db=app.state.db)
    app.state.regions = load_regions(settings.reference_data_dir)
    app.state.blobs = (
        FileBlobs(settings.resolved_attachment_dir)
        if settings.attachment_store == "files"
        else DatabaseBlobs(AttachmentBlob)
    )
    app.state.parameters = ParameterStore(Parameter, (*case_parameters(settings), *quality_parameters()), app.state.db)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory case_service.main:app_factory`."""
    settings = get_settings()
    setup_logging(settings)
    return settle_heap(create_app(settings))
