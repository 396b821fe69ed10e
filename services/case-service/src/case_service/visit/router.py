"""HTTP endpoints of visits (走访记录) and of turning a found problem into a case."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import NowDep, PolicyDep
from case_service.case.render import render_detail
from case_service.core import audit, idempotency, kit
from case_service.enterprise.models import Enterprise
from case_service.pairing.service import brief, enterprises_by_uscc
from case_service.units import named_unit
from case_service.visit import flows, service
from case_service.visit.dependencies import VisitDep
from case_service.visit.models import Visit, VisitProblem
from case_service.visit.schemas import (
    ProblemOut,
    VisitCaseCreate,
    VisitCaseCreated,
    VisitCreate,
    VisitOut,
    VisitSyncItem,
    VisitUpdate,
)
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoDate
from platform_core.db import SessionDep
from platform_core.exports import XLSX_RESPONSES, Column, Sheet, column
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, PageParams, forbid_unknown_query
from platform_core.records import Endpoints, Feed, Write, serve_feed
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(prefix="/api/v1/visits", tags=["包联走访"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/visits", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:visit:list", "case:visit:manage"


def problem_out(p: VisitProblem) -> ProblemOut:
    """Render a found problem."""
    return ProblemOut(
        id=p.id, seq=p.seq, description=p.description, case_id=p.case_id, case_created_at=p.case_created_at
    )


def to_out(visit: Visit, ent: Enterprise | None, regions: RegionDirectory) -> VisitOut:
    """Render a visit."""
    problems = [problem_out(p) for p in visit.problems]
    return VisitOut(
        id=visit.id,
        visit_date=visit.visit_date,
        enterprise_uscc=visit.enterprise_uscc,
        enterprise=brief(visit.enterprise_uscc, ent, regions),
        visitors=list(visit.visitors or []),
        unit_id=visit.unit_id,
        unit_name=visit.unit_name,
        campaign=visit.campaign,
        notes=visit.notes,
        problems=problems,
        problem_count=len(problems),
        case_count=sum(1 for p in problems if p.case_id is not None),
        version=visit.version,
        created_at=visit.created_at,
        updated_at=visit.updated_at,
    )


async def render_all(session: AsyncSession, rows: list[Visit], regions: RegionDirectory) -> list[VisitOut]:
    """Render visits with their enterprises."""
    ents = await enterprises_by_uscc(session, {r.enterprise_uscc for r in rows})
    return [to_out(r, ents.get(r.enterprise_uscc), regions) for r in rows]


async def render(session: AsyncSession, visit: Visit, principal: Principal, regions: RegionDirectory) -> VisitOut:
    """Render one visit with its enterprise."""
    ents = await enterprises_by_uscc(session, {visit.enterprise_uscc})
    return to_out(visit, ents.get(visit.enterprise_uscc), regions)


def visit_filters(
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="企业所在行政区划（含下级）")] = None,
    enterprise_uscc: Annotated[str | None, Query(max_length=18, description="企业统一社会信用代码")] = None,
    campaign: Annotated[str | None, Query(max_length=64, description="走访活动")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="走访单位ID")] = None,
    date_from: Annotated[IsoDate | None, Query(description="走访日期起(含)")] = None,
    date_to: Annotated[IsoDate | None, Query(description="走访日期止(含)")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="企业名称或走访情况")] = None,
    sort: Annotated[str | None, Query(description="排序：visit_date, updated_at, id；前缀 - 表示倒序")] = None,
) -> dict[str, Any]:
    """The visit list's filters (shared by the list and its export) as arguments of `service.list_visits`."""
    return {
        "region_code": region_code,
        "enterprise_uscc": enterprise_uscc,
        "campaign": campaign,
        "unit_id": unit_id,
        "date_from": date_from,
        "date_to": date_to,
        "q": q,
        "sort": sort,
    }


VisitFilters = Annotated[dict[str, Any], Depends(visit_filters)]
Reader = Annotated[Principal, Depends(require_perms(LIST))]

#: The visit list's 导出: enterprise names and the visiting unit's name rather than codes and ids.
VISIT_SHEET: Sheet[VisitOut] = Sheet(
    "走访记录",
    [
        column("走访日期", "visit_date"),
        Column("企业名称", lambda v: v.enterprise.name),
        column("统一社会信用代码", "enterprise_uscc"),
        Column("所在地区", lambda v: v.enterprise.region_name),
        column("走访人员", "visitors"),
        column("走访单位", "unit_name"),
        column("走访活动", "campaign"),
        column("走访情况", "notes"),
        column("发现问题数", "problem_count"),
        column("已转诉求数", "case_count"),
    ],
)


@router.get("", summary="走访记录列表", response_model=Page[VisitOut])
async def list_visits(
    session: SessionDep, page: PageDep, regions: RegionsDep, principal: Reader, filters: VisitFilters
) -> Page[VisitOut]:
    """Visits in the caller's data scope (by the enterprise's region)."""
    rows, total = await service.list_visits(session, principal=principal, regions=regions, page=page, **filters)
    return Page(items=await render_all(session, rows, regions), total=total, page=page.page, page_size=page.page_size)


@router.get("/export", summary="导出走访记录(XLSX)", response_class=Response, responses=XLSX_RESPONSES)
async def export_visits(
    request: Request, session: SessionDep, regions: RegionsDep, principal: Reader, filters: VisitFilters
) -> Response:
    """The filtered visits in scope as an XLSX sheet with Chinese headers; the export is audited."""

    async def page_of(page: PageParams) -> tuple[list[Visit], int]:
        return await service.list_visits(session, principal=principal, regions=regions, page=page, **filters)

    async def rendered(rows: list[Visit]) -> list[VisitOut]:
        return await render_all(session, rows, regions)

    return await VISIT_SHEET.export(
        request, session, audit, principal=principal, entity_type="visit", list_page=page_of, render=rendered
    )


kit.serve(
    router,
    Endpoints(
        label="走访记录",
        location="/api/v1/visits",
        item="/{visit_id}",
        row=VisitDep,
        out=VisitOut,
        render=render,
        read=LIST,
        create=Write(MANAGE, service.create_visit, VisitCreate, precheck=named_unit),
        update=Write(MANAGE, service.update_visit, VisitUpdate, precheck=named_unit),
        delete=Write(
            MANAGE,
            service.delete_visit,
            description="Remove a visit (kept as a tombstone); refused once a problem became a case.",
        ),
    ),
)


@router.post(
    "/{visit_id}/cases",
    summary="走访发现问题转诉求",
    status_code=201,
    response_model=VisitCaseCreated,
)
async def problem_to_case(
    principal: Annotated[Principal, Depends(require_perms(MANAGE, "case:case:create"))],
    request: Request,
    idempotency_key: IdempotencyKey,
    data: VisitCaseCreate,
    visit: VisitDep,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
) -> VisitCaseCreated | JSONResponse:
    """Register a found problem as a case (source 走访发现) and link it to the visit; `Idempotency-Key`."""

    async def work() -> Outcome:
        item, _ = await flows.problem_to_case(session, principal=principal, visit=visit, data=data, now=now)
        out = VisitCaseCreated(
            case=await render_detail(session, item, principal=principal, regions=regions, policy=policy, now=now),
            visit=await render(session, visit, principal, regions),
        )
        return Outcome(out, 201, {"ETag": f'"{item.version}"', "Location": f"/api/v1/cases/{item.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


def _visit_values(values: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """The found problems as their own items."""
    values["problems"] = [problem_out(p) for p in values["problems"]]
    values["visitors"] = list(values["visitors"] or [])
    return values


serve_feed(
    open_router,
    "",
    Feed(
        summary="走访记录增量同步",
        perm="open:visit:read",
        item=VisitSyncItem,
        model=Visit,
        changes=lambda principal: service.scoped(principal, with_tombstones=True),
        keys=("enterprise_uscc",),
        adjust=_visit_values,
    ),
)
