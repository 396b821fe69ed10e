"""HTTP endpoints of the case category dictionary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from case_service.core import idempotency
from case_service.dictionary import service
from case_service.dictionary.schemas import CategoryCreate, CategoryList, CategoryOut, CategoryUpdate
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found

router = APIRouter(prefix="/api/v1/case-categories", tags=["诉求分类"], dependencies=[Depends(forbid_unknown_query)])

MANAGE = "case:category:manage"


@router.get("", summary="诉求分类列表", response_model=CategoryList)
async def list_categories(
    session: SessionDep,
    _: Annotated[Principal, Depends(require_perms("case:case:list"))],
    include_inactive: Annotated[bool, Query(description="是否包含已停用的分类")] = False,
) -> CategoryList:
    """Categories in display order (active ones unless asked otherwise)."""
    rows = await service.list_categories(session, include_inactive=include_inactive)
    return CategoryList(items=[CategoryOut.model_validate(r) for r in rows])


@router.post("", summary="新增诉求分类", status_code=201, response_model=CategoryOut)
async def create_category(
    request: Request,
    idempotency_key: IdempotencyKey,
    data: CategoryCreate,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
) -> CategoryOut | JSONResponse:
    """Add a category; `Idempotency-Key` makes a retry safe."""

    async def work() -> Outcome:
        cat = await service.create_category(session, principal=principal, data=data)
        out = CategoryOut.model_validate(cat)
        return Outcome(out, 201, {"ETag": f'"{cat.version}"'})

    return await idempotency.run(request, session, principal, data.model_dump(mode="json"), work, key=idempotency_key)


@router.patch("/{category_id}", summary="修改诉求分类", response_model=CategoryOut)
async def update_category(
    request: Request,
    response: Response,
    data: CategoryUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    category_id: Annotated[int, Path(ge=1, description="分类ID")],
) -> CategoryOut:
    """Rename, reorder, enable or disable a category; `If-Match` required."""
    cat = await service.get_category(session, category_id=category_id)
    if cat is None:
        raise not_found("诉求分类不存在")
    require_if_match(request, cat.version)
    cat = await service.update_category(session, principal=principal, cat=cat, data=data)
    await session.commit()
    set_etag(response, cat.version)
    return CategoryOut.model_validate(cat)
