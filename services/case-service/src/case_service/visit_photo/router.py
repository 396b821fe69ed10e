"""HTTP endpoints of visit photos: upload (with `Idempotency-Key`) and list on the visit, the image by id."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from case_service.case.dependencies import NowDep
from case_service.core import idempotency
from case_service.visit.dependencies import VisitDep
from case_service.visit_photo import service
from case_service.visit_photo.models import VisitPhoto
from case_service.visit_photo.schemas import VisitPhotoList, VisitPhotoOut
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.idempotency import IdempotencyKey, Outcome
from platform_core.pagination import forbid_unknown_query
from platform_core.problems import not_found
from platform_core.uploads import content_disposition, read_limited

router = APIRouter(tags=["包联走访"], dependencies=[Depends(forbid_unknown_query)])

LIST, MANAGE = "case:visit:list", "case:visit:manage"


#: The columns a photo's metadata shows as they are.
_COLUMNS = tuple(name for name in VisitPhotoOut.model_fields if name != "content_url")


def to_out(row: VisitPhoto) -> VisitPhotoOut:
    """Render a photo with the address of its image."""
    return VisitPhotoOut(
        content_url=f"/api/v1/visit-photos/{row.id}/content", **{name: getattr(row, name) for name in _COLUMNS}
    )


@router.post("/api/v1/visits/{visit_id}/photos", summary="上传走访照片", status_code=201, response_model=VisitPhotoOut)
async def upload_photo(
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
    idempotency_key: IdempotencyKey,
    visit: VisitDep,
    file: Annotated[UploadFile, File(description="照片：JPEG 或 PNG（按内容识别），建议在手机端压缩后上传")],
) -> VisitPhotoOut | JSONResponse:
    """Add a photo to a visit in scope; an `Idempotency-Key` makes a resend after a lost answer add nothing."""
    data = await read_limited(file, service.MAX_BYTES)
    # The key is bound to the image itself: the same key with another picture is refused, not stored twice.
    payload = {"visit_id": visit.id, "filename": file.filename, "sha256": hashlib.sha256(data).hexdigest()}

    async def work() -> Outcome:
        row = await service.save_photo(
            session, principal=principal, visit=visit, data=data, filename=file.filename, now=now
        )
        return Outcome(to_out(row), 201, {"Location": f"/api/v1/visit-photos/{row.id}/content"})

    return await idempotency.run(request, session, principal, payload, work, key=idempotency_key)


@router.get("/api/v1/visits/{visit_id}/photos", summary="走访照片列表", response_model=VisitPhotoList)
async def list_photos(
    _: Annotated[Principal, Depends(require_perms(LIST))], visit: VisitDep, session: SessionDep
) -> VisitPhotoList:
    """A visit's photos, oldest first."""
    return VisitPhotoList(items=[to_out(r) for r in await service.list_photos(session, visit_id=visit.id)])


@router.get(
    "/api/v1/visit-photos/{photo_id}/content",
    summary="查看走访照片",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}},
)
async def photo_content(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_perms(LIST))],
    photo_id: Annotated[int, Path(ge=1, description="照片ID")],
) -> Response:
    """The image, if its visit is in the caller's scope (404 otherwise)."""
    row = await service.get_photo(session, principal=principal, photo_id=photo_id)
    if row is None:
        raise not_found("照片不存在")
    return Response(
        row.content,
        media_type=row.content_type,
        headers={
            "Content-Disposition": content_disposition(row.filename).replace("attachment;", "inline;", 1),
            "X-Content-Type-Options": "nosniff",
            "ETag": f'"{row.sha256}"',
            "Cache-Control": "private, no-store",
        },
    )
