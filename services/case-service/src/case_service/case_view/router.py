"""HTTP endpoints of saved case-list views (我的视图): list, create, detail, update, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.case_view import service
from case_service.case_view.dependencies import ViewDep
from case_service.case_view.models import CaseView
from case_service.case_view.schemas import CaseViewCreate, CaseViewOut, CaseViewUpdate
from case_service.core import kit
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory

router = APIRouter(prefix="/api/v1/case-views", tags=["诉求办理"], dependencies=[Depends(forbid_unknown_query)])

#: Whoever reads the case list may keep views of it.
LIST = "case:case:list"
Reader = Annotated[Principal, Depends(require_perms(LIST))]


async def render(session: AsyncSession, row: CaseView, principal: Principal, regions: RegionDirectory) -> CaseViewOut:
    """A view as the caller sees it."""
    return service.render(row, principal)


@router.get("", summary="我的视图列表", response_model=Page[CaseViewOut])
async def list_views(session: SessionDep, page: PageDep, principal: Reader) -> Page[CaseViewOut]:
    """The caller's own views, then those shared with one of their roles."""
    rows, total = await service.list_views(session, principal=principal, page=page)
    return Page(
        items=[service.render(r, principal) for r in rows], total=total, page=page.page, page_size=page.page_size
    )


kit.serve(
    router,
    Endpoints(
        label="诉求视图",
        location="/api/v1/case-views",
        item="/{view_id}",
        row=ViewDep,
        out=CaseViewOut,
        render=render,
        read=LIST,
        create=Write(LIST, service.create_view, CaseViewCreate, summary="保存诉求视图"),
        update=Write(LIST, service.update_view, CaseViewUpdate, summary="修改诉求视图"),
        delete=Write(
            LIST,
            service.delete_view,
            summary="删除诉求视图",
            description="Delete the caller's own view (the audit entry keeps it); `If-Match` is required.",
        ),
    ),
)
