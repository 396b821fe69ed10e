"""HTTP endpoints of 三个一批 rounds and the projects each listed."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import PROJECT_LIST, ROUND_MANAGE, kit
from investment_service.dictionary.service import chain_names
from investment_service.levels import level_out
from investment_service.project.flows import Stage
from investment_service.project.models import Project
from investment_service.project.render import render
from investment_service.project.schemas import ProjectOut
from investment_service.rounds import service
from investment_service.rounds.models import Round
from investment_service.rounds.schemas import RoundCreate, RoundKind, RoundList, RoundOut, RoundUpdate, StageListing
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query, paginate
from platform_core.problems import not_found
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(prefix="/api/v1/rounds", tags=["三个一批"], dependencies=[Depends(forbid_unknown_query)])


async def _render(
    session: AsyncSession, principal: Principal, regions: RegionDirectory, rows: list[Round]
) -> list[RoundOut]:
    counts = await service.listings(session, principal=principal, round_ids=[r.id for r in rows])

    def listing(round_id: int, stage: str) -> StageListing:
        n, amount = counts.get((round_id, stage), (0, Decimal(0)))
        return StageListing(count=n, contracted_investment_wan_yuan=amount)

    return [
        RoundOut(
            id=r.id,
            number=r.number,
            held_on=r.held_on,
            venue=r.venue,
            kind=RoundKind(r.kind),
            title=r.title,
            notes=r.notes,
            code_pattern=r.code_pattern,
            **level_out(r, principal, regions),
            signed=listing(r.id, "signed"),
            started=listing(r.id, "started"),
            in_production=listing(r.id, "in_production"),
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


RoundId = Annotated[int, Path(ge=1, description="批次ID")]


async def valid_round(request: Request, session: SessionDep, principal: CurrentPrincipal, round_id: RoundId) -> Round:
    """The round if the caller reads it (the province's, its city's, or below its region); 404 otherwise.

    A change is asked of any round: one kept at another level is refused with 403 naming `region_code` (the
    rule is "only your own level"), not hidden behind a 404.
    """
    readable_only = request.method in ("GET", "HEAD")
    r = await service.get_round(session, principal if readable_only else None, round_id=round_id)
    if r is None:
        raise not_found("批次不存在")
    return r


RoundDep = Annotated[Round, Depends(valid_round)]


@router.get("", summary="“三个一批”批次列表", response_model=RoundList)
async def list_rounds(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    year: Annotated[int | None, Query(ge=2000, le=2100, description="年度")] = None,
) -> RoundList:
    """Rounds the caller reads (the province's and its city's), newest first, with the projects each listed
    (signed / started / in production) in scope."""
    rows = await service.list_rounds(session, principal, year=year)
    return RoundList(items=await _render(session, principal, regions, rows))


async def render_round(session: AsyncSession, r: Round, principal: Principal, regions: RegionDirectory) -> RoundOut:
    """One round with what it listed in the caller's scope."""
    return (await _render(session, principal, regions, [r]))[0]


kit.serve(
    router,
    Endpoints(
        label="批次",
        location="/api/v1/rounds",
        item="/{round_id}",
        row=RoundDep,
        out=RoundOut,
        render=render_round,
        read=PROJECT_LIST,
        create=Write(ROUND_MANAGE, service.create_round, RoundCreate),
        update=Write(ROUND_MANAGE, service.update_round, RoundUpdate),
    ),
)


@router.get("/{round_id}/projects", summary="批次列入的项目", response_model=Page[ProjectOut])
async def round_projects(
    r: RoundDep,
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(PROJECT_LIST))],
    stage: Annotated[
        Stage | None, Query(description="列入的环节：signed 签约 / started 开工 / in_production 投产；不填为全部")
    ] = None,
) -> Page[ProjectOut]:
    """Projects in scope the round listed at a step."""
    stmt = service.listed_projects(principal, round_id=r.id, stage=stage.value if stage else None)
    rows, total = await paginate(session, stmt.order_by(Project.region_code, Project.code, Project.id), page)
    chains = await chain_names(session)
    return Page(items=[render(p, regions, chains) for p in rows], total=total, page=page.page, page_size=page.page_size)
