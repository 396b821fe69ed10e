"""HTTP endpoints of the case statistics and the campaign figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic_core import to_json
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import NowDep, PolicyDep
from case_service.case.models import CaseSource
from case_service.case.timers import TimerPolicy
from case_service.indicators import campaign, service
from case_service.indicators.dependencies import stats_answers
from case_service.indicators.pauses import PauseCounts, pause_counts, pause_stats
from case_service.indicators.schemas import CampaignFigures, CaseStats, TimerSettings
from case_service.indicators.service import StatsResult, Tally
from case_service.reports.service import weights_from
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep, gather_reads
from platform_core.pagination import forbid_unknown_query
from platform_core.periods import Period, month, parse_period
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import scope_key

router = APIRouter(tags=["诉求统计"], dependencies=[Depends(forbid_unknown_query)])

READ = "case:stats:read"
PERIOD_HELP = "统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30(北京时间)"


def build_stats(
    result: StatsResult,
    regions: RegionDirectory,
    *,
    base: str | None,
    filters: dict[str, Any],
    settings: TimerSettings,
    pauses: PauseCounts,
) -> dict[str, Any]:
    """The body of `GET /api/v1/cases/stats` (the fields of `CaseStats`) from the computed tallies."""
    children: dict[str, str] = {}

    def child(code: str) -> str:
        if code not in children:
            children[code] = service.child_region(regions, base, code)
        return children[code]

    rolled = result.rollups(child)
    by_region, by_unit = rolled.by_region, rolled.by_unit
    by_month = result.by_month()
    return {
        "period": service.period_out(result.period),
        "as_of": result.as_of,
        "region_code": base,
        "region_name": regions.name_of(base),
        "filters": filters,
        "all": service.block_fields(rolled.total),
        "superior": service.block_fields(rolled.superior),
        "by_region": [
            {"region_code": code, "region_name": regions.name_of(code), **service.block_fields(t)}
            for code, t in sorted(by_region.items())
        ],
        "by_unit": [
            {"unit_id": unit, "unit_name": result.unit_names.get(unit), **service.block_fields(by_unit[unit])}
            for unit in service.sorted_units(by_unit)
        ],
        "by_month": [
            {
                "month": f"{y}-{m:02d}",
                "label": month(y, m).label,
                "flow": service.flow_fields(by_month.get(i, Tally())),
                "rates": service.rates_fields(by_month.get(i, Tally())),
            }
            for i, (y, m) in enumerate(result.months)
        ],
        "settings": settings,
        "pause": pause_stats(pauses, assigned=rolled.total.assigned),
    }


@router.get("/api/v1/cases/stats", summary="诉求统计(13710 指标)", response_model=CaseStats)
async def case_stats(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(READ))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="承办单位ID（牵头或配合）")] = None,
    source: Annotated[CaseSource | None, Query(description="来源")] = None,
    category: Annotated[str | None, Query(max_length=32, description="诉求分类编码")] = None,
) -> Response:
    """Counts and rates of the cases in the caller's scope, 上级交办 separately, by region, unit and month.

    The answer is kept a short while and shared (`CASE_STATS_CACHE_SECONDS`, `Age` says how old it is);
    `Cache-Control: no-cache` asks for it computed now."""
    span = parse_period(period)
    rule = weights_from(request.app.state.settings).rule
    # What the answer depends on besides the data: who sees what, the request, the timer rules in force, and the
    # cut-off when the period is over (a running period is cut off at the moment it is computed).
    key = (
        "case-stats",
        scope_key(principal),
        (span.start, span.end),
        region_code,
        unit_id,
        source,
        category,
        _policy_key(policy),
        rule,
        span.end if span.end <= now else None,
    )

    async def compute() -> bytes:
        return await _stats_body(
            session,
            principal=principal,
            regions=regions,
            policy=policy,
            now=now,
            span=span,
            rule=rule,
            region_code=region_code,
            unit_id=unit_id,
            source=source,
            category=category,
        )

    fresh = "no-cache" in request.headers.get("cache-control", "").lower()
    answer = await stats_answers(request.app).answer(key, compute, fresh=fresh)
    return Response(answer.body, media_type="application/json", headers={"Age": str(int(answer.age_s))})


def _policy_key(policy: TimerPolicy) -> TimerPolicy:
    """The timer rules an answer was computed under, hashable (the work calendar is the shipped one)."""
    return replace(policy, work_calendar=None)


async def _stats_body(
    session: AsyncSession,
    *,
    principal: Principal,
    regions: RegionDirectory,
    policy: TimerPolicy,
    now: datetime,
    span: Period,
    rule: str,
    region_code: str | None,
    unit_id: int | None,
    source: CaseSource | None,
    category: str | None,
) -> bytes:
    """The statistics answer computed now, serialised."""
    filters = {"region_code": region_code, "unit_id": unit_id, "source": source, "category": category}
    source_value = source.value if source else None
    conds = service.filters(
        principal, regions, region_code=region_code, unit_id=unit_id, source=source_value, category=category
    )

    async def counted(part: AsyncSession) -> service.StatsResult:
        return await service.compute(
            part,
            principal=principal,
            regions=regions,
            period=span,
            now=now,
            policy=policy,
            region_code=region_code,
            unit_id=unit_id,
            source=source_value,
            category=category,
        )

    async def paused(part: AsyncSession) -> PauseCounts:
        return await pause_counts(part, conds=conds, period=span, cutoff=min(span.end, now))

    # The pauses and 催办 are read beside the statistics (at once on PostgreSQL: `gather_reads`).
    result, pauses = await gather_reads(session, counted, paused)
    assert isinstance(result, service.StatsResult) and isinstance(pauses, PauseCounts)
    out = build_stats(
        result,
        regions,
        base=service.report_region(principal, region_code),
        filters={k: v for k, v in filters.items() if v is not None},
        settings=service.timer_settings(policy, rule),
        pauses=pauses,
    )
    # Plain data serialised once (its shape is `CaseStats`, which documents it): a province's answer carries
    # some 2,000 blocks, and models for each, validated again by FastAPI, cost more than computing them.
    return to_json(out)


@router.get(
    "/api/v1/campaign/figures",
    summary="活动报告数据(图1-9)",
    response_model=CampaignFigures,
)
async def campaign_figures(
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(READ))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="报告区域，默认本人所在区域")] = None,
) -> CampaignFigures:
    """Staff seconded, plan issued, leaders' pairings, 上级交办 cases and the measures, with their provenance."""
    return await campaign.campaign_figures(
        session,
        principal=principal,
        regions=regions,
        period=parse_period(period),
        now=now,
        policy=policy,
        region_code=region_code,
    )
