"""HTTP endpoints of the inbox: the caller's notices and their unit's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from case_service.notification import service
from case_service.notification.models import NotificationKind
from case_service.notification.schemas import NotificationOut, ReadAllResult, UnreadCount
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import not_found

router = APIRouter(prefix="/api/v1/notifications", tags=["消息"], dependencies=[Depends(forbid_unknown_query)])

Reader = Annotated[Principal, Depends(require_perms("case:notification:read"))]


@router.get("", summary="我的消息", response_model=Page[NotificationOut])
async def list_notifications(
    session: SessionDep,
    page: PageDep,
    principal: Reader,
    unread: Annotated[bool | None, Query(description="true 仅未读；false 仅已读")] = None,
    kind: Annotated[NotificationKind | None, Query(description="消息类型")] = None,
) -> Page[NotificationOut]:
    """The caller's and their unit's notices, newest first."""
    rows, total = await service.list_notifications(session, principal=principal, page=page, unread=unread, kind=kind)
    return Page(
        items=[NotificationOut.model_validate(r) for r in rows], total=total, page=page.page, page_size=page.page_size
    )


@router.get("/unread-count", summary="未读消息数", response_model=UnreadCount)
async def unread_count(session: SessionDep, principal: Reader) -> UnreadCount:
    """Unread notices of the caller and their unit (the badge)."""
    return UnreadCount(count=await service.unread_count(session, principal=principal))


@router.post("/read-all", summary="全部标为已读", response_model=ReadAllResult)
async def read_all(session: SessionDep, principal: Reader) -> ReadAllResult:
    """Mark every unread notice of the caller's inboxes read."""
    updated = await service.mark_all_read(session, principal=principal)
    await session.commit()
    return ReadAllResult(updated=updated)


@router.post("/{notification_id}/read", summary="标为已读", response_model=NotificationOut)
async def read_one(
    session: SessionDep,
    principal: Reader,
    notification_id: Annotated[int, Path(ge=1, description="消息ID")],
) -> NotificationOut:
    """Mark one notice read (someone else's is a 404)."""
    item = await service.get_notification(session, principal=principal, notification_id=notification_id)
    if item is None:
        raise not_found("消息不存在")
    item = await service.mark_read(session, principal=principal, item=item)
    await session.commit()
    return NotificationOut.model_validate(item)
