"""HTTP endpoints of projects: list, detail with timeline, writes, stage steps, progress, import, sync."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import OPEN_READ, PROJECT_LIST, PROJECT_MANAGE, idempotency, kit
from investment_service.dictionary.service import chain_names
from investment_service.project import codes, flows, service
from investment_service.project.dependencies import ProjectDep
from investment_service.project.flows import STAGE_LABELS, Stage
from investment_service.project.imports import PROJECT_IMPORT, import_projects
from investment_service.project.models import Project
from investment_service.project.render import render
from investment_service.project.schemas import (
    Category,
    ImportOutcome,
    InvestorOrigin,
    NextCode,
    ProgressIn,
    ProgressList,
    ProgressOut,
    ProjectCreate,
    ProjectDetail,
    ProjectOut,
    ProjectSyncItem,
    ProjectUpdate,
    RoundBrief,
    StageCount,
    StageCounts,
    StageEventOut,
    StepIn,
)
from investment_service.rounds.service import rounds_by_id
from investment_service.rounds.usable import usable_round
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import IF_MATCH_REQUIRED, require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.imports import read_upload, upload_openapi, xlsx_response
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.peers import Peer
from platform_core.periods import today
from platform_core.records import Endpoints, Feed, Write, serve_feed
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import placed

router = APIRouter(prefix="/api/v1/projects", tags=["招商项目"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/projects", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])


async def to_detail(session: AsyncSession, p: Project, regions: RegionDirectory) -> ProjectDetail:
    """A project with its stage timeline and the rounds that listed each step."""
    events = await service.stage_events(session, p.id)
    rounds = await rounds_by_id(session, {e.round_id for e in events if e.round_id is not None})
    stages = []
    for e in events:
        r = rounds.get(e.round_id) if e.round_id is not None else None
        stages.append(
            StageEventOut(
                id=e.id,
                seq=e.seq,
                from_stage=Stage(e.from_stage) if e.from_stage else None,
                to_stage=Stage(e.to_stage),
                to_stage_label=STAGE_LABELS[Stage(e.to_stage)],
                date=e.occurred_on,
                evidence=e.evidence,
                round=RoundBrief(id=r.id, number=r.number, kind=r.kind, held_on=r.held_on) if r else None,
                recorded_by=e.recorded_by,
                recorded_by_name=e.recorded_by_name,
                created_at=e.created_at,
            )
        )
    out = render(p, regions, await chain_names(session))
    return ProjectDetail(**out.model_dump(), stages=stages)


@router.get("", summary="招商项目列表", response_model=Page[ProjectOut])
async def list_projects(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="项目名称或编号")] = None,
    stage: Annotated[list[Stage] | None, Query(description="阶段（可多选）")] = None,
    category: Annotated[Category | None, Query(description="项目类别")] = None,
    origin: Annotated[InvestorOrigin | None, Query(description="投资方来源")] = None,
    industry_chain_code: Annotated[str | None, Query(max_length=32, description="产业链编码")] = None,
    round_id: Annotated[int | None, Query(ge=1, description="列入的批次ID")] = None,
    investor_uscc: Annotated[
        str | None, Query(min_length=18, max_length=18, description="投资方统一社会信用代码（一企一档）")
    ] = None,
    sort: Annotated[
        str | None,
        Query(
            description="排序：code, name, contracted_investment_wan_yuan, signed_on, created_at, updated_at, id；"
            "前缀 - 表示倒序"
        ),
    ] = None,
) -> Page[ProjectOut]:
    """Projects in the caller's data scope."""
    rows, total = await service.list_projects(
        session,
        principal=principal,
        regions=regions,
        page=page,
        region_code=region_code,
        q=q,
        stage=[s.value for s in stage] if stage else None,
        category=category.value if category else None,
        origin=origin.value if origin else None,
        industry_chain_code=industry_chain_code,
        round_id=round_id,
        investor_uscc=investor_uscc,
        sort=sort,
    )
    chains = await chain_names(session)
    items = [render(r, regions, chains) for r in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/stats/by-stage", summary="项目阶段分布（漏斗）", response_model=StageCounts)
async def stats_by_stage(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
) -> StageCounts:
    """Projects at each stage now, in pipeline order (every stage listed, zeros included)."""
    rows = {
        s: (n, amount)
        for s, n, amount in await service.counts_by_stage(
            session, principal=principal, regions=regions, region_code=region_code
        )
    }
    items = []
    for stage in Stage:
        n, amount = rows.get(stage.value, (0, 0))
        items.append(
            StageCount(stage=stage, stage_label=STAGE_LABELS[stage], count=n, contracted_investment_wan_yuan=amount)
        )
    return StageCounts(items=items, total=sum(i.count for i in items))


@router.get("/next-code", summary="生成项目编号", response_model=NextCode)
async def next_code(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_MANAGE))],
    region_code: Annotated[str, Query(pattern=r"^\d{6}$", description="项目所在行政区划代码")],
    round_id: Annotated[int | None, Query(ge=1, description="签约所在批次ID（按其编号规则）")] = None,
) -> NextCode:
    """The code a new project in the region (and round) would get: the round's pattern, next free sequence."""
    path = placed(regions, principal, region_code)
    round_row = await usable_round(session, round_id=round_id, region_path=path) if round_id is not None else None
    code = await codes.next_code(session, region_code=region_code, round_row=round_row, today=today())
    pattern = (round_row.code_pattern if round_row is not None else None) or codes.DEFAULT_PATTERN
    return NextCode(code=code, pattern=pattern)


@router.get(
    "/import-template",
    summary="下载项目导入模板",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def import_template(_: Annotated[Principal, Depends(require_perms(PROJECT_MANAGE))]) -> Response:
    """The blank XLSX the import reads (required columns marked *, drop-downs, a help sheet)."""
    return xlsx_response(PROJECT_IMPORT.template(), "招商项目导入模板.xlsx")


@router.post(
    "/import",
    summary="批量导入项目（全部成功或全部不导入）",
    status_code=201,
    response_model=ImportOutcome,
    openapi_extra=upload_openapi(PROJECT_IMPORT),
)
async def import_projects_endpoint(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_MANAGE))],
) -> ImportOutcome:
    """Import the counties' spreadsheet (XLSX/CSV as `file`, or JSON `rows`); any bad row stores nothing (422)."""
    result, _ = await read_upload(request, PROJECT_IMPORT)
    # Database checks run on the rows that parsed, so one answer lists every row's errors.
    # County names are read in the caller's city (its region's), never a configured one.
    ids, warnings = await import_projects(session, principal=principal, regions=regions, result=result)
    await session.commit()
    return ImportOutcome(imported=len(ids), ids=ids, warnings=warnings)


async def check_linked_cases(request: Request, data: ProjectCreate | ProjectUpdate, project: Project | None) -> None:
    """Newly linked cases must exist and be readable by the caller (asked of case-service with the caller's token)."""
    known = set(project.linked_case_ids or []) if project is not None else set()
    case_ids = [i for i in data.linked_case_ids or [] if i not in known]
    if case_ids:
        peer: Peer = request.app.state.case_peer
        await peer.check_ids(request, field="linked_case_ids", ids=case_ids, path="/api/v1/cases/{id}", noun="诉求")


async def render_detail(
    session: AsyncSession, p: Project, principal: Principal, regions: RegionDirectory
) -> ProjectDetail:
    """A project with its stage timeline."""
    return await to_detail(session, p, regions)


kit.serve(
    router,
    Endpoints(
        label="项目",
        location="/api/v1/projects",
        item="/{project_id}",
        row=ProjectDep,
        out=ProjectDetail,
        render=render_detail,
        read=PROJECT_LIST,
        create=Write(
            PROJECT_MANAGE,
            service.create_project,
            ProjectCreate,
            precheck=check_linked_cases,
            description="Enter a project (negotiating, or signed with `signed`); `Idempotency-Key` makes retries safe.",
        ),
        update=Write(PROJECT_MANAGE, service.update_project, ProjectUpdate, precheck=check_linked_cases),
        delete=Write(
            PROJECT_MANAGE,
            service.delete_project,
            summary="删除项目（录入错误时）",
            description="Remove a project entered by mistake (a tombstone for sync); a project that ends is cancelled.",
        ),
    ),
)


@router.post(
    "/{project_id}/stage", summary="变更项目阶段", response_model=ProjectDetail, openapi_extra=IF_MATCH_REQUIRED
)
async def change_stage(
    principal: Annotated[Principal, Depends(require_perms(PROJECT_MANAGE))],
    request: Request,
    response: Response,
    data: StepIn,
    project: ProjectDep,
    session: SessionDep,
    regions: RegionsDep,
) -> ProjectDetail:
    """Move the project one step (409 when the step is not allowed, 422 when the date runs backwards).

    `If-Match` with the current ETag is required, so two officers cannot step the same project at once.
    """
    require_if_match(request, project.version)
    await flows.apply_step(
        session,
        principal=principal,
        project=project,
        target=data.stage,
        on=data.date,
        evidence=data.evidence,
        round_id=data.round_id,
    )
    out = await to_detail(session, project, regions)
    await session.commit()
    set_etag(response, project.version)
    return out


@router.get("/{project_id}/progress", summary="项目推进情况", response_model=ProgressList)
async def list_progress(
    _: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    project: ProjectDep,
    session: SessionDep,
) -> ProgressList:
    """A project's progress reports, newest first."""
    rows = await service.list_progress(session, project.id)
    return ProgressList(items=[ProgressOut.model_validate(r) for r in rows])


@router.post(
    "/{project_id}/progress",
    summary="填报推进情况",
    status_code=201,
    response_model=ProgressOut,
)
async def add_progress(
    principal: Annotated[Principal, Depends(require_perms(PROJECT_MANAGE))],
    request: Request,
    idempotency_key: IdempotencyKey,
    data: ProgressIn,
    project: ProjectDep,
    session: SessionDep,
) -> ProgressOut | JSONResponse:
    """Add a progress report; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        report = await service.add_progress(session, principal=principal, project=project, data=data)
        return Outcome(ProgressOut.model_validate(report), 201)

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


serve_feed(
    open_router,
    "",
    Feed(
        summary="招商项目增量同步",
        perm=OPEN_READ,
        item=ProjectSyncItem,
        model=Project,
        changes=service.changes,
        keys=("code",),
    ),
)
