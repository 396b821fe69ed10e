"""HTTP endpoints of the knowledge base (知识库): curated answers (list, search, edit, publish, retire), the draft
taken from a handled case, instant answers for the enterprise's submit form, its outcomes and the rate of
submissions prevented."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import NowDep
from case_service.core import kit
from case_service.knowledge import service
from case_service.knowledge.dependencies import EntryDep
from case_service.knowledge.models import EntryStatus, KnowledgeEntry, KnowledgeOutcome
from case_service.knowledge.schemas import (
    DeflectionStats,
    EntryCreate,
    EntryDraft,
    EntryOut,
    EntryUpdate,
    OutcomeCreate,
    OutcomeOut,
    SuggestionList,
)
from case_service.similarity import TrigramDep
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.periods import parse_period
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory, RegionsDep
from platform_core.scope import region_filter

LIST, EDIT = "case:knowledge:list", service.EDIT
PREFIX = "/api/v1/knowledge-entries"
PERIOD_HELP = "统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30(北京时间)"

router = APIRouter(prefix=PREFIX, tags=["知识库"], dependencies=[Depends(forbid_unknown_query)])
case_router = APIRouter(prefix="/api/v1/cases", tags=["知识库"], dependencies=[Depends(forbid_unknown_query)])

Submitter = Annotated[Principal, Depends(require_perms("case:case:create"))]


@router.get("", summary="知识库问答列表与检索", response_model=Page[EntryOut])
async def list_entries(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    schema: TrigramDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    q: Annotated[str | None, Query(min_length=2, max_length=200, description="检索词(按问题相似度排序)")] = None,
    category: Annotated[str | None, Query(max_length=32, description="诉求分类编码")] = None,
    tag: Annotated[str | None, Query(min_length=1, max_length=30, description="标签")] = None,
    status: Annotated[EntryStatus | None, Query(description="状态(企业用户只见已发布)")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="适用区域（含下级）")] = None,
    sort: Annotated[
        str | None, Query(max_length=200, description=f"排序：{', '.join(service.ENTRIES.sorts)}；前缀 - 表示倒序")
    ] = None,
) -> Page[EntryOut]:
    """Entries the caller may read (a county's own and the city's; published only for enterprises); with `q`, the
    most similar questions first, each with its score (at most 50 matches)."""
    where = service.entry_filters(regions, category=category, tag=tag, status=status, region_code=region_code)
    rows, total, scores = await service.search(
        session, principal=principal, page=page, where=where, q=q.strip() if q else None, sort=sort, schema=schema
    )
    items = await service.render(session, rows, principal, regions, scores)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/suggestions", summary="提交诉求时的相关解答", response_model=SuggestionList)
async def suggestions(
    session: SessionDep,
    regions: RegionsDep,
    schema: TrigramDep,
    principal: Submitter,
    q: Annotated[str, Query(min_length=4, max_length=200, description="正在填写的问题(至少4个字)")],
) -> SuggestionList:
    """Published answers most like the problem being typed: at most five, each with its similarity score."""
    return await service.suggestions(session, principal=principal, regions=regions, q=q.strip(), schema=schema)


@router.post(
    "/outcomes",
    summary="记录即时解答结果(已解决/仍需提交)",
    status_code=201,
    response_model=OutcomeOut,
    responses={200: {"description": "该会话键已记录同一结果(重放)", "model": OutcomeOut}},
)
async def record_outcome(
    data: OutcomeCreate, session: SessionDep, principal: Submitter, now: NowDep, response: Response
) -> OutcomeOut:
    """Once per submit-form session key: 已解决，不再提交 (an answer solved it) or 仍需提交 (the case submitted after
    seeing answers). The same outcome again answers 200 with the first record; another outcome is a 409."""
    row, created = await service.record_outcome(session, principal=principal, data=data, now=now)
    out = service.outcome_out(row)
    await session.commit()
    if not created:
        response.status_code = 200
    return out


@router.get("/deflection-rate", summary="即时解答拦截数与拦截率", response_model=DeflectionStats)
async def deflection_rate(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("case:stats:read"))],
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
) -> DeflectionStats:
    """即时解答拦截数 (the enterprises' "已解决，不再提交") and 拦截率 = that ÷ (that + cases submitted after seeing
    answers), in the period, in the caller's scope, overall and per county."""
    where = region_filter(KnowledgeOutcome.region_path, regions, region_code)
    return await service.deflection_stats(
        session, principal=principal, regions=regions, period=parse_period(period), where=where
    )


async def render(
    session: AsyncSession, row: KnowledgeEntry, principal: Principal, regions: RegionDirectory
) -> EntryOut:
    """One entry as the API shows it."""
    return (await service.render(session, [row], principal, regions))[0]


kit.serve(
    router,
    Endpoints(
        label="知识库问答",
        location=PREFIX,
        item="/{entry_id}",
        row=EntryDep,
        out=EntryOut,
        render=render,
        read=LIST,
        create=Write(EDIT, service.create_entry, EntryCreate),
        update=Write(
            EDIT,
            service.update_entry,
            EntryUpdate,
            description="Edit, publish (status=published) or retire (status=retired) an entry placed where the "
            "caller may write; `If-Match` required.",
        ),
        delete=Write(EDIT, service.delete_entry),
    ),
)


@case_router.get("/{case_id:int}/knowledge-draft", summary="收录到知识库(预填问答)", response_model=EntryDraft)
async def knowledge_draft(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(EDIT))],
    case_id: Annotated[int, Path(ge=1, description="诉求ID")],
) -> EntryDraft:
    """An entry prefilled from a handled case (即问即答 or 办结): the problem as the question, the result as the
    answer; nothing is saved until the curator creates the entry with `source_case_id`."""
    return await service.draft_from_case(session, principal, case_id)
