"""Scheduled jobs (定时任务) for the system administrator: every app's jobs and run log (read), pause, resume
and run now (operate, audited in the gateway's log with the administrator's name)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from gateway.iam.dependencies import audit_trail
from gateway.iam.schemas import problem
from gateway.jobs import service
from gateway.jobs.schemas import AppName, JobsOut
from platform_core.auth import Principal, require_perms
from platform_core.job_console import JOB_NAME, Action, JobRunOut, JobStatus, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import ProblemError
from platform_core.scope import ensure_province_level

router = APIRouter(tags=["系统管理"])

COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}
ACTION_WORDS: dict[str, str] = {"pause": "暂停", "resume": "恢复", "run": "立即执行"}
#: The audit code of each action.
AUDIT_ACTIONS: dict[str, str] = {"pause": "job.pause", "resume": "job.resume", "run": "job.run"}
Reader = Annotated[Principal, Depends(require_perms("system:job:list"))]
Operator = Annotated[Principal, Depends(require_perms("system:job:operate"))]


@router.get(
    "/api/v1/system/jobs",
    summary="定时任务",
    description="网关与各业务服务的定时任务：名称、执行间隔、下次执行时间、是否暂停、最近几次运行的结果与耗时。",
    response_model=JobsOut,
    responses=COMMON,
    dependencies=[Depends(forbid_unknown_query)],
)
async def list_jobs(request: Request, _principal: Reader) -> JobsOut:
    """Every app's periodic jobs."""
    return await service.gather(request.app)


@router.get(
    "/api/v1/system/jobs/runs",
    summary="定时任务运行记录",
    description="一个应用的定时任务运行记录，新的在前，可按任务与结果筛选。",
    response_model=Page[JobRunOut],
    responses={**COMMON, 503: problem("该服务暂不可用")},
    dependencies=[Depends(forbid_unknown_query)],
)
async def list_runs(
    request: Request,
    _principal: Reader,
    page: PageDep,
    app: Annotated[AppName, Query(description="应用标识")],
    job: Annotated[str | None, Query(pattern=JOB_NAME, description="任务标识")] = None,
    outcome: Annotated[Outcome | None, Query(description="结果：running 运行中，ok 成功，failed 失败")] = None,
) -> Page[JobRunOut]:
    """A page of one app's run log."""
    return await service.runs(request.app, app, job=job, outcome=outcome, page=page)


@router.post(
    "/api/v1/system/jobs/{app}/{job}/{action}",
    summary="暂停、恢复或立即执行定时任务",
    description=(
        "pause 暂停按计划执行，resume 恢复，run 立即执行一次（各副本在几秒内响应，只有一个副本执行）。"
        "每次操作记入审计日志。"
    ),
    response_model=JobStatus,
    responses={**COMMON, 404: problem("定时任务不存在"), 503: problem("该服务暂不可用")},
)
async def steer_job(
    request: Request,
    principal: Operator,
    app: Annotated[AppName, Path(description="应用标识")],
    job: Annotated[str, Path(pattern=JOB_NAME, description="任务标识")],
    action: Annotated[Action, Path(description="操作：pause 暂停，resume 恢复，run 立即执行")],
) -> JobStatus:
    """Pause, resume or run one job now; the attempt is audited whether or not the app could take it."""
    # The jobs run once for the whole installation: steered at province level only (a city admin reads them).
    ensure_province_level(principal, "action")
    by = principal.name or principal.subject
    status: JobStatus | None = None
    failure: ProblemError | None = None
    try:
        status = await service.steer(request.app, app, job, action, by)
    except ProblemError as exc:
        failure = exc
    # The audit entry is written after the app answered, in a session of its own: the gateway's own jobs are
    # steered in theirs (on SQLite one writer at a time).
    async with request.app.state.db.session() as session:
        await audit_trail.record(
            session,
            principal=principal,
            action=AUDIT_ACTIONS[action],
            entity_type="job",
            entity_id=f"{app}/{job}",
            after=None if status is None else status.model_dump(mode="json", include={"paused", "run_requested_at"}),
            result="success" if failure is None else "failure",
            detail=f"{ACTION_WORDS[action]}定时任务：{service.LABELS[app]} {status.label if status else job}",
        )
        await session.commit()
    if failure is not None:
        raise failure
    assert status is not None
    return status
