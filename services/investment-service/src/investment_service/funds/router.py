"""HTTP endpoints of funds in place: per project, across projects, corrections, sync."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from investment_service.core import FUNDS_MANAGE, OPEN_READ, PROJECT_LIST, idempotency
from investment_service.dependencies import PeriodQuery
from investment_service.funds import service
from investment_service.funds.models import FundRecord
from investment_service.funds.schemas import FundCorrection, FundCreate, FundList, FundOut, FundRow, FundSyncItem
from investment_service.project.dependencies import ProjectDep
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import month_text, parse_month, parse_period
from platform_core.problems import not_found
from platform_core.records import Feed, serve_feed
from platform_core.regions import RegionsDep
from platform_core.scope import known_path

router = APIRouter(tags=["到位资金"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

MonthPath = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM")]


def fund_out(f: FundRecord) -> FundOut:
    """Render one revision."""
    return FundOut(
        id=f.id,
        project_id=f.project_id,
        month=month_text(f.month),
        amount_wan_yuan=f.amount_wan_yuan,
        revision=f.revision,
        is_current=f.is_current,
        note=f.note,
        recorded_by=f.recorded_by,
        recorded_by_name=f.recorded_by_name,
        created_at=f.created_at,
        superseded_at=f.superseded_at,
    )


@router.get("/api/v1/projects/{project_id}/funds", summary="项目到位资金", response_model=FundList)
async def list_project_funds(
    _: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    project: ProjectDep,
    session: SessionDep,
    include_history: Annotated[bool, Query(description="是否包含被更正的历史版本")] = False,
) -> FundList:
    """A project's monthly figures; the total counts current revisions only."""
    rows = await service.project_funds(session, project.id, include_history=include_history)
    total = sum((r.amount_wan_yuan for r in rows if r.is_current), start=Decimal(0))
    return FundList(items=[fund_out(r) for r in rows], total_wan_yuan=total)


@router.post(
    "/api/v1/projects/{project_id}/funds",
    summary="填报当月到位资金",
    status_code=201,
    response_model=FundOut,
)
async def create_fund(
    principal: Annotated[Principal, Depends(require_perms(FUNDS_MANAGE))],
    request: Request,
    idempotency_key: IdempotencyKey,
    data: FundCreate,
    project: ProjectDep,
    session: SessionDep,
) -> FundOut | JSONResponse:
    """Record a month's figure (409 when the month has one: `PUT .../funds/{month}` corrects it)."""
    month = parse_month(data.month)

    async def work() -> Outcome:
        record = await service.create_fund(session, principal=principal, project=project, month=month, data=data)
        out = fund_out(record)
        return Outcome(
            out, 201, {"ETag": f'"{record.revision}"', "Location": f"/api/v1/projects/{project.id}/funds/{data.month}"}
        )

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get(
    "/api/v1/projects/{project_id}/funds/{month}",
    summary="某月到位资金（含更正历史）",
    response_model=FundList,
)
async def month_history(
    _: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    project: ProjectDep,
    month: MonthPath,
    response: Response,
    session: SessionDep,
) -> FundList:
    """Every revision of one month, oldest first; the ETag is the current revision."""
    when = parse_month(month)
    rows = [r for r in await service.project_funds(session, project.id, include_history=True) if r.month == when]
    current = next((r for r in rows if r.is_current), None)
    if current is None:
        raise not_found("该月尚未填报")
    set_etag(response, current.revision)
    return FundList(items=[fund_out(r) for r in rows], total_wan_yuan=current.amount_wan_yuan)


@router.put(
    "/api/v1/projects/{project_id}/funds/{month}",
    summary="更正某月到位资金",
    response_model=FundOut,
)
async def correct_fund(
    principal: Annotated[Principal, Depends(require_perms(FUNDS_MANAGE))],
    request: Request,
    response: Response,
    data: FundCorrection,
    project: ProjectDep,
    month: MonthPath,
    session: SessionDep,
) -> FundOut:
    """Correct a month: a new revision with the reason; the previous one stays as history. `If-Match` required."""
    current = await service.current_of(session, project.id, parse_month(month))
    if current is None:
        raise not_found("该月尚未填报")
    require_if_match(request, current.revision)
    record = await service.correct_fund(session, principal=principal, project=project, current=current, data=data)
    out = fund_out(record)
    await session.commit()
    set_etag(response, record.revision)
    return out


@router.get("/api/v1/project-funds", summary="到位资金一览", response_model=Page[FundRow])
async def list_funds(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    period: PeriodQuery = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    project_id: Annotated[int | None, Query(ge=1, description="项目ID")] = None,
) -> Page[FundRow]:
    """Current monthly figures of projects in scope, newest month first."""
    region_path = known_path(regions, region_code) if region_code else None
    stmt = service.filtered(
        service.scoped_current(principal),
        period=parse_period(period) if period else None,
        region_path=region_path,
        project_id=project_id,
    )
    stmt = stmt.order_by(FundRecord.month.desc(), FundRecord.project_id, FundRecord.id)
    total = await session.scalar(service.count_of(stmt))
    rows = (await session.execute(stmt.limit(page.page_size).offset(page.offset))).all()
    items = [
        FundRow(
            **fund_out(f).model_dump(),
            project_code=p.code,
            project_name=p.name,
            region_code=p.region_code,
            region_name=regions.name_of(p.region_code),
        )
        for f, p in rows
    ]
    return Page(items=items, total=int(total or 0), page=page.page, page_size=page.page_size)


def _fund_values(values: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """The month as YYYY-MM."""
    values["month"] = month_text(values["month"])
    return values


serve_feed(
    open_router,
    "/open/v1/project-funds",
    Feed(
        summary="到位资金增量同步",
        perm=OPEN_READ,
        item=FundSyncItem,
        model=FundRecord,
        changes=service.changes,
        adjust=_fund_values,
        description="Fund revisions changed since a cursor or instant, in (updated_at, id) order.",
    ),
)
