"""Dependencies of the statistics endpoints: the kept answers of the 13710 statistics, and for the rate endpoints
outside the 13710 block (repeat rate, routing rates) the period and the cases' region, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from sqlalchemy import ColumnElement

from case_service.case.models import Case, CaseEvent, CasePause, CaseUnit
from case_service.supervision.models import SupervisionOrder
from platform_core.answers import AnswerCache, invalidate_on_commit
from platform_core.periods import Period, parse_period
from platform_core.regions import RegionsDep
from platform_core.scope import region_filter

PERIOD_HELP = "统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30(北京时间)"


@dataclass(frozen=True, slots=True)
class RateQuery:
    """The period of a rate and the condition on the cases' region (empty for the caller's whole scope)."""

    period: Period
    where: list[ColumnElement[bool]]


async def rate_query(
    regions: RegionsDep,
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
) -> RateQuery:
    """The period (422 naming `period`) and the region's cases (422 naming `region_code` when unknown)."""
    return RateQuery(parse_period(period), region_filter(Case.region_path, regions, region_code))


RateQueryDep = Annotated[RateQuery, Depends(rate_query)]


def stats_answers(app: FastAPI) -> AnswerCache:
    """The app's kept 13710 statistics answers (`CASE_STATS_CACHE_SECONDS`), dropped when a case is written."""
    cache = getattr(app.state, "case_stats_answers", None)
    if cache is None:
        cache = app.state.case_stats_answers = AnswerCache(app.state.settings.stats_cache_seconds)
        # Everything the statistics are made of: the cases, their units, timelines (催办), pauses and 督办.
        invalidate_on_commit(cache, Case, CaseUnit, CaseEvent, CasePause, SupervisionOrder)
    return cache
