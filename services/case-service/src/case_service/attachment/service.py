"""Attachments: the type is read from the bytes, never from the client's header or file name."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from case_service.attachment.models import AttachmentKind, CaseAttachment
from case_service.case import service as cases
from case_service.case.models import Case, CaseState
from case_service.core import audit
from platform_core.auth import Principal
from platform_core.blobs import BlobStore
from platform_core.problems import ProblemError
from platform_core.scope import scope_condition
from platform_core.settings import ImportLimits
from platform_core.uploads import MIME_TYPES, checked_kind, clean_filename


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
    detected = checked_kind(data, max_bytes=max_bytes, allowed=allowed, archive_limits=archive_limits)
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
