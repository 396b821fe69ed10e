"""Attachments: the type is read from the bytes, never from the client's header or file name."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.attachment.models import AttachmentKind, CaseAttachment
from case_service.case import service as cases
from case_service.case.models import Case, CaseState
from case_service.core import audit
from platform_core.auth import Principal
from platform_core.blobs import BlobStore
from platform_core.imports import inspect_archive
from platform_core.problems import ProblemError
from platform_core.scope import scope_condition
from platform_core.settings import ImportLimits

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
EXTENSIONS: dict[str, str] = {"jpeg": "jpg"}
CHUNK = 64 * 1024
# Text may hold tabs and line breaks but no other control bytes.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


def file_problem(status: int, code: str, message: str) -> ProblemError:
    return ProblemError(
        status,
        code,
        message,
        errors=[{"field": "file", "location": "body", "message": message, "code": code}],
    )


def sniff(data: bytes) -> str | None:
    """The type of a file from its magic bytes: pdf, jpeg, png, docx, xlsx, txt, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            # Only the central directory is read: a zip bomb costs nothing here.
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return None
    if _BINARY.search(data):
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "txt"
    return None


def clean_filename(name: str | None, kind: str) -> str:
    """The uploaded name without folders or unsafe characters (display only; files are stored by id)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")[:200]
    return base or f"attachment.{EXTENSIONS.get(kind, kind)}"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name per RFC 5987/6266."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def list_attachments(session: AsyncSession, *, case_id: int) -> list[CaseAttachment]:
    """A case's attachments, oldest first."""
    rows = await session.scalars(
        select(CaseAttachment).where(CaseAttachment.case_id == case_id).order_by(CaseAttachment.id)
    )
    return list(rows.all())


async def get_attachment(session: AsyncSession, *, principal: Principal, attachment_id: int) -> CaseAttachment | None:
    """An attachment whose case is in the caller's scope, or None."""
    return await session.scalar(
        select(CaseAttachment)
        .join(Case, Case.id == CaseAttachment.case_id)
        .where(CaseAttachment.id == attachment_id, scope_condition(principal, cases.SCOPE))
    )


async def save_attachment(
    session: AsyncSession,
    *,
    principal: Principal,
    item: Case,
    data: bytes,
    filename: str | None,
    kind: AttachmentKind,
    blobs: BlobStore,
    max_bytes: int,
    allowed: list[str],
    archive_limits: ImportLimits,
    now: datetime,
) -> CaseAttachment:
    """Check, record and store an upload (a store outside the transaction is undone by the caller on rollback)."""
    if item.state == CaseState.CLOSED:
        raise ProblemError(409, "conflict", "诉求已结案，不能上传附件", extra={"state": item.state})
    if len(data) > max_bytes:
        raise file_problem(413, "payload_too_large", f"附件不能超过 {max_bytes // 1024} KB")
    if not data:
        raise file_problem(422, "validation_failed", "附件为空")
    detected = sniff(data)
    if detected is None or detected not in allowed:
        allowed_text = "、".join(allowed)
        raise file_problem(422, "validation_failed", f"不支持的文件类型（按文件内容识别），仅允许：{allowed_text}")
    if detected in ("docx", "xlsx"):
        # Whoever downloads it opens it in Word or Excel: a zip bomb is refused from its directory, never inflated.
        inspect_archive(data, archive_limits).close()
    row = CaseAttachment(
        case_id=item.id,
        kind=kind.value,
        filename=clean_filename(filename, detected),
        content_type=MIME_TYPES[detected],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=principal.subject,
        uploaded_by_name=principal.name,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    await blobs.put(session, str(row.id), data)
    cases.add_event(
        session,
        item=item,
        action="attach",
        principal=principal,
        now=now,
        from_state=item.state,
        to_state=item.state,
        data={"attachment_id": row.id, "filename": row.filename, "kind": row.kind},
    )
    await audit.record(
        session,
        principal=principal,
        action="attachment.upload",
        entity_type="case_attachment",
        entity_id=row.id,
        region_code=item.region_code,
        after={"case_id": item.id, "filename": row.filename, "size": row.size, "sha256": row.sha256},
    )
    return row
