"""HTTP endpoints of the enterprise directory (thin: validation in schemas, data in service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from case_service.core import idempotency
from case_service.enterprise import service
from case_service.enterprise.dependencies import EnterpriseDep
from case_service.enterprise.models import Enterprise
from case_service.enterprise.schemas import (
    CountsByIndustry,
    CountsByRegion,
    EnterpriseCreate,
    EnterpriseCreated,
    EnterpriseOut,
    EnterpriseSize,
    EnterpriseSyncItem,
    EnterpriseUpdate,
    IndustryCount,
    RegionCount,
)
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.masking import mask_phone
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.regions import RegionsDep
from platform_core.sync import SyncDep, SyncPage
from platform_core.uscc import check_uscc

router = APIRouter(prefix="/api/v1/enterprises", tags=["企业名录"], dependencies=[Depends(forbid_unknown_query)])
open_router = APIRouter(prefix="/open/v1/enterprises", tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

CONTACT_READ = "enterprise:contact:read"


def to_out(ent: Enterprise, principal: Principal, regions: RegionsDep) -> EnterpriseOut:
    """Render an enterprise, masking the phone unless the caller may read contacts."""
    return EnterpriseOut(
        id=ent.id,
        uscc=ent.uscc,
        name=ent.name,
        region_code=ent.region_code,
        region_name=regions.name_of(ent.region_code),
        industry=ent.industry,
        size=ent.size,  # type: ignore[arg-type]
        is_key=ent.is_key,
        contact_person=ent.contact_person,
        contact_phone=ent.contact_phone if principal.has(CONTACT_READ) else mask_phone(ent.contact_phone),
        address=ent.address,
        version=ent.version,
        created_at=ent.created_at,
        updated_at=ent.updated_at,
    )


@router.get("", summary="企业名录列表", response_model=Page[EnterpriseOut])
async def list_enterprises(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("enterprise:enterprise:list"))],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="企业名称或信用代码")] = None,
    is_key: Annotated[bool | None, Query(description="是否重点企业")] = None,
    industry: Annotated[str | None, Query(max_length=64, description="所属行业")] = None,
    sort: Annotated[
        str | None, Query(description="排序：name, uscc, created_at, updated_at, id；前缀 - 表示倒序")
    ] = None,
) -> Page[EnterpriseOut]:
    """Enterprises in the caller's data scope."""
    rows, total = await service.list_enterprises(
        session,
        principal=principal,
        regions=regions,
        page=page,
        region_code=region_code,
        q=q,
        is_key=is_key,
        industry=industry,
        sort=sort,
    )
    see_phone = principal.has(CONTACT_READ)
    # The rows come from our own table, already valid: built without validating every field again.
    items = [
        EnterpriseOut.model_construct(
            id=r.id,
            uscc=r.uscc,
            name=r.name,
            region_code=r.region_code,
            region_name=regions.name_of(r.region_code),
            industry=r.industry,
            size=EnterpriseSize(r.size) if r.size else None,
            is_key=r.is_key,
            contact_person=r.contact_person,
            contact_phone=r.contact_phone if see_phone else mask_phone(r.contact_phone),
            address=r.address,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]
    return Page[EnterpriseOut].model_construct(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/stats/by-region", summary="按区域统计企业数", response_model=CountsByRegion)
async def stats_by_region(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("dashboard:stats:read"))],
) -> CountsByRegion:
    """Enterprise counts per region in scope."""
    rows = await service.counts_by_region(session, principal=principal)
    items = [RegionCount(region_code=c, region_name=regions.name_of(c), count=n, key_count=k) for c, n, k in rows]
    return CountsByRegion(items=items, total=sum(i.count for i in items))


@router.get("/stats/by-industry", summary="按行业统计企业数", response_model=CountsByIndustry)
async def stats_by_industry(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms("dashboard:stats:read"))],
) -> CountsByIndustry:
    """Enterprise counts per industry in scope."""
    rows = await service.counts_by_industry(session, principal=principal)
    items = [IndustryCount(industry=i, count=n) for i, n in rows]
    return CountsByIndustry(items=items, total=sum(i.count for i in items))


@router.post("", summary="新增企业", status_code=201, response_model=EnterpriseCreated)
async def create_enterprise(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: EnterpriseCreate,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("enterprise:enterprise:create"))],
) -> EnterpriseCreated | JSONResponse:
    """Register an enterprise; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        ent = await service.create_enterprise(session, principal=principal, regions=regions, data=data)
        out = EnterpriseCreated(
            **to_out(ent, principal, regions).model_dump(), warnings=list(check_uscc(ent.uscc).warnings)
        )
        return Outcome(out, 201, {"ETag": f'"{ent.version}"', "Location": f"/api/v1/enterprises/{ent.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get("/{enterprise_id}", summary="企业详情", response_model=EnterpriseOut)
async def get_enterprise(
    principal: Annotated[Principal, Depends(require_perms("enterprise:enterprise:read"))],
    ent: EnterpriseDep,
    response: Response,
    regions: RegionsDep,
) -> EnterpriseOut:
    """One enterprise in scope, with its ETag."""
    set_etag(response, ent.version)
    return to_out(ent, principal, regions)


@router.patch("/{enterprise_id}", summary="修改企业", response_model=EnterpriseOut)
async def update_enterprise(
    principal: Annotated[Principal, Depends(require_perms("enterprise:enterprise:update"))],
    request: Request,
    response: Response,
    data: EnterpriseUpdate,
    ent: EnterpriseDep,
    session: SessionDep,
    regions: RegionsDep,
) -> EnterpriseOut:
    """Change an enterprise; `If-Match` with the current ETag is required."""
    require_if_match(request, ent.version)
    ent = await service.update_enterprise(session, principal=principal, regions=regions, ent=ent, data=data)
    await session.commit()
    set_etag(response, ent.version)
    return to_out(ent, principal, regions)


@router.delete("/{enterprise_id}", summary="删除企业", status_code=204)
async def delete_enterprise(
    principal: Annotated[Principal, Depends(require_perms("enterprise:enterprise:delete"))],
    request: Request,
    ent: EnterpriseDep,
    session: SessionDep,
) -> Response:
    """Remove an enterprise from the directory (kept as a tombstone for sync); `If-Match` required."""
    require_if_match(request, ent.version)
    await service.delete_enterprise(session, principal=principal, ent=ent)
    await session.commit()
    return Response(status_code=204)


@open_router.get("", summary="企业数据增量同步", response_model=SyncPage[EnterpriseSyncItem])
async def sync_enterprises(
    request: Request,
    session: SessionDep,
    params: SyncDep,
    principal: Annotated[Principal, Depends(require_perms("open:enterprise:read"))],
) -> SyncPage[EnterpriseSyncItem]:
    """Changes since a cursor or instant, in (updated_at, id) order, deletions as tombstones."""
    settle = request.app.state.settings.sync_settle_seconds
    rows, cursor, more = await service.sync_changes(session, principal=principal, params=params, settle_seconds=settle)
    see_phone = principal.has(CONTACT_READ)
    # The rows come from our own table, already valid: `model_construct` skips a second validation of
    # every field, which was the largest cost of a page of 500 (the response model still checks the page).
    items = []
    for r in rows:
        if r.deleted_at is not None:
            tombstone = EnterpriseSyncItem.model_construct(id=r.id, uscc=r.uscc, deleted=True, updated_at=r.updated_at)
            items.append(tombstone)
            continue
        items.append(
            EnterpriseSyncItem.model_construct(
                id=r.id,
                uscc=r.uscc,
                deleted=False,
                updated_at=r.updated_at,
                name=r.name,
                region_code=r.region_code,
                industry=r.industry,
                size=EnterpriseSize(r.size) if r.size else None,
                is_key=r.is_key,
                contact_person=r.contact_person,
                contact_phone=r.contact_phone if see_phone else mask_phone(r.contact_phone),
                address=r.address,
            )
        )
    return SyncPage[EnterpriseSyncItem].model_construct(items=items, next_cursor=cursor, has_more=more)
