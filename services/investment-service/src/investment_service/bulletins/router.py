"""HTTP endpoints of provincial bulletins: import (file or JSON rows), template, list, detail with ranks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import ValidationError

from investment_service.bulletins import service
from investment_service.bulletins.models import Bulletin, BulletinRow
from investment_service.bulletins.schemas import (
    BulletinMeta,
    CityRank,
    InvestmentBulletin,
    InvestmentBulletinDetail,
    InvestmentBulletinRow,
)
from investment_service.core import BULLETIN_IMPORT, STATS_READ
from investment_service.indicators.catalogue import INDICATOR_NAMES
from platform_core.auth import Principal, require_perms
from platform_core.bulletins import BULLETIN_ROWS, BulletinScope, check_bulletin_rows, period_key, ranks
from platform_core.db import SessionDep
from platform_core.imports import read_upload, upload_openapi, xlsx_response
from platform_core.pagination import Page, PageDep, forbid_unknown_query
from platform_core.problems import ProblemError, not_found, validation_errors
from platform_core.regions import RegionDirectory, RegionsDep, city_code_of

router = APIRouter(
    prefix="/api/v1/investment/bulletins", tags=["全省通报"], dependencies=[Depends(forbid_unknown_query)]
)

META_FIELDS = {
    "indicator_code": {"type": "string", "description": "指标编码", "enum": sorted(INDICATOR_NAMES)},
    "period": {"type": "string", "description": "统计期间，如 2021、2021-06-YTD"},
    "scope": {"type": "string", "enum": [s.value for s in BulletinScope], "default": "province"},
    "source_document": {"type": "string", "description": "来源（通报名称或文号）"},
}


def city_of(regions: RegionDirectory, principal: Principal) -> str | None:
    """The caller's city ("本市"), from its own region; None above the cities (the province reads every city's
    rank in a bulletin's rows, and has no single place of its own)."""
    return city_code_of(regions, principal.region_code)


def render(b: Bulletin, rows: list[BulletinRow], city: str | None) -> InvestmentBulletin:
    """A bulletin with the caller's city's place (none for a caller above the cities)."""
    table = ranks(rows)
    mine = next((r for r in rows if r.entity_code == city), None) if city else None
    return InvestmentBulletin(
        id=b.id,
        indicator_code=b.indicator_code,
        indicator_name=INDICATOR_NAMES.get(b.indicator_code, b.indicator_code),
        period=b.period_label,
        scope=BulletinScope(b.scope),
        source_document=b.source_document,
        imported_at=b.imported_at,
        imported_by=b.imported_by,
        row_count=len(rows),
        city=CityRank(
            entity_code=mine.entity_code,
            entity_name=mine.entity_name,
            value=mine.value,
            rank=table[mine.entity_code],
            of=len(rows),
        )
        if mine
        else None,
    )


def detail(
    b: Bulletin, rows: list[BulletinRow], city: str | None, warnings: list[str] | None = None
) -> InvestmentBulletinDetail:
    """A bulletin with every row and its rank."""
    table = ranks(rows)
    return InvestmentBulletinDetail(
        **render(b, rows, city).model_dump(),
        rows=[
            InvestmentBulletinRow(
                seq=r.seq,
                entity_name=r.entity_name,
                entity_code=r.entity_code,
                value=r.value,
                unit=r.unit,
                rank=table[r.entity_code],
            )
            for r in rows
        ],
        warnings=warnings or [],
    )


@router.get(
    "/template",
    summary="下载通报导入模板",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def template(_: Annotated[Principal, Depends(require_perms(BULLETIN_IMPORT))]) -> Response:
    """The blank XLSX the bulletin import reads."""
    return xlsx_response(BULLETIN_ROWS.template(), "全省通报导入模板.xlsx")


@router.post(
    "",
    summary="导入全省通报（全部成功或全部不导入）",
    status_code=201,
    response_model=InvestmentBulletinDetail,
    openapi_extra=upload_openapi(BULLETIN_ROWS, META_FIELDS, required=("indicator_code", "period", "source_document")),
)
async def import_bulletin(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(BULLETIN_IMPORT))],
) -> InvestmentBulletinDetail:
    """Import the cities' values of an indicator and period (XLSX/CSV `file` with form fields, or JSON `rows`)."""
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
    city = city_of(regions, principal)
    bulletin = await service.import_bulletin(
        session, principal=principal, meta=meta, rows=result.models, city_code=city
    )
    loaded = await service.get_bulletin(session, bulletin.id)
    assert loaded is not None
    listed = city is None or any(r.entity_code == city for r in result.models)
    warnings = [] if listed else ["通报中未列本市，无法计算本市位次"]
    out = detail(*loaded, city, warnings)
    await session.commit()
    return out


@router.get("", summary="全省通报列表", response_model=Page[InvestmentBulletin])
async def list_bulletins(
    session: SessionDep,
    regions: RegionsDep,
    page: PageDep,
    principal: Annotated[Principal, Depends(require_perms(STATS_READ))],
    indicator_code: Annotated[str | None, Query(max_length=64, description="指标编码")] = None,
    period: Annotated[str | None, Query(max_length=32, description="统计期间")] = None,
) -> Page[InvestmentBulletin]:
    """Bulletins, newest first, each with the caller's city's place."""
    rows, total = await service.list_bulletins(
        session, page=page, indicator_code=indicator_code, period=period_key(period) if period else None
    )
    tables = await service.rows_of(session, [b.id for b in rows])
    city = city_of(regions, principal)
    return Page(
        items=[render(b, tables[b.id], city) for b in rows], total=total, page=page.page, page_size=page.page_size
    )


@router.get("/{bulletin_id}", summary="通报详情", response_model=InvestmentBulletinDetail)
async def get_bulletin(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(STATS_READ))],
    bulletin_id: Annotated[int, Path(ge=1, description="通报ID")],
) -> InvestmentBulletinDetail:
    """A bulletin with every row and its computed rank."""
    loaded = await service.get_bulletin(session, bulletin_id)
    if loaded is None:
        raise not_found("通报不存在")
    return detail(*loaded, city_of(regions, principal))
