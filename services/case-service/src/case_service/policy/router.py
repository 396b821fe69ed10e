"""HTTP endpoints of policy documents (政策文件)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from case_service.core import idempotency
from case_service.policy import service
from case_service.policy.dependencies import PolicyDep
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import KIND_LABELS, PolicyCreate, PolicyKind, PolicyOut, PolicyUpdate
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.regions import RegionDirectory, RegionsDep

router = APIRouter(prefix="/api/v1/policies", tags=["政策文件"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:policy:list", "case:policy:manage"


def to_out(doc: PolicyDocument, regions: RegionDirectory) -> PolicyOut:
    """Render a document."""
    return PolicyOut(
        id=doc.id,
        doc_number=doc.doc_number,
        doc_year=service.doc_year(doc.doc_number),
        title=doc.title,
        issuer=doc.issuer,
        issue_date=doc.issue_date,
        kind=PolicyKind(doc.kind),
        kind_label=KIND_LABELS[doc.kind],
        measure_areas=list(doc.measure_areas or []),
        measure_area_count=len(doc.measure_areas or []),
        summary=doc.summary,
        attachment_url=doc.attachment_url,
        region_code=doc.region_code,
        region_name=regions.name_of(doc.region_code),
        version=doc.version,
        created_at=doc.created_at,
        updated_at=doc.updated_at,
    )


@router.get("", summary="政策文件列表", response_model=Page[PolicyOut])
async def list_policies(
    session: SessionDep,
    page: PageDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    kind: Annotated[PolicyKind | None, Query(description="文件类型")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="印发年份")] = None,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="发文区划")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="标题或文号")] = None,
    sort: Annotated[
        str | None, Query(description="排序：issue_date, doc_number, updated_at, id；前缀 - 表示倒序")
    ] = None,
) -> Page[PolicyOut]:
    """Documents issued in the caller's scope or above the caller's region."""
    rows, total = await service.list_policies(
        session, principal=principal, page=page, kind=kind, year=year, region_code=region_code, q=q, sort=sort
    )
    return Page(items=[to_out(r, regions) for r in rows], total=total, page=page.page, page_size=page.page_size)


@router.post("", summary="新增政策文件", status_code=201, response_model=PolicyOut)
async def create_policy(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: PolicyCreate,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
) -> PolicyOut | JSONResponse:
    """Register a document; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        doc = await service.create_policy(session, principal=principal, regions=regions, data=data)
        out = to_out(doc, regions)
        return Outcome(out, 201, {"ETag": f'"{doc.version}"', "Location": f"/api/v1/policies/{doc.id}"})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.get("/{policy_id}", summary="政策文件详情", response_model=PolicyOut)
async def get_policy(
    _: Annotated[Principal, Depends(require_perms(LIST))],
    doc: PolicyDep,
    response: Response,
    regions: RegionsDep,
) -> PolicyOut:
    """One readable document, with its ETag."""
    set_etag(response, doc.version)
    return to_out(doc, regions)


@router.patch("/{policy_id}", summary="修改政策文件", response_model=PolicyOut)
async def update_policy(
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    request: Request,
    response: Response,
    data: PolicyUpdate,
    doc: PolicyDep,
    session: SessionDep,
    regions: RegionsDep,
) -> PolicyOut:
    """Change a document; `If-Match` with the current ETag is required."""
    require_if_match(request, doc.version)
    doc = await service.update_policy(session, principal=principal, regions=regions, doc=doc, data=data)
    out = to_out(doc, regions)
    await session.commit()
    set_etag(response, doc.version)
    return out


@router.delete("/{policy_id}", summary="删除政策文件", status_code=204)
async def delete_policy(
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    request: Request,
    doc: PolicyDep,
    session: SessionDep,
    regions: RegionsDep,
) -> Response:
    """Delete a document; `If-Match` required."""
    require_if_match(request, doc.version)
    await service.delete_policy(session, principal=principal, regions=regions, doc=doc)
    await session.commit()
    return Response(status_code=204)
