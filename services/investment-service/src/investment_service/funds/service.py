"""Data access for funds in place: scoped through the project, corrections as new revisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit
from investment_service.funds.models import FundRecord
from investment_service.funds.schemas import FundCorrection, FundCreate
from investment_service.project.models import Project
from investment_service.project.service import SCOPE as PROJECT_SCOPE
from platform_core.auth import Principal
from platform_core.db import utcnow
from platform_core.periods import Period, month_text, today
from platform_core.problems import ProblemError, field_error
from platform_core.scope import apply_scope, under_path


def _snapshot(f: FundRecord) -> dict[str, Any]:
    return {
        "month": month_text(f.month),
        "amount_wan_yuan": str(f.amount_wan_yuan),
        "revision": f.revision,
        "note": f.note,
    }


def check_month(month: date, field: str = "month") -> None:
    """A figure is for a month that has begun (422 naming the field otherwise)."""
    now = today()
    if (month.year, month.month) > (now.year, now.month):
        raise field_error(field, "不能填报未来月份")


async def project_funds(session: AsyncSession, project_id: int, *, include_history: bool) -> list[FundRecord]:
    """A project's figures by month (and revision)."""
    stmt = select(FundRecord).where(FundRecord.project_id == project_id)
    if not include_history:
        stmt = stmt.where(FundRecord.is_current.is_(True))
    return list((await session.scalars(stmt.order_by(FundRecord.month, FundRecord.revision))).all())


async def current_of(session: AsyncSession, project_id: int, month: date) -> FundRecord | None:
    """The current revision of a project's month."""
    return await session.scalar(
        select(FundRecord).where(
            FundRecord.project_id == project_id, FundRecord.month == month, FundRecord.is_current.is_(True)
        )
    )


async def create_fund(
    session: AsyncSession, *, principal: Principal, project: Project, month: date, data: FundCreate
) -> FundRecord:
    """Record a month's first figure (409 naming `month` when it has one: correct it instead)."""
    check_month(month)
    if await current_of(session, project.id, month) is not None:
        raise ProblemError(
            409,
            "conflict",
            f"{month_text(month)}已填报，如需修改请提交更正",
            errors=[{"field": "month", "location": "body", "message": "该月已填报", "code": "duplicate"}],
        )
    record = FundRecord(
        project_id=project.id,
        month=month,
        revision=1,
        is_current=True,
        amount_wan_yuan=data.amount_wan_yuan,
        note=data.note,
        recorded_by=principal.subject,
        recorded_by_name=principal.name,
    )
    session.add(record)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent first figure of the same month
        raise ProblemError(409, "conflict", f"{month_text(month)}已填报") from exc
    await audit.record(
        session,
        principal=principal,
        action="fund.create",
        entity_type="project_fund",
        entity_id=project.id,
        region_code=project.region_code,
        after=_snapshot(record),
    )
    return record


async def correct_fund(
    session: AsyncSession, *, principal: Principal, project: Project, current: FundRecord, data: FundCorrection
) -> FundRecord:
    """Supersede the month's current revision with a new one; the old one stays, marked superseded."""
    now = utcnow()
    current.is_current = False
    current.superseded_at = now
    current.updated_at = now
    # The old revision must stop being current before the new one is inserted (one current row per month).
    await session.flush()
    record = FundRecord(
        project_id=project.id,
        month=current.month,
        revision=current.revision + 1,
        is_current=True,
        amount_wan_yuan=data.amount_wan_yuan,
        note=data.reason,
        recorded_by=principal.subject,
        recorded_by_name=principal.name,
    )
    session.add(record)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="fund.correct",
        entity_type="project_fund",
        entity_id=project.id,
        region_code=project.region_code,
        before=_snapshot(current),
        after=_snapshot(record),
        detail=data.reason,
    )
    return record


def scoped_current(principal: Principal) -> Select[tuple[FundRecord, Project]]:
    """Current figures of live projects in scope, with the project."""
    stmt = (
        select(FundRecord, Project)
        .join(Project, Project.id == FundRecord.project_id)
        .where(FundRecord.is_current.is_(True), Project.deleted_at.is_(None))
    )
    return apply_scope(stmt, principal, PROJECT_SCOPE)


def filtered(
    stmt: Select[Any], *, period: Period | None, region_path: str | None, project_id: int | None
) -> Select[Any]:
    """Restrict the cross-project list."""
    if period is not None:
        stmt = stmt.where(FundRecord.month >= period.first_day, FundRecord.month < period.end_day)
    if region_path is not None:
        stmt = stmt.where(under_path(Project.region_path, region_path))
    if project_id is not None:
        stmt = stmt.where(FundRecord.project_id == project_id)
    return stmt


def count_of(stmt: Select[Any]) -> Select[tuple[int]]:
    """The count of the rows a filtered select covers."""
    return select(func.count()).select_from(stmt.order_by(None).subquery())


def changes(principal: Principal) -> Select[tuple[FundRecord]]:
    """Fund revisions of projects in scope, for the sync feed."""
    in_scope = apply_scope(select(Project.id), principal, PROJECT_SCOPE)
    return select(FundRecord).where(FundRecord.project_id.in_(in_scope))
