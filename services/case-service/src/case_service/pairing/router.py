"""HTTP endpoints of pairings (包联) and "my enterprises"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from case_service.case.dependencies import NowDep
from case_service.core import idempotency
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
from platform_core.auth import Principal, require_perms
from platform_core.dates import IsoDate
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import SHANGHAI, today
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.sync import SyncDep, SyncPage

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


async def render(session: SessionDep, row: Pairing, regions: RegionDirectory) -> PairingOut:
    """Render one pairing with its enterprise."""
    ents = await service.enterprises_by_uscc(session, {row.enterprise_uscc})
    return to_out(row, ents.get(row.enterprise_uscc), regions)


@router.get("", summary="包联关系列表", response_model=Page[PairingOut])
async def list_pairings(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
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
) -> Page[PairingOut]:
    """Pairings in the caller's data scope (by the enterprise's region)."""
    rows, total = await service.list_pairings(
        session,
        principal=principal,
        regions=regions,
        page=page,
        region_code=region_code,
        enterprise_uscc=enterprise_uscc,
        kind=kind,
        user_id=user_id,
        unit_id=unit_id,
        active_on=active_on,
        q=q,
        sort=sort,
    )
    ents = await service.enterprises_by_uscc(session, {r.enterprise_uscc for r in rows})
    items = [to_out(r, ents.get(r.enterprise_uscc), regions) for r in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


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


@router.post("", summary="新增包联关系", status_code=201, response_model=PairingOut)
async def create_pairing(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: PairingCreate,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
) -> PairingOut | JSONResponse:
    """Pair a person with an enterprise; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        row = await service.create_pairing(session, principal=principal, data=data)
        out = await render(session, row, regions)
        return Outcome(out, 201, {"ETag": f'"{row.version}"', "Location": f"/api/v1/pairings/{row.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get("/{pairing_id}", summary="包联关系详情", response_model=PairingOut)
async def get_pairing(
    _: Annotated[Principal, Depends(require_perms(LIST))],
    row: PairingDep,
    session: SessionDep,
    response: Response,
    regions: RegionsDep,
) -> PairingOut:
    """One pairing in scope, with its ETag."""
    set_etag(response, row.version)
    return await render(session, row, regions)


@router.patch("/{pairing_id}", summary="修改包联关系", response_model=PairingOut)
async def update_pairing(
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    request: Request,
    response: Response,
    data: PairingUpdate,
    row: PairingDep,
    session: SessionDep,
    regions: RegionsDep,
) -> PairingOut:
    """Change a pairing (e.g. end it); `If-Match` with the current ETag is required."""
    require_if_match(request, row.version)
    row = await service.update_pairing(session, principal=principal, row=row, data=data)
    out = await render(session, row, regions)
    await session.commit()
    set_etag(response, row.version)
    return out


@router.delete("/{pairing_id}", summary="删除包联关系", status_code=204)
async def delete_pairing(
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    request: Request,
    row: PairingDep,
    session: SessionDep,
) -> Response:
    """Remove a pairing (kept as a tombstone for sync); `If-Match` required."""
    require_if_match(request, row.version)
    ent = await service.enterprise_in_scope_for_write(session, principal=principal, uscc=row.enterprise_uscc)
    await service.delete_pairing(session, principal=principal, row=row, region_code=ent.region_code)
    await session.commit()
    return Response(status_code=204)


@open_router.get("", summary="包联关系增量同步", response_model=SyncPage[PairingSyncItem])
async def sync_pairings(
    request: Request,
    session: SessionDep,
    params: SyncDep,
    principal: Annotated[Principal, Depends(require_perms("open:pairing:read"))],
) -> SyncPage[PairingSyncItem]:
    """Changes since a cursor or instant, in (updated_at, id) order, deletions as tombstones."""
    settle = request.app.state.settings.sync_settle_seconds
    rows, cursor, more = await service.sync_changes(session, principal=principal, params=params, settle_seconds=settle)
    items = [
        PairingSyncItem(id=r.id, deleted=True, updated_at=r.updated_at, enterprise_uscc=r.enterprise_uscc)
        if r.deleted_at is not None
        else PairingSyncItem(
            id=r.id,
            deleted=False,
            updated_at=r.updated_at,
            enterprise_uscc=r.enterprise_uscc,
            kind=PairingKind(r.kind),
            person_name=r.person_name,
            person_title=r.person_title,
            unit_name=r.unit_name,
            start_date=r.start_date,
            end_date=r.end_date,
        )
        for r in rows
    ]
    return SyncPage(items=items, next_cursor=cursor, has_more=more)
