"""HTTP endpoints of case attachments: upload and list on the case, download by id."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Request, Response, UploadFile

from case_service.attachment import service
from case_service.attachment.models import AttachmentKind, CaseAttachment
from case_service.attachment.schemas import AttachmentList, AttachmentOut
from case_service.case.dependencies import CaseDep, NowDep
from platform_core.auth import Principal, require_perms
from platform_core.blobs import BlobStore
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found
from platform_core.uploads import download_headers, read_limited

log = logging.getLogger(__name__)

router = APIRouter(tags=["诉求附件"], dependencies=[Depends(forbid_unknown_query)])


def attachment_blobs(request: Request) -> BlobStore:
    """Where this app keeps attachment contents (the database by default; see the settings)."""
    return request.app.state.blobs


def to_out(row: CaseAttachment) -> AttachmentOut:
    """Render an attachment with its download address."""
    return AttachmentOut(
        id=row.id,
        case_id=row.case_id,
        kind=AttachmentKind(row.kind),
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        uploaded_by=row.uploaded_by,
        uploaded_by_name=row.uploaded_by_name,
        created_at=row.created_at,
        download_url=f"/api/v1/attachments/{row.id}/content",
    )


@router.post(
    "/api/v1/cases/{case_id:int}/attachments",
    summary="上传诉求附件",
    status_code=201,
    response_model=AttachmentOut,
)
async def upload_attachment(
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms("case:attachment:upload"))],
    item: CaseDep,
    file: Annotated[UploadFile, File(description="文件：pdf、jpeg、png、docx、xlsx、txt（按内容识别）")],
    kind: Annotated[AttachmentKind, Form(description="material 诉求材料 / result 办理结果附件")] = (
        AttachmentKind.MATERIAL
    ),
) -> AttachmentOut:
    """Attach a file to a case in scope; its type is sniffed from the bytes and a SHA-256 is stored."""
    settings = request.app.state.settings
    data = await read_limited(file, settings.attachment_max_bytes)
    blobs = attachment_blobs(request)
    row = await service.save_attachment(
        session,
        principal=principal,
        item=item,
        data=data,
        filename=file.filename,
        kind=kind,
        blobs=blobs,
        max_bytes=settings.attachment_max_bytes,
        allowed=list(settings.attachment_types),
        archive_limits=settings.imports,
        now=now,
    )
    try:
        await session.commit()
    except Exception:
        await blobs.discard(str(row.id))  # the row is gone with the rollback; so must a stored file be
        raise
    return to_out(row)


@router.get("/api/v1/cases/{case_id:int}/attachments", summary="诉求附件列表", response_model=AttachmentList)
async def list_attachments(
    _: Annotated[Principal, Depends(require_perms("case:case:read"))],
    item: CaseDep,
    session: SessionDep,
) -> AttachmentList:
    """A case's attachments, oldest first."""
    rows = await service.list_attachments(session, case_id=item.id)
    return AttachmentList(items=[to_out(r) for r in rows])


@router.get(
    "/api/v1/attachments/{attachment_id}/content",
    summary="下载附件",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_attachment(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms("case:case:read"))],
    attachment_id: Annotated[int, Path(ge=1, description="附件ID")],
) -> Response:
    """The file, if its case is in the caller's scope (404 otherwise), as a download named as uploaded."""
    row = await service.get_attachment(session, principal=principal, attachment_id=attachment_id)
    if row is None:
        raise not_found("附件不存在")
    data = await attachment_blobs(request).get(session, str(row.id))
    if data is None:
        log.error("attachment %s has no stored contents", row.id)
        raise not_found("附件文件不存在")
    return Response(
        data,
        media_type=row.content_type,
        headers=download_headers(row.filename, row.sha256),
    )
