"""HTTP endpoints of foreign-invested enterprises, their visits, foreign capital figures, and their sync."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from investment_service.core import FOREIGN_LIST, FOREIGN_MANAGE, OPEN_READ, idempotency, kit
from investment_service.dependencies import PeriodQuery
from investment_service.foreign import service
from investment_service.foreign.models import ForeignCapital, ForeignEnterprise
from investment_service.foreign.schemas import (
    CALIBER_LABELS,
    Caliber,
    CapitalCreate,
    CapitalOut,
    CapitalTotals,
    CapitalUpdate,
    ForeignEnterpriseCreate,
    ForeignEnterpriseCreated,
    ForeignEnterpriseOut,
    ForeignEnterpriseSyncItem,
    ForeignEnterpriseUpdate,
    ForeignVisitIn,
    ForeignVisitList,
    ForeignVisitOut,
    MonthAmount,
    RegionAmount,
)
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query, paginate
from platform_core.periods import month_text, parse_period, period_or_ytd
from platform_core.problems import ProblemError, not_found
from platform_core.records import Endpoints, Feed, Write, serve_feed
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import readable_region
from platform_core.uscc import check_uscc

router = APIRouter(tags=["外资企业"], dependencies=[Depends(forbid_unknown_query)])
capital_router = APIRouter(
    prefix="/api/v1/foreign-capital", tags=["实际吸收外资"], dependencies=[Depends(forbid_unknown_query)]
)
open_router = APIRouter(tags=["开放接口"], dependencies=[Depends(forbid_unknown_query)])

BASE = "/api/v1/foreign-enterprises"


async def valid_enterprise(
    session: SessionDep,
    principal: CurrentPrincipal,
    enterprise_id: Annotated[int, Path(ge=1, description="外资企业ID")],
) -> ForeignEnterprise:
    """The enterprise if it exists and is in scope; 404 otherwise."""
    ent = await service.get_enterprise(session, principal=principal, enterprise_id=enterprise_id)
    if ent is None:
        raise not_found("外资企业不存在")
    return ent


EnterpriseDep = Annotated[ForeignEnterprise, Depends(valid_enterprise)]


async def valid_capital(
    session: SessionDep,
    principal: CurrentPrincipal,
    capital_id: Annotated[int, Path(ge=1, description="外资数据ID")],
) -> ForeignCapital:
    """The figure if it exists and is in scope; 404 otherwise."""
    record = await service.get_capital(session, principal=principal, capital_id=capital_id)
    if record is None:
        raise not_found("外资数据不存在")
    return record


CapitalDep = Annotated[ForeignCapital, Depends(valid_capital)]


async def render_enterprises(
    session: AsyncSession, rows: list[ForeignEnterprise], regions: RegionDirectory
) -> list[ForeignEnterpriseOut]:
    """Enterprises with region names and visit counts."""
    stats = await service.visit_stats(session, [e.id for e in rows])
    return [
        ForeignEnterpriseOut(
            id=e.id,
            uscc=e.uscc,
            name=e.name,
            investor_country_region=e.investor_country_region,
            region_code=e.region_code,
            region_name=regions.name_of(e.region_code),
            established_on=e.established_on,
            registered_capital_wan_usd=e.registered_capital_wan_usd,
            industry=e.industry,
            is_white_listed=e.is_white_listed,
            white_listed_on=e.white_listed_on,
            chief_service_officer=e.chief_service_officer,
            visit_count=stats.get(e.id, (0, None))[0],
            last_visited_on=stats.get(e.id, (0, None))[1],
            version=e.version,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )
        for e in rows
    ]


@router.get(BASE, summary="外资企业列表", response_model=Page[ForeignEnterpriseOut])
async def list_enterprises(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(FOREIGN_LIST))],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="企业名称或信用代码")] = None,
    white_listed: Annotated[bool | None, Query(description="是否白名单企业")] = None,
    established_in: Annotated[
        str | None, Query(max_length=32, description="设立于该统计期间（新设外资企业），如 2021")
    ] = None,
    sort: Annotated[
        str | None,
        Query(description="排序：name, uscc, established_on, registered_capital_wan_usd, updated_at, id；前缀 - 倒序"),
    ] = None,
) -> Page[ForeignEnterpriseOut]:
    """Foreign-invested enterprises in scope."""
    rows, total = await service.list_enterprises(
        session,
        principal=principal,
        regions=regions,
        page=page,
        region_code=region_code,
        q=q,
        white_listed=white_listed,
        established=parse_period(established_in, "established_in") if established_in else None,
        sort=sort,
    )
    items = await render_enterprises(session, rows, regions)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


async def render_enterprise(
    session: AsyncSession, ent: ForeignEnterprise, principal: Principal, regions: RegionDirectory
) -> ForeignEnterpriseOut:
    """One enterprise with its region name and visits."""
    return (await render_enterprises(session, [ent], regions))[0]


async def render_created(
    session: AsyncSession, ent: ForeignEnterprise, principal: Principal, regions: RegionDirectory
) -> ForeignEnterpriseCreated:
    """A new enterprise with the warnings of its credit code."""
    out = await render_enterprise(session, ent, principal, regions)
    return ForeignEnterpriseCreated(**out.model_dump(), warnings=list(check_uscc(ent.uscc).warnings))


kit.serve(
    router,
    Endpoints(
        label="外资企业",
        location=BASE,
        item="/{enterprise_id}",
        row=EnterpriseDep,
        out=ForeignEnterpriseOut,
        render=render_enterprise,
        read=FOREIGN_LIST,
        create=Write(
            FOREIGN_MANAGE,
            service.create_enterprise,
            ForeignEnterpriseCreate,
            out=ForeignEnterpriseCreated,
            render=render_created,
        ),
        update=Write(FOREIGN_MANAGE, service.update_enterprise, ForeignEnterpriseUpdate),
        delete=Write(FOREIGN_MANAGE, service.delete_enterprise),
    ),
    base=BASE,
)


@router.get(BASE + "/{enterprise_id}/visits", summary="外资企业走访记录", response_model=ForeignVisitList)
async def list_visits(
    _: Annotated[Principal, Depends(require_perms(FOREIGN_LIST))],
    ent: EnterpriseDep,
    session: SessionDep,
) -> ForeignVisitList:
    """An enterprise's visits, newest first."""
    return ForeignVisitList(
        items=[ForeignVisitOut.model_validate(v) for v in await service.list_visits(session, ent.id)]
    )


@router.post(
    BASE + "/{enterprise_id}/visits",
    summary="登记走访",
    status_code=201,
    response_model=ForeignVisitOut,
)
async def add_visit(
    principal: Annotated[Principal, Depends(require_perms(FOREIGN_MANAGE))],
    request: Request,
    idempotency_key: IdempotencyKey,
    data: ForeignVisitIn,
    ent: EnterpriseDep,
    session: SessionDep,
) -> ForeignVisitOut | JSONResponse:
    """Record a visit (default campaign 千家外企大走访); `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        visit = await service.add_visit(session, principal=principal, ent=ent, data=data)
        return Outcome(ForeignVisitOut.model_validate(visit), 201)

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


# Foreign capital --------------------------------------------------------------------------------------------


async def render_capital(
    session: AsyncSession, rows: list[ForeignCapital], regions: RegionDirectory
) -> list[CapitalOut]:
    """Figures with region and enterprise names."""
    names = await service.enterprise_names(session, {r.enterprise_id for r in rows if r.enterprise_id is not None})
    return [
        CapitalOut(
            id=r.id,
            month=month_text(r.month),
            caliber=Caliber(r.caliber),
            caliber_label=CALIBER_LABELS[Caliber(r.caliber)],
            amount_wan_usd=r.amount_wan_usd,
            region_code=r.region_code,
            region_name=regions.name_of(r.region_code),
            enterprise_id=r.enterprise_id,
            enterprise_name=names.get(r.enterprise_id) if r.enterprise_id is not None else None,
            note=r.note,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


@capital_router.get("", summary="实际吸收外资数据", response_model=Page[CapitalOut])
async def list_capital(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(FOREIGN_LIST))],
    period: PeriodQuery = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    caliber: Annotated[Caliber | None, Query(description="统计口径")] = None,
    enterprise_id: Annotated[int | None, Query(ge=1, description="外资企业ID")] = None,
) -> Page[CapitalOut]:
    """Monthly figures in scope, newest month first (a list, never a sum: see `/totals`)."""
    stmt = service.capital_filtered(
        service.scoped_capital(principal),
        period=parse_period(period) if period else None,
        region_path=service.region_path_of(regions, region_code) if region_code else None,
        caliber=caliber,
        enterprise_id=enterprise_id,
    )
    stmt = stmt.order_by(ForeignCapital.month.desc(), ForeignCapital.region_code, ForeignCapital.id)
    rows, total = await paginate(session, stmt, page)
    return Page(
        items=await render_capital(session, rows, regions), total=total, page=page.page, page_size=page.page_size
    )


@capital_router.get("/totals", summary="实际吸收外资合计（单一口径）", response_model=CapitalTotals)
async def capital_totals(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(FOREIGN_LIST))],
    caliber: Annotated[list[Caliber], Query(description="统计口径（只能一个：不同口径不相加）")],
    period: PeriodQuery = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划，默认本人所在区域")] = None,
) -> CapitalTotals:
    """One caliber's total for a period and region, by month and by county; asking for two calibers is 422."""
    distinct = sorted(set(caliber))
    if len(distinct) != 1:
        raise ProblemError(
            422,
            "validation_failed",
            "不同统计口径的外资数据不能相加，请只选择一个口径",
            errors=[
                {
                    "field": "caliber",
                    "location": "query",
                    "message": "不同统计口径的外资数据不能相加",
                    "code": "calibers_mixed",
                }
            ],
        )
    code, path = readable_region(regions, principal, region_code)
    p = period_or_ytd(period)
    total, by_month, by_region = await service.capital_totals(
        session, principal=principal, period=p, region_path=path, caliber=distinct[0]
    )
    return CapitalTotals(
        caliber=distinct[0],
        caliber_label=CALIBER_LABELS[distinct[0]],
        period=p.label,
        region_code=code,
        total_wan_usd=total,
        by_month=[MonthAmount(month=month_text(m), amount_wan_usd=a) for m, a in by_month],
        by_region=[RegionAmount(region_code=c, region_name=regions.name_of(c), amount_wan_usd=a) for c, a in by_region],
    )


async def render_one_capital(
    session: AsyncSession, record: ForeignCapital, principal: Principal, regions: RegionDirectory
) -> CapitalOut:
    """One figure with its region and enterprise names."""
    return (await render_capital(session, [record], regions))[0]


kit.serve(
    capital_router,
    Endpoints(
        label="外资数据",
        location="/api/v1/foreign-capital",
        item="/{capital_id}",
        row=CapitalDep,
        out=CapitalOut,
        render=render_one_capital,
        read=FOREIGN_LIST,
        create=Write(FOREIGN_MANAGE, service.create_capital, CapitalCreate, summary="填报实际吸收外资"),
        update=Write(FOREIGN_MANAGE, service.update_capital, CapitalUpdate, summary="更正外资数据"),
        delete=Write(FOREIGN_MANAGE, service.delete_capital),
    ),
)


serve_feed(
    open_router,
    "/open/v1/foreign-enterprises",
    Feed(
        summary="外资企业增量同步",
        perm=OPEN_READ,
        item=ForeignEnterpriseSyncItem,
        model=ForeignEnterprise,
        changes=service.enterprise_changes,
        keys=("uscc",),
    ),
)
