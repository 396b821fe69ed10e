"""HTTP endpoints of the case category dictionary (province defaults plus each city's additions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.core import kit
from case_service.dictionary.models import CaseCategory
from case_service.dictionary.schemas import CategoryCreate, CategoryList, CategoryOut, CategoryUpdate
from case_service.dictionary.service import (
    create_category,
    list_categories,
    readable_category,
    render_category,
    update_category,
)
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.records import Endpoints, Write
from platform_core.regions import RegionDirectory, RegionsDep

READ, MANAGE = "case:case:list", "case:category:manage"
PREFIX = "/api/v1/case-categories"

router = APIRouter(prefix=PREFIX, tags=["诉求分类"], dependencies=[Depends(forbid_unknown_query)])


@router.get(
    "",
    summary="诉求分类列表",
    description="The province's default categories, the caller's city's additions (and its county's), in display "
    "order; the province reads every city's. `editable` marks the entries kept at the caller's own level.",
    response_model=CategoryList,
)
async def list_items(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(READ))],
    include_inactive: Annotated[bool, Query(description="是否包含已停用的条目")] = False,
) -> CategoryList:
    """Categories the caller's level reads."""
    rows = await list_categories(session, principal, include_inactive=include_inactive)
    return CategoryList(items=[render_category(r, principal, regions) for r in rows])


async def entry(
    session: SessionDep,
    principal: CurrentPrincipal,
    category_id: Annotated[int, Path(ge=1, description="诉求分类ID")],
) -> CaseCategory:
    """The category in the path, if the caller's level reads it (404 otherwise)."""
    return await readable_category(session, principal, category_id)


async def render(session: AsyncSession, row: CaseCategory, principal: Principal, regions: RegionDirectory) -> Any:
    """The answer of a write."""
    return render_category(row, principal, regions)


kit.serve(
    router,
    Endpoints(
        label="诉求分类",
        location=PREFIX,
        item="/{category_id}",
        row=Annotated[CaseCategory, Depends(entry)],
        out=CategoryOut,
        render=render,
        create=Write(
            MANAGE,
            create_category,
            CategoryCreate,
            description="Add a category at the caller's own level (a city's addition); its name must not repeat "
            "one of the levels above or below (409 naming `name`).",
        ),
        update=Write(
            MANAGE,
            update_category,
            CategoryUpdate,
            description="Change a category kept at the caller's own level; another level's is refused with 403 "
            "naming `region_code`.",
        ),
    ),
)
