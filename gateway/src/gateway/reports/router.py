"""HTTP endpoints of the work report: its figures, the rendered document (HTML, DOCX) and its editable text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.reports import service
from gateway.reports.schemas import ReportFigures
from platform_core.auth import Principal, require_perms
from platform_core.pagination import forbid_unknown_query

FIGURES_READ = "report:figures:read"
DOCUMENT_MANAGE = "report:document:manage"
PROBLEM = {"content": {"application/problem+json": {}}}
READ_ERRORS = {401: PROBLEM, 403: PROBLEM, 422: PROBLEM}
PERIOD_HELP = "报告期间：2021（年度）、2021-Q3（季度）、2021-07（月度）或 2021-07-YTD（北京时间）"

router = APIRouter(tags=["工作报告"], dependencies=[Depends(forbid_unknown_query)])

PeriodParam = Annotated[str, Query(max_length=32, description=PERIOD_HELP, examples=["2021"])]
RegionParam = Annotated[
    str | None,
    Query(alias="region", pattern=r"^\d{6}$", description="报告区域（含下级），默认本人所在区域", examples=["411500"]),
]


@router.get(
    "/api/v1/reports/figures",
    summary="工作报告数据（domain.md §7 全部图表）",
    description="并发汇集诉求、招商、经贸三个服务的统计与指标；每个图表带单位、同比/环比/位次与来源。"
    "某服务不可用或某模块无数据时，对应图表 value 为空、missing 为真并给出原因，绝不以0代替。",
    response_model=ReportFigures,
    responses=READ_ERRORS,
)
async def report_figures(
    request: Request,
    _: Annotated[Principal, Depends(require_perms(FIGURES_READ))],
    period: PeriodParam,
    region_code: RegionParam = None,
) -> ReportFigures:
    """Every figure of the report for a period and region, each service asked as the caller."""
    return await service.compose(request, period_text=period, region_code=region_code)
