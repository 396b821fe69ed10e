"""Data access for rounds and the projects they listed (project counts go through the data scope)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import kit
from investment_service.levels import own_level
from investment_service.project.models import Project, ProjectStageEvent
from investment_service.project.service import scoped_projects
from investment_service.rounds.models import Round
from investment_service.rounds.schemas import RoundCreate, RoundKind, RoundUpdate
from investment_service.rounds.usable import readable
from platform_core.auth import Principal
from platform_core.problems import duplicate, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ensure_level_editable

LISTED_STAGES = ("signed", "started", "in_production")


def _snapshot(r: Round) -> dict[str, Any]:
    return {
        "number": r.number,
        "held_on": r.held_on.isoformat(),
        "venue": r.venue,
        "kind": r.kind,
        "title": r.title,
        "notes": r.notes,
        "code_pattern": r.code_pattern,
        "region_code": r.region_code,
    }


async def list_rounds(session: AsyncSession, principal: Principal, *, year: int | None = None) -> list[Round]:
    """Rounds the caller reads, newest first."""
    # On one day a city's own record before the province's round: the caller's own list comes first.
    nearest = func.length(Round.region_path).desc()
    stmt = select(Round).where(readable(principal)).order_by(Round.held_on.desc(), nearest, Round.id.desc())
    if year is not None:
        stmt = stmt.where(func.extract("year", Round.held_on) == year)
    return list((await session.scalars(stmt)).all())


async def get_round(session: AsyncSession, principal: Principal | None, *, round_id: int) -> Round | None:
    """One round by id, when the caller reads it (any round without a caller: a write checks its level)."""
    stmt = select(Round).where(Round.id == round_id)
    return await session.scalar(stmt if principal is None else stmt.where(readable(principal)))


async def rounds_by_id(session: AsyncSession, ids: set[int]) -> dict[int, Round]:
    """Rounds keyed by id."""
    if not ids:
        return {}
    return {r.id: r for r in (await session.scalars(select(Round).where(Round.id.in_(ids)))).all()}


async def listings(
    session: AsyncSession, *, principal: Principal, round_ids: list[int]
) -> dict[tuple[int, str], tuple[int, Decimal]]:
    """(round, step) → (projects, contracted investment 万元) listed, counting only projects in scope."""
    if not round_ids:
        return {}
    projects = scoped_projects(principal).subquery()
    rows = await session.execute(
        select(
            ProjectStageEvent.round_id,
            ProjectStageEvent.to_stage,
            func.count(func.distinct(projects.c.id)),
            func.coalesce(func.sum(projects.c.contracted_investment_wan_yuan), 0),
        )
        .join(projects, projects.c.id == ProjectStageEvent.project_id)
        .where(ProjectStageEvent.round_id.in_(round_ids), ProjectStageEvent.to_stage.in_(LISTED_STAGES))
        .group_by(ProjectStageEvent.round_id, ProjectStageEvent.to_stage)
    )
    return {(r[0], r[1]): (int(r[2]), Decimal(r[3])) for r in rows}


def listed_projects(principal: Principal, *, round_id: int, stage: str | None) -> Select[tuple[Project]]:
    """Projects in scope a round listed (at one step, or at any)."""
    steps = select(ProjectStageEvent.project_id).where(ProjectStageEvent.round_id == round_id)
    if stage is not None:
        steps = steps.where(ProjectStageEvent.to_stage == stage)
    return scoped_projects(principal).where(Project.id.in_(steps))


async def _ensure_unique(
    session: AsyncSession, region_code: str, kind: str, number: int, exclude_id: int | None = None
) -> None:
    stmt = select(Round.id).where(Round.region_code == region_code, Round.kind == kind, Round.number == number)
    if exclude_id is not None:
        stmt = stmt.where(Round.id != exclude_id)
    if await session.scalar(stmt) is not None:
        raise duplicate("number", f"第{number}期已存在")


def _check_kind(level: int, kind: str) -> None:
    """The province's rounds are its own 全省集中 events; a city keeps both kinds."""
    if level == 1 and kind != RoundKind.PROVINCIAL.value:
        raise field_error("kind", "省级批次的类型为全省集中")


async def create_round(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: RoundCreate
) -> Round:
    """Add a round at the caller's own level (409 naming `number` when that round of that kind exists there)."""
    owner = own_level(principal, regions, "“三个一批”批次")
    _check_kind(owner.level, data.kind.value)
    await _ensure_unique(session, owner.code, data.kind.value, data.number)
    r = Round(
        **data.model_dump(mode="python"), region_code=owner.code, region_path=owner.path, created_by=principal.subject
    )
    r.kind = data.kind.value
    return await kit.insert(session, principal=principal, row=r, name="round", snapshot_of=_snapshot)


async def update_round(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, r: Round, data: RoundUpdate
) -> Round:
    """Change a round of the caller's own level (its kind and number stay unique there)."""
    ensure_level_editable(principal, r.region_code, "region_code")
    changes = data.model_dump(exclude_unset=True)
    if changes.get("kind") is not None:
        changes["kind"] = changes["kind"].value
    kind = str(changes.get("kind") or r.kind)
    number = int(changes.get("number") or r.number)
    region = regions.get(r.region_code)
    _check_kind(region.level if region is not None else 2, kind)
    if (kind, number) != (r.kind, r.number):
        await _ensure_unique(session, r.region_code, kind, number, exclude_id=r.id)
    return await kit.change(session, principal=principal, row=r, changes=changes, name="round", snapshot_of=_snapshot)
