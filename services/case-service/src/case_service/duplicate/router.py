"""HTTP endpoints of duplicates: similar cases at intake and at acceptance, links, split, and the repeat rate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case.dependencies import CaseDep, LockedCaseDep, NowDep, PolicyDep
from case_service.case.models import Case
from case_service.case.render import render_list
from case_service.core import idempotency
from case_service.duplicate import flows, service
from case_service.duplicate.schemas import LinkCreate, LinkList, RepeatStats, SimilarList, SplitBody, SplitResult
from case_service.enterprise import service as enterprises
from case_service.indicators.dependencies import RateQueryDep
from case_service.similarity import TrigramDep
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import field_error
from platform_core.regions import RegionsDep

router = APIRouter(prefix="/api/v1/cases", tags=["诉求办理"], dependencies=[Depends(forbid_unknown_query)])

ACCEPT = "case:case:accept"
#: Checked before the case is loaded: without the permission the answer is 403 whether or not the case is seen.
ACCEPTER = Depends(require_perms(ACCEPT))


async def _case_write(
    request: Request,
    key: str | None,
    session: AsyncSession,
    principal: Principal,
    item: Case,
    payload: dict[str, Any],
    run: Callable[[], Awaitable[BaseModel]],
) -> Any:
    """A write on a case: a replayed Idempotency-Key answers as before; If-Match, when sent, must be current."""

    async def work() -> Outcome:
        if request.headers.get("if-match"):
            require_if_match(request, item.version)
        out = await run()
        return Outcome(out, 201, {"ETag": f'"{item.version}"', "Location": f"/api/v1/cases/{item.id}/links"})

    return await idempotency.run(request, session, principal, payload, work, key=key)


def _settings(request: Request) -> tuple[float, int]:
    s = request.app.state.settings
    return float(s.duplicate_threshold), int(s.duplicate_window_days)


@router.get("/similar", summary="登记时查找相似诉求", response_model=SimilarList)
async def similar_at_intake(
    request: Request,
    session: SessionDep,
    now: NowDep,
    schema: TrigramDep,
    principal: Annotated[Principal, Depends(require_perms("case:case:create"))],
    title: Annotated[str, Query(min_length=2, max_length=200, description="诉求标题")],
    description: Annotated[str, Query(max_length=2000, description="诉求内容(前2000字)")] = "",
    enterprise_uscc: Annotated[
        str | None, Query(max_length=18, description="企业统一社会信用代码（企业用户可省略）")
    ] = None,
) -> SimilarList:
    """Open or recent cases in the caller's scope like the one being registered: same enterprise or similar text."""
    uscc = principal.enterprise_uscc or enterprise_uscc
    if not uscc:
        raise field_error("enterprise_uscc", "请选择企业", code="missing")
    ent = await enterprises.get_by_uscc(session, principal=principal, uscc=uscc.upper())
    if ent is None:
        raise field_error("enterprise_uscc", "企业不在企业名录中或不在数据权限范围内")
    threshold, window = _settings(request)
    return await service.similar(
        session,
        principal=principal,
        region_code=ent.region_code,
        uscc=ent.uscc,
        query=service.query_text(title, description),
        now=now,
        threshold=threshold,
        window_days=window,
        schema=schema,
    )


@router.get("/repeat-rate", summary="重复诉求率", response_model=RepeatStats)
async def repeat_rate(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms("case:stats:read"))],
    query: RateQueryDep,
) -> RepeatStats:
    """Cases registered in the period that repeat another (linked as duplicates, or merged) over all registered."""
    return await service.repeat_stats(session, principal=principal, period=query.period, where=query.where)


@router.get("/{case_id:int}/similar", summary="相似诉求", response_model=SimilarList)
async def similar_cases(
    request: Request,
    item: CaseDep,
    session: SessionDep,
    now: NowDep,
    schema: TrigramDep,
    principal: Annotated[Principal, Depends(require_perms("case:case:read"))],
) -> SimilarList:
    """Open or recent cases in the caller's scope like this one (same enterprise or similar text)."""
    threshold, window = _settings(request)
    return await service.similar(
        session,
        principal=principal,
        region_code=item.region_code,
        uscc=item.enterprise_uscc,
        query=service.query_text(item.title, item.description),
        now=now,
        threshold=threshold,
        window_days=window,
        schema=schema,
        exclude_id=item.id,
    )


@router.get("/{case_id:int}/links", summary="诉求关联", response_model=LinkList)
async def list_links(
    item: CaseDep,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms("case:case:read"))],
) -> LinkList:
    """The case's related, repeated and split cases the caller may see."""
    return LinkList(items=await service.list_links(session, principal=principal, case_id=item.id))


@router.post(
    "/{case_id:int}/links",
    summary="关联诉求(关联或重复)",
    status_code=201,
    response_model=LinkList,
    dependencies=[ACCEPTER],
)
async def create_link(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: LinkCreate,
    item: LockedCaseDep,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, ACCEPTER],
) -> LinkList | JSONResponse:
    """Link this case with another in scope: related (关联), or this one repeats it (重复, counted in 重复诉求率)."""

    async def run() -> LinkList:
        await service.create_link(session, principal=principal, item=item, data=data, now=now)
        await session.flush()
        return LinkList(items=await service.list_links(session, principal=principal, case_id=item.id))

    return await _case_write(request, idempotency_key, session, principal, item, data.model_dump(mode="json"), run)


@router.post(
    "/{case_id:int}/split", summary="拆分诉求", status_code=201, response_model=SplitResult, dependencies=[ACCEPTER]
)
async def split_case(
    request: Request,
    idempotency_key: IdempotencyKey,
    body: SplitBody,
    item: LockedCaseDep,
    session: SessionDep,
    regions: RegionsDep,
    policy: PolicyDep,
    now: NowDep,
    principal: Annotated[Principal, ACCEPTER],
) -> SplitResult | JSONResponse:
    """One submission → several cases: each part a new case with its own timers, linked to the original."""

    async def run() -> SplitResult:
        parts = await flows.split(session, principal=principal, item=item, body=body, now=now, policy=policy)
        rendered = await render_list(session, parts, regions=regions, policy=policy, now=now)
        return SplitResult(original_id=item.id, cases=rendered)

    return await _case_write(request, idempotency_key, session, principal, item, body.model_dump(mode="json"), run)
