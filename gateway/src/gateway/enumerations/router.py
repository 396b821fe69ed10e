"""`GET /api/v1/enumerations` for every signed-in user (ETag, 304), `PUT …/{key}/{code}` for the administrator."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from gateway.enumerations import service
from gateway.enumerations.schemas import EnumerationItemIn, EnumerationItemOut, EnumerationOut
from gateway.iam.dependencies import ClockDep, audit_trail
from gateway.iam.schemas import problem
from platform_core.auth import Principal, require_perms, require_user
from platform_core.db import SessionDep
from platform_core.enumerations import BY_KEY
from platform_core.etag import require_if_match, set_etag, stale
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found
from platform_core.scope import ensure_province_level

router = APIRouter(tags=["业务字典"])

COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}
UPDATE = "system:dictionary:update"


@router.get(
    "/api/v1/enumerations",
    summary="业务字典",
    description="各业务枚举（状态、来源、紧急程度……）的名称、排序、颜色与启用状态；支持 If-None-Match（304）。",
    response_model=list[EnumerationOut],
    responses={**COMMON, 304: {"description": "未变化"}},
    dependencies=[Depends(forbid_unknown_query)],
)
async def list_enumerations(
    request: Request,
    response: Response,
    session: SessionDep,
    _principal: Annotated[Principal, Depends(require_user())],
) -> Any:
    """Every enumeration as the SPA names codes now."""
    enumerations = await service.all_enumerations(session)
    etag = service.etag_of(enumerations)
    # no-cache: the browser keeps the copy but asks each time; an unchanged dictionary costs a 304.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return enumerations


@router.put(
    "/api/v1/enumerations/{key}/{code}",
    summary="修改业务字典项",
    description="修改一项的名称、排序、颜色与启用状态（代码由程序确定，不能新增或删除）。",
    response_model=EnumerationItemOut,
    responses={**COMMON, 404: problem("字典或字典项不存在")},
)
async def update_item(
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
    key: Annotated[str, Path(max_length=64, pattern=r"^[a-z][a-z0-9_]*$", description="字典键")],
    code: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_]+$", description="字典项代码")],
    body: EnumerationItemIn,
    principal: Annotated[Principal, Depends(require_perms(UPDATE))],
) -> EnumerationItemOut:
    """Edit one item; every page shows the new label after its next load of the dictionary."""
    enum = BY_KEY.get(key)
    if enum is None or all(item.code != code for item in enum.items):
        raise not_found("字典项不存在")
    # Every city reads the same labels: they are changed at province level only.
    ensure_province_level(principal, "label")
    row = await service.get_override(session, key, code)
    require_if_match(request, row.version if row is not None else 0)
    before = service.item_of(enum, code, row).model_dump(include={"label", "sort_order", "colour", "enabled"})
    row = service.apply(
        session, row, key=key, code=code, body=body, actor=principal.name or principal.subject, now=clock()
    )
    after = body.model_dump()
    await audit_trail.record(
        session,
        principal=principal,
        action="enumeration_item.update",
        entity_type="enumeration_item",
        entity_id=f"{key}:{code}",
        before=before,
        after=after,
        detail=f"{enum.name}：{before['label']} → {after['label']}",
    )
    try:
        await session.commit()
    except (StaleDataError, IntegrityError) as exc:  # a concurrent edit of the same item won
        await session.rollback()
        raise stale() from exc
    await session.refresh(row)
    set_etag(response, row.version)
    return service.item_of(enum, code, row)
