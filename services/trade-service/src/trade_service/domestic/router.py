"""HTTP endpoints of domestic trade."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import ColumnElement

from platform_core import records
from platform_core.dates import IsoDate
from platform_core.regions import RegionsDep
from trade_service.core import kit
from trade_service.domestic import service
from trade_service.domestic.models import CommerceHonour, PromotionEvent, StreetRenovation
from trade_service.domestic.schemas import (
    HonourCreate,
    HonourKind,
    HonourOut,
    HonourUpdate,
    PromotionCreate,
    PromotionKind,
    PromotionOut,
    PromotionUpdate,
    StreetCreate,
    StreetOut,
    StreetUpdate,
)
from trade_service.fields import Level

LIST = "trade:domestic:list"
MANAGE = "trade:domestic:manage"
TAG = "内贸流通"
PREFIX = "/api/v1/trade/domestic"


def promotion_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    kind: Annotated[PromotionKind | None, Query(description="类别")] = None,
    starts_from: Annotated[IsoDate | None, Query(description="开始日期起")] = None,
    starts_to: Annotated[IsoDate | None, Query(description="开始日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Promotion filters as SQL conditions."""
    where = records.region_condition(PromotionEvent, regions, region_code)
    if kind is not None:
        where.append(PromotionEvent.kind == kind.value)
    return where + records.date_range(PromotionEvent.starts_on, starts_from, starts_to)


def honour_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    kind: Annotated[HonourKind | None, Query(description="类别")] = None,
    level: Annotated[Level | None, Query(description="级别")] = None,
    awarded_from: Annotated[IsoDate | None, Query(description="认定日期起")] = None,
    awarded_to: Annotated[IsoDate | None, Query(description="认定日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Honour filters as SQL conditions."""
    where = records.region_condition(CommerceHonour, regions, region_code)
    if kind is not None:
        where.append(CommerceHonour.kind == kind.value)
    if level is not None:
        where.append(CommerceHonour.level == level.value)
    return where + records.date_range(CommerceHonour.awarded_on, awarded_from, awarded_to)


def street_filters(
    regions: RegionsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
    completed_from: Annotated[IsoDate | None, Query(description="完成日期起")] = None,
    completed_to: Annotated[IsoDate | None, Query(description="完成日期止")] = None,
) -> list[ColumnElement[bool]]:
    """Street filters as SQL conditions."""
    where = records.region_condition(StreetRenovation, regions, region_code)
    return where + records.date_range(StreetRenovation.completed_on, completed_from, completed_to)


promotions_router = kit.router(
    service.PROMOTIONS,
    prefix=f"{PREFIX}/promotions",
    tag=TAG,
    create_schema=PromotionCreate,
    update_schema=PromotionUpdate,
    out_schema=PromotionOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=promotion_filters,
)
honours_router = kit.router(
    service.HONOURS,
    prefix=f"{PREFIX}/honours",
    tag=TAG,
    create_schema=HonourCreate,
    update_schema=HonourUpdate,
    out_schema=HonourOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=honour_filters,
)
streets_router = kit.router(
    service.STREETS,
    prefix=f"{PREFIX}/streets",
    tag=TAG,
    create_schema=StreetCreate,
    update_schema=StreetUpdate,
    out_schema=StreetOut,
    list_perm=LIST,
    manage_perm=MANAGE,
    filters=street_filters,
)
