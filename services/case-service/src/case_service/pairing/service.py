"""Data access for pairings: scope follows the paired enterprise's region."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.models import Case, CaseState
from case_service.case.service import overdue_condition
from case_service.core import kit
from case_service.enterprise.models import Enterprise
from case_service.pairing.models import Pairing
from case_service.pairing.schemas import EnterpriseBrief, PairingCreate, PairingUpdate, check_date_range
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, apply_scope, ensure_region_writable, region_filter

SCOPE = ScopeColumns(
    region_path=Enterprise.region_path,
    region_code=Enterprise.region_code,
    unit_ids=Pairing.unit_id,
    enterprise_uscc=Pairing.enterprise_uscc,
    owner_user_id=Pairing.user_id,
)

SORTS = {
    "start_date": Pairing.start_date,
    "person_name": Pairing.person_name,
    "kind": Pairing.kind,
    "updated_at": Pairing.updated_at,
    "id": Pairing.id,
}

AUDITED_FIELDS = (
    "user_id",
    "person_name",
    "person_title",
    "unit_id",
    "unit_name",
    "enterprise_uscc",
    "kind",
    "start_date",
    "end_date",
    "note",
)


def snapshot(row: Pairing) -> dict[str, Any]:
    """The audited fields of a pairing (dates as ISO text for the JSON column)."""
    out: dict[str, Any] = {}
    for f in AUDITED_FIELDS:
        value = getattr(row, f)
        out[f] = value.isoformat() if isinstance(value, date) else value
    return out


def in_effect(on: date) -> Any:
    """Pairings whose period covers a local day."""
    return and_(Pairing.start_date <= on, or_(Pairing.end_date.is_(None), Pairing.end_date >= on))


def in_effect_on(row: Pairing, on: date) -> bool:
    """Whether one pairing's period covers a local day."""
    return row.start_date <= on and (row.end_date is None or row.end_date >= on)


def overlapping(first: date, last: date) -> Any:
    """Pairings whose period overlaps the closed span [first, last]."""
    return and_(Pairing.start_date <= last, or_(Pairing.end_date.is_(None), Pairing.end_date >= first))


def scoped(principal: Principal, *, with_tombstones: bool = False) -> Select[tuple[Pairing]]:
    """Pairings the principal may see (through the paired enterprise's region)."""
    stmt = select(Pairing).join(Enterprise, Enterprise.uscc == Pairing.enterprise_uscc)
    if not with_tombstones:
        stmt = stmt.where(Pairing.deleted_at.is_(None))
    return apply_scope(stmt, principal, SCOPE)


async def enterprises_by_uscc(session: AsyncSession, usccs: set[str]) -> dict[str, Enterprise]:
    """Directory rows for a set of codes (tombstones included: a record keeps pointing at its enterprise)."""
    if not usccs:
        return {}
    rows = await session.scalars(select(Enterprise).where(Enterprise.uscc.in_(sorted(usccs))))
    return {e.uscc: e for e in rows}


async def enterprise_for_write(
    session: AsyncSession, *, principal: Principal, uscc: str, field: str = "enterprise_uscc"
) -> Enterprise:
    """The live directory enterprise a new record refers to: 422 if unknown, 403 if outside the writer's scope."""
    ent = await session.scalar(select(Enterprise).where(Enterprise.uscc == uscc, Enterprise.deleted_at.is_(None)))
    if ent is None:
        raise field_error(field, "企业不在企业名录中")
    ensure_region_writable(principal, ent.region_path, ent.region_code, field)
    return ent


async def enterprise_in_scope_for_write(session: AsyncSession, *, principal: Principal, uscc: str) -> Enterprise:
    """The directory row (tombstones included) a record being removed refers to, checked for the writer's scope."""
    ent = await session.scalar(select(Enterprise).where(Enterprise.uscc == uscc))
    if ent is None:
        raise field_error("enterprise_uscc", "企业不在企业名录中")
    ensure_region_writable(principal, ent.region_path, ent.region_code, "enterprise_uscc")
    return ent


async def list_pairings(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    region_code: str | None = None,
    enterprise_uscc: str | None = None,
    kind: str | None = None,
    user_id: int | None = None,
    unit_id: int | None = None,
    active_on: date | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> tuple[list[Pairing], int]:
    """A page of pairings in scope, filtered and sorted."""
    stmt = scoped(principal)
    stmt = stmt.where(*region_filter(Enterprise.region_path, regions, region_code))
    if enterprise_uscc:
        stmt = stmt.where(Pairing.enterprise_uscc == enterprise_uscc.strip().upper())
    if kind:
        stmt = stmt.where(Pairing.kind == kind)
    if user_id is not None:
        stmt = stmt.where(Pairing.user_id == user_id)
    if unit_id is not None:
        stmt = stmt.where(Pairing.unit_id == unit_id)
    if active_on is not None:
        stmt = stmt.where(in_effect(active_on))
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(Pairing.person_name.contains(term, autoescape=True), Enterprise.name.contains(term, autoescape=True))
        )
    order = parse_sort(sort, SORTS, [Pairing.start_date.desc()])
    return await paginate(session, stmt.order_by(*order, Pairing.id.desc()), page)


async def get_pairing(session: AsyncSession, *, principal: Principal, pairing_id: int) -> Pairing | None:
    """One live pairing in scope, or None."""
    return await session.scalar(scoped(principal).where(Pairing.id == pairing_id))


async def _refuse_duplicate(session: AsyncSession, row: Pairing, exclude_id: int | None = None) -> None:
    """409 when the same person already has the same kind of pairing with the enterprise for an overlapping span."""
    last = row.end_date or date.max
    same_person = Pairing.user_id == row.user_id if row.user_id is not None else Pairing.person_name == row.person_name
    stmt = select(Pairing.id).where(
        Pairing.deleted_at.is_(None),
        Pairing.enterprise_uscc == row.enterprise_uscc,
        Pairing.kind == row.kind,
        same_person,
        overlapping(row.start_date, last),
    )
    if exclude_id is not None:
        stmt = stmt.where(Pairing.id != exclude_id)
    if await session.scalar(stmt.limit(1)) is not None:
        raise ProblemError(
            409,
            "conflict",
            "该人员在此期间已包联该企业",
            errors=[{"field": "start_date", "location": "body", "message": "与已有包联期间重叠", "code": "overlap"}],
        )


async def create_pairing(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: PairingCreate
) -> Pairing:
    """Pair a person with an enterprise in the writer's scope."""
    ent = await enterprise_for_write(session, principal=principal, uscc=data.enterprise_uscc)
    row = Pairing(**data.model_dump(), created_by=principal.subject)
    await _refuse_duplicate(session, row)
    return await kit.insert(
        session, principal=principal, row=row, name="pairing", snapshot_of=snapshot, region_code=ent.region_code
    )


async def update_pairing(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, row: Pairing, data: PairingUpdate
) -> Pairing:
    """Apply a partial update (no overlap with another pairing of the same person and enterprise)."""
    ent = await enterprise_for_write(session, principal=principal, uscc=row.enterprise_uscc)

    async def validate(changed: Pairing) -> None:
        check_date_range(changed.start_date, changed.end_date)
        await _refuse_duplicate(session, changed, exclude_id=changed.id)

    return await kit.change(
        session,
        principal=principal,
        row=row,
        changes=data.model_dump(exclude_unset=True),
        name="pairing",
        validate=validate,
        snapshot_of=snapshot,
        region_code=ent.region_code,
    )


async def delete_pairing(session: AsyncSession, principal: Principal, regions: RegionDirectory, row: Pairing) -> None:
    """Soft-delete: the row stays as a tombstone for incremental sync."""
    ent = await enterprise_in_scope_for_write(session, principal=principal, uscc=row.enterprise_uscc)
    await kit.remove(
        session, principal=principal, row=row, name="pairing", snapshot_of=snapshot, region_code=ent.region_code
    )


async def my_pairings(session: AsyncSession, *, principal: Principal, on: date) -> list[Pairing]:
    """The caller's own pairings in effect on a day, enterprise order."""
    if principal.user_id is None:
        return []
    stmt = scoped(principal).where(Pairing.user_id == principal.user_id, in_effect(on))
    return list((await session.scalars(stmt.order_by(Enterprise.name, Pairing.id))).all())


async def open_case_counts(session: AsyncSession, usccs: set[str], *, now: datetime) -> dict[str, tuple[int, int]]:
    """(open, overdue) cases per enterprise: not yet resolved or closed, and of those past their deadline."""
    # The caller's pairing is what entitles it to these counts, so they are not narrowed by the case scope.
    if not usccs:
        return {}
    done = [s.value for s in (CaseState.RESOLVED, CaseState.VISITED, CaseState.CLOSED)]
    rows = await session.execute(
        select(
            Case.enterprise_uscc,
            func.count(),
            func.sum(case((overdue_condition(now), 1), else_=0)),
        )
        .where(Case.enterprise_uscc.in_(sorted(usccs)), Case.state.not_in(done))
        .group_by(Case.enterprise_uscc)
    )
    return {uscc: (int(n), int(late or 0)) for uscc, n, late in rows}


def brief(uscc: str, ent: Enterprise | None, regions: RegionDirectory) -> EnterpriseBrief:
    """The enterprise part of a record; a deleted directory entry shows only its code."""
    if ent is None or ent.deleted_at is not None:
        return EnterpriseBrief(uscc=uscc, name=None, region_code=None, region_name=None, is_key=None)
    return EnterpriseBrief(
        uscc=ent.uscc,
        name=ent.name,
        region_code=ent.region_code,
        region_name=regions.name_of(ent.region_code),
        is_key=ent.is_key,
        industry=ent.industry,
    )
