"""Data access for campaign staff: scope by the campaign's region."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.staff.models import CampaignStaff
from case_service.staff.schemas import StaffCreate, StaffUpdate
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, apply_scope, known_path, placed, under_path

SCOPE = ScopeColumns(
    region_path=CampaignStaff.region_path,
    region_code=CampaignStaff.region_code,
    unit_ids=CampaignStaff.unit_id,
)

SORTS = {
    "name": CampaignStaff.name,
    "from_date": CampaignStaff.from_date,
    "group": CampaignStaff.group,
    "updated_at": CampaignStaff.updated_at,
    "id": CampaignStaff.id,
}

AUDITED_FIELDS = (
    "name",
    "position",
    "unit_id",
    "unit_name",
    "group",
    "group_name",
    "from_date",
    "to_date",
    "region_code",
    "note",
)


def snapshot(row: CampaignStaff) -> dict[str, Any]:
    """The audited fields of a secondment."""
    out: dict[str, Any] = {}
    for f in AUDITED_FIELDS:
        value = getattr(row, f)
        out[f] = value.isoformat() if isinstance(value, date) else value
    return out


def overlapping(first: date, last: date) -> ColumnElement[bool]:
    """Secondments that cover at least one day of the closed span [first, last]."""
    return and_(
        CampaignStaff.from_date <= last,
        or_(CampaignStaff.to_date.is_(None), CampaignStaff.to_date >= first),
    )


def scoped(principal: Principal) -> Select[tuple[CampaignStaff]]:
    """Secondments the principal may see."""
    return apply_scope(select(CampaignStaff), principal, SCOPE)


def _region_path(regions: RegionDirectory, region_code: str) -> str:
    return known_path(regions, region_code)


async def list_staff(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    group: str | None = None,
    region_code: str | None = None,
    active_on: date | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> tuple[list[CampaignStaff], int]:
    """A page of secondments in scope."""
    stmt = scoped(principal)
    if group:
        stmt = stmt.where(CampaignStaff.group == group)
    if region_code:
        stmt = stmt.where(under_path(CampaignStaff.region_path, _region_path(regions, region_code)))
    if active_on is not None:
        stmt = stmt.where(overlapping(active_on, active_on))
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(
                CampaignStaff.name.contains(term, autoescape=True),
                CampaignStaff.unit_name.contains(term, autoescape=True),
            )
        )
    order = parse_sort(sort, SORTS, [CampaignStaff.from_date.desc()])
    return await paginate(session, stmt.order_by(*order, CampaignStaff.id.desc()), page)


async def get_staff(session: AsyncSession, *, principal: Principal, staff_id: int) -> CampaignStaff | None:
    """One secondment in scope, or None."""
    return await session.scalar(scoped(principal).where(CampaignStaff.id == staff_id))


async def _refuse_duplicate(session: AsyncSession, row: CampaignStaff, exclude_id: int | None = None) -> None:
    """409 when the same person of the same unit is already seconded to the same group for an overlapping span."""
    stmt = select(CampaignStaff.id).where(
        CampaignStaff.name == row.name,
        CampaignStaff.unit_name == row.unit_name,
        CampaignStaff.group == row.group,
        CampaignStaff.region_code == row.region_code,
        overlapping(row.from_date, row.to_date or date.max),
    )
    if exclude_id is not None:
        stmt = stmt.where(CampaignStaff.id != exclude_id)
    if await session.scalar(stmt.limit(1)) is not None:
        raise ProblemError(
            409,
            "conflict",
            "该人员在此期间已登记同一去向",
            errors=[{"field": "from_date", "location": "body", "message": "与已有抽调期间重叠", "code": "overlap"}],
        )


#: The audit's entity type of a secondment (its actions are `staff.*`).
ENTITY = "campaign_staff"


async def create_staff(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: StaffCreate
) -> CampaignStaff:
    """Register a secondment."""
    path = placed(regions, principal, data.region_code)
    row = CampaignStaff(**data.model_dump(), region_path=path, created_by=principal.subject)
    await _refuse_duplicate(session, row)
    return await kit.insert(session, principal=principal, row=row, name="staff", entity=ENTITY, snapshot_of=snapshot)


async def update_staff(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: CampaignStaff, data: StaffUpdate
) -> CampaignStaff:
    """Apply a partial update (e.g. the return date)."""
    placed(regions, principal, row.region_code)

    async def validate(changed: CampaignStaff) -> None:
        if changed.to_date is not None and changed.to_date < changed.from_date:
            raise field_error("to_date", "结束日期不能早于开始日期")
        await _refuse_duplicate(session, changed, exclude_id=changed.id)

    return await kit.change(
        session,
        principal=principal,
        row=row,
        changes=data.model_dump(exclude_unset=True),
        name="staff",
        entity=ENTITY,
        regions=regions,
        validate=validate,
        snapshot_of=snapshot,
    )


async def delete_staff(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: CampaignStaff
) -> None:
    """Delete a secondment registered by mistake (the audit entry keeps it)."""
    placed(regions, principal, row.region_code)
    await kit.remove(
        session, principal=principal, row=row, name="staff", entity=ENTITY, snapshot_of=snapshot, tombstone=False
    )


async def seconded_in(
    session: AsyncSession,
    *,
    principal: Principal,
    first: date,
    last: date,
    region_path: str | None = None,
) -> list[CampaignStaff]:
    """Secondments in scope covering at least one day of [first, last], optionally under a region."""
    stmt = scoped(principal).where(overlapping(first, last))
    if region_path:
        stmt = stmt.where(under_path(CampaignStaff.region_path, region_path))
    return list((await session.scalars(stmt.order_by(CampaignStaff.group, CampaignStaff.id))).all())
