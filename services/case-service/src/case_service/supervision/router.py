"""HTTP endpoints of supervision orders (督办单)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import NowDep, PolicyDep
from case_service.core import audit, idempotency
from case_service.supervision import service
from case_service.supervision.models import SupervisionLevel, SupervisionOrder, SupervisionState
from case_service.supervision.schemas import (
    SupervisionByUnit,
    SupervisionCreate,
    SupervisionOut,
    SupervisionReply,
    UnitSupervisionCount,
)
from case_service.units import named_unit
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.enumerations import labels
from platform_core.etag import require_if_match, set_etag
from platform_core.exports import XLSX_RESPONSES, Sheet, column
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, PageParams, forbid_unknown_query
from platform_core.problems import not_found

router = APIRouter(prefix="/api/v1/supervision-orders", tags=["督办"], dependencies=[Depends(forbid_unknown_query)])

LIST = "case:supervision:list"


async def render(session: AsyncSession, rows: list[SupervisionOrder], now: datetime) -> list[SupervisionOut]:
    """Orders with their case's number and title."""
    titles = await service.case_titles(session, case_ids=[r.case_id for r in rows if r.case_id is not None])
    out = []
    for r in rows:
        case_no, case_title = titles.get(r.case_id, (None, None)) if r.case_id is not None else (None, None)
        out.append(
            SupervisionOut(
                id=r.id,
                case_id=r.case_id,
                case_no=case_no,
                case_title=case_title,
                unit_id=r.unit_id,
                unit_name=r.unit_name,
                region_code=r.region_code,
                level=SupervisionLevel(r.level),
                content=r.content,
                reply_due=r.reply_due,
                state=SupervisionState(r.state),
                overdue=r.state == SupervisionState.OPEN.value and r.reply_due < now,
                issued_at=r.issued_at,
                issued_by=r.issued_by,
                issued_by_name=r.issued_by_name,
                reply=r.reply,
                replied_at=r.replied_at,
                replied_by=r.replied_by,
                replied_by_name=r.replied_by_name,
                version=r.version,
            )
        )
    return out


def order_filters(
    case_id: Annotated[int | None, Query(ge=1, description="诉求ID")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="被督办单位ID")] = None,
    state: Annotated[SupervisionState | None, Query(description="状态")] = None,
    level: Annotated[SupervisionLevel | None, Query(description="督办级别")] = None,
    overdue: Annotated[bool | None, Query(description="是否逾期未回复")] = None,
) -> dict[str, Any]:
    """The order list's filters (shared by the list and its export) as arguments of `service.list_orders`."""
    return {"case_id": case_id, "unit_id": unit_id, "state": state, "level": level, "overdue": overdue}


OrderFilters = Annotated[dict[str, Any], Depends(order_filters)]
Reader = Annotated[Principal, Depends(require_perms(LIST))]

STATE_LABELS = labels("supervision_state")

#: The order list's 导出, names rather than ids.
ORDER_SHEET: Sheet[SupervisionOut] = Sheet(
    "督办单",
    [
        column("诉求编号", "case_no"),
        column("诉求标题", "case_title"),
        column("被督办单位", "unit_name"),
        column("督办级别", "level", service.LEVEL_LABELS),
        column("督办内容", "content"),
        column("回复期限", "reply_due"),
        column("状态", "state", STATE_LABELS),
        column("是否逾期", "overdue"),
        column("签发时间", "issued_at"),
        column("签发人", "issued_by_name"),
        column("回复内容", "reply"),
        column("回复时间", "replied_at"),
        column("回复人", "replied_by_name"),
    ],
)


@router.get("", summary="督办单列表", response_model=Page[SupervisionOut])
async def list_orders(
    session: SessionDep, page: PageDep, now: NowDep, principal: Reader, filters: OrderFilters
) -> Page[SupervisionOut]:
    """Supervision orders in scope (a unit handler sees its unit's), newest first."""
    rows, total = await service.list_orders(session, principal=principal, page=page, now=now, **filters)
    return Page(items=await render(session, rows, now), total=total, page=page.page, page_size=page.page_size)


@router.get("/export", summary="导出督办单(XLSX)", response_class=Response, responses=XLSX_RESPONSES)
async def export_orders(
    request: Request, session: SessionDep, now: NowDep, principal: Reader, filters: OrderFilters
) -> Response:
    """The filtered orders in scope as an XLSX sheet with Chinese headers; the export is audited."""

    async def page_of(page: PageParams) -> tuple[list[SupervisionOrder], int]:
        return await service.list_orders(session, principal=principal, page=page, now=now, **filters)

    async def rendered(rows: list[SupervisionOrder]) -> list[SupervisionOut]:
        return await render(session, rows, now)

    return await ORDER_SHEET.export(
        request,
        session,
        audit,
        principal=principal,
        entity_type="supervision_order",
        list_page=page_of,
        render=rendered,
    )


@router.get("/by-unit", summary="按单位统计督办单", response_model=SupervisionByUnit)
async def by_unit(
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
) -> SupervisionByUnit:
    """Orders per unit in scope: total, open, replied, overdue."""
    rows = await service.counts_by_unit(session, principal=principal, now=now)
    return SupervisionByUnit(
        items=[
            UnitSupervisionCount(
                unit_id=u, unit_name=name, total=total, open=n_open, replied=total - n_open, overdue=late
            )
            for u, name, total, n_open, late in rows
        ]
    )


@router.post("", summary="签发督办单", status_code=201, response_model=SupervisionOut)
async def issue_order(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: SupervisionCreate,
    session: SessionDep,
    now: NowDep,
    policy: PolicyDep,
    principal: Annotated[Principal, Depends(require_perms("case:supervision:issue"))],
) -> SupervisionOut | JSONResponse:
    """A leader supervises a case (its lead unit) or a unit; `Idempotency-Key` makes a retry safe."""
    await named_unit(request, data)

    async def work() -> Outcome:
        order = await service.issue_order(session, principal=principal, data=data, now=now, policy=policy)
        out = (await render(session, [order], now))[0]
        return Outcome(out, 201, {"ETag": f'"{order.version}"', "Location": f"/api/v1/supervision-orders/{order.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


async def valid_order(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    order_id: Annotated[int, Path(ge=1, description="督办单ID")],
) -> SupervisionOrder:
    """The order if it exists in the caller's scope; 404 otherwise."""
    order = await service.get_order(session, principal=principal, order_id=order_id)
    if order is None:
        raise not_found("督办单不存在")
    return order


OrderDep = Annotated[SupervisionOrder, Depends(valid_order)]


@router.get("/{order_id}", summary="督办单详情", response_model=SupervisionOut)
async def get_order(order: OrderDep, session: SessionDep, response: Response, now: NowDep) -> SupervisionOut:
    """One order in scope, with its ETag."""
    set_etag(response, order.version)
    return (await render(session, [order], now))[0]


@router.post("/{order_id}/reply", summary="回复督办单", response_model=SupervisionOut)
async def reply_order(
    request: Request,
    response: Response,
    data: SupervisionReply,
    order: OrderDep,
    session: SessionDep,
    now: NowDep,
    policy: PolicyDep,
    principal: Annotated[Principal, Depends(require_perms("case:supervision:reply"))],
) -> SupervisionOut:
    """The supervised unit replies; `If-Match`, when sent, must be current."""
    if request.headers.get("if-match"):
        require_if_match(request, order.version)
    order = await service.reply_order(session, principal=principal, order=order, data=data, now=now, policy=policy)
    out = (await render(session, [order], now))[0]
    await session.commit()
    set_etag(response, order.version)
    return out
