"""HTTP endpoints of 撤单质检: the reviewers' samples, the verdict, and the figures per county and unit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import ColumnElement

from case_service.case.dependencies import NowDep
from case_service.case.models import Case
from case_service.indicators.dependencies import PERIOD_HELP
from case_service.quality import flows, service
from case_service.quality.dependencies import LockedSampleDep, SampleDep
from case_service.quality.models import QualityEvent, QualitySample, SampleStatus, Verdict
from case_service.quality.schemas import QualityStats, SampleDetail, SampleOut, TimelineEntry, VerdictIn
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import parse_period
from platform_core.problems import field_error
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import region_filter

LIST = "case:quality:list"
REVIEW = "case:quality:review"

router = APIRouter(prefix="/api/v1/quality", tags=["撤单质检"], dependencies=[Depends(forbid_unknown_query)])


def _out(sample: QualitySample, case: Any, regions: RegionDirectory) -> dict[str, Any]:
    return {
        "id": sample.id,
        "case_id": sample.case_id,
        "case_no": case.case_no,
        "case_title": case.title,
        "enterprise_name": case.enterprise_name,
        "case_state": case.state,
        "case_source": case.source,
        "event": sample.event,
        "occurrence": sample.occurrence,
        "event_at": sample.event_at,
        "event_reason": sample.event_reason,
        "actor_name": sample.actor_name,
        "region_code": sample.region_code,
        "region_name": regions.name_of(sample.region_code),
        "unit_id": sample.unit_id,
        "unit_name": sample.unit_name,
        "status": sample.status,
        "sampled_by": sample.sampled_by,
        "verdict": sample.verdict,
        "remarks": sample.remarks,
        "reviewed_at": sample.reviewed_at,
        "reviewer_name": sample.reviewer_name,
        "version": sample.version,
    }


async def detail_of(session: SessionDep, sample: QualitySample, case: Any, regions: RegionDirectory) -> SampleDetail:
    """The sample with its case's content and timeline summary."""
    events = await service.timeline(session, case_id=case.id)
    return SampleDetail(
        **_out(sample, case, regions),
        case_description=case.description,
        timeline=[
            TimelineEntry(
                occurred_at=e.occurred_at,
                action=e.action,
                from_state=e.from_state,
                to_state=e.to_state,
                actor_name=e.actor_name,
                comment=e.comment,
            )
            for e in events
        ],
    )


@router.get("/samples", summary="撤单质检样本列表", response_model=Page[SampleOut])
async def list_samples(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    status: Annotated[SampleStatus | None, Query(description="状态：pending 待质检 / reviewed 已质检")] = None,
    event: Annotated[QualityEvent | None, Query(description="事件")] = None,
    verdict: Annotated[Verdict | None, Query(description="质检结论")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    unit_id: Annotated[int | None, Query(ge=1, description="责任单位ID")] = None,
) -> Page[SampleOut]:
    """Drawn samples of cases in the caller's scope (a county reviewer: its county's), newest event first."""
    if status is SampleStatus.SKIPPED:
        raise field_error("status", "未抽中的候选不在质检列表中")
    where: list[ColumnElement[bool]] = list(region_filter(Case.region_path, regions, region_code))
    if status is not None:
        where.append(QualitySample.status == status.value)
    if event is not None:
        where.append(QualitySample.event == event.value)
    if verdict is not None:
        where.append(QualitySample.verdict == verdict.value)
    if unit_id is not None:
        where.append(QualitySample.unit_id == unit_id)
    rows, total = await service.list_samples(session, principal=principal, page=page, where=where)
    items = [SampleOut(**_out(row[0], row[1], regions)) for row in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/samples/{sample_id}", summary="撤单质检样本详情", response_model=SampleDetail)
async def get_sample(
    response: Response,
    session: SessionDep,
    regions: RegionsDep,
    found: SampleDep,
    _principal: Annotated[Principal, Depends(require_perms(LIST))],
) -> SampleDetail:
    """The sample with its case's timeline summary; the ETag is the sample's version."""
    sample, case = found
    set_etag(response, sample.version)
    return await detail_of(session, sample, case, regions)


@router.post(
    "/samples/{sample_id}/review",
    summary="录入质检结论",
    response_model=SampleDetail,
    responses={
        409: {"description": "样本已质检"},
        412: {"description": "版本已变化"},
        428: {"description": "缺少 If-Match"},
    },
)
async def review_sample(
    request: Request,
    response: Response,
    body: VerdictIn,
    session: SessionDep,
    regions: RegionsDep,
    now: NowDep,
    found: LockedSampleDep,
    principal: Annotated[Principal, Depends(require_perms(REVIEW))],
) -> SampleDetail:
    """The reviewer records 合格 / 不合格 / 需整改 with remarks, once, against the sample's current ETag."""
    sample, case = found
    require_if_match(request, sample.version)
    sample = await flows.review(session, sample=sample, item=case, body=body, principal=principal, now=now)
    out = await detail_of(session, sample, case, regions)
    await session.commit()
    set_etag(response, sample.version)
    return out


@router.get("/stats", summary="撤单质检统计(按县区、单位)", response_model=QualityStats)
async def quality_stats(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("case:stats:read"))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
) -> QualityStats:
    """Candidates, samples, reviews and 不合格 of the period with each rate's numerator and denominator."""
    where = region_filter(Case.region_path, regions, region_code)
    return await service.stats(
        session, principal=principal, regions=regions, period=parse_period(period), where=where, region_code=region_code
    )
