"""HTTP endpoints of the enterprise directory (thin: validation in schemas, data in service)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
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
    EnterpriseType,
    EnterpriseUpdate,
    IndustryCount,
    RegionCount,
)
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.masking import mask_phone
from platform_core.pagination import Page, PageDep, forbid_unknown_query, trusted
from platform_core.records import Endpoints, Feed, Write, serve_feed
from platform_core.regions import RegionDirectory, RegionsDep
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
        enterprise_type=ent.enterprise_type,  # type: ignore[arg-type]
        is_key=ent.is_key,
        contact_person=ent.contact_person,
        contact_phone=ent.contact_phone if principal.has(CONTACT_READ) else mask_phone(ent.contact_phone),
        address=ent.address,
        version=ent.version,
        created_at=ent.created_at,
        updated_at=ent.updated_at,
    )


SIZES = {m.value: m for m in EnterpriseSize}
TYPES = {m.value: m for m in EnterpriseType}


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
    # The rows come from our own table, already valid: built without validating every field again. A row is
    # unpacked as the tuple of `service.LIST_COLUMNS` (in that order): reading fifteen attributes of twenty
    # rows by name cost more than building the items.
    items = [
        trusted(
            EnterpriseOut,
            {
                "id": id_,
                "uscc": uscc,
                "name": name,
                "region_code": region,
                "region_name": regions.name_of(region),
                "industry": industry,
                "size": SIZES[size] if size else None,
                "enterprise_type": TYPES[kind] if kind else None,
                "is_key": is_key,
                "contact_person": person,
                "contact_phone": phone if see_phone else mask_phone(phone),
                "address": address,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            },
        )
        for (
            id_, uscc, name, region, industry, size, kind, is_key, person, phone, address, version, created_at,
            updated_at,
        ) in rows
    ]  # fmt: skip
    return trusted(
        Page[EnterpriseOut],
        {"items": items, "total": total, "total_exact": total.exact, "page": page.page, "page_size": page.page_size},
    )


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


async def render(
    session: AsyncSession, ent: Enterprise, principal: Principal, regions: RegionDirectory
) -> EnterpriseOut:
    """Render one enterprise for the caller."""
    return to_out(ent, principal, regions)


async def render_created(
    session: AsyncSession, ent: Enterprise, principal: Principal, regions: RegionDirectory
) -> EnterpriseCreated:
    """A new enterprise with the warnings of its credit code (a valid code of an unusual kind)."""
    return EnterpriseCreated(
        **to_out(ent, principal, regions).model_dump(), warnings=list(check_uscc(ent.uscc).warnings)
    )


kit.serve(
    router,
    Endpoints(
        label="企业",
        location="/api/v1/enterprises",
        item="/{enterprise_id}",
        row=EnterpriseDep,
        out=EnterpriseOut,
        render=render,
        read="enterprise:enterprise:read",
        create=Write(
            "enterprise:enterprise:create",
            service.create_enterprise,
            EnterpriseCreate,
            out=EnterpriseCreated,
            render=render_created,
        ),
        update=Write("enterprise:enterprise:update", service.update_enterprise, EnterpriseUpdate),
        delete=Write("enterprise:enterprise:delete", service.delete_enterprise),
    ),
)


def _contact(values: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """The phone stays masked unless the caller may read contacts; size and type as their enumerations (the item
    is built without validation, and its serialiser expects them)."""
    if not principal.has(CONTACT_READ):
        values["contact_phone"] = mask_phone(values["contact_phone"])
    size, kind = values.get("size"), values.get("enterprise_type")
    values["size"] = SIZES[size] if size else None
    values["enterprise_type"] = TYPES[kind] if kind else None
    return values


serve_feed(
    open_router,
    "",
    Feed(
        summary="企业数据增量同步",
        perm="open:enterprise:read",
        item=EnterpriseSyncItem,
        model=Enterprise,
        changes=service.changes,
        keys=("uscc",),
        adjust=_contact,
        construct=True,
    ),
)
