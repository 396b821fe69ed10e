"""HTTP endpoints of the routing catalogue: the rules (city officers write, counties read), the ranked proposals
for a case's 交办, and the statistics per rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import CaseDep
from case_service.core import kit
from case_service.indicators.dependencies import RateQueryDep
from case_service.routing import service
from case_service.routing.dependencies import RuleDep
from case_service.routing.models import RoutingRule
from case_service.routing.schemas import ProposalList, RoutingStats, RuleCreate, RuleOut, RuleUpdate
from case_service.units import unit_names
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.records import Endpoints, Write, list_records
from platform_core.regions import RegionDirectory, RegionsDep

LIST = "case:routing:list"
MANAGE = "case:routing:manage"
PREFIX = "/api/v1/routing-rules"
TAG = "交办规则目录"

router = APIRouter(prefix=PREFIX, tags=[TAG], dependencies=[Depends(forbid_unknown_query)])
case_router = APIRouter(prefix="/api/v1/cases", tags=["诉求办理"], dependencies=[Depends(forbid_unknown_query)])


@router.get("", summary="交办规则列表", response_model=Page[RuleOut])
async def list_rules(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="适用区域（含下级）")] = None,
    category: Annotated[str | None, Query(max_length=32, description="诉求分类编码")] = None,
    active: Annotated[bool | None, Query(description="是否启用")] = None,
    sort: Annotated[
        str | None, Query(max_length=200, description=f"排序：{', '.join(service.RULES.sorts)}；前缀 - 表示倒序")
    ] = None,
) -> Page[RuleOut]:
    """The catalogue's rules the caller may read: the city's and those of its own county."""
    where = service.rule_filters(regions, region_code=region_code, category=category, active=active)
    rows, total = await list_records(session, res=service.RULES, principal=principal, page=page, where=where, sort=sort)
    items = await service.render_rules(session, rows, regions)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/stats", summary="交办建议采纳率与退单率", response_model=RoutingStats)
async def routing_stats(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms("case:stats:read"))],
    query: RateQueryDep,
) -> RoutingStats:
    """Per rule: assignments it proposed in the period, the share taken as proposed, and the returns after."""
    return await service.stats(session, principal=principal, period=query.period, where=query.where)


async def named_units(request: Request, data: Any, _row: Any) -> None:
    """The units a rule names are directory units the caller may pick; their names become the directory's."""
    refs = [u for u in (data.lead_unit, *(data.co_units or ())) if u is not None]
    if not refs:
        return
    fields = {"lead_unit": [data.lead_unit.unit_id] if data.lead_unit else []}
    fields["co_units"] = [u.unit_id for u in data.co_units or ()]
    names = await unit_names(request, fields)
    for ref in refs:
        ref.unit_name = names[ref.unit_id]


async def render(session: AsyncSession, row: RoutingRule, _principal: Principal, regions: RegionDirectory) -> RuleOut:
    """One rule as the API shows it."""
    return (await service.render_rules(session, [row], regions))[0]


kit.serve(
    router,
    Endpoints(
        label="交办规则",
        location=PREFIX,
        item="/{rule_id}",
        row=RuleDep,
        out=RuleOut,
        render=render,
        read=LIST,
        create=Write(MANAGE, service.create_rule, RuleCreate, precheck=named_units),
        update=Write(MANAGE, service.update_rule, RuleUpdate, precheck=named_units),
        delete=Write(MANAGE, service.delete_rule),
    ),
)


ASSIGNER = Depends(require_perms("case:case:assign"))


@case_router.get(
    "/{case_id:int}/routing-proposals", summary="交办建议", response_model=ProposalList, dependencies=[ASSIGNER]
)
async def routing_proposals(
    principal: Annotated[Principal, ASSIGNER],
    item: CaseDep,
    session: SessionDep,
    regions: RegionsDep,
) -> ProposalList:
    """The catalogue's rules that apply to the case, best first, each with its reason and the unit duty it cites."""
    items = await service.proposals(session, principal=principal, item=item, regions=regions)
    return ProposalList(case_id=item.id, items=items)
