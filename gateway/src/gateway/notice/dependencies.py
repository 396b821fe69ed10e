"""Validate-and-load dependencies of notices (404 for what is missing, out of scope or not addressed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from gateway.iam.dependencies import CurrentUser
from gateway.notice import service
from gateway.notice.models import Notice, NoticeBlob
from platform_core.auth import CurrentPrincipal
from platform_core.blobs import BlobStore, DatabaseBlobs
from platform_core.db import SessionDep
from platform_core.problems import not_found

_DATABASE_BLOBS = DatabaseBlobs(NoticeBlob)


async def managed_notice(
    session: SessionDep, principal: CurrentPrincipal, notice_id: Annotated[int, Path(ge=1, description="通知公告ID")]
) -> Notice:
    """The notice of the path, inside the publisher's scope."""
    notice = await service.find_notice(session, principal=principal, notice_id=notice_id)
    if notice is None:
        raise not_found("通知公告不存在")
    return notice


async def received_notice(
    session: SessionDep, user: CurrentUser, notice_id: Annotated[int, Path(ge=1, description="通知公告ID")]
) -> Notice:
    """The notice of the path, published and addressed to the caller."""
    notice = await service.addressed_notice(session, user=user, notice_id=notice_id)
    if notice is None:
        raise not_found("通知公告不存在")
    return notice


def notice_blobs(request: Request) -> BlobStore:
    """Where notice attachments are kept: the gateway's own table (every replica reads them)."""
    return getattr(request.app.state, "notice_blobs", _DATABASE_BLOBS)


ManagedNotice = Annotated[Notice, Depends(managed_notice)]
ReceivedNotice = Annotated[Notice, Depends(received_notice)]
NoticeBlobs = Annotated[BlobStore, Depends(notice_blobs)]
