"""HTTP endpoint of the rhythm reports, as JSON for the SPA or XLSX for download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from case_service.case.dependencies import NowDep, PolicyDep
from case_service.reports import service, xlsx
from case_service.reports.schemas import CaseReport, ReportFormat, ReportKind
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.regions import RegionsDep

router = APIRouter(prefix="/api/v1/case-reports", tags=["工作调度报表"], dependencies=[Depends(forbid_unknown_query)])


@router.get(
    "/{kind}",
    summary="工作调度报表(双周调度/月度总结/季度讲评/年度考核)",
    response_model=CaseReport,
    responses={
        200: {"content": {xlsx.MEDIA_TYPE: {}}, "description": "JSON，或 format=xlsx 时为 Excel 文件"},
    },
)
async def case_report(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms("case:report:read"))],
    kind: Annotated[
        ReportKind, Path(description="biweekly 双周调度 / monthly 月度总结 / quarterly 季度讲评 / annual 年度考核")
    ],
    period: Annotated[
        str,
        Query(
            max_length=32,
            description="双周调度：调度日 2021-07-15(含当日的两周)或 起..止；月度：2021-07；季度：2021-Q3；年度：2021",
        ),
    ],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="报表区域，默认本人所在区域")] = None,
    output: Annotated[ReportFormat, Query(alias="format", description="json 或 xlsx")] = ReportFormat.JSON,
) -> CaseReport | Response:
    """A rhythm report of the cases in the caller's scope; `format=xlsx` downloads it as a workbook."""
    report = await service.build_report(
        session,
        principal=principal,
        regions=regions,
        kind=kind,
        period=service.report_period(kind, period),
        now=now,
        policy=policy,
        weights=service.weights_from(request.app.state.settings),
        region_code=region_code,
    )
    if output is ReportFormat.JSON:
        return report
    ascii_name = f"case-report-{kind.value}-{report.period.first_day}-{report.period.last_day}.xlsx"
    return Response(
        content=xlsx.render(report),
        media_type=xlsx.MEDIA_TYPE,
        headers={"Content-Disposition": xlsx.content_disposition(ascii_name, f"{report.title}.xlsx")},
    )
