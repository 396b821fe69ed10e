"""Scheduled jobs (定时任务): the system administrator sees every app's periodic jobs (a service that cannot
answer is shown so), reads a run log by app, job and outcome, and pauses, resumes or runs a job now in the
gateway or in a service; every attempt is in the gateway's audit log; other roles are refused."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

import httpx
from edge_support import bearer, free_port
from fastapi import FastAPI
from fault_support import FakeService
from sqlalchemy import select
from test_monitor import served

from gateway.iam.models import AuditLog, JobControl
from platform_core.app import create_service_app
from platform_core.db import Database, make_base
from platform_core.jobs import Job, JobControlMixin, JobRunMixin, JobRunner
from platform_core.settings import CommonSettings

pytest_plugins = ["edge_fixtures"]

SCHEMA = f"case_jobs_{uuid.uuid4().hex[:6]}"
Base = make_base(SCHEMA)
READ, OPERATE = "system:job:list", "system:job:operate"


class CaseJobRun(JobRunMixin, Base):
    pass


class CaseJobControl(JobControlMixin, Base):
    pass


async def check(_slot: datetime) -> str:
    return "检查12件，预警变化1件，提醒2条"


def case_jobs(_app: FastAPI) -> list[Job]:
    return [Job("case-timer-check", 300, check, "13710 办理时限检查与提醒")]


async def test_the_administrator_sees_steers_and_the_audit_log_keeps_it(make_gateway, database: Database, tmp_path):
    settings = CommonSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'case.db'}")
    case = create_service_app(
        name="case-service", title="case", settings=settings, schema=SCHEMA, routers=[],
        job_model=CaseJobRun, job_control_model=CaseJobControl, jobs=case_jobs,
    )  # fmt: skip
    async with case.state.db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    replica = JobRunner(CaseJobRun, case.state.db, control=CaseJobControl, runner_name="case-1")
    async with served(case) as case_url, FakeService(hang=False, status=503) as trade:
        app = await make_gateway(
            case_service_url=case_url,
            investment_service_url=f"http://127.0.0.1:{free_port()}",
            trade_service_url=trade.url,
        )
        admin = bearer(app, [READ, OPERATE], subject="user:1")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test", headers=admin) as gw:
            listed = (await gw.get("/api/v1/system/jobs")).json()
            apps = {a["app"]: a for a in listed["apps"]}
            assert list(apps) == ["gateway", "case", "investment", "trade"]
            assert apps["gateway"]["status"] == "up" and "purge-sessions" in [
                j["name"] for j in apps["gateway"]["jobs"]
            ]
            assert [(j["label"], j["interval_s"]) for j in apps["case"]["jobs"]] == [("13710 办理时限检查与提醒", 300)]
            assert apps["investment"] | {"status": "down", "reason": "unreachable", "jobs": []} == apps["investment"]
            assert apps["trade"]["reason"] == "HTTP 503"

            ran = await gw.post("/api/v1/system/jobs/case/case-timer-check/run")
            assert ran.status_code == 200, ran.text
            assert ran.json()["run_requested_at"] and ran.json()["changed_by"] == "user:1"
            assert await replica.tick(case_jobs(case)[0], None)  # the service's replica honours it at its next look
            log = (await gw.get("/api/v1/system/jobs/runs", params={"app": "case", "outcome": "ok"})).json()
            assert [(r["job"], r["trigger"], r["detail"]) for r in log["items"]] == [
                ("case-timer-check", "manual", "检查12件，预警变化1件，提醒2条")
            ]
            assert (await gw.get("/api/v1/system/jobs/runs", params={"app": "case", "outcome": "failed"})).json()[
                "total"
            ] == 0

            paused = await gw.post("/api/v1/system/jobs/gateway/purge-sessions/pause")
            assert paused.status_code == 200 and paused.json()["paused"] is True
            async with database.session(write=False) as s:
                assert (await s.get(JobControl, "purge-sessions")).paused is True
            resumed = await gw.post("/api/v1/system/jobs/gateway/purge-sessions/resume")
            assert resumed.json()["paused"] is False

            missing = await gw.post("/api/v1/system/jobs/case/no-such-job/pause")
            assert missing.status_code == 404
            down = await gw.post("/api/v1/system/jobs/investment/purge-idempotency/run")
            assert down.status_code == 503
            assert (await gw.get("/api/v1/system/jobs/runs", params={"app": "trade"})).status_code == 503
            bad = await gw.post("/api/v1/system/jobs/case/case-timer-check/stop")
            assert bad.status_code == 422
            assert (await gw.get("/api/v1/system/jobs/runs")).status_code == 422  # the app is named

            reader = bearer(app, [READ])
            assert (await gw.get("/api/v1/system/jobs", headers=reader)).status_code == 200
            assert (await gw.post("/api/v1/system/jobs/case/case-timer-check/run", headers=reader)).status_code == 403
            auditor = bearer(app, ["audit:log:list"])
            assert (await gw.get("/api/v1/system/jobs", headers=auditor)).status_code == 403
    await asyncio.sleep(0)
    async with database.session(write=False) as s:
        entries = (await s.scalars(select(AuditLog).where(AuditLog.entity_type == "job").order_by(AuditLog.id))).all()
    assert [(e.action, e.entity_id, e.result) for e in entries][-5:] == [
        ("job.run", "case/case-timer-check", "success"),
        ("job.pause", "gateway/purge-sessions", "success"),
        ("job.resume", "gateway/purge-sessions", "success"),
        ("job.pause", "case/no-such-job", "failure"),
        ("job.run", "investment/purge-idempotency", "failure"),
    ]
    assert entries[-5].detail == "立即执行定时任务：诉求办理服务 13710 办理时限检查与提醒"
    await case.state.db.dispose()
