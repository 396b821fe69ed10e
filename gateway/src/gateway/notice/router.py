"""Notices over HTTP: the publisher's administration under /api/v1/system/notices, the reader's inbox under
/api/v1/notices."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from gateway.admin import service as admin_service
from gateway.iam.dependencies import ClockDep, CurrentUser, SettingsDep
from gateway.iam.schemas import problem
from gateway.notice import service
from gateway.notice.dependencies import ManagedNotice, NoticeBlobs, ReceivedNotice
from gateway.notice.models import NoticeStatus
from gateway.notice.schemas import (
    AttachmentOut,
    MyNotice,
    NoticeCreate,
    NoticeOut,
    NoticeUpdate,
    ReaderOut,
    ReadReceipt,
    UnreadCount,
)
from platform_core.auth import CurrentPrincipal, Principal, require_perms
from platform_core.db import SessionDep
from platform_core.etag import etag_of, require_if_match, set_etag
from platform_core.idempotency import IdempotencyKey
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import not_found
from platform_core.uploads import download_headers, read_limited

log = logging.getLogger(__name__)

router = APIRouter(tags=["通知公告"])

COMMON: dict[int | str, dict[str, Any]] = {401: problem("未登录或令牌无效"), 403: problem("无权执行此操作")}
ON_RECORD: dict[int | str, dict[str, Any]] = {**COMMON, 404: problem("通知公告不存在或超出数据范围")}
ON_CHANGE: dict[int | str, dict[str, Any]] = {
    **ON_RECORD,
    409: problem("状态不允许（仅草稿可修改、发布；仅已发布可撤回）"),
    412: problem("版本已变化（precondition_failed）"),
    422: problem("参数校验失败（指明字段）"),
}
READ = [Depends(forbid_unknown_query)]
S = "/api/v1/system/notices"

Reader = Annotated[Principal, Depends(require_perms("system:notice:list"))]
Manager = Annotated[Principal, Depends(require_perms("system:notice:manage"))]


async def _outs(session: Any, notices: list[Any]) -> list[NoticeOut]:
    return await service.notice_outs(session, notices)


# --- the publisher --------------------------------------------------------------------------------


@router.get(S, summary="查询通知公告", response_model=Page[NoticeOut], responses=COMMON, dependencies=READ)
async def list_notices(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    status: Annotated[NoticeStatus | None, Query(description="状态 draft/published/withdrawn")] = None,
    keyword: Annotated[str | None, Query(max_length=64, description="标题关键字")] = None,
) -> Page[NoticeOut]:
    """Notices published from the caller's scope, pinned first, with their read rate."""
    rows, total = await service.list_notices(session, principal=principal, page=page, status=status, keyword=keyword)
    return Page(items=await _outs(session, rows), total=total, page=page.page, page_size=page.page_size)


@router.post(
    S,
    summary="起草通知公告",
    status_code=201,
    response_model=NoticeOut,
    responses={**COMMON, 422: problem("参数校验失败，或幂等键已用于不同的请求（idempotency_key_reused）")},
)
async def create_notice(
    principal: Manager,
    request: Request,
    idempotency_key: IdempotencyKey,
    body: NoticeCreate,
    session: SessionDep,
    clock: ClockDep,
) -> JSONResponse:
    """Draft a notice to roles, regions (with sub-regions) or users inside the caller's scope (Idempotency-Key)."""

    async def create() -> admin_service.Created:
        """Add the rows and build the answer (runs once per Idempotency-Key)."""
        notice = await service.create_notice(session, principal=principal, body=body, now=clock())
        out = (await _outs(session, [notice]))[0]
        return out.model_dump(mode="json"), {"ETag": etag_of(notice.version), "Location": f"{S}/{notice.id}"}

    return await admin_service.idempotent_create(
        session,
        request=request,
        key=idempotency_key,
        principal=principal,
        payload=body.model_dump(mode="json"),
        create=create,
    )


@router.get(
    f"{S}/{{notice_id}}", summary="通知公告详情", response_model=NoticeOut, responses=ON_RECORD, dependencies=READ
)
async def get_notice(_: Reader, notice: ManagedNotice, session: SessionDep, response: Response) -> NoticeOut:
    """One notice with its audience, attachments, read rate and ETag."""
    set_etag(response, notice.version)
    return (await _outs(session, [notice]))[0]


@router.patch(f"{S}/{{notice_id}}", summary="修改通知公告草稿", response_model=NoticeOut, responses=ON_CHANGE)
async def update_notice(
    principal: Manager,
    notice: ManagedNotice,
    body: NoticeUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> NoticeOut:
    """Change a draft's title, text, pin or audience (If-Match required)."""
    require_if_match(request, notice.version)
    await service.update_notice(session, principal=principal, notice=notice, body=body, now=clock())
    await admin_service.commit(session)
    set_etag(response, notice.version)
    return (await _outs(session, [notice]))[0]


async def _transition(session: Any, notice: Any, response: Response) -> NoticeOut:
    """Commit a state change and answer with the notice (an If-Match, when sent, must be current)."""
    await admin_service.commit(session)
    set_etag(response, notice.version)
    return (await _outs(session, [notice]))[0]


@router.post(f"{S}/{{notice_id}}/publish", summary="发布通知公告", response_model=NoticeOut, responses=ON_CHANGE)
async def publish_notice(
    principal: Manager,
    notice: ManagedNotice,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> NoticeOut:
    """Publish a draft to its audience (an If-Match, when sent, must be current)."""
    if request.headers.get("if-match"):
        require_if_match(request, notice.version)
    await service.publish_notice(session, principal=principal, notice=notice, now=clock())
    return await _transition(session, notice, response)


@router.post(f"{S}/{{notice_id}}/withdraw", summary="撤回通知公告", response_model=NoticeOut, responses=ON_CHANGE)
async def withdraw_notice(
    principal: Manager,
    notice: ManagedNotice,
    request: Request,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
) -> NoticeOut:
    """Take a published notice back (an If-Match, when sent, must be current)."""
    if request.headers.get("if-match"):
        require_if_match(request, notice.version)
    await service.withdraw_notice(session, principal=principal, notice=notice, now=clock())
    return await _transition(session, notice, response)


@router.post(
    f"{S}/{{notice_id}}/attachments",
    summary="上传通知公告附件",
    status_code=201,
    response_model=AttachmentOut,
    responses={**ON_CHANGE, 413: problem("附件过大")},
)
async def upload_attachment(
    principal: Manager,
    notice: ManagedNotice,
    session: SessionDep,
    settings: SettingsDep,
    blobs: NoticeBlobs,
    clock: ClockDep,
    file: Annotated[UploadFile, File(description="文件：pdf、jpeg、png、docx、xlsx、txt（按内容识别）")],
) -> AttachmentOut:
    """Attach a file to a draft; its type is read from the bytes, its size capped."""
    data = await read_limited(file, settings.notice_attachment_max_bytes)
    row = await service.save_attachment(
        session,
        principal=principal,
        notice=notice,
        data=data,
        filename=file.filename,
        blobs=blobs,
        max_bytes=settings.notice_attachment_max_bytes,
        allowed=list(settings.notice_attachment_types),
        archive_limits=settings.imports,
        now=clock(),
    )
    try:
        await admin_service.commit(session)
    except Exception:
        await blobs.discard(str(row.id))  # the row is gone with the rollback; so must a stored file be
        raise
    return service.attachment_out(row)


@router.get(
    f"{S}/{{notice_id}}/readers",
    summary="通知公告阅读情况",
    response_model=Page[ReaderOut],
    responses=ON_RECORD,
    dependencies=READ,
)
async def list_readers(
    _: Reader,
    notice: ManagedNotice,
    session: SessionDep,
    page: PageDep,
    state: Annotated[Literal["read", "unread"] | None, Query(description="read 已读 / unread 未读")] = None,
) -> Page[ReaderOut]:
    """The users the notice reaches, unread first, with when each read it."""
    rows, total = await service.readers(session, notice=notice, page=page, state=state)
    names = await admin_service.region_names(session, {r.region_code for r in rows})
    items = [
        ReaderOut(
            user_id=r.id,
            display_name=r.display_name,
            region_code=r.region_code,
            region_name=names.get(r.region_code),
            read_at=r.read_at,
        )
        for r in rows
    ]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


# --- the reader -----------------------------------------------------------------------------------


@router.get(
    "/api/v1/notices/mine", summary="我的通知公告", response_model=Page[MyNotice], responses=COMMON, dependencies=READ
)
async def my_notices(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    unread: Annotated[bool, Query(description="只看未读")] = False,
) -> Page[MyNotice]:
    """Published notices addressed to me, pinned first, newest first, each with its unread flag."""
    items, total = await service.my_notices(session, user=user, page=page, unread_only=unread)
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get(
    "/api/v1/notices/mine/unread-count",
    summary="我的未读通知公告数",
    response_model=UnreadCount,
    responses=COMMON,
    dependencies=READ,
)
async def unread_count(user: CurrentUser, session: SessionDep) -> UnreadCount:
    """How many notices addressed to me are unread (and pinned among them)."""
    unread, pinned = await service.unread_counts(session, user=user)
    return UnreadCount(unread=unread, unread_pinned=pinned)


@router.post(
    "/api/v1/notices/{notice_id}/read",
    summary="标记通知公告已读",
    response_model=ReadReceipt,
    responses=ON_RECORD,
)
async def mark_read(
    principal: CurrentPrincipal,
    user: CurrentUser,
    notice: ReceivedNotice,
    session: SessionDep,
    clock: ClockDep,
) -> ReadReceipt:
    """Record that I read a notice; repeating it keeps the first time."""
    read_at = await service.mark_read(session, principal=principal, user=user, notice=notice, now=clock())
    return ReadReceipt(notice_id=notice.id, read_at=read_at)


@router.get(
    "/api/v1/notices/attachments/{attachment_id}/content",
    summary="下载通知公告附件",
    response_class=Response,
    responses={**ON_RECORD, 200: {"content": {"application/octet-stream": {}}}},
)
async def download_attachment(
    principal: CurrentPrincipal,
    user: CurrentUser,
    session: SessionDep,
    blobs: NoticeBlobs,
    attachment_id: Annotated[int, Path(ge=1, description="附件ID")],
) -> Response:
    """The file, to the notice's publisher (in scope) or a user it is addressed to (404 otherwise)."""
    row = await service.readable_attachment(session, principal=principal, user=user, attachment_id=attachment_id)
    if row is None:
        raise not_found("附件不存在")
    data = await blobs.get(session, str(row.id))
    if data is None:
        log.error("notice attachment %s has no stored contents", row.id)
        raise not_found("附件文件不存在")
    return Response(data, media_type=row.content_type, headers=download_headers(row.filename, row.sha256))
