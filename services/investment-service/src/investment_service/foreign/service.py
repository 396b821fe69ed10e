"""Data access for foreign-invested enterprises, their visits and foreign capital (scoped by region)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit, kit
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise, ForeignVisit
from investment_service.foreign.schemas import (
    Caliber,
    CapitalCreate,
    CapitalUpdate,
    ForeignEnterpriseCreate,
    ForeignEnterpriseUpdate,
    ForeignVisitIn,
)
from investment_service.funds.service import check_month
from platform_core.auth import Principal
from platform_core.pagination import CountCache, PageParams, paginate, parse_sort
from platform_core.periods import Period, month_text, parse_month, today
from platform_core.problems import duplicate, field_error
from platform_core.regions import RegionDirectory, child_code
from platform_core.scope import ScopeColumns, apply_scope, placed, scope_key, under_path

ENTERPRISE_SCOPE = ScopeColumns(region_path=ForeignEnterprise.region_path, region_code=ForeignEnterprise.region_code)
CAPITAL_SCOPE = ScopeColumns(region_path=ForeignCapital.region_path, region_code=ForeignCapital.region_code)

SORTS = {
    "name": ForeignEnterprise.name,
    "uscc": ForeignEnterprise.uscc,
    "established_on": ForeignEnterprise.established_on,
    "registered_capital_wan_usd": ForeignEnterprise.registered_capital_wan_usd,
    "updated_at": ForeignEnterprise.updated_at,
    "id": ForeignEnterprise.id,
}

TOPIC = "foreign_enterprise"
COUNTS = CountCache(ttl_s=5.0)

ENTERPRISE_FIELDS = (
    "uscc",
    "name",
    "investor_country_region",
    "region_code",
    "established_on",
    "registered_capital_wan_usd",
    "industry",
    "is_white_listed",
    "white_listed_on",
    "chief_service_officer",
)


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def enterprise_snapshot(e: ForeignEnterprise) -> dict[str, Any]:
    """The audited fields of an enterprise."""
    return {f: _json(getattr(e, f)) for f in ENTERPRISE_FIELDS}


def capital_snapshot(c: ForeignCapital) -> dict[str, Any]:
    """The audited fields of a figure."""
    return {
        "month": month_text(c.month),
        "caliber": c.caliber,
        "amount_wan_usd": str(c.amount_wan_usd),
        "region_code": c.region_code,
        "enterprise_id": c.enterprise_id,
        "note": c.note,
    }


def _not_future(day: date | None, field: str) -> None:
    if day is not None and day > today():
        raise field_error(field, "日期不能晚于今天")


def scoped_enterprises(principal: Principal) -> Select[tuple[ForeignEnterprise]]:
    """Live enterprises the principal may see."""
    stmt = select(ForeignEnterprise).where(ForeignEnterprise.deleted_at.is_(None))
    return apply_scope(stmt, principal, ENTERPRISE_SCOPE)


def region_path_of(regions: RegionDirectory, region_code: str) -> str:
    """A region's path (422 naming `region_code` when unknown)."""
    path = regions.path_of(region_code)
    if path is None:
        raise field_error("region_code", "行政区划代码不存在")
    return path


async def list_enterprises(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    region_code: str | None = None,
    q: str | None = None,
    white_listed: bool | None = None,
    established: Period | None = None,
    sort: str | None = None,
) -> tuple[list[ForeignEnterprise], int]:
    """A page of enterprises in scope."""
    stmt = scoped_enterprises(principal)
    if region_code:
        stmt = stmt.where(under_path(ForeignEnterprise.region_path, region_path_of(regions, region_code)))
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(
                ForeignEnterprise.name.contains(term, autoescape=True),
                ForeignEnterprise.uscc.startswith(term.upper(), autoescape=True),
            )
        )
    if white_listed is not None:
        stmt = stmt.where(ForeignEnterprise.is_white_listed.is_(white_listed))
    if established is not None:
        stmt = stmt.where(
            ForeignEnterprise.established_on >= established.first_day,
            ForeignEnterprise.established_on < established.end_day,
        )
    order = parse_sort(sort, SORTS, [ForeignEnterprise.updated_at.desc()])
    key = (TOPIC, scope_key(principal), region_code, q, white_listed, established)
    stmt = stmt.order_by(*order, ForeignEnterprise.id.desc())
    return await paginate(session, stmt, page, count_cache=COUNTS, count_key=key)


async def visit_stats(session: AsyncSession, ids: list[int]) -> dict[int, tuple[int, date | None]]:
    """Enterprise → (visits, last visit date)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(ForeignVisit.enterprise_id, func.count(), func.max(ForeignVisit.visited_on))
        .where(ForeignVisit.enterprise_id.in_(ids))
        .group_by(ForeignVisit.enterprise_id)
    )
    return {r[0]: (int(r[1]), r[2]) for r in rows}


async def get_enterprise(
    session: AsyncSession, *, principal: Principal, enterprise_id: int
) -> ForeignEnterprise | None:
    """One enterprise in scope."""
    return await session.scalar(scoped_enterprises(principal).where(ForeignEnterprise.id == enterprise_id))


async def create_enterprise(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: ForeignEnterpriseCreate
) -> ForeignEnterprise:
    """Register an enterprise (409 naming `uscc` when registered already)."""
    path = placed(regions, principal, data.region_code)
    _not_future(data.established_on, "established_on")
    _not_future(data.white_listed_on, "white_listed_on")
    if await session.scalar(select(ForeignEnterprise.id).where(ForeignEnterprise.uscc == data.uscc)) is not None:
        raise duplicate("uscc", "该统一社会信用代码已登记")
    ent = ForeignEnterprise(**data.model_dump(), region_path=path, created_by=principal.subject)
    await kit.insert(session, principal=principal, row=ent, name="foreign_enterprise", snapshot_of=enterprise_snapshot)
    COUNTS.invalidate(TOPIC)
    return ent


async def update_enterprise(
    session: AsyncSession,
    principal: Principal,
    regions: RegionDirectory,
    ent: ForeignEnterprise,
    data: ForeignEnterpriseUpdate,
) -> ForeignEnterprise:
    """Apply a partial update."""
    changes = data.model_dump(exclude_unset=True)
    _not_future(changes.get("established_on"), "established_on")
    _not_future(changes.get("white_listed_on"), "white_listed_on")
    await kit.change(
        session,
        principal=principal,
        row=ent,
        changes=changes,
        name="foreign_enterprise",
        regions=regions,
        snapshot_of=enterprise_snapshot,
    )
    COUNTS.invalidate(TOPIC)
    return ent


async def delete_enterprise(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, ent: ForeignEnterprise
) -> None:
    """Soft-delete (kept as a tombstone for sync)."""
    await kit.remove(session, principal=principal, row=ent, name="foreign_enterprise", snapshot_of=enterprise_snapshot)
    COUNTS.invalidate(TOPIC)


async def list_visits(session: AsyncSession, enterprise_id: int) -> list[ForeignVisit]:
    """An enterprise's visits, newest first."""
    stmt = (
        select(ForeignVisit)
        .where(ForeignVisit.enterprise_id == enterprise_id)
        .order_by(ForeignVisit.visited_on.desc(), ForeignVisit.id.desc())
    )
    return list((await session.scalars(stmt)).all())


async def add_visit(
    session: AsyncSession, *, principal: Principal, ent: ForeignEnterprise, data: ForeignVisitIn
) -> ForeignVisit:
    """Record a visit."""
    _not_future(data.visited_on, "visited_on")
    visit = ForeignVisit(enterprise_id=ent.id, **data.model_dump(), recorded_by=principal.subject)
    session.add(visit)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="foreign_enterprise.visit",
        entity_type="foreign_enterprise",
        entity_id=ent.id,
        region_code=ent.region_code,
        after={"visited_on": data.visited_on.isoformat(), "visitors": data.visitors, "campaign": data.campaign},
    )
    return visit


# Foreign capital --------------------------------------------------------------------------------------------


def scoped_capital(principal: Principal) -> Select[tuple[ForeignCapital]]:
    """Live figures the principal may see."""
    stmt = select(ForeignCapital).where(ForeignCapital.deleted_at.is_(None))
    return apply_scope(stmt, principal, CAPITAL_SCOPE)


def capital_filtered(
    stmt: Select[Any],
    *,
    period: Period | None = None,
    region_path: str | None = None,
    caliber: Caliber | None = None,
    enterprise_id: int | None = None,
) -> Select[Any]:
    """Restrict figures by period, region, caliber and enterprise."""
    if period is not None:
        stmt = stmt.where(ForeignCapital.month >= period.first_day, ForeignCapital.month < period.end_day)
    if region_path is not None:
        stmt = stmt.where(under_path(ForeignCapital.region_path, region_path))
    if caliber is not None:
        stmt = stmt.where(ForeignCapital.caliber == caliber.value)
    if enterprise_id is not None:
        stmt = stmt.where(ForeignCapital.enterprise_id == enterprise_id)
    return stmt


async def get_capital(session: AsyncSession, *, principal: Principal, capital_id: int) -> ForeignCapital | None:
    """One figure in scope."""
    return await session.scalar(scoped_capital(principal).where(ForeignCapital.id == capital_id))


async def enterprise_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Enterprise id → name."""
    if not ids:
        return {}
    rows = await session.execute(
        select(ForeignEnterprise.id, ForeignEnterprise.name).where(ForeignEnterprise.id.in_(ids))
    )
    return {i: name for i, name in rows}


async def create_capital(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: CapitalCreate
) -> ForeignCapital:
    """Record a month's figure in one caliber, placed in the region given or the enterprise's."""
    month = parse_month(data.month)
    check_month(month)
    region_code = data.region_code
    if data.enterprise_id is not None:
        ent = await get_enterprise(session, principal=principal, enterprise_id=data.enterprise_id)
        if ent is None:
            raise field_error("enterprise_id", "外资企业不存在")
        if region_code is not None and region_code != ent.region_code:
            raise field_error("region_code", "与外资企业所在区域不一致")
        region_code = ent.region_code
    if region_code is None:
        raise field_error("region_code", "请填写行政区划或外资企业")
    path = placed(regions, principal, region_code)
    record = ForeignCapital(
        region_code=region_code,
        region_path=path,
        month=month,
        caliber=data.caliber.value,
        amount_wan_usd=data.amount_wan_usd,
        enterprise_id=data.enterprise_id,
        note=data.note,
        created_by=principal.subject,
    )
    return await kit.insert(
        session, principal=principal, row=record, name="foreign_capital", snapshot_of=capital_snapshot
    )


async def update_capital(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, record: ForeignCapital, data: CapitalUpdate
) -> ForeignCapital:
    """Correct a figure (before and after audited)."""
    changes = data.model_dump(exclude_unset=True)
    if changes.get("caliber") is not None:
        changes["caliber"] = changes["caliber"].value
    if changes.get("month") is not None:
        changes["month"] = parse_month(changes["month"])
        check_month(changes["month"])
    return await kit.change(
        session, principal=principal, row=record, changes=changes, name="foreign_capital", snapshot_of=capital_snapshot
    )


async def delete_capital(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, record: ForeignCapital
) -> None:
    """Remove a figure entered by mistake (kept as a tombstone for sync)."""
    await kit.remove(session, principal=principal, row=record, name="foreign_capital", snapshot_of=capital_snapshot)


async def capital_totals(
    session: AsyncSession, *, principal: Principal, period: Period, region_path: str, caliber: Caliber
) -> tuple[Decimal, list[tuple[date, Decimal]], list[tuple[str, Decimal]]]:
    """One caliber's total, by month and by child region of the asked region."""
    stmt = capital_filtered(scoped_capital(principal), period=period, region_path=region_path, caliber=caliber)
    base = stmt.subquery()
    months = await session.execute(
        select(base.c.month, func.sum(base.c.amount_wan_usd)).group_by(base.c.month).order_by(base.c.month)
    )
    paths = await session.execute(
        select(base.c.region_path, func.sum(base.c.amount_wan_usd)).group_by(base.c.region_path)
    )
    by_month = [(m, Decimal(a)) for m, a in months]
    by_child: dict[str, Decimal] = {}
    for path, amount in paths:
        code = child_code(path, region_path)
        by_child[code] = by_child.get(code, Decimal(0)) + Decimal(amount)
    total = sum((a for _, a in by_month), start=Decimal(0))
    return total, by_month, sorted(by_child.items())


def enterprise_changes(principal: Principal) -> Select[tuple[ForeignEnterprise]]:
    """Enterprises in scope for the sync feed, tombstones included."""
    return apply_scope(select(ForeignEnterprise), principal, ENTERPRISE_SCOPE)
