"""HTTP endpoints of the work report: its figures, the rendered document (HTML, DOCX) and its editable text."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response

from gateway.reports import document, service
from gateway.reports.docx import render_docx
from gateway.reports.schemas import ReportDocument, ReportFigures, ReportTextIn, ReportTextOut
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import set_etag
from platform_core.pagination import forbid_unknown_query

FIGURES_READ = "report:figures:read"
DOCUMENT_MANAGE = "report:document:manage"
PROBLEM = {"content": {"application/problem+json": {}}}
READ_ERRORS = {401: PROBLEM, 403: PROBLEM, 422: PROBLEM}
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


@router.get(
    "/api/v1/reports/document",
    summary="工作报告预览（HTML）",
    description="按期间选择年度或季度/月度模板，以本期间、区域的文稿（未编辑时为默认文稿）填入图表；"
    "缺数的占位符显示为“（暂无数据）”并在 missing 中列出。",
    response_model=ReportDocument,
    responses=READ_ERRORS,
)
async def report_document(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(FIGURES_READ))],
    period: PeriodParam,
    region_code: RegionParam = None,
) -> ReportDocument:
    """The report filled with the period's figures, as HTML, with the placeholders it could not fill."""
    doc, _ = await document.build(request, session, principal=principal, period_text=period, region_code=region_code)
    set_etag(response, doc.text.version)
    return doc


@router.get(
    "/api/v1/reports/document.docx",
    summary="下载工作报告（DOCX，GB/T 9704 公文格式）",
    response_class=Response,
    responses={200: {"content": {DOCX_MEDIA_TYPE: {}}, "description": "DOCX 文件"}, **READ_ERRORS},
)
async def report_docx(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(FIGURES_READ))],
    period: PeriodParam,
    region_code: RegionParam = None,
) -> Response:
    """The report as a DOCX in the official document format."""
    doc, rendered = await document.build(
        request, session, principal=principal, period_text=period, region_code=region_code
    )
    filename = f"{doc.region_name or ''}{doc.period.label}工作报告.docx"
    disposition = f"attachment; filename=\"work-report-{doc.period.key}.docx\"; filename*=UTF-8''{quote(filename)}"
    return Response(render_docx(rendered), media_type=DOCX_MEDIA_TYPE, headers={"Content-Disposition": disposition})


@router.get(
    "/api/v1/reports/text",
    summary="工作报告文稿（可编辑模板）",
    response_model=ReportTextOut,
    responses=READ_ERRORS,
)
async def report_text(
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(FIGURES_READ))],
    period: PeriodParam,
    region_code: RegionParam = None,
) -> ReportTextOut:
    """The text around the figures for a period and region (the default until someone edits it)."""
    parsed, key = service.parse(period)
    region = await document.report_region(session, principal, region_code)
    out = document.text_out(await document.stored_text(session, key, region.code), parsed, key, region)
    set_etag(response, out.version)
    return out


@router.put(
    "/api/v1/reports/text",
    summary="编辑工作报告文稿",
    description="整篇提交文稿；需 If-Match（未编辑的默认文稿版本为 0）。占位符必须是已知图表。",
    response_model=ReportTextOut,
    responses={**READ_ERRORS, 412: PROBLEM, 428: PROBLEM},
)
async def update_report_text(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(DOCUMENT_MANAGE))],
    body: ReportTextIn,
    period: PeriodParam,
    region_code: RegionParam = None,
) -> ReportTextOut:
    """Store the edited text of a period and region (audited)."""
    parsed, key = service.parse(period)
    region = await document.report_region(session, principal, region_code)
    out = await document.save_text(
        request, session, principal=principal, period=parsed, period_key=key, region=region, text=body.text
    )
    set_etag(response, out.version)
    return out
