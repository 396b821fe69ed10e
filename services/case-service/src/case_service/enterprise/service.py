"""Data access for enterprises: every query passes through the data scope."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Row, Select, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.enterprise.models import Enterprise
from case_service.enterprise.schemas import EnterpriseCreate, EnterpriseUpdate
from platform_core.auth import Principal
from platform_core.delivery import Contact, Delivery
from platform_core.pagination import BoundList, CountCache, PageParams, bound_list, paginate, parse_sort
from platform_core.problems import duplicate
from platform_core.regions import RegionDirectory
from platform_core.scope import (
    ScopeColumns,
    ScopeShape,
    apply_scope,
    bound_scope_condition,
    escape_like,
    known_path,
    path_prefix,
    placed,
    scope_key,
    scope_shape,
)

SCOPE = ScopeColumns(
    region_path=Enterprise.region_path,
    region_code=Enterprise.region_code,
    enterprise_uscc=Enterprise.uscc,
)

SORTS = {
    "name": Enterprise.name,
    "uscc": Enterprise.uscc,
    "created_at": Enterprise.created_at,
    "updated_at": Enterprise.updated_at,
    "id": Enterprise.id,
}

TOPIC = "enterprise"
COUNTS = CountCache(ttl_s=5.0)

AUDITED_FIELDS = (
    "uscc",
    "name",
    "region_code",
    "industry",
    "size",
    "enterprise_type",
    "is_key",
    "contact_person",
    "contact_phone",
    "address",
)


def snapshot(ent: Enterprise) -> dict[str, Any]:
    """The audited fields of an enterprise."""
    return {f: getattr(ent, f) for f in AUDITED_FIELDS}


def scoped(principal: Principal) -> Select[tuple[Enterprise]]:
    """Live enterprises the principal may see."""
    return apply_scope(select(Enterprise).where(Enterprise.deleted_at.is_(None)), principal, SCOPE)


#: What the list shows, read as plain rows.
#: The list's columns; the router unpacks each row in this order.
LIST_COLUMNS = (
    Enterprise.id,
    Enterprise.uscc,
    Enterprise.name,
    Enterprise.region_code,
    Enterprise.industry,
    Enterprise.size,
    Enterprise.enterprise_type,
    Enterprise.is_key,
    Enterprise.contact_person,
    Enterprise.contact_phone,
    Enterprise.address,
    Enterprise.version,
    Enterprise.created_at,
    Enterprise.updated_at,
)


async def list_enterprises(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    region_code: str | None = None,
    q: str | None = None,
    is_key: bool | None = None,
    industry: str | None = None,
    sort: str | None = None,
) -> tuple[list[Row[Any]], int]:
    """A page of enterprises in scope, filtered and sorted, as rows of `LIST_COLUMNS`."""
    shape = scope_shape(principal, SCOPE)
    values: dict[str, Any] = dict(shape.values)
    if region_code:
        values["region_prefix"] = path_prefix(known_path(regions, region_code))
    term = q.strip() if q else ""
    if term:
        values["q_name"] = f"%{escape_like(term)}%"
        values["q_uscc"] = f"{escape_like(term.upper())}%"
    if is_key is not None:
        values["is_key"] = is_key
    if industry:
        values["industry"] = industry
    query = _list_query(shape, bool(region_code), bool(term), is_key is not None, bool(industry), sort)
    key = (TOPIC, scope_key(principal), region_code, q, is_key, industry)
    return await paginate(session, query, page, values=values, count_cache=COUNTS, count_key=key, rows=True)


@lru_cache(maxsize=512)
def _list_query(shape: ScopeShape, region: bool, q: bool, is_key: bool, industry: bool, sort: str | None) -> BoundList:
    """The list statement of one shape (which filters, which order), its values bound at execution."""
    stmt = select(*LIST_COLUMNS).where(Enterprise.deleted_at.is_(None), bound_scope_condition(shape, SCOPE))
    if region:
        stmt = stmt.where(Enterprise.region_path.like(bindparam("region_prefix"), escape="\\"))
    if q:
        stmt = stmt.where(
            or_(
                Enterprise.name.like(bindparam("q_name"), escape="\\"),
                Enterprise.uscc.like(bindparam("q_uscc"), escape="\\"),
            )
        )
    if is_key:
        stmt = stmt.where(Enterprise.is_key == bindparam("is_key", type_=Boolean))
    if industry:
        stmt = stmt.where(Enterprise.industry == bindparam("industry"))
    order = parse_sort(sort, SORTS, [Enterprise.updated_at.desc(), Enterprise.id.desc()])
    return bound_list(stmt.order_by(*order, Enterprise.id.desc()))


async def get_enterprise(session: AsyncSession, *, principal: Principal, enterprise_id: int) -> Enterprise | None:
    """One enterprise in scope, or None (out of scope looks the same as absent)."""
    return await session.scalar(scoped(principal).where(Enterprise.id == enterprise_id))


async def get_by_uscc(session: AsyncSession, *, principal: Principal, uscc: str) -> Enterprise | None:
    """One enterprise in scope by its USCC."""
    return await session.scalar(scoped(principal).where(Enterprise.uscc == uscc))


async def create_enterprise(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: EnterpriseCreate
) -> Enterprise:
    """Create an enterprise (409 naming `uscc` when the code is already registered)."""
    path = placed(regions, principal, data.region_code)
    if await session.scalar(select(Enterprise.id).where(Enterprise.uscc == data.uscc)) is not None:
        raise duplicate("uscc", "该统一社会信用代码已登记")
    ent = Enterprise(**data.model_dump(mode="json"), region_path=path, created_by=principal.subject)
    await kit.insert(session, principal=principal, row=ent, name="enterprise", snapshot_of=snapshot)
    COUNTS.invalidate(TOPIC)
    return ent


async def update_enterprise(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, ent: Enterprise, data: EnterpriseUpdate
) -> Enterprise:
    """Apply a partial update."""
    changes = data.model_dump(mode="json", exclude_unset=True)
    await kit.change(
        session, principal=principal, row=ent, changes=changes, name="enterprise", regions=regions, snapshot_of=snapshot
    )
    COUNTS.invalidate(TOPIC)
    return ent


async def delete_enterprise(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, ent: Enterprise
) -> None:
    """Soft-delete: the row stays as a tombstone for incremental sync."""
    await kit.remove(session, principal=principal, row=ent, name="enterprise", snapshot_of=snapshot)
    COUNTS.invalidate(TOPIC)


#: What the sync stream carries; a provincial export reads hundreds of thousands of these.
SYNC_COLUMNS = (
    Enterprise.id,
    Enterprise.uscc,
    Enterprise.updated_at,
    Enterprise.deleted_at,
    Enterprise.name,
    Enterprise.region_code,
    Enterprise.industry,
    Enterprise.size,
    Enterprise.enterprise_type,
    Enterprise.is_key,
    Enterprise.contact_person,
    Enterprise.contact_phone,
    Enterprise.address,
)


def changes(principal: Principal) -> Select[Any]:
    """Enterprises in scope for the sync feed, tombstones included (plain rows: no identity map)."""
    return apply_scope(select(*SYNC_COLUMNS), principal, SCOPE)


async def counts_by_region(session: AsyncSession, *, principal: Principal) -> list[tuple[str, int, int]]:
    """(region_code, count, key count) in scope."""
    base = scoped(principal).subquery()
    rows = await session.execute(
        select(base.c.region_code, func.count(), func.count().filter(base.c.is_key.is_(True)))
        .group_by(base.c.region_code)
        .order_by(base.c.region_code)
    )
    return [(r[0], int(r[1]), int(r[2])) for r in rows]


async def counts_by_industry(session: AsyncSession, *, principal: Principal) -> list[tuple[str, int]]:
    """(industry, count) in scope, largest first."""
    base = scoped(principal).subquery()
    industry = func.coalesce(base.c.industry, "未分类")
    rows = await session.execute(
        select(industry, func.count()).group_by(industry).order_by(func.count().desc(), industry)
    )
    return [(r[0], int(r[1])) for r in rows]


async def contact_of(
    session: AsyncSession, delivery: Delivery, uscc: str, *, phone: str | None = None, name: str | None = None
) -> Contact:
    """An enterprise's contact as a delivery recipient: the phone and name given (a case's contact), else the
    enterprise directory's."""
    row = (
        await session.execute(
            select(Enterprise.contact_phone, Enterprise.contact_person).where(Enterprise.uscc == uscc)
        )
    ).first()
    on_record_phone, on_record_name = (row[0], row[1]) if row is not None else (None, None)
    return delivery.enterprise_contact(uscc, phone or on_record_phone, name=name or on_record_name or "")
