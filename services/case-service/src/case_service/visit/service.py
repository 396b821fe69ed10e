"""Data access for visits: scope follows the visited enterprise's region."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.enterprise.models import Enterprise
from case_service.pairing.service import enterprise_for_write, enterprise_in_scope_for_write
from case_service.visit.models import Visit, VisitProblem
from case_service.visit.schemas import VisitCreate, VisitUpdate
from platform_core.auth import Principal
from platform_core.pagination import PageParams, paginate, parse_sort
from platform_core.problems import ProblemError, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, apply_scope, region_filter

SCOPE = ScopeColumns(
    region_path=Enterprise.region_path,
    region_code=Enterprise.region_code,
    unit_ids=Visit.unit_id,
    enterprise_uscc=Visit.enterprise_uscc,
)

SORTS = {
    "visit_date": Visit.visit_date,
    "updated_at": Visit.updated_at,
    "id": Visit.id,
}


def snapshot(visit: Visit) -> dict[str, Any]:
    """The audited content of a visit."""
    return {
        "visit_date": visit.visit_date.isoformat(),
        "enterprise_uscc": visit.enterprise_uscc,
        "visitors": list(visit.visitors or []),
        "unit_id": visit.unit_id,
        "unit_name": visit.unit_name,
        "campaign": visit.campaign,
        "notes": visit.notes,
        "problems": [{"id": p.id, "description": p.description, "case_id": p.case_id} for p in visit.problems],
    }


def scoped(principal: Principal, *, with_tombstones: bool = False) -> Select[tuple[Visit]]:
    """Visits the principal may see (through the visited enterprise's region)."""
    stmt = select(Visit).join(Enterprise, Enterprise.uscc == Visit.enterprise_uscc)
    if not with_tombstones:
        stmt = stmt.where(Visit.deleted_at.is_(None))
    return apply_scope(stmt, principal, SCOPE)


async def list_visits(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    region_code: str | None = None,
    enterprise_uscc: str | None = None,
    campaign: str | None = None,
    unit_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> tuple[list[Visit], int]:
    """A page of visits in scope, newest first by default."""
    stmt = scoped(principal)
    stmt = stmt.where(*region_filter(Enterprise.region_path, regions, region_code))
    if enterprise_uscc:
        stmt = stmt.where(Visit.enterprise_uscc == enterprise_uscc.strip().upper())
    if campaign:
        stmt = stmt.where(Visit.campaign == campaign)
    if unit_id is not None:
        stmt = stmt.where(Visit.unit_id == unit_id)
    if date_from is not None:
        stmt = stmt.where(Visit.visit_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(Visit.visit_date <= date_to)
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(Enterprise.name.contains(term, autoescape=True), Visit.notes.contains(term, autoescape=True))
        )
    order = parse_sort(sort, SORTS, [Visit.visit_date.desc()])
    return await paginate(session, stmt.order_by(*order, Visit.id.desc()), page)


async def get_visit(session: AsyncSession, *, principal: Principal, visit_id: int) -> Visit | None:
    """One live visit in scope, or None."""
    return await session.scalar(scoped(principal).where(Visit.id == visit_id))


async def create_visit(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: VisitCreate
) -> Visit:
    """Record a visit to an enterprise in the writer's scope."""
    ent = await enterprise_for_write(session, principal=principal, uscc=data.enterprise_uscc)
    visit = Visit(**data.model_dump(exclude={"problems"}), created_by=principal.subject)
    visit.problems = [VisitProblem(seq=i, description=d) for i, d in enumerate(data.problems, start=1)]
    return await kit.insert(
        session, principal=principal, row=visit, name="visit", snapshot_of=snapshot, region_code=ent.region_code
    )


def _replace_problems(visit: Visit, wanted: list[dict[str, Any]]) -> None:
    """Keep named problems (updating their text), add new ones, drop the rest unless already a case."""
    current = {p.id: p for p in visit.problems}
    kept: list[VisitProblem] = []
    for index, item in enumerate(wanted):
        pid = item.get("id")
        if pid is None:
            kept.append(VisitProblem(description=item["description"], seq=0))
            continue
        problem = current.pop(pid, None)
        if problem is None:
            raise field_error(f"problems.{index}.id", "该问题不属于此走访记录")
        if problem.case_id is not None and problem.description != item["description"]:
            raise field_error(f"problems.{index}.description", "已转诉求的问题不能修改")
        problem.description = item["description"]
        kept.append(problem)
    for problem in current.values():
        if problem.case_id is not None:
            raise ProblemError(
                409,
                "conflict",
                "已转诉求的问题不能删除",
                errors=[
                    {"field": "problems", "location": "body", "message": "已转诉求的问题不能删除", "code": "linked"}
                ],
            )
    for seq, problem in enumerate(kept, start=1):
        problem.seq = seq
    visit.problems = kept


async def update_visit(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, visit: Visit, data: VisitUpdate
) -> Visit:
    """Apply a partial update; the problem list is replaced as a whole (problems already cases stay)."""
    ent = await enterprise_for_write(session, principal=principal, uscc=visit.enterprise_uscc)
    changes = data.model_dump(exclude_unset=True)
    problems = changes.pop("problems", [])
    if problems is None:
        raise field_error("problems", "不能为空")

    async def validate(changed: Visit) -> None:
        if "problems" in data.model_fields_set:
            _replace_problems(changed, problems)

    return await kit.change(
        session,
        principal=principal,
        row=visit,
        changes=changes,
        name="visit",
        validate=validate,
        snapshot_of=snapshot,
        region_code=ent.region_code,
    )


async def delete_visit(session: AsyncSession, principal: Principal, regions: RegionDirectory, visit: Visit) -> None:
    """Soft-delete a visit (kept as a tombstone for sync); refused once a problem of it became a case."""
    ent = await enterprise_in_scope_for_write(session, principal=principal, uscc=visit.enterprise_uscc)
    if any(p.case_id is not None for p in visit.problems):
        raise ProblemError(409, "conflict", "走访记录中已有问题转为诉求，不能删除")
    await kit.remove(
        session, principal=principal, row=visit, name="visit", snapshot_of=snapshot, region_code=ent.region_code
    )
