"""Data access for projects: every query passes through the data scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import audit, kit
from investment_service.dictionary.service import ensure_usable
from investment_service.project import codes, flows
from investment_service.project.flows import Stage
from investment_service.project.models import Project, ProjectProgress, ProjectStageEvent
from investment_service.project.schemas import (
    CATEGORY_LABELS,
    CATEGORY_THRESHOLDS_WAN_YUAN,
    Category,
    Investor,
    InvestorOrigin,
    ProgressIn,
    ProjectCreate,
    ProjectUpdate,
)
from investment_service.rounds.usable import usable_round
from platform_core.auth import Principal
from platform_core.pagination import CountCache, PageParams, paginate, parse_sort
from platform_core.periods import today
from platform_core.problems import duplicate, field_error
from platform_core.regions import RegionDirectory
from platform_core.scope import ScopeColumns, apply_scope, placed, region_filter, scope_key

SCOPE = ScopeColumns(region_path=Project.region_path, region_code=Project.region_code)

SORTS = {
    "code": Project.code,
    "name": Project.name,
    "contracted_investment_wan_yuan": Project.contracted_investment_wan_yuan,
    "signed_on": Project.signed_on,
    "created_at": Project.created_at,
    "updated_at": Project.updated_at,
    "id": Project.id,
}

TOPIC = "project"
COUNTS = CountCache(ttl_s=5.0)

AUDITED_FIELDS = (
    "code",
    "name",
    "investor_name",
    "investor_uscc",
    "investor_origin",
    "investor_province_code",
    "investor_country_region",
    "industry",
    "industry_chain_code",
    "category",
    "region_code",
    "contracted_investment_wan_yuan",
    "chief_service_officer",
    "linked_case_ids",
    "description",
)


def snapshot(p: Project) -> dict[str, Any]:
    """The audited fields of a project (amounts as text, as the API shows them)."""
    out = {f: getattr(p, f) for f in AUDITED_FIELDS}
    out["contracted_investment_wan_yuan"] = str(p.contracted_investment_wan_yuan)
    out["linked_case_ids"] = list(p.linked_case_ids or [])
    return out


def warnings_of(category: str, amount_wan_yuan: Decimal) -> list[str]:
    """The category threshold warnings of domain §5 (shown, never blocking)."""
    cat = Category(category)
    threshold = CATEGORY_THRESHOLDS_WAN_YUAN[cat]
    if amount_wan_yuan >= threshold:
        return []
    return [
        f"{CATEGORY_LABELS[cat]}项目签约投资额一般不低于{_yi(threshold)}亿元，当前为{_yi(amount_wan_yuan)}亿元，请核实"
    ]


def _yi(wan_yuan: Decimal) -> str:
    """万元 → 亿元 as plain text without trailing zeros."""
    value = (wan_yuan / Decimal(10000)).normalize()
    return f"{value:f}"


def scoped_projects(principal: Principal) -> Select[tuple[Project]]:
    """Live projects the principal may see."""
    return apply_scope(select(Project).where(Project.deleted_at.is_(None)), principal, SCOPE)


async def list_projects(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    page: PageParams,
    region_code: str | None = None,
    q: str | None = None,
    stage: list[str] | None = None,
    category: str | None = None,
    origin: str | None = None,
    industry_chain_code: str | None = None,
    round_id: int | None = None,
    investor_uscc: str | None = None,
    sort: str | None = None,
) -> tuple[list[Project], int]:
    """A page of projects in scope, filtered and sorted."""
    stmt = scoped_projects(principal)
    if region_code:
        stmt = stmt.where(*region_filter(Project.region_path, regions, region_code))
    if q:
        term = q.strip()
        stmt = stmt.where(
            or_(Project.name.contains(term, autoescape=True), Project.code.startswith(term, autoescape=True))
        )
    if stage:
        stmt = stmt.where(Project.stage.in_(stage))
    if category:
        stmt = stmt.where(Project.category == category)
    if origin:
        stmt = stmt.where(Project.investor_origin == origin)
    if industry_chain_code:
        stmt = stmt.where(Project.industry_chain_code == industry_chain_code)
    if round_id is not None:
        steps = select(ProjectStageEvent.project_id).where(ProjectStageEvent.round_id == round_id)
        stmt = stmt.where(Project.id.in_(steps))
    if investor_uscc:
        stmt = stmt.where(Project.investor_uscc == investor_uscc.upper())
    order = parse_sort(sort, SORTS, [Project.updated_at.desc()])
    key = (
        TOPIC,
        scope_key(principal),
        region_code,
        q,
        tuple(stage or ()),
        category,
        origin,
        industry_chain_code,
        round_id,
        investor_uscc,
    )
    return await paginate(session, stmt.order_by(*order, Project.id.desc()), page, count_cache=COUNTS, count_key=key)


async def get_project(session: AsyncSession, *, principal: Principal, project_id: int) -> Project | None:
    """One project in scope, or None (out of scope looks the same as absent)."""
    return await session.scalar(scoped_projects(principal).where(Project.id == project_id))


async def stage_events(session: AsyncSession, project_id: int) -> list[ProjectStageEvent]:
    """A project's steps in order."""
    stmt = select(ProjectStageEvent).where(ProjectStageEvent.project_id == project_id).order_by(ProjectStageEvent.seq)
    return list((await session.scalars(stmt)).all())


def check_investor(regions: RegionDirectory, investor: Investor, region_path: str) -> None:
    """An out-of-province investor names a real province other than the project's own (422 otherwise)."""
    if investor.origin is not InvestorOrigin.OUT_OF_PROVINCE or investor.province_code is None:
        return
    province = regions.get(investor.province_code)
    if province is None or province.level != 1:
        raise field_error("investor.province_code", "省份代码不存在")
    home = region_path.strip("/").split("/")[0]
    if investor.province_code == home:
        raise field_error("investor.province_code", "投资方在本省，来源应选 local")


async def _ensure_code_free(session: AsyncSession, code: str, exclude_id: int | None = None) -> None:
    stmt = select(Project.id).where(Project.code == code)
    if exclude_id is not None:
        stmt = stmt.where(Project.id != exclude_id)
    if await session.scalar(stmt) is not None:
        raise duplicate("code", "项目编号已存在")


def _investor_columns(investor: Investor) -> dict[str, Any]:
    return {
        "investor_name": investor.name,
        "investor_uscc": investor.uscc,
        "investor_origin": investor.origin.value,
        "investor_province_code": investor.province_code,
        "investor_country_region": investor.country_region,
    }


async def create_project(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, data: ProjectCreate
) -> Project:
    """Create a project in negotiation, then sign it when the request says it is signed."""
    path = placed(regions, principal, data.region_code)
    check_investor(regions, data.investor, path)
    await ensure_usable(session, data.industry_chain_code, region_path=path)
    if data.code is None:
        round_id = data.signed.round_id if data.signed else None
        round_row = await usable_round(session, round_id=round_id, region_path=path) if round_id else None
        data.code = await codes.next_code(session, region_code=data.region_code, round_row=round_row, today=today())
    await _ensure_code_free(session, data.code)
    fields = data.model_dump(exclude={"investor", "signed", "category"})
    project = Project(
        **fields,
        **_investor_columns(data.investor),
        category=data.category.value,
        region_path=path,
        stage=Stage.NEGOTIATING.value,
        created_by=principal.subject,
    )
    await kit.insert(session, principal=principal, row=project, name="project", snapshot_of=snapshot)
    COUNTS.invalidate(TOPIC)
    if data.signed is not None:
        await flows.apply_step(
            session,
            principal=principal,
            project=project,
            target=Stage.SIGNED,
            on=data.signed.date,
            evidence=data.signed.evidence,
            round_id=data.signed.round_id,
        )
    return project


async def update_project(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, project: Project, data: ProjectUpdate
) -> Project:
    """Apply a partial update (the investor as a whole; its origin checked against the project's region)."""
    changes = data.model_dump(exclude_unset=True, exclude={"investor"})
    if changes.get("category") is not None:
        changes["category"] = changes["category"].value
    if "investor" in data.model_fields_set:
        if data.investor is None:
            raise field_error("investor", "不能为空")
        changes.update(_investor_columns(data.investor))
    if "industry_chain_code" in changes and changes["industry_chain_code"] != project.industry_chain_code:
        await ensure_usable(session, changes["industry_chain_code"], region_path=project.region_path)
    if changes.get("code") not in (None, project.code):
        await _ensure_code_free(session, changes["code"], exclude_id=project.id)

    async def validate(changed: Project) -> None:
        investor = Investor(
            name=changed.investor_name,
            uscc=changed.investor_uscc,
            origin=InvestorOrigin(changed.investor_origin),
            province_code=changed.investor_province_code,
            country_region=changed.investor_country_region,
        )
        check_investor(regions, investor, changed.region_path)
        if changed.region_path != before_path:
            # Moved to another region: its rounds and chain must still be the province's or its new city's.
            for column in ("signed_round_id", "started_round_id", "in_production_round_id"):
                round_id = getattr(changed, column)
                if round_id is not None:
                    await usable_round(session, round_id=round_id, region_path=changed.region_path, field="region_code")
            await ensure_usable(
                session, changed.industry_chain_code, region_path=changed.region_path, field="region_code", active=False
            )

    before_path = project.region_path
    await kit.change(
        session,
        principal=principal,
        row=project,
        changes=changes,
        name="project",
        regions=regions,
        validate=validate,
        snapshot_of=snapshot,
    )
    COUNTS.invalidate(TOPIC)
    return project


async def delete_project(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, project: Project
) -> None:
    """Soft-delete a project entered by mistake (a real project that ends is `cancelled` instead)."""
    await kit.remove(session, principal=principal, row=project, name="project", snapshot_of=snapshot)
    COUNTS.invalidate(TOPIC)


async def list_progress(session: AsyncSession, project_id: int) -> list[ProjectProgress]:
    """A project's progress reports, newest first."""
    stmt = (
        select(ProjectProgress)
        .where(ProjectProgress.project_id == project_id)
        .order_by(ProjectProgress.reported_on.desc(), ProjectProgress.id.desc())
    )
    return list((await session.scalars(stmt)).all())


async def add_progress(
    session: AsyncSession, *, principal: Principal, project: Project, data: ProgressIn
) -> ProjectProgress:
    """Add a progress report (the project itself does not change)."""
    report = ProjectProgress(
        project_id=project.id,
        reported_on=data.reported_on,
        content=data.content,
        problems=data.problems,
        reported_by=principal.subject,
        reported_by_name=principal.name,
    )
    session.add(report)
    await session.flush()
    await audit.record(
        session,
        principal=principal,
        action="project.progress",
        entity_type="project",
        entity_id=project.id,
        region_code=project.region_code,
        after={"reported_on": data.reported_on.isoformat(), "content": data.content, "problems": data.problems},
    )
    return report


async def counts_by_stage(
    session: AsyncSession, *, principal: Principal, regions: RegionDirectory, region_code: str | None
) -> list[tuple[str, int, Decimal]]:
    """(stage, projects, contracted investment 万元) in scope."""
    stmt = scoped_projects(principal)
    if region_code:
        stmt = stmt.where(*region_filter(Project.region_path, regions, region_code))
    base = stmt.subquery()
    rows = await session.execute(
        select(base.c.stage, func.count(), func.coalesce(func.sum(base.c.contracted_investment_wan_yuan), 0)).group_by(
            base.c.stage
        )
    )
    return [(r[0], int(r[1]), Decimal(r[2])) for r in rows]


def changes(principal: Principal) -> Select[tuple[Project]]:
    """Projects in scope for the sync feed, tombstones included."""
    return apply_scope(select(Project), principal, SCOPE)
