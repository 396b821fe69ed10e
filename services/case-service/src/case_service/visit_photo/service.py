"""Visit photos: only JPEG and PNG, recognised from the bytes; every upload audited."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from case_service.core import audit
from case_service.enterprise.models import Enterprise
from case_service.visit import service as visits
from case_service.visit.models import Visit
from case_service.visit_photo.models import VisitPhoto
from platform_core.auth import Principal
from platform_core.uploads import MIME_TYPES, clean_filename, file_problem, sniff

#: A photo compressed on the phone (1600 px, JPEG 0.8) is a few hundred KB; an uncompressed one may pass too.
MAX_BYTES = 8 * 1024 * 1024
#: Most photos one visit may hold.
MAX_PER_VISIT = 20
IMAGE_KINDS = ("jpeg", "png")


async def list_photos(session: AsyncSession, *, visit_id: int) -> list[VisitPhoto]:
    """A visit's photos, oldest first."""
    rows = await session.scalars(select(VisitPhoto).where(VisitPhoto.visit_id == visit_id).order_by(VisitPhoto.id))
    return list(rows.all())


async def get_photo(session: AsyncSession, *, principal: Principal, photo_id: int) -> VisitPhoto | None:
    """A photo (with its bytes) whose visit is live and in the caller's scope, or None."""
    in_scope = visits.scoped(principal).with_only_columns(Visit.id).scalar_subquery()
    return await session.scalar(
        select(VisitPhoto)
        .options(undefer(VisitPhoto.content))
        .where(VisitPhoto.id == photo_id, VisitPhoto.visit_id.in_(in_scope))
    )


async def save_photo(
    session: AsyncSession,
    *,
    principal: Principal,
    visit: Visit,
    data: bytes,
    filename: str | None,
    now: datetime,
) -> VisitPhoto:
    """Check and record a photo of a visit in the caller's scope."""
    if not data:
        raise file_problem(422, "validation_failed", "照片为空")
    if len(data) > MAX_BYTES:
        raise file_problem(413, "payload_too_large", f"照片不能超过 {MAX_BYTES // 1024} KB")
    kind = sniff(data)
    if kind not in IMAGE_KINDS:
        raise file_problem(422, "validation_failed", "照片仅支持 JPEG、PNG（按文件内容识别）")
    if len(await list_photos(session, visit_id=visit.id)) >= MAX_PER_VISIT:
        raise file_problem(422, "validation_failed", f"每条走访记录最多 {MAX_PER_VISIT} 张照片")
    row = VisitPhoto(
        visit_id=visit.id,
        filename=clean_filename(filename, kind),
        content_type=MIME_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        uploaded_by=principal.subject,
        uploaded_by_name=principal.name,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    region_code = await session.scalar(select(Enterprise.region_code).where(Enterprise.uscc == visit.enterprise_uscc))
    await audit.record(
        session,
        principal=principal,
        action="visit.photo_upload",
        entity_type="visit_photo",
        entity_id=row.id,
        region_code=region_code,
        after={"visit_id": visit.id, "filename": row.filename, "size": row.size, "sha256": row.sha256},
    )
    return row
