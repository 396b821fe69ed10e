"""What an app tells the administrator about its periodic jobs (定时任务), and the steering it accepts.

Every app with jobs serves, for the platform's own callers (the internal token, like `/internal/monitor`):
- `GET /internal/jobs`: each job with its label, interval, next slot, paused flag, pending run-now request
  and last runs;
- `GET /internal/jobs/runs`: the run log, a page at a time, by job and outcome;
- `POST /internal/jobs/{job}/{pause|resume|run}`: set the job's control row, which every replica reads at
  its next look (`platform_core.jobs`).
The gateway gathers these for the system administrator and writes the audit entry with the person's name;
the app records who changed the control row beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from platform_core.db import Database, utcnow
from platform_core.jobs import Job, slot_of
from platform_core.observability import require_internal_token
from platform_core.pagination import Page, PageDep, forbid_unknown_query, paginate
from platform_core.problems import not_found

#: How many of a job's latest runs the job list shows.
LAST_RUNS = 5
Outcome = Literal["running", "ok", "failed"]
Action = Literal["pause", "resume", "run"]
JOB_NAME = r"^[a-z0-9-]{1,64}$"


class JobRunOut(BaseModel):
    """One run of a job."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="运行记录编号")
    job: str = Field(description="任务标识")
    slot: datetime = Field(description="时间片起点（立即执行为请求时间）")
    started_at: datetime = Field(description="开始时间")
    finished_at: datetime | None = Field(description="结束时间")
    outcome: Outcome = Field(description="结果：running 运行中，ok 成功，failed 失败")
    duration_ms: int | None = Field(description="耗时（毫秒）")
    detail: str | None = Field(description="运行说明或错误")
    runner: str | None = Field(description="执行的进程")
    trigger: Literal["schedule", "manual"] = Field(description="触发方式：schedule 按计划，manual 立即执行")


class JobStatus(BaseModel):
    """One periodic job of an app, as the administrator sees it."""

    name: str = Field(description="任务标识")
    label: str = Field(description="任务名称")
    interval_s: float = Field(description="执行间隔（秒）")
    next_slot: datetime = Field(description="下次计划执行时间")
    paused: bool = Field(description="是否已暂停")
    run_requested_at: datetime | None = Field(description="待执行的立即执行请求时间")
    changed_at: datetime | None = Field(description="最后一次暂停、恢复或立即执行的时间")
    changed_by: str | None = Field(description="最后一次暂停、恢复或立即执行的人")
    last_runs: list[JobRunOut] = Field(description="最近几次运行，新的在前")


class JobSteer(BaseModel):
    """Who steers a job (the gateway passes the administrator's name)."""

    by: str = Field(min_length=1, max_length=128, description="操作人")


def jobs_of(app: FastAPI) -> list[Job]:
    """The app's periodic jobs (built on each call: cheap, and true to the app's current settings)."""
    factory = getattr(app.state, "jobs_of", None)
    return list(factory(app)) if factory is not None else []


def find_job(app: FastAPI, name: str) -> Job:
    """The app's job of that name, or 404."""
    for job in jobs_of(app):
        if job.name == name:
            return job
    raise not_found("定时任务不存在")


async def job_statuses(app: FastAPI, now: datetime | None = None) -> list[JobStatus]:
    """Every job of the app with its control and latest runs."""
    run_model, control_model = app.state.job_models
    db: Database = app.state.db
    now = now or utcnow()
    jobs = jobs_of(app)
    names = [j.name for j in jobs]
    async with db.session(write=False) as session:
        controls = {
            c.job: c for c in (await session.scalars(select(control_model).where(control_model.job.in_(names))))
        }
        out = []
        for job in jobs:
            runs = await session.scalars(
                select(run_model)
                .where(run_model.job == job.name)
                .order_by(run_model.started_at.desc())
                .limit(LAST_RUNS)
            )
            control = controls.get(job.name)
            out.append(
                JobStatus(
                    name=job.name,
                    label=job.label or job.name,
                    interval_s=job.interval_s,
                    next_slot=datetime.fromtimestamp(
                        slot_of(now, job.interval_s).timestamp() + job.interval_s, now.tzinfo
                    ),
                    paused=bool(control and control.paused),
                    run_requested_at=control.run_requested_at if control else None,
                    changed_at=control.changed_at if control else None,
                    changed_by=control.changed_by if control else None,
                    last_runs=[JobRunOut.model_validate(r) for r in runs],
                )
            )
    return out


async def job_runs(app: FastAPI, *, job: str | None, outcome: str | None, page: Any) -> tuple[Sequence[JobRunOut], int]:
    """A page of the app's run log, newest first."""
    run_model, _control = app.state.job_models
    stmt = select(run_model)
    if job:
        stmt = stmt.where(run_model.job == job)
    if outcome:
        stmt = stmt.where(run_model.outcome == outcome)
    async with app.state.db.session(write=False) as session:
        rows, total = await paginate(session, stmt.order_by(run_model.started_at.desc(), run_model.id.desc()), page)
    return [JobRunOut.model_validate(r) for r in rows], total


async def steer(app: FastAPI, name: str, action: Action, by: str) -> JobStatus:
    """Pause, resume or request a run of one job; its status after."""
    find_job(app, name)
    _run, control_model = app.state.job_models
    now = utcnow()
    values: dict[str, Any] = {"changed_at": now, "changed_by": by}
    if action == "run":
        values |= {"run_requested_at": now, "run_requested_by": by}
    else:
        values["paused"] = action == "pause"
    for _attempt in range(2):  # two replicas creating the job's first row: the loser updates the winner's
        async with app.state.db.session() as session:
            row = await session.get(control_model, name)
            if row is None:
                session.add(control_model(job=name, **{"paused": False} | values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)
            try:
                await session.commit()
                break
            except IntegrityError:
                continue
    return next(s for s in await job_statuses(app, now) if s.name == name)


def jobs_router() -> APIRouter:
    """The internal job console of an app."""
    router = APIRouter(include_in_schema=False, dependencies=[Depends(require_internal_token)])

    @router.get("/internal/jobs", dependencies=[Depends(forbid_unknown_query)])
    async def list_jobs(request: Request) -> list[JobStatus]:
        """Every job of this app."""
        return await job_statuses(request.app)

    @router.get("/internal/jobs/runs", dependencies=[Depends(forbid_unknown_query)])
    async def list_runs(
        request: Request,
        page: PageDep,
        job: Annotated[str | None, Query(pattern=JOB_NAME, description="任务标识")] = None,
        outcome: Annotated[Outcome | None, Query(description="结果")] = None,
    ) -> Page[JobRunOut]:
        """The run log of this app."""
        items, total = await job_runs(request.app, job=job, outcome=outcome, page=page)
        return Page(items=list(items), total=total, page=page.page, page_size=page.page_size)

    @router.post("/internal/jobs/{name}/{action}")
    async def steer_job(
        request: Request,
        name: Annotated[str, Path(pattern=JOB_NAME)],
        action: Action,
        body: JobSteer,
    ) -> JobStatus:
        """Pause, resume or run one job now."""
        return await steer(request.app, name, action, body.by)

    return router


__all__ = [
    "JOB_NAME",
    "LAST_RUNS",
    "Action",
    "JobRunOut",
    "JobStatus",
    "JobSteer",
    "Outcome",
    "find_job",
    "job_runs",
    "job_statuses",
    "jobs_of",
    "jobs_router",
    "steer",
]
