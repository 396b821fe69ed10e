"""HTTP endpoints of 政策找企业: conditions, matched enterprises, pushes, read receipts and figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from case_service.core import idempotency
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import KIND_LABELS, PolicyKind
from case_service.policy_match import service
from case_service.policy_match.dependencies import PolicyDep
from case_service.policy_match.schemas import (
    MatchedEnterprise,
    PolicyConditions,
    PolicyConditionsOut,
    PolicyForMe,
    PushRequest,
    PushResult,
    PushStatistics,
    ReadResult,
)
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(prefix="/api/v1/policies", tags=["政策找企业"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:policy:list", "case:policy:manage"
Reader = Annotated[Principal, Depends(require_perms(LIST))]
Manager = Annotated[Principal, Depends(require_perms(MANAGE))]


@router.get("/for-me", summary="适合本企业的政策", response_model=Page[PolicyForMe])
async def for_me(session: SessionDep, page: PageDep, regions: RegionsDep, principal: Reader) -> Page[PolicyForMe]:
    """The targeted policies the caller's enterprise fits, newest first, with an unread flag (企业用户)."""
    found = await service.policies_for(session, principal=principal, regions=regions)
    window = found[page.offset : page.offset + page.page_size]
    uscc = principal.enterprise_uscc or ""
    seen = await service.receipts_for_enterprise(session, uscc=uscc, policy_ids=[d.id for d, _ in window])
    items = []
    for doc, ent in window:
        pushed_at, read_at = seen.get(doc.id, (None, None))
        cond = service.conditions_of(doc)
        items.append(
            PolicyForMe(
                policy_id=doc.id,
                doc_number=doc.doc_number,
                title=doc.title,
                issuer=doc.issuer,
                issue_date=doc.issue_date,
                kind=PolicyKind(doc.kind),
                kind_label=KIND_LABELS[doc.kind],
                summary=doc.summary,
                attachment_url=doc.attachment_url,
                reasons=service.reasons(cond, regions, ent) if cond else [],
                pushed_at=pushed_at,
                unread=pushed_at is not None and read_at is None,
            )
        )
    return Page(items=items, total=len(found), page=page.page, page_size=page.page_size)


def conditions_out(doc: PolicyDocument, regions: RegionDirectory) -> PolicyConditionsOut:
    """Render a policy's conditions (an untargeted policy: every list empty, `targeted` false)."""
    cond = service.conditions_of(doc)
    shown = cond or PolicyConditions()
    return PolicyConditionsOut(
        **shown.model_dump(),
        policy_id=doc.id,
        targeted=cond is not None,
        region_names=[regions.name_of(c) for c in shown.region_codes],
        version=doc.version,
    )


@router.get("/{policy_id}/conditions", summary="政策适用条件", response_model=PolicyConditionsOut)
async def get_conditions(
    doc: PolicyDep, response: Response, regions: RegionsDep, principal: Reader
) -> PolicyConditionsOut:
    """A policy's conditions, with the policy's ETag for the next update."""
    set_etag(response, doc.version)
    return conditions_out(doc, regions)


@router.put("/{policy_id}/conditions", summary="设置政策适用条件", response_model=PolicyConditionsOut)
async def put_conditions(
    request: Request,
    response: Response,
    data: PolicyConditions,
    doc: PolicyDep,
    session: SessionDep,
    regions: RegionsDep,
    principal: Manager,
) -> PolicyConditionsOut:
    """Replace a policy's conditions; `If-Match` with the policy's ETag is required (428 without, 412 stale)."""
    require_if_match(request, doc.version)
    doc = await service.set_conditions(session, principal=principal, regions=regions, doc=doc, data=data)
    out = conditions_out(doc, regions)
    await session.commit()
    set_etag(response, doc.version)
    return out


@router.get("/{policy_id}/matches", summary="政策匹配企业", response_model=Page[MatchedEnterprise])
async def list_matches(
    doc: PolicyDep,
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Reader,
    pushed: Annotated[bool | None, Query(description="是否已推送")] = None,
) -> Page[MatchedEnterprise]:
    """Enterprises in the caller's scope the policy fits, with the conditions each met (409 when untargeted)."""
    rows, total = await service.list_matches(
        session, principal=principal, regions=regions, doc=doc, page=page, pushed=pushed
    )
    cond = service.conditions_of(doc) or PolicyConditions()
    items = [
        MatchedEnterprise(
            enterprise_id=r.id,
            uscc=r.uscc,
            name=r.name,
            region_code=r.region_code,
            region_name=regions.name_of(r.region_code),
            industry=r.industry,
            size=r.size,
            enterprise_type=r.enterprise_type,
            is_key=r.is_key,
            reasons=service.reasons(cond, regions, r),
            pushed_at=r.pushed_at,
            read_at=r.read_at,
        )
        for r in rows
    ]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.post("/{policy_id}/pushes", summary="推送政策", response_model=PushResult)
async def push_policy(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: PushRequest,
    doc: PolicyDep,
    session: SessionDep,
    regions: RegionsDep,
    principal: Manager,
) -> PushResult | JSONResponse:
    """Notify matched enterprises and their 包联 cadres; each enterprise is pushed once however often it is asked."""

    async def work() -> Outcome:
        pushed, already, notices = await service.push_policy(
            session, principal=principal, regions=regions, doc=doc, data=data, delivery=request.app.state.delivery
        )
        return Outcome(PushResult(policy_id=doc.id, pushed=pushed, already_pushed=already, notices=notices), 200)

    payload = {"policy_id": doc.id, **data.model_dump(mode="json")}
    return await idempotency.run(request, session, principal, payload, work, key=idempotency_key)


@router.post("/{policy_id}/read", summary="标记政策已读", response_model=ReadResult)
async def mark_read(doc: PolicyDep, session: SessionDep, principal: Reader) -> ReadResult:
    """The caller opened the policy: its enterprise's (or its own 包联) receipts become read; repeating is harmless."""
    marked = await service.mark_read(session, principal=principal, doc=doc)
    await session.commit()
    return ReadResult(policy_id=doc.id, marked=marked)


@router.get("/{policy_id}/push-statistics", summary="政策推送统计", response_model=PushStatistics)
async def push_statistics(
    doc: PolicyDep, session: SessionDep, regions: RegionsDep, principal: Reader
) -> PushStatistics:
    """Matched, pushed and read enterprises in scope, with rates (numerator and denominator) and per region."""
    return await service.statistics(session, principal=principal, regions=regions, doc=doc)
