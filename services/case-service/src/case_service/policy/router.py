"""HTTP endpoints of policy documents (政策文件)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.policy import service
from case_service.policy.dependencies import PolicyDep
from case_service.policy.models import PolicyDocument
from case_service.policy.schemas import KIND_LABELS, PolicyCreate, PolicyKind, PolicyOut, PolicyUpdate
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.records import Endpoints, Write
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


async def render(
    session: AsyncSession, doc: PolicyDocument, principal: Principal, regions: RegionDirectory
) -> PolicyOut:
    """Render one document."""
    return to_out(doc, regions)


kit.serve(
    router,
    Endpoints(
        label="政策文件",
        location="/api/v1/policies",
        item="/{policy_id}",
        row=PolicyDep,
        out=PolicyOut,
        render=render,
        read=LIST,
        create=Write(MANAGE, service.create_policy, PolicyCreate),
        update=Write(MANAGE, service.update_policy, PolicyUpdate),
        delete=Write(
            MANAGE, service.delete_policy, description="Delete a document registered by mistake; `If-Match` required."
        ),
    ),
)
