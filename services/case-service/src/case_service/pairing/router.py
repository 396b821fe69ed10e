"""HTTP endpoints of pairings (包联) and "my enterprises"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import NowDep
from case_service.core import audit, kit
from case_service.enterprise.models import Enterprise
from case_service.pairing import service
from case_service.pairing.dependencies import PairingDep
from case_service.pairing.models import Pairing
from case_service.pairing.schemas import (
    KIND_LABELS,
    MyEnterprise,
    MyEnterprises,
    PairingCreate,
    PairingKind,
    PairingOut,
    PairingSyncItem,
    PairingUpdate,
)
from case_service.people import named_person
from case_service.units import named_unit
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoDate
from platform_core.db import SessionDep
from platform_core.exports import XLSX_RESPONSES, Column, Sheet, column
from platform_core.pagination import Page, PageDep, PageParams, forbid_unknown_query
from platform_core.periods import SHANGHAI, today
from platform_core.records import Endpoints, Feed, Write, serve_feed
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(prefix="/api/v1/pairings", tags=["包联走访"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/pairings", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:pairing:list", "case:pairing:manage"


def to_out(row: Pairing, ent: Enterprise | None, regions: RegionDirectory) -> PairingOut:
    """Render a pairing."""
    return PairingOut(
        id=row.id,
        user_id=row.user_id,
        person_name=row.person_name,
        person_title=row.person_title,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        enterprise_uscc=row.enterprise_uscc,
        enterprise=service.brief(row.enterprise_uscc, ent, regions),
        kind=PairingKind(row.kind),
        kind_label=KIND_LABELS[row.kind],
        start_date=row.start_date,
        end_date=row.end_date,
        active=service.in_effect_on(row, today()),
        note=row.note,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def pairing_filters(
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="企业所在行政区划（含下级）")] = None,
    enterprise_uscc: Annotated[str | None, Query(max_length=18, description="企业统一社会信用代码")] = None,
    kind: Annotated[PairingKind | None, Query(description="包联类型")] = None,
    user_id: Annotated[int | None, Query(ge=1, description="包联人用户ID")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="包联人所在单位ID")] = None,
    active_on: Annotated[IsoDate | None, Query(description="只列出该日在包联期内的关系")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="包联人或企业名称")] = None,
    sort: Annotated[
        str | None, Query(description="排序：start_date, person_name, kind, updated_at, id；前缀 - 表示倒序")
    ] = None,
) -> dict[str, Any]:
    """The pairing list's filters (shared by the list and its export) as arguments of `service.list_pairings`."""
    return {
        "region_code": region_code,
        "enterprise_uscc": enterprise_uscc,
        "kind": kind,
        "user_id": user_id,
        "unit_id": unit_id,
        "active_on": active_on,
        "q": q,
        "sort": sort,
    }


PairingFilters = Annotated[dict[str, Any], Depends(pairing_filters)]
Reader = Annotated[Principal, Depends(require_perms(LIST))]

#: The pairing list's 导出: names rather than ids.
PAIRING_SHEET: Sheet[PairingOut] = Sheet(
    "包联关系",
    [
        column("包联人", "person_name"),
        column("职务", "person_title"),
        column("所在单位", "unit_name"),
        Column("企业名称", lambda p: p.enterprise.name),
        column("统一社会信用代码", "enterprise_uscc"),
        Column("所在地区", lambda p: p.enterprise.region_name),
        column("包联类型", "kind_label"),
        column("开始日期", "start_date"),
        column("结束日期", "end_date"),
        column("在包联期内", "active"),
        column("备注", "note"),
    ],
)


async def render_all(session: AsyncSession, rows: list[Pairing], regions: RegionDirectory) -> list[PairingOut]:
    """Render pairings with their enterprises."""
    ents = await service.enterprises_by_uscc(session, {r.enterprise_uscc for r in rows})
    return [to_out(r, ents.get(r.enterprise_uscc), regions) for r in rows]


@router.get("", summary="包联关系列表", response_model=Page[PairingOut])
async def list_pairings(
    session: SessionDep, page: PageDep, regions: RegionsDep, principal: Reader, filters: PairingFilters
) -> Page[PairingOut]:
    """Pairings in the caller's data scope (by the enterprise's region)."""
    rows, total = await service.list_pairings(session, principal=principal, regions=regions, page=page, **filters)
    return Page(items=await render_all(session, rows, regions), total=total, page=page.page, page_size=page.page_size)


@router.get("/export", summary="导出包联关系(XLSX)", response_class=Response, responses=XLSX_RESPONSES)
async def export_pairings(
    request: Request, session: SessionDep, regions: RegionsDep, principal: Reader, filters: PairingFilters
) -> Response:
    """The filtered pairings in scope as an XLSX sheet with Chinese headers; the export is audited."""

    async def page_of(page: PageParams) -> tuple[list[Pairing], int]:
        return await service.list_pairings(session, principal=principal, regions=regions, page=page, **filters)

    async def rendered(rows: list[Pairing]) -> list[PairingOut]:
        return await render_all(session, rows, regions)

    return await PAIRING_SHEET.export(
        request, session, audit, principal=principal, entity_type="pairing", list_page=page_of, render=rendered
    )


@router.get("/mine", summary="我的包联企业", response_model=MyEnterprises)
async def my_enterprises(
    session: SessionDep,
    regions: RegionsDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
) -> MyEnterprises:
    """The caller's pairings in effect today, each enterprise with its open and overdue cases."""
    rows = await service.my_pairings(session, principal=principal, on=now.astimezone(SHANGHAI).date())
    usccs = {r.enterprise_uscc for r in rows}
    ents = await service.enterprises_by_uscc(session, usccs)
    counts = await service.open_case_counts(session, usccs, now=now)
    items = [
        MyEnterprise(
            pairing_id=r.id,
            kind=PairingKind(r.kind),
            kind_label=KIND_LABELS[r.kind],
            start_date=r.start_date,
            end_date=r.end_date,
            enterprise=service.brief(r.enterprise_uscc, ents.get(r.enterprise_uscc), regions),
            open_cases=counts.get(r.enterprise_uscc, (0, 0))[0],
            overdue_cases=counts.get(r.enterprise_uscc, (0, 0))[1],
        )
        for r in rows
    ]
    return MyEnterprises(items=items, total=len(items), open_cases=sum(counts.get(u, (0, 0))[0] for u in usccs))


async def render(session: AsyncSession, row: Pairing, principal: Principal, regions: RegionDirectory) -> PairingOut:
    """Render one pairing with its enterprise."""
    ents = await service.enterprises_by_uscc(session, {row.enterprise_uscc})
    return to_out(row, ents.get(row.enterprise_uscc), regions)


async def named_unit_and_person(request: Request, data: object, row: object | None = None) -> None:
    """The 包联人's unit and account, when the body names them, are the gateway directories' (422 otherwise)."""
    await named_unit(request, data, row)
    await named_person(request, data, row)


kit.serve(
    router,
    Endpoints(
        label="包联关系",
        location="/api/v1/pairings",
        item="/{pairing_id}",
        row=PairingDep,
        out=PairingOut,
        render=render,
        read=LIST,
        create=Write(MANAGE, service.create_pairing, PairingCreate, precheck=named_unit_and_person),
        update=Write(MANAGE, service.update_pairing, PairingUpdate, precheck=named_unit_and_person),
        delete=Write(MANAGE, service.delete_pairing),
    ),
)


serve_feed(
    open_router,
    "",
    Feed(
        summary="包联关系增量同步",
        perm="open:pairing:read",
        item=PairingSyncItem,
        model=Pairing,
        changes=lambda principal: service.scoped(principal, with_tombstones=True),
        keys=("enterprise_uscc",),
    ),
)
