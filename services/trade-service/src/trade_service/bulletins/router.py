"""HTTP endpoints of bulletins: list, detail, template and the all-or-nothing import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from platform_core.auth import Principal, require_perms
from platform_core.bulletins import BULLETIN_ROWS, BulletinScope, check_bulletin_rows, period_key, save_bulletin
from platform_core.db import SessionDep
from platform_core.imports import read_upload, upload_openapi, xlsx_response
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import ProblemError, not_found, validation_errors
from platform_core.regions import RegionsDep
from trade_service.bulletins import service
from trade_service.bulletins.models import Bulletin, BulletinRow
from trade_service.bulletins.schemas import BulletinDetail, BulletinMeta, BulletinOut
from trade_service.core import audit

LIST = "trade:statistics:list"
MANAGE = "trade:statistics:manage"

router = APIRouter(prefix="/api/v1/trade/bulletins", tags=["通报与排名"], dependencies=[Depends(forbid_unknown_query)])
Reader = Annotated[Principal, Depends(require_perms(LIST))]

META_FIELDS = {
    "indicator_code": {
        "type": "string",
        "description": "指标编码，如 labour_dispatched",
        "enum": list(service.RANKED_INDICATORS),
    },
    "period": {"type": "string", "description": "统计期间，如 2021"},
    "scope": {
        "type": "string",
        "enum": [s.value for s in BulletinScope],
        "description": "排名范围 national 全国 / province 全省",
    },
    "source_document": {"type": "string", "description": "来源文件(通报名称或文号)"},
}


@router.get("", summary="通报列表", response_model=Page[BulletinOut])
async def list_bulletins(
    session: SessionDep,
    page: PageDep,
    _: Reader,
    indicator_code: Annotated[str | None, Query(max_length=64, description="指标编码")] = None,
    period: Annotated[str | None, Query(max_length=32, description="统计期间，如 2021")] = None,
) -> Page[BulletinOut]:
    """Imported bulletins, newest first (bulletins are public tables: no data scope applies)."""
    label = period_key(period) if period else None
    rows, total = await service.list_bulletins(session, page=page, indicator_code=indicator_code, period_label=label)
    items = [BulletinOut.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get(
    "/template",
    summary="通报导入模板(XLSX)",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def template(_: Reader) -> Response:
    """The blank bulletin template."""
    return xlsx_response(BULLETIN_ROWS.template(), "通报数据导入模板.xlsx")


@router.get("/{bulletin_id}", summary="通报详情（含名次）", response_model=BulletinDetail)
async def get_bulletin(
    session: SessionDep, _: Reader, bulletin_id: Annotated[int, Path(ge=1, description="通报ID")]
) -> BulletinDetail:
    """A bulletin with every row and its rank (ties share a rank)."""
    bulletin = await session.get(Bulletin, bulletin_id)
    if bulletin is None:
        raise not_found("通报不存在")
    return BulletinDetail.model_validate(await service.bulletin_detail(session, bulletin))


@router.post(
    "/import",
    summary="导入通报(XLSX/CSV)",
    status_code=201,
    response_model=BulletinDetail,
    openapi_extra=upload_openapi(
        BULLETIN_ROWS, META_FIELDS, required=("indicator_code", "period", "scope", "source_document")
    ),
)
async def import_bulletin(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
) -> BulletinDetail:
    """Import a bulletin all-or-nothing (file and fields, or JSON rows); a newer one of the same kind supersedes."""
    service.ensure_may_import(principal, regions)
    result, fields = await read_upload(request, BULLETIN_ROWS)
    try:
        meta = BulletinMeta.model_validate(fields)
    except ValidationError as exc:
        errors = validation_errors(list(exc.errors()), english=False)
        for e in errors:
            e["location"] = "body"
        raise ProblemError(422, "validation_failed", errors[0]["message"], errors=errors) from exc
    check_bulletin_rows(result)
    result.raise_if_invalid()
    bulletin = await save_bulletin(
        session,
        Bulletin,
        BulletinRow,
        indicator_code=meta.indicator_code,
        period=meta.period,
        scope=meta.scope,
        source_document=meta.source_document,
        rows=result.models,
        imported_by=principal.subject,
    )
    await audit.record(
        session,
        principal=principal,
        action="bulletin.import",
        entity_type="bulletin",
        entity_id=bulletin.id,
        after={
            "indicator_code": meta.indicator_code,
            "period": bulletin.period_label,
            "scope": meta.scope.value,
            "rows": len(result.rows),
        },
        detail=meta.source_document,
    )
    detail = await service.bulletin_detail(session, bulletin)
    await session.commit()
    return BulletinDetail.model_validate(detail)
