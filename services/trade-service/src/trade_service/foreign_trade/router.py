"""HTTP endpoints of foreign trade statistics: entry, list, the XLSX template and the all-or-nothing import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.imports import read_upload, upload_openapi, xlsx_response
from platform_core.pagination import forbid_unknown_query
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.foreign_trade import service
from trade_service.foreign_trade.models import ForeignTradeStat
from trade_service.foreign_trade.schemas import ImportResult, StatCreate, StatOut, StatUpdate

LIST = "trade:statistics:list"
MANAGE = "trade:statistics:manage"
TAG = "外贸统计"
PREFIX = "/api/v1/trade/foreign-trade"


def stat_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100, description="年")] = None,
    month: Annotated[int | None, Query(ge=1, le=12, description="月")] = None,
) -> list[ColumnElement[bool]]:
    """Statistics filters as SQL conditions."""
    where = records.region_condition(ForeignTradeStat, regions, region_code)
    if year is not None:
        where.append(ForeignTradeStat.year == year)
    if month is not None:
        where.append(ForeignTradeStat.month == month)
    return where


files_router = APIRouter(prefix=PREFIX, tags=[TAG], dependencies=[Depends(forbid_unknown_query)])


@files_router.get(
    "/template",
    summary="外贸统计导入模板(XLSX)",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def template(_: Annotated[Principal, Depends(require_perms(LIST))]) -> Response:
    """The blank import template: headers, help comments and an instructions sheet."""
    return xlsx_response(service.IMPORT_SPEC.template(), "外贸进出口月度统计导入模板.xlsx")


@files_router.post(
    "/import",
    summary="导入外贸统计(XLSX/CSV)",
    response_model=ImportResult,
    openapi_extra=upload_openapi(service.IMPORT_SPEC),
)
async def import_stats(
    request: Request,
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms(MANAGE))],
) -> ImportResult:
    """Import monthly figures all-or-nothing (XLSX/CSV `file` or JSON `rows`): any row error stores nothing (422)."""
    result, _ = await read_upload(request, service.IMPORT_SPEC)
    out = await service.import_rows(session, principal=principal, regions=regions, result=result)
    await session.commit()
    return out


stats_router = kit.router(
    service.STATS,
    prefix=f"{PREFIX}/stats",
    tag=TAG,
    create_schema=StatCreate,
    update_schema=StatUpdate,
    out_schema=StatOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=stat_filters,
)
